"""Demo advice for `make run`: each kind on the demo project, an open question, an adopted piece of advice linked
to the update that says what changed, and a granted expert credential. Idempotent, written through the services."""

from __future__ import annotations

from colab.accounts.models import User
from colab.actors import Actor
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.credentials import request_credential
from colab.advice.models import CREDENTIAL_REVIEW_KIND, Advice, AdviceKind, AdviceStatus, ExpertCredential
from colab.advice.service import AdviceDraft, give_advice, reply_to_advice, vote_helpful
from colab.ideas.service import themes_by_idea
from colab.projects.models import Project
from colab.projects.updates import UpdateDraft
from moderation.decisions import decide_review
from moderation.models import Decision, ReviewItem
from moderation.queue import claim

EXPERT = "hugo@colab.example"
CITIZEN = "lea@colab.example"


def _as(user: User) -> Actor:
    return Actor(user_id=user.id, role=user.role)


async def _granted(expert: User, theme_id: int, moderator: User) -> None:
    if await ExpertCredential.exists(user_id=expert.id, theme_id=theme_id):
        return
    credential = await request_credential(
        _as(expert),
        theme_id,
        "Ingénieur en mobilité douce, j'ai conçu le réseau de points vélo de trois communes namuroises.",
        "https://example.org/hugo-henrard",
    )
    item = await ReviewItem.get(kind=CREDENTIAL_REVIEW_KIND, subject_id=credential.id)
    await claim(_as(moderator), item.id)
    await decide_review(_as(moderator), item.id, Decision.ADMIT, message="Expérience vérifiée.")


async def seed_advice(moderator: User) -> int:
    """Advice on the first demo project (once); returns how many pieces were added."""
    project = await Project.all().order_by("id").first()
    expert, citizen = await User.get_or_none(email=EXPERT), await User.get_or_none(email=CITIZEN)
    if project is None or expert is None or citizen is None or await Advice.exists(project_id=project.id):
        return 0
    themes = (await themes_by_idea([project.idea_id]))[project.idea_id]
    if themes:
        await _granted(expert, themes[0].id, moderator)
    holder = await User.get(id=project.holder_id)
    question = AdviceDraft(
        AdviceKind.QUESTION, "<p>Où la camionnette se garera-t-elle dans les villages sans place ?</p>"
    )
    await give_advice(_as(citizen), project.id, question)
    adopted = await give_advice(
        _as(expert),
        project.id,
        AdviceDraft(
            AdviceKind.ADVICE,
            "<p>Passez le samedi matin près des gares plutôt qu'en semaine : c'est là que les navetteurs "
            "ont le temps de déposer leur vélo.</p>",
        ),
    )
    await vote_helpful(_as(citizen), adopted.id)
    await reply_to_advice(_as(holder), adopted.id, "Bonne idée, nous testons dès le mois prochain.")
    await answer_advice(
        _as(holder),
        adopted.id,
        AdviceAnswer(
            AdviceStatus.ADOPTED,
            new_update=UpdateDraft(
                "L'atelier passe désormais le samedi près des gares",
                "<p>Grâce à un conseil reçu sur la page du projet, la camionnette s'arrête le samedi matin "
                "près des gares de Namur et de Jambes.</p>",
            ),
        ),
    )
    await give_advice(
        _as(citizen),
        project.id,
        AdviceDraft(
            AdviceKind.RESOURCE,
            "<p>Le guide wallon des ateliers vélo participatifs, avec des modèles de convention.</p>",
            "https://example.org/guide-ateliers-velo",
        ),
    )
    await give_advice(
        _as(expert),
        project.id,
        AdviceDraft(AdviceKind.EXPERTISE_OFFER, "<p>Je peux former les bénévoles à la mécanique de base.</p>"),
    )
    return await Advice.filter(project_id=project.id).count()
