"""Batch reads for the API and the pages: one query per batch, whatever the number of calls or pledges."""

from __future__ import annotations

from collections.abc import Sequence

from colab.acting.models import ACTIVE_PLEDGE, LIVE_CALL, PledgeStatus, TimePledge, VolunteerCall
from colab.actors import Actor, ProjectAction, ProjectRole, may_act_on_project
from colab.projects.models import ProjectMember
from colab.validation import utcnow


async def upcoming_calls_by_project(project_ids: Sequence[int]) -> dict[int, list[VolunteerCall]]:
    """Each project's live calls still to come, soonest first."""
    found: dict[int, list[VolunteerCall]] = {pid: [] for pid in project_ids}
    calls = await VolunteerCall.filter(
        project_id__in=list(project_ids), status__in=list(LIVE_CALL), starts_at__gt=utcnow()
    ).order_by("starts_at", "id")
    for call in calls:
        found[call.project_id].append(call)
    return found


async def pledges_by_call(call_ids: Sequence[int]) -> dict[int, list[TimePledge]]:
    """Every pledge of each call, in arrival order."""
    found: dict[int, list[TimePledge]] = {cid: [] for cid in call_ids}
    for pledge in await TimePledge.filter(call_id__in=list(call_ids)).order_by("id"):
        found[pledge.call_id].append(pledge)
    return found


async def active_pledges_of(user_id: int, call_ids: Sequence[int]) -> dict[int, TimePledge]:
    """The person's pledge in play on each call (or their latest one), keyed by call."""
    found: dict[int, TimePledge] = {}
    for pledge in await TimePledge.filter(volunteer_id=user_id, call_id__in=list(call_ids)).order_by("id"):
        current = found.get(pledge.call_id)
        if current is None or current.status not in ACTIVE_PLEDGE:
            found[pledge.call_id] = pledge
    return found


async def waitlist_ranks(pledge_ids: Sequence[int]) -> dict[int, int]:
    """Where each waitlisted pledge stands in its call's line now (1: next to be offered a place)."""
    mine = await TimePledge.filter(id__in=list(pledge_ids), status=PledgeStatus.WAITLISTED)
    lines: dict[int, list[int]] = {}
    for pledge in await TimePledge.filter(
        call_id__in=list({p.call_id for p in mine}), status=PledgeStatus.WAITLISTED
    ).order_by("position", "id"):
        lines.setdefault(pledge.call_id, []).append(pledge.id)
    return {p.id: lines[p.call_id].index(p.id) + 1 for p in mine}


async def team_projects(actor: Actor, project_ids: Sequence[int], action: ProjectAction) -> set[int]:
    """The projects among these where the actor may do `action` (one query, none when the actor carries roles)."""
    if actor.user_id is None:
        return set()
    if actor.project_roles is not None:
        roles = dict(actor.project_roles)
    else:
        rows = await ProjectMember.filter(user_id=actor.user_id, project_id__in=list(project_ids)).values_list(
            "project_id", "role"
        )
        roles = {pid: ProjectRole(role) for pid, role in rows}
    return {pid for pid in project_ids if may_act_on_project(actor, roles.get(pid), action)}
