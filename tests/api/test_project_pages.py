"""Following a project and editing its page through GraphQL, with the authorization matrix."""

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from colab.accounts.models import User
from colab.actors import ProjectRole, Role
from colab.api.ids import encode
from colab.projects.follows import follow
from colab.projects.models import Project
from colab.projects.page import PageDraft, edit_project
from colab.storage import DiskStorage
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.test_images import picture

STORY = "<p>Un atelier mobile qui répare les vélos <script>alert(1)</script>dans chaque village.</p>"

#: who asks → the account (None: anonymous)
Who = Callable[[Project], Awaitable[User | None]]


async def _anonymous(project: Project) -> None:
    return None


async def _citizen(project: Project) -> User:
    return await make_user(name="Citoyenne Dubois")


async def _member(project: Project) -> User:
    return await team_member(project, ProjectRole.MEMBER)


async def _co_lead(project: Project) -> User:
    return await team_member(project, ProjectRole.CO_LEAD, name="Co-porteur Henry")


async def _holder(project: Project) -> User:
    return await project.holder


async def _moderator(project: Project) -> User:
    return await make_user(Role.MODERATOR, name="Modératrice Leroy")


async def _admin(project: Project) -> User:
    return await make_user(Role.ADMIN, name="Admin Lejeune")


MATRIX = {
    "anonymous": _anonymous,
    "citizen": _citizen,
    "member": _member,
    "co-lead": _co_lead,
    "holder": _holder,
    "moderator": _moderator,
    "admin": _admin,
}
#: editProject: only the leads; everyone else is refused at the top level
EDIT_OUTCOME = {
    "anonymous": "UNAUTHENTICATED",
    "citizen": "FORBIDDEN",
    "member": "FORBIDDEN",
    "co-lead": None,
    "holder": None,
    "moderator": "FORBIDDEN",
    "admin": "FORBIDDEN",
}


async def _as(api: GraphQLClient, who: str, project: Project) -> GraphQLClient:
    user = await MATRIX[who](project)
    return await api.as_user(user) if user else api


@pytest.mark.parametrize("who", list(MATRIX))
async def test_edit_project_authorization(api: GraphQLClient, who: str) -> None:
    project = await make_project()
    client = await _as(api, who, project)
    body = await client.run(
        "EditProject", input={"projectId": encode("Project", project.id), "title": "Un titre revu par l'équipe"}
    )
    expected = EDIT_OUTCOME[who]
    if expected is None:
        assert body["data"]["editProject"]["errors"] == []
        assert body["data"]["editProject"]["project"]["title"] == "Un titre revu par l'équipe"
    else:
        assert top_codes(body) == [expected]
        assert (await Project.get(id=project.id)).title == project.title


@pytest.mark.parametrize("who", list(MATRIX))
async def test_follow_project_authorization(api: GraphQLClient, who: str) -> None:
    project = await make_project()
    client = await _as(api, who, project)
    body = await client.run("FollowProject", input={"projectId": encode("Project", project.id)})
    if who == "anonymous":
        assert top_codes(body) == ["UNAUTHENTICATED"]
    else:
        assert body["data"]["followProject"] == {
            "project": {"id": encode("Project", project.id), "followerCount": 1, "viewerFollows": True},
            "errors": [],
        }


async def test_the_holder_edits_the_story_and_needs_sanitized(api: GraphQLClient) -> None:
    project = await make_project()
    holder = await api.as_user(await project.holder)
    body = await holder.run(
        "EditProject",
        input={"projectId": encode("Project", project.id), "story": STORY, "needs": ["TEAM", "ADVICE"]},
    )
    edited = body["data"]["editProject"]["project"]
    assert "<script>" not in edited["story"] and "dans chaque village" in edited["story"]
    assert sorted(edited["needs"]) == ["ADVICE", "TEAM"] and edited["updatedAt"] and edited["cover"] is None


async def test_edit_errors_are_typed_and_name_their_field(api: GraphQLClient) -> None:
    project = await make_project()
    holder = await api.as_user(await project.holder)
    body = await holder.run(
        "EditProject", input={"projectId": encode("Project", project.id), "story": "<p>bref</p>", "needs": []}
    )
    payload = body["data"]["editProject"]
    assert payload["project"] is None
    assert sorted((e["field"], e["code"]) for e in payload["errors"]) == [
        ("needs", "NEEDS_REQUIRED"),
        ("story", "TOO_SHORT"),
    ]
    unknown = await holder.run("EditProject", input={"projectId": encode("Project", 999_999), "title": "Nouveau titre"})
    assert codes(unknown["data"]["editProject"]) == ["NOT_FOUND"]
    bad = await holder.run("EditProject", input={"projectId": encode("Idea", project.id), "title": "Nouveau titre"})
    assert codes(bad["data"]["editProject"]) == ["INVALID_ID"]


async def test_follow_then_unfollow_and_the_counts_follow(api: GraphQLClient) -> None:
    project = await make_project()
    pid = encode("Project", project.id)
    alice = await api.as_user(await make_user(name="Alice"))
    await alice.run("FollowProject", input={"projectId": pid})
    again = await alice.run("FollowProject", input={"projectId": pid})
    assert again["data"]["followProject"]["project"]["followerCount"] == 1
    seen = await alice.run("Project", id=pid)
    assert seen["data"]["project"]["followerCount"] == 1 and seen["data"]["project"]["viewerFollows"] is True
    anonymous = await api.run("Project", id=pid)
    assert anonymous["data"]["project"]["viewerFollows"] is False
    gone = await alice.run("UnfollowProject", input={"projectId": pid})
    assert gone["data"]["unfollowProject"]["project"] == {"id": pid, "followerCount": 0, "viewerFollows": False}
    unknown = await alice.run("FollowProject", input={"projectId": encode("Project", 999_999)})
    assert codes(unknown["data"]["followProject"]) == ["NOT_FOUND"]


async def test_the_cover_is_read_with_its_absolute_address_and_alt_text(api: GraphQLClient, tmp_path: Path) -> None:
    project = await make_project()
    draft = PageDraft(cover=picture(), cover_alt="Trois vélos cargo")
    edited = await edit_project(actor_of(await project.holder), project.id, draft, DiskStorage(tmp_path))
    body = await api.run("Project", id=encode("Project", project.id))
    assert body["data"]["project"]["cover"] == {
        "url": f"http://127.0.0.1:8000/fichiers/{edited.cover_path}",
        "alt": "Trois vélos cargo",
    }
    # the alt text alone changes through the API; emptied, it is refused while the cover stays
    holder = await api.as_user(await project.holder)
    pid = encode("Project", project.id)
    changed = await holder.run("EditProject", input={"projectId": pid, "coverAlt": "Deux vélos cargo"})
    assert changed["data"]["editProject"]["project"]["cover"]["alt"] == "Deux vélos cargo"
    emptied = await holder.run("EditProject", input={"projectId": pid, "coverAlt": " "})
    assert codes(emptied["data"]["editProject"]) == ["REQUIRED"]


async def test_the_viewer_lists_the_projects_they_follow(api: GraphQLClient, sql: SQLCounter) -> None:
    assert top_codes(await api.run("FollowedProjects")) == ["UNAUTHENTICATED"]
    fan = await make_user(name="Fan des projets")
    client = await api.as_user(fan)
    projects = [await make_project(title=f"Projet numéro {n} à suivre") for n in range(5)]
    await follow(actor_of(fan), projects[0].id)
    sql.reset()
    one = await client.run("FollowedProjects")
    few = sql.count
    for p in projects[1:]:
        await follow(actor_of(fan), p.id)
    sql.reset()
    body = await client.run("FollowedProjects")
    assert sql.count == few
    found = body["data"]["followedProjects"]
    assert one["data"]["followedProjects"]["totalCount"] == 1 and found["totalCount"] == 5
    assert [e["node"]["title"] for e in found["edges"]][0] == "Projet numéro 4 à suivre"
    assert all(e["node"]["viewerFollows"] for e in found["edges"])
