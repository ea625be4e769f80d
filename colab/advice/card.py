"""The advice card of the needs board: open questions and adopted advice, for many projects in two queries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tortoise.functions import Count

from colab.actors import Actor, ProjectAction, ProjectRole, may_act_on_project
from colab.advice.answers import ADOPTING
from colab.advice.models import REVIEW_KIND, Advice, AdviceStatus
from colab.needs import Need
from colab.projects.board import Card, card
from colab.projects.models import ProjectMember
from moderation.visibility import hidden_ids


@dataclass(frozen=True)
class AdviceCardData:
    #: the visitor's action
    page: str
    #: the viewer may answer advice on this project (the team sees its hint)
    team: bool


async def _team_roles(project_ids: Sequence[int], actor: Actor) -> dict[int, ProjectRole]:
    if actor.user_id is None:
        return {}
    if actor.project_roles is not None:
        return {pid: role for pid, role in actor.project_roles.items() if pid in set(project_ids)}
    rows = await ProjectMember.filter(project_id__in=list(project_ids), user_id=actor.user_id).values_list(
        "project_id", "role"
    )
    return {pid: ProjectRole(role) for pid, role in rows}


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(total: int, questions: int, adopted: int) -> str:
    if total == 0:
        return "Aucun conseil pour l'instant : soyez la première personne à en donner un."
    parts = [plural(total, "conseil reçu", "conseils reçus")]
    if questions:
        parts.append(plural(questions, "question ouverte", "questions ouvertes"))
    if adopted:
        parts.append(plural(adopted, "conseil adopté", "conseils adoptés"))
    return " · ".join(parts)


@card(Need.ADVICE)
async def advice_cards(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
    """Per project: advice received, open questions, adopted advice (hidden advice does not count)."""
    rows = (
        await Advice.filter(project_id__in=list(project_ids), parent_id=None, id__not_in=hidden_ids(REVIEW_KIND))
        .annotate(n=Count("id"))
        .group_by("project_id", "open_question", "status")
        .values_list("project_id", "open_question", "status", "n")
    )
    figures = {pid: {"advice": 0, "openQuestions": 0, "adoptedAdvice": 0} for pid in project_ids}
    for pid, open_question, status, n in rows:
        counted = figures[pid]
        counted["advice"] += n
        if open_question:
            counted["openQuestions"] += n
        if AdviceStatus(status) in ADOPTING:
            counted["adoptedAdvice"] += n
    roles = await _team_roles(project_ids, actor)
    return {
        pid: Card(
            open=f["openQuestions"] > 0,
            summary=_summary(f["advice"], f["openQuestions"], f["adoptedAdvice"]),
            figures=f,
            template="advice/card.html",
            data=AdviceCardData(
                page=f"/projets/{pid}/conseils",
                team=may_act_on_project(actor, roles.get(pid), ProjectAction.ANSWER_ADVICE),
            ),
        )
        for pid, f in figures.items()
    }
