"""Crowdacting through GraphQL: lists with filters, pledges and the waitlist, the authorization matrix of every
mutation, and N+1 guards."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from colab.accounts.models import User
from colab.acting.models import PledgeStatus, TimePledge
from colab.acting.pledges import cancel_time_pledge, pledge_time
from colab.actors import ProjectRole, Role
from colab.api.ids import encode
from colab.projects.models import Project
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.api.conftest import GraphQLClient, codes, top_codes
from tests.conftest import SQLCounter, actor_of, make_user, territory
from tests.projects.factories import make_project, team_member


def _call_input(project: Project, commune_id: int, **overrides: Any) -> dict[str, Any]:
    start = utcnow() + timedelta(days=3)
    values = {
        "projectId": encode("Project", project.id),
        "title": "Plantation d'arbres fruitiers",
        "description": "<p>Planter un verger communautaire à Jambes.</p>",
        "communeId": encode("Territory", commune_id),
        "meetingPoint": "Rue de Dave 12",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=2)).isoformat(),
        "capacity": 1,
        "skills": ["jardinage"],
    }
    values.update(overrides)
    return values


async def test_a_volunteer_pledges_is_waitlisted_then_offered_and_accepts(api: GraphQLClient) -> None:
    call = await make_call(capacity=1)
    first, second = await make_user(), await make_user(name="Nora Lemaire")
    client_first, client_second = await api.as_user(first), await api.as_user(second)
    taken = await client_first.run("PledgeTime", input={"callId": encode("VolunteerCall", call.id)})
    assert taken["data"]["pledgeTime"]["timePledge"]["status"] == "CONFIRMED"
    waiting = (await client_second.run("PledgeTime", input={"callId": encode("VolunteerCall", call.id)}))["data"]
    assert (waiting["pledgeTime"]["timePledge"]["status"], waiting["pledgeTime"]["timePledge"]["waitlistPosition"]) == (
        "WAITLISTED",
        1,
    )
    await client_first.run("CancelTimePledge", input={"pledgeId": taken["data"]["pledgeTime"]["timePledge"]["id"]})
    seen = await client_second.run("VolunteerCall", id=encode("VolunteerCall", call.id))
    offer = seen["data"]["volunteerCall"]["viewerPledge"]
    assert offer["status"] == "OFFERED" and offer["offerExpiresAt"] is not None
    assert seen["data"]["volunteerCall"]["roster"] is None  # not on the team
    accepted = await client_second.run("AcceptPlaceOffer", input={"pledgeId": offer["id"]})
    assert accepted["data"]["acceptPlaceOffer"]["timePledge"]["status"] == "CONFIRMED"
    again = await client_second.run("PledgeTime", input={"callId": encode("VolunteerCall", call.id)})
    assert codes(again["data"]["pledgeTime"]) == ["ALREADY_PLEDGED"]


async def test_the_lab_wide_list_filters_by_province_commune_dates_and_skill(api: GraphQLClient) -> None:
    namur = await make_call(starts_at=utcnow() + timedelta(days=2), skills=["Bricolage"])
    await make_call(starts_at=utcnow() + timedelta(days=2), commune_id=(await territory("62063")).id)
    await make_call(starts_at=utcnow() + timedelta(days=20))
    province = await territory("90000")
    body = await api.run(
        "VolunteerCallList",
        first=1,
        filter={
            "provinceId": encode("Territory", province.id),
            "from": utcnow().isoformat(),
            "to": (utcnow() + timedelta(days=5)).isoformat(),
        },
    )
    found = body["data"]["volunteerCalls"]
    assert found["totalCount"] == 1 and found["edges"][0]["node"]["id"] == encode("VolunteerCall", namur.id)
    skill = await api.run("VolunteerCallList", filter={"skill": "bricolage"})
    assert [e["node"]["title"] for e in skill["data"]["volunteerCalls"]["edges"]] == [namur.title]
    commune = await api.run(
        "VolunteerCallList", filter={"communeId": encode("Territory", (await territory("62063")).id)}
    )
    assert commune["data"]["volunteerCalls"]["totalCount"] == 1


async def test_a_time_conflict_names_the_other_action(api: GraphQLClient) -> None:
    start = utcnow() + timedelta(days=2)
    first = await make_call(starts_at=start, title="Grand nettoyage de printemps")
    second = await make_call(starts_at=start + timedelta(hours=1))
    client = await api.as_user(await make_user())
    await client.run("PledgeTime", input={"callId": encode("VolunteerCall", first.id)})
    body = await client.run("PledgeTime", input={"callId": encode("VolunteerCall", second.id)})
    [error] = body["data"]["pledgeTime"]["errors"]
    assert error["code"] == "TIME_CONFLICT" and "Grand nettoyage de printemps" in error["message"]


async def test_the_team_marks_attendance_and_the_volunteer_sees_the_hours(api: GraphQLClient) -> None:
    call = await make_call(starts_at=utcnow() + timedelta(minutes=1))
    volunteer = await make_user()
    pledge = await pledge_time(actor_of(volunteer), call.id)
    holder_client = await api.as_user(await (await call.project).holder)
    from colab.acting.models import VolunteerCall

    await VolunteerCall.filter(id=call.id).update(  # the action took place
        starts_at=utcnow() - timedelta(hours=4), ends_at=utcnow() - timedelta(hours=1)
    )
    roster = await holder_client.run("VolunteerCall", id=encode("VolunteerCall", call.id))
    assert [p["id"] for p in roster["data"]["volunteerCall"]["roster"]] == [encode("TimePledge", pledge.id)]
    marked = await holder_client.run(
        "MarkAttendance", input={"pledgeId": encode("TimePledge", pledge.id), "status": "ATTENDED"}
    )
    assert marked["data"]["markAttendance"]["timePledge"]["hoursCredited"] == 3.0
    mine = await (await api.as_user(volunteer)).run("MyTimePledges")
    assert mine["data"]["myTimePledges"]["edges"][0]["node"]["status"] == "ATTENDED"


async def _people(project: Project) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "citizen": await make_user(),
        "member": await team_member(project, ProjectRole.MEMBER, name="Membre"),
        "co_lead": await team_member(project, ProjectRole.CO_LEAD, name="Co-porteur"),
        "finance": await team_member(project, ProjectRole.FINANCE, name="Finances"),
        "holder": await project.holder,
        "moderator": await make_user(Role.MODERATOR),
        "admin": await make_user(Role.ADMIN),
    }


TEAM = {"member", "co_lead", "holder"}


async def _outcome(api: GraphQLClient, who: User | None, operation: str, field: str, **variables: Any) -> str:
    client = await api.as_user(who) if who else api
    body = await client.run(operation, **variables)
    if body.get("errors"):
        return top_codes(body)[0]
    errors = codes(body["data"][field])
    return errors[0] if errors else "OK"


@pytest.mark.parametrize("operation", ["post", "move", "call_off", "mark"])
async def test_only_the_team_runs_the_team_mutations(api: GraphQLClient, operation: str) -> None:
    project = await make_project()
    namur = (await territory("92094")).id
    people = await _people(project)
    for name, who in people.items():
        call = await make_call(project, starts_at=utcnow() + timedelta(days=3))
        pledge = await pledge_time(actor_of(await make_user()), call.id)
        if operation == "post":
            outcome = await _outcome(
                api, who, "PostVolunteerCall", "postVolunteerCall", input=_call_input(project, namur)
            )
        elif operation == "move":
            outcome = await _outcome(
                api,
                who,
                "MoveVolunteerCall",
                "moveVolunteerCall",
                input={"callId": encode("VolunteerCall", call.id), "meetingPoint": "Gare de Namur"},
            )
        elif operation == "call_off":
            outcome = await _outcome(
                api,
                who,
                "CallOffVolunteerCall",
                "callOffVolunteerCall",
                input={"callId": encode("VolunteerCall", call.id)},
            )
        else:
            outcome = await _outcome(
                api,
                who,
                "MarkAttendance",
                "markAttendance",
                input={"pledgeId": encode("TimePledge", pledge.id), "status": "ATTENDED"},
            )
        if name in TEAM:
            expected = "CALL_NOT_OPEN" if operation == "mark" else "OK"  # attendance waits for the action
        else:
            expected = "UNAUTHENTICATED" if who is None else "FORBIDDEN"
        assert (name, outcome) == (name, expected)


@pytest.mark.parametrize("operation", ["pledge", "cancel", "accept", "decline"])
async def test_volunteer_mutations_need_a_login_and_ones_own_pledge(api: GraphQLClient, operation: str) -> None:
    project = await make_project()
    people = await _people(project)
    for name, who in people.items():
        call = await make_call(project, capacity=1, starts_at=utcnow() + timedelta(days=3))
        holder_pledge = await pledge_time(actor_of(await make_user()), call.id)
        other = await pledge_time(actor_of(await make_user()), call.id)
        await cancel_time_pledge(actor_of(await User.get(id=holder_pledge.volunteer_id)), holder_pledge.id)
        assert (await TimePledge.get(id=other.id)).status is PledgeStatus.OFFERED
        if operation == "pledge":
            outcome = await _outcome(
                api, who, "PledgeTime", "pledgeTime", input={"callId": encode("VolunteerCall", call.id)}
            )
            expected = "UNAUTHENTICATED" if who is None else "OK"
        else:
            mutation = {"cancel": "CancelTimePledge", "accept": "AcceptPlaceOffer", "decline": "DeclinePlaceOffer"}
            field = mutation[operation][0].lower() + mutation[operation][1:]
            outcome = await _outcome(
                api, who, mutation[operation], field, input={"pledgeId": encode("TimePledge", other.id)}
            )
            # someone else's pledge does not exist for them, whatever their role
            expected = "UNAUTHENTICATED" if who is None else "NOT_FOUND"
        assert (name, outcome) == (name, expected)


async def test_lists_cost_the_same_whatever_the_page_size(api: GraphQLClient, sql: SQLCounter) -> None:
    viewer = await make_user()
    client = await api.as_user(viewer)
    projects = [await make_project() for _ in range(4)]
    for project in projects:
        for day in range(2):
            call = await make_call(project, starts_at=utcnow() + timedelta(days=day + 1, hours=project.id))
            await pledge_time(actor_of(await make_user()), call.id)
    counts = []
    for first in (1, 8):
        sql.reset()
        body = await client.run("VolunteerCallList", first=first)
        assert len(body["data"]["volunteerCalls"]["edges"]) == first
        counts.append(sql.count)
    assert counts[0] == counts[1]
    project_counts = []
    for first in (1, 4):
        sql.reset()
        body = await client.run("ProjectsWithVolunteerCalls", first=first)
        assert len(body["data"]["projects"]["edges"]) == first
        project_counts.append(sql.count)
    assert project_counts[0] == project_counts[1]


async def test_the_project_lists_its_upcoming_calls(api: GraphQLClient) -> None:
    project = await make_project()
    await make_call(project)
    body = await api.run("ProjectVolunteerCalls", id=encode("Project", project.id))
    assert body["data"]["project"]["volunteerCalls"]["totalCount"] == 1
    node = await api.run("Node", id=encode("VolunteerCall", (await project.volunteer_calls.all())[0].id))
    assert node["data"]["node"]["__typename"] == "VolunteerCall"


async def test_a_posted_call_shows_in_the_projects_activity(api: GraphQLClient) -> None:
    call = await make_call()
    body = await api.run("ProjectActivity", id=encode("Project", call.project_id))
    kinds = [(e["node"]["kind"], e["node"]["summary"]) for e in body["data"]["node"]["activity"]["edges"]]
    assert ("VOLUNTEER_CALL_POSTED", f"Nouvel appel à bénévoles : « {call.title} »") in kinds
