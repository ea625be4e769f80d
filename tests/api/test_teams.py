"""Teams through GraphQL: roles and members on the project, the path from applying to confirming, typed errors."""

from __future__ import annotations

from colab.actors import ProjectRole
from colab.api.ids import encode
from colab.teams.applications import accept
from tests.api.conftest import GraphQLClient, codes
from tests.conftest import SQLCounter, make_user
from tests.projects.factories import make_project, team_member
from tests.teams.factories import applied, holder_of, open_team_role


def _role_input(project_id: int, **overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "projectId": encode("Project", project_id),
        "title": "Animateur d'atelier",
        "description": "Animer les ateliers de réparation du samedi.",
        "skills": ["bricolage", "pédagogie"],
        "hoursPerWeek": 3,
        "seats": 2,
    }
    values.update(overrides)
    return values


async def test_a_holder_opens_a_role_and_anyone_reads_it_with_the_team(api: GraphQLClient) -> None:
    project = await make_project()
    holder = await api.as_user(await project.holder)
    opened = (await holder.run("OpenTeamRole", input=_role_input(project.id)))["data"]["openTeamRole"]
    assert opened["errors"] == [] and opened["teamRole"]["seatsLeft"] == 2
    body = await api.run("ProjectTeam", id=encode("Project", project.id))
    found = body["data"]["project"]
    assert [m["role"] for m in found["team"]] == ["HOLDER"] and found["team"][0]["label"] == "Porteur"
    role = found["teamRoles"][0]
    assert (role["title"], role["skills"], role["status"]) == (
        "Animateur d'atelier",
        ["bricolage", "pédagogie"],
        "OPEN",
    )
    assert role["applications"] is None  # only the leads see them


async def test_input_errors_are_data_with_fields(api: GraphQLClient) -> None:
    project = await make_project()
    holder = await api.as_user(await project.holder)
    body = await holder.run("OpenTeamRole", input=_role_input(project.id, title="", seats=0))
    payload = body["data"]["openTeamRole"]
    assert payload["teamRole"] is None
    assert {(e["code"], e["field"]) for e in payload["errors"]} == {("REQUIRED", "title"), ("INVALID", "seats")}


async def test_from_applying_to_confirming(api: GraphQLClient) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=1)
    person = await make_user(name="Recrue Dubois")
    client = await api.as_user(person)
    holder = await api.as_user(await project.holder)
    role_id = encode("TeamRole", role.id)
    submitted = await client.run("ApplyToRole", input={"roleId": role_id, "message": "J'anime déjà un repair café."})
    application = submitted["data"]["applyToRole"]["application"]
    assert application["status"] == "SUBMITTED" and application["applicantName"] == "Recrue Dubois"
    again = await client.run("ApplyToRole", input={"roleId": role_id, "message": "Encore moi, pour ce rôle."})
    assert codes(again["data"]["applyToRole"]) == ["ALREADY_APPLIED"]
    ids = {"applicationId": application["id"]}
    assert (await holder.run("ShortlistApplication", input=ids))["data"]["shortlistApplication"]["errors"] == []
    accepted = (await holder.run("AcceptApplication", input=ids))["data"]["acceptApplication"]["application"]
    assert accepted["status"] == "ACCEPTED" and accepted["confirmBefore"] is not None
    confirmed = (await client.run("ConfirmApplication", input=ids))["data"]["confirmApplication"]["application"]
    assert confirmed["status"] == "CONFIRMED" and confirmed["role"] == {
        "id": role_id,
        "seatsLeft": 0,
        "status": "FILLED",
    }
    seen = (await client.run("ProjectTeam", id=encode("Project", project.id)))["data"]["project"]["teamRoles"][0]
    assert seen["viewerApplication"] == {"id": application["id"], "status": "CONFIRMED"}
    mine = (await client.run("MyApplications"))["data"]["myApplications"]
    assert mine["totalCount"] == 1 and mine["edges"][0]["node"]["role"]["project"]["id"] == encode(
        "Project", project.id
    )
    team = (await api.run("ProjectTeam", id=encode("Project", project.id)))["data"]["project"]["team"]
    assert [(m["name"], m["role"]) for m in team][1] == ("Recrue Dubois", "MEMBER")
    other = await api.as_user(await make_user(name="Trop tard"))
    late = await other.run("ApplyToRole", input={"roleId": role_id, "message": "Je voudrais aussi aider."})
    assert codes(late["data"]["applyToRole"]) == ["ROLE_FILLED"]


async def test_leads_see_applications_and_invite(api: GraphQLClient) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await applied(role)
    invitee = await make_user(email="invitee@exemple.be")
    holder = await api.as_user(await project.holder)
    invited = await holder.run(
        "InviteToRole", input={"roleId": encode("TeamRole", role.id), "email": "invitee@exemple.be"}
    )
    assert invited["data"]["inviteToRole"]["application"]["invited"] is True
    unknown = await holder.run("InviteToRole", input={"roleId": encode("TeamRole", role.id), "email": "x@y.be"})
    assert [(e["code"], e["field"]) for e in unknown["data"]["inviteToRole"]["errors"]] == [("NOT_FOUND", "email")]
    body = await holder.run("ProjectTeam", id=encode("Project", project.id))
    listed = body["data"]["project"]["teamRoles"][0]["applications"]
    assert {a["id"] for a in listed} == {
        encode("Application", application.id),
        invited["data"]["inviteToRole"]["application"]["id"],
    }
    client = await api.as_user(invitee)
    answer = {"applicationId": invited["data"]["inviteToRole"]["application"]["id"], "accept": True}
    assert (await client.run("AnswerInvitation", input=answer))["data"]["answerInvitation"]["application"][
        "status"
    ] == "CONFIRMED"


async def test_node_shows_an_application_to_its_applicant_and_the_leads_only(api: GraphQLClient) -> None:
    project = await make_project()
    role = await open_team_role(project)
    application = await applied(role)
    query = "query($id: ID!) { node(id: $id) { ... on Application { id status } } }"
    variables = {"id": encode("Application", application.id)}
    own = await (await api.as_user(await application.applicant)).raw(query, variables)
    assert own["data"]["node"]["status"] == "SUBMITTED"
    assert (await (await api.as_user(await project.holder)).raw(query, variables))["data"]["node"] is not None
    assert (await (await api.as_user(await make_user())).raw(query, variables))["data"]["node"] is None
    assert (await api.raw(query, variables))["data"]["node"] is None


async def test_leads_change_and_remove_members(api: GraphQLClient) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER, name="Membre Lemaire")
    holder = await api.as_user(await project.holder)
    ids = {"projectId": encode("Project", project.id), "userId": encode("User", member.id)}
    changed = (await holder.run("SetTeamMemberRole", input={**ids, "role": "FINANCE"}))["data"]["setTeamMemberRole"]
    assert changed["member"] == {
        "userId": ids["userId"],
        "name": "Membre Lemaire",
        "role": "FINANCE",
        "label": "Finances",
    }
    assert (await holder.run("RemoveTeamMember", input=ids))["data"]["removeTeamMember"] == {
        "removed": True,
        "errors": [],
    }
    again = (await holder.run("RemoveTeamMember", input=ids))["data"]["removeTeamMember"]
    assert again["removed"] is False and codes(again) == ["NOT_ON_TEAM"]


async def test_the_teams_of_a_page_of_projects_do_not_grow_with_the_page(api: GraphQLClient, sql: SQLCounter) -> None:
    for n in range(6):
        project = await make_project(title=f"Projet d'équipe numéro {n}")
        role = await open_team_role(project)
        await team_member(project, ProjectRole.MEMBER, name=f"Membre {n}")
        await accept(holder_of(project), (await applied(role)).id)
    client = await api.as_user(await make_user())
    sql.reset()
    small = await client.run("ProjectsWithTeams", first=2)
    few = sql.count
    sql.reset()
    large = await client.run("ProjectsWithTeams", first=6)
    assert sql.count == few
    edges = large["data"]["projects"]["edges"]
    assert len(edges) == 6 and len(small["data"]["projects"]["edges"]) == 2
    assert all(len(e["node"]["team"]) == 2 and len(e["node"]["teamRoles"]) == 1 for e in edges)
