"""The needs board's HANDS card: a project's upcoming calls and their places left (two queries per batch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from colab.acting.models import LIVE_CALL, VolunteerCall
from colab.actors import Actor, ProjectAction, ProjectRole, may_act_on_project
from colab.needs import Need
from colab.projects.board import Card, card
from colab.projects.models import ProjectMember
from colab.validation import utcnow

SHOWN = 3


@dataclass(frozen=True)
class HandsCard:
    calls: Sequence[VolunteerCall]
    #: the actor may post a call on this project
    may_post: bool


def _summary(calls: Sequence[VolunteerCall]) -> str:
    if not calls:
        return "Aucune action à venir pour l'instant."
    places = sum(c.places_left for c in calls)
    actions = f"{len(calls)} action{'s' if len(calls) > 1 else ''} à venir"
    if places == 0:
        return f"{actions}, complète{'s' if len(calls) > 1 else ''} : liste d'attente ouverte."
    return f"{places} place{'s' if places > 1 else ''} restante{'s' if places > 1 else ''} sur {actions}."


async def _roles(actor: Actor, project_ids: Sequence[int]) -> Mapping[int, ProjectRole]:
    if actor.user_id is None:
        return {}
    if actor.project_roles is not None:
        return actor.project_roles
    rows = await ProjectMember.filter(user_id=actor.user_id, project_id__in=list(project_ids)).values_list(
        "project_id", "role"
    )
    return {pid: ProjectRole(role) for pid, role in rows}


@card(Need.HANDS)
async def hands_cards(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
    calls = await VolunteerCall.filter(
        project_id__in=list(project_ids), status__in=list(LIVE_CALL), starts_at__gt=utcnow()
    ).order_by("starts_at", "id")
    by_project: dict[int, list[VolunteerCall]] = {pid: [] for pid in project_ids}
    for call in calls:
        by_project[call.project_id].append(call)
    roles = await _roles(actor, project_ids)
    cards = {}
    for pid, upcoming in by_project.items():
        may_post = may_act_on_project(actor, roles.get(pid), ProjectAction.POST_CALL)
        cards[pid] = Card(
            open=bool(upcoming),
            summary=_summary(upcoming),
            figures={"upcoming_calls": len(upcoming), "places_left": sum(c.places_left for c in upcoming)},
            template="acting/card.html",
            data=HandsCard(upcoming[:SHOWN], may_post),
        )
    return cards
