"""The team's answer to advice: acknowledged, adopted (fully or partly, through a project update) or declined."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from colab.actors import Actor, ProjectAction
from colab.advice.events import AdviceAdopted, AdviceAnswered
from colab.advice.models import Advice, AdviceStatus
from colab.advice.service import get_advice
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.events import publish
from colab.projects.models import ProjectUpdate
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.projects.updates import UpdateDraft, get_update, post_update
from colab.validation import utcnow

REASON_MAX = 1_000
ADOPTING = frozenset({AdviceStatus.ADOPTED, AdviceStatus.PARTLY_ADOPTED})

STATUS_LABELS = {
    AdviceStatus.OPEN: "En attente d'une réponse de l'équipe",
    AdviceStatus.ACKNOWLEDGED: "Pris en compte par l'équipe",
    AdviceStatus.ADOPTED: "Adopté par l'équipe",
    AdviceStatus.PARTLY_ADOPTED: "Adopté en partie par l'équipe",
    AdviceStatus.DECLINED: "Non retenu par l'équipe",
}


@dataclass(frozen=True)
class AdviceAnswer:
    status: AdviceStatus
    #: why (required when declining), plain text
    reason: str = ""
    #: adopting: an existing update of the project saying what changed...
    update_id: int | None = None
    #: ...or a new one, posted in the same act
    new_update: UpdateDraft | None = None


def _checked_reason(answer: AdviceAnswer) -> str:
    reason = " ".join((answer.reason or "").split())
    if answer.status is AdviceStatus.OPEN:
        raise ColabError(ErrorCode.INVALID, "Choisissez une réponse : pris en compte, adopté ou non retenu.", "status")
    if len(reason) > REASON_MAX:
        raise ColabError(ErrorCode.TOO_LONG, f"La raison ne peut dépasser {REASON_MAX} caractères.", "reason")
    if answer.status is AdviceStatus.DECLINED and not reason:
        raise ColabError(ErrorCode.REASON_REQUIRED, "Dites pourquoi le conseil n'est pas retenu.", "reason")
    if answer.status in ADOPTING and answer.update_id is None and answer.new_update is None:
        message = "Reliez le conseil adopté à une nouvelle du projet qui dit ce qui change."
        raise ColabError(ErrorCode.REQUIRED, message, "updateId")
    if answer.update_id is not None and answer.new_update is not None:
        raise ColabError(
            ErrorCode.INVALID, "Choisissez une nouvelle existante ou publiez-en une, pas les deux.", "updateId"
        )
    if answer.status not in ADOPTING and (answer.update_id is not None or answer.new_update is not None):
        raise ColabError(ErrorCode.INVALID, "Seul un conseil adopté se relie à une nouvelle.", "updateId")
    return reason


async def _posted(actor: Actor, project_id: int, draft: UpdateDraft) -> ProjectUpdate:
    """The update posted with the answer; its input errors name the answer's fields (newUpdate.title, ...)."""
    try:
        return await post_update(actor, project_id, draft)
    except ColabError as refused:
        if refused.is_access_error:
            raise
        raise ColabErrors([ColabError(e.code, e.message, f"newUpdate.{e.field}") for e in refused.errors]) from None


async def answer_advice(actor: Actor, advice_id: int, answer: AdviceAnswer) -> Advice:
    """The project's team answers a piece of advice; adopting says what changed in a project update (an existing
    one of the project, or one posted in the same act by a lead)."""
    advice = await get_advice(advice_id)
    responder = await require_project_action(actor, advice.project_id, ProjectAction.ANSWER_ADVICE)
    if answer.new_update is not None:
        await require_project_action(actor, advice.project_id, ProjectAction.POST_UPDATE)
    if advice.parent_id is not None:
        raise ColabError(ErrorCode.INVALID, "L'équipe répond au conseil d'origine, pas à une réponse.", "adviceId")
    reason = _checked_reason(answer)
    existing: ProjectUpdate | None = None
    if answer.update_id is not None:
        existing = await get_update(answer.update_id)
        if existing.project_id != advice.project_id:
            raise ColabError(ErrorCode.INVALID, "Cette nouvelle est celle d'un autre projet.", "updateId")
    project = await get_project(advice.project_id)
    async with in_transaction():
        update = existing
        if answer.new_update is not None:
            update = await _posted(actor, advice.project_id, answer.new_update)
        await Advice.filter(id=advice.id).update(
            status=answer.status,
            response_reason=reason,
            responded_by_id=responder,
            responded_at=utcnow(),
            update_id=update.id if update else None,
            open_question=False,
        )
        await publish(
            AdviceAnswered(
                subject_id=advice.id,
                actor_id=responder,
                project_id=advice.project_id,
                status=answer.status.value,
                author_id=advice.author_id,
                reason=reason,
                update_id=update.id if update else None,
            )
        )
        if update is not None:
            await publish(
                AdviceAdopted(
                    subject_id=advice.id,
                    actor_id=responder,
                    project_id=advice.project_id,
                    challenge_id=project.challenge_id,
                    title=project.title,
                    update_id=update.id,
                    partly=answer.status is AdviceStatus.PARTLY_ADOPTED,
                )
            )
    return await Advice.get(id=advice.id)
