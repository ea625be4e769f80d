"""The TEAM card of the needs board: open roles and seats left, in two queries for any number of projects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from colab.actors import Actor, ProjectAction, ProjectRole, may_act_on_project
from colab.needs import Need
from colab.projects.board import Card, card
from colab.projects.models import ProjectMember
from colab.teams.models import TeamRole, TeamRoleStatus


@dataclass(frozen=True)
class OpenRole:
    id: int
    title: str
    seats_left: int


@dataclass(frozen=True)
class TeamCard:
    """What the card's template shows: the open roles, and whether the viewer manages the team."""

    roles: list[OpenRole] = field(default_factory=list)
    manages: bool = False


async def _roles_here(project_ids: Sequence[int], actor: Actor) -> dict[int, ProjectRole]:
    if actor.user_id is None:
        return {}
    if actor.project_roles is not None:
        return {pid: r for pid, r in actor.project_roles.items() if pid in set(project_ids)}
    rows = await ProjectMember.filter(project_id__in=list(project_ids), user_id=actor.user_id).values_list(
        "project_id", "role"
    )
    return {pid: ProjectRole(role) for pid, role in rows}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_of(roles: Sequence[OpenRole]) -> str:
    if not roles:
        return "Aucun rôle ouvert pour l'instant."
    seats = sum(r.seats_left for r in roles)
    return (
        f"{_count(len(roles), 'rôle ouvert', 'rôles ouverts')}, {_count(seats, 'place restante', 'places restantes')}."
    )


@card(Need.TEAM)
async def team_card(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
    rows = (
        await TeamRole.filter(project_id__in=list(project_ids), status=TeamRoleStatus.OPEN)
        .order_by("created_at", "id")
        .values("id", "project_id", "title", "seats", "confirmed_count")
    )
    open_roles: dict[int, list[OpenRole]] = {pid: [] for pid in project_ids}
    for r in rows:
        open_roles[r["project_id"]].append(OpenRole(r["id"], r["title"], max(0, r["seats"] - r["confirmed_count"])))
    here = await _roles_here(project_ids, actor)
    cards = {}
    for pid, roles in open_roles.items():
        manages = may_act_on_project(actor, here.get(pid), ProjectAction.MANAGE_TEAM)
        cards[pid] = Card(
            open=bool(roles),
            summary=summary_of(roles),
            figures={"openRoles": len(roles), "placesLeft": sum(r.seats_left for r in roles)},
            template="teams/card.html",
            data=TeamCard(roles, manages),
        )
    return cards
