"""Project updates through GraphQL: posting (the leads only), a project's news, one update by node, no N+1."""

import pytest

from colab.api.ids import encode
from colab.projects.follows import follow
from colab.projects.models import Project
from colab.projects.updates import UpdateDraft, post_update
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.api.test_project_pages import MATRIX
from tests.conftest import SQLCounter, actor_of, make_user
from tests.projects.factories import make_project

BODY = "<p>Vingt personnes sont venues au premier atelier <script>alert(1)</script>de réparation.</p>"
#: postProjectUpdate: only the leads
POST_OUTCOME = {
    "anonymous": "UNAUTHENTICATED",
    "citizen": "FORBIDDEN",
    "member": "FORBIDDEN",
    "co-lead": None,
    "holder": None,
    "moderator": "FORBIDDEN",
    "admin": "FORBIDDEN",
}


def _input(project: Project, title: str = "Premier atelier réussi", body: str = BODY) -> dict[str, str]:
    return {"projectId": encode("Project", project.id), "title": title, "body": body}


@pytest.mark.parametrize("who", list(MATRIX))
async def test_post_project_update_authorization(api: GraphQLClient, who: str) -> None:
    project = await make_project()
    user = await MATRIX[who](project)
    client = await api.as_user(user) if user else api
    body = await client.run("PostProjectUpdate", input=_input(project))
    expected = POST_OUTCOME[who]
    if expected is None:
        posted = body["data"]["postProjectUpdate"]
        assert posted["errors"] == [] and posted["update"]["title"] == "Premier atelier réussi"
        assert posted["update"]["project"]["latestUpdate"]["id"] == posted["update"]["id"]
        assert "<script>" not in posted["update"]["body"]
    else:
        assert top_codes(body) == [expected]


async def test_posting_errors_are_typed(api: GraphQLClient) -> None:
    project = await make_project()
    holder = await api.as_user(await project.holder)
    body = await holder.run("PostProjectUpdate", input=_input(project, title="", body="<p>court</p>"))
    payload = body["data"]["postProjectUpdate"]
    assert payload["update"] is None
    assert sorted((e["field"], e["code"]) for e in payload["errors"]) == [("body", "TOO_SHORT"), ("title", "REQUIRED")]
    unknown = await holder.run("PostProjectUpdate", input={**_input(project), "projectId": encode("Project", 999_999)})
    assert codes(unknown["data"]["postProjectUpdate"]) == ["NOT_FOUND"]


async def test_a_project_lists_its_news_newest_first_and_node_finds_one(api: GraphQLClient) -> None:
    project = await make_project()
    holder = actor_of(await project.holder)
    first = await post_update(holder, project.id, UpdateDraft("Le local est trouvé", BODY))
    await post_update(holder, project.id, UpdateDraft("Premier atelier réussi", BODY))
    body = await api.run("ProjectUpdates", id=encode("Project", project.id), first=1)
    updates = body["data"]["project"]["updates"]
    assert updates["totalCount"] == 2 and updates["pageInfo"]["hasNextPage"]
    assert [e["node"]["title"] for e in updates["edges"]] == ["Premier atelier réussi"]
    assert updates["edges"][0]["node"]["authorName"] == "Porteuse Lambert"
    found = await api.run("ProjectUpdate", id=encode("ProjectUpdate", first.id))
    assert found["data"]["node"]["title"] == "Le local est trouvé"
    assert found["data"]["node"]["project"]["id"] == encode("Project", project.id)
    assert (await api.run("ProjectUpdate", id=encode("ProjectUpdate", 999_999)))["data"]["node"] is None


async def _list_statements(api: GraphQLClient, sql: SQLCounter, first: int) -> int:
    sql.reset()
    body = await api.run("ProjectListFollowers", first=first)
    assert len(body["data"]["projects"]["edges"]) == first
    return sql.count


async def test_followers_covers_and_latest_news_of_a_list_do_not_grow_with_the_page(
    api: GraphQLClient, sql: SQLCounter
) -> None:
    fan = await make_user(name="Fan des projets")
    for n in range(6):
        project = await make_project(title=f"Projet numéro {n} du village")
        await follow(actor_of(fan), project.id)
        await post_update(actor_of(await project.holder), project.id, UpdateDraft(f"Nouvelle {n} du projet", BODY))
    client = await api.as_user(fan)
    assert await _list_statements(client, sql, 2) == await _list_statements(client, sql, 6)
