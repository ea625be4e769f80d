"""Organizations through GraphQL: admin creation and verification, members, queries."""

from colab.actors import Role
from colab.api.ids import encode
from colab.organizations.models import Membership, MembershipRole, Organization
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import make_challenge, make_org, make_user, territory

NEW_ORG = {"name": "Ville de Wavre", "kind": "COMMUNE", "description": "La ville de Wavre."}


async def test_admin_creates_an_unverified_organization(api: GraphQLClient) -> None:
    admin = await api.as_user(await make_user(Role.ADMIN))
    wavre = await territory("25112")
    body = await admin.run("CreateOrganization", input={**NEW_ORG, "territoryId": encode("Territory", wavre.id)})
    payload = body["data"]["createOrganization"]
    assert payload["errors"] == []
    assert payload["organization"]["slug"] == "ville-de-wavre"
    assert payload["organization"]["verified"] is False
    assert payload["organization"]["territory"] == {"nisCode": "25112"}


async def test_a_citizen_cannot_create_an_organization(api: GraphQLClient) -> None:
    citizen = await api.as_user(await make_user())
    body = await citizen.run("CreateOrganization", input=NEW_ORG)
    assert top_codes(body) == ["FORBIDDEN"]
    assert body["data"] is None
    assert await Organization.all().count() == 0


async def test_anonymous_cannot_create_an_organization(api: GraphQLClient) -> None:
    body = await api.run("CreateOrganization", input=NEW_ORG)
    assert top_codes(body) == ["UNAUTHENTICATED"]


async def test_a_taken_name_is_refused_whatever_its_case_and_accents(api: GraphQLClient) -> None:
    await make_org(name="Ville de Wavre")
    admin = await api.as_user(await make_user(Role.ADMIN))
    body = await admin.run("CreateOrganization", input={**NEW_ORG, "name": "VILLE DE WÂVRE"})
    assert codes(body["data"]["createOrganization"]) == ["NAME_TAKEN"]


async def test_a_foreign_territory_id_is_invalid(api: GraphQLClient) -> None:
    admin = await api.as_user(await make_user(Role.ADMIN))
    org = await make_org()
    body = await admin.run("CreateOrganization", input={**NEW_ORG, "territoryId": encode("Organization", org.id)})
    errors = body["data"]["createOrganization"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_ID", "territoryId")]
    assert await Organization.all().count() == 1


async def test_an_unknown_territory_is_refused(api: GraphQLClient) -> None:
    admin = await api.as_user(await make_user(Role.ADMIN))
    body = await admin.run("CreateOrganization", input={**NEW_ORG, "territoryId": encode("Territory", 999999)})
    assert codes(body["data"]["createOrganization"]) == ["UNKNOWN_TERRITORY"]


async def test_admin_verifies_an_organization_once(api: GraphQLClient) -> None:
    admin = await api.as_user(await make_user(Role.ADMIN))
    org = await make_org(verified=False)
    first = await admin.run("VerifyOrganization", input={"organizationId": encode("Organization", org.id)})
    assert first["data"]["verifyOrganization"]["organization"]["verified"] is True
    second = await admin.run("VerifyOrganization", input={"organizationId": encode("Organization", org.id)})
    assert codes(second["data"]["verifyOrganization"]) == ["ALREADY_VERIFIED"]


async def test_a_malformed_organization_id_is_invalid(api: GraphQLClient) -> None:
    admin = await api.as_user(await make_user(Role.ADMIN))
    body = await admin.run("VerifyOrganization", input={"organizationId": "n'importe quoi"})
    assert codes(body["data"]["verifyOrganization"]) == ["INVALID_ID"]


async def test_a_manager_adds_a_member(api: GraphQLClient) -> None:
    manager = await make_user()
    newcomer = await make_user(email="nouveau@exemple.be", name="Noé Nouveau")
    org = await make_org(members={manager: MembershipRole.MANAGER})
    client = await api.as_user(manager)
    body = await client.run(
        "AddMember", input={"organizationId": encode("Organization", org.id), "email": "nouveau@exemple.be"}
    )
    payload = body["data"]["addMember"]
    assert payload["errors"] == []
    assert payload["membership"]["role"] == "MEMBER"
    assert payload["membership"]["displayName"] == "Noé Nouveau"
    assert await Membership.exists(organization_id=org.id, user_id=newcomer.id)


async def test_a_plain_member_cannot_add_members(api: GraphQLClient) -> None:
    member = await make_user()
    await make_user(email="nouveau@exemple.be")
    org = await make_org(members={member: MembershipRole.MEMBER})
    client = await api.as_user(member)
    body = await client.run(
        "AddMember", input={"organizationId": encode("Organization", org.id), "email": "nouveau@exemple.be"}
    )
    assert top_codes(body) == ["FORBIDDEN"]
    assert await Membership.filter(organization_id=org.id).count() == 1


async def test_adding_someone_twice_or_without_an_account_is_refused(api: GraphQLClient) -> None:
    admin = await api.as_user(await make_user(Role.ADMIN))
    member = await make_user(email="deja@exemple.be")
    org = await make_org(members={member: MembershipRole.MEMBER})
    org_id = encode("Organization", org.id)
    twice = await admin.run("AddMember", input={"organizationId": org_id, "email": "deja@exemple.be"})
    assert codes(twice["data"]["addMember"]) == ["ALREADY_MEMBER"]
    nobody = await admin.run("AddMember", input={"organizationId": org_id, "email": "inconnu@exemple.be"})
    assert codes(nobody["data"]["addMember"]) == ["NOT_FOUND"]


async def test_organizations_are_listed_by_name_and_filtered(api: GraphQLClient) -> None:
    await make_org(name="Ville de Namur")
    await make_org(name="Association Alpha", verified=False)
    body = await api.run("Organizations")
    names = [e["node"]["name"] for e in body["data"]["organizations"]["edges"]]
    assert names == ["Association Alpha", "Ville de Namur"]
    verified = await api.run("Organizations", verified=True)
    assert [e["node"]["name"] for e in verified["data"]["organizations"]["edges"]] == ["Ville de Namur"]


async def test_an_organization_by_slug_lists_its_public_challenges_and_the_viewer_role(api: GraphQLClient) -> None:
    manager = await make_user()
    org = await make_org(name="Ville de Namur", members={manager: MembershipRole.MANAGER})
    await make_challenge(org=org, author=manager, title="Un défi ouvert à tous")
    client = await api.as_user(manager)
    body = await client.run("Organization", slug="ville-de-namur")
    found = body["data"]["organization"]
    assert found["viewerRole"] == "MANAGER"
    assert [e["node"]["title"] for e in found["challenges"]["edges"]] == ["Un défi ouvert à tous"]
    anonymous = await api.run("Organization", id=encode("Organization", org.id))
    assert anonymous["data"]["organization"]["viewerRole"] is None
