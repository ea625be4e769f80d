"""Who may do what on a team, through GraphQL: every team mutation against anonymous, a citizen, the applicant,
each team role, a moderator and an admin, with the exact outcome (OK, a payload code or a top-level code)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from colab.accounts.models import User
from colab.actors import ProjectRole, Role
from colab.api.ids import encode
from colab.projects.models import Project
from colab.teams.applications import accept, invite
from colab.teams.models import Application, TeamRole
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import make_user
from tests.projects.factories import make_project, team_member
from tests.teams.factories import applied, holder_of, open_team_role

WHO = ("anonymous", "citizen", "applicant", "member", "finance", "co_lead", "holder", "moderator", "admin")
OK = "OK"
LEADS = {"co_lead": OK, "holder": OK, "anonymous": "UNAUTHENTICATED"}
APPLICANT = {"applicant": OK, "anonymous": "UNAUTHENTICATED"}


@dataclass
class World:
    project: Project
    role: TeamRole
    application: Application
    people: dict[str, User]
    target: User


Build = Callable[[World], dict[str, Any]]


def _application(w: World) -> dict[str, Any]:
    return {"applicationId": encode("Application", w.application.id)}


def _member(w: World) -> dict[str, Any]:
    return {"projectId": encode("Project", w.project.id), "userId": encode("User", w.target.id)}


#: mutation → (state of the applicant's application, the input, the outcome by actor; FORBIDDEN by default)
CASES: dict[str, tuple[str, Build, dict[str, str]]] = {
    "OpenTeamRole": (
        "SUBMITTED",
        lambda w: {
            "projectId": encode("Project", w.project.id),
            "title": "Rôle de plus",
            "description": "Un rôle de plus pour l'équipe.",
            "skills": [],
            "hoursPerWeek": 2,
            "seats": 1,
        },
        LEADS,
    ),
    "EditTeamRole": ("SUBMITTED", lambda w: {"roleId": encode("TeamRole", w.role.id), "title": "Nouveau titre"}, LEADS),
    "CloseTeamRole": ("SUBMITTED", lambda w: {"roleId": encode("TeamRole", w.role.id)}, LEADS),
    "ApplyToRole": (
        "SUBMITTED",
        lambda w: {"roleId": encode("TeamRole", w.role.id), "message": "Je souhaite rejoindre l'équipe."},
        {
            "anonymous": "UNAUTHENTICATED",
            "citizen": OK,
            "moderator": OK,
            "admin": OK,
            "applicant": "ALREADY_APPLIED",
            **{who: "ALREADY_MEMBER" for who in ("member", "finance", "co_lead", "holder")},
        },
    ),
    "ShortlistApplication": ("SUBMITTED", _application, LEADS),
    "AcceptApplication": ("SUBMITTED", _application, LEADS),
    "DeclineApplication": ("SUBMITTED", lambda w: {**_application(w), "reason": "Profil trop éloigné."}, LEADS),
    "WithdrawApplication": ("SUBMITTED", _application, APPLICANT),
    "ConfirmApplication": ("ACCEPTED", _application, APPLICANT),
    "InviteToRole": (
        "SUBMITTED",
        lambda w: {"roleId": encode("TeamRole", w.role.id), "email": "invitee@exemple.be"},
        LEADS,
    ),
    "AnswerInvitation": ("INVITED", lambda w: {**_application(w), "accept": True}, APPLICANT),
    "SetTeamMemberRole": ("SUBMITTED", lambda w: {**_member(w), "role": "FINANCE"}, LEADS),
    "RemoveTeamMember": ("SUBMITTED", _member, LEADS),
}


async def _world(state: str) -> World:
    project = await make_project()
    role = await open_team_role(project, seats=3)
    people = {
        "citizen": await make_user(name="Citoyenne"),
        "applicant": await make_user(name="Candidate", email="candidate@exemple.be"),
        "member": await team_member(project, ProjectRole.MEMBER, name="Membre"),
        "finance": await team_member(project, ProjectRole.FINANCE, name="Finances"),
        "co_lead": await team_member(project, ProjectRole.CO_LEAD, name="Co-porteuse"),
        "holder": await project.holder,
        "moderator": await make_user(Role.MODERATOR, name="Modératrice"),
        "admin": await make_user(Role.ADMIN, name="Admin"),
    }
    await make_user(name="Invitée", email="invitee@exemple.be")
    target = await team_member(project, ProjectRole.MEMBER, name="Cible")
    if state == "INVITED":
        application = await invite(holder_of(project), role.id, "candidate@exemple.be")
    else:
        application = await applied(role, people["applicant"])
        if state == "ACCEPTED":
            application = await accept(holder_of(project), application.id)
    return World(project, role, application, people, target)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("operation", list(CASES))
async def test_each_team_mutation_answers_each_kind_of_person_exactly(
    api: GraphQLClient, operation: str, who: str
) -> None:
    state, build, outcomes = CASES[operation]
    world = await _world(state)
    client = api if who == "anonymous" else await api.as_user(world.people[who])
    body = await client.run(operation, input=build(world))
    expected = outcomes.get(who, "FORBIDDEN")
    if expected in ("UNAUTHENTICATED", "FORBIDDEN"):
        assert top_codes(body) == [expected] and body["data"] is None
        return
    assert "errors" not in body, body
    payload = next(iter(body["data"].values()))
    assert codes(payload) == ([] if expected == OK else [expected])
