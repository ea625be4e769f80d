from tests.api.conftest import GraphQLClient


async def test_typename(api: GraphQLClient) -> None:
    body = await api.raw("{ __typename }")
    assert body == {"data": {"__typename": "Query"}}
