"""Advice on a project: anyone signed in gives it or replies (one level), votes it helpful; the page's order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_write
from colab.advice.events import AdviceGiven, AdviceReplied
from colab.advice.models import REVIEW_KIND, Advice, AdviceKind, HelpfulVote
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.projects.service import get_project
from colab.validation import check_text
from moderation.sanitize import clean_rich_text, plain_text
from moderation.visibility import hidden_among, hidden_ids, is_hidden

BODY_MAX = 5_000
BODY_MIN = 5
BODY_HTML_MAX = 25_000
URL_MAX = 500
#: replies shown under each piece of advice on a page (the oldest first)
REPLIES_MAX = 50

KIND_LABELS = {
    AdviceKind.ADVICE: "Conseil",
    AdviceKind.QUESTION: "Question",
    AdviceKind.RESOURCE: "Ressource",
    AdviceKind.EXPERTISE_OFFER: "Offre d'expertise",
}


@dataclass(frozen=True)
class AdviceDraft:
    kind: AdviceKind
    body: str
    #: a link, for a resource (http or https)
    url: str = ""


def checked_url(raw: str, errors: ErrorCollector, field: str = "url") -> str:
    """A link people may follow: http or https, a host, no credentials, bounded; empty stays empty."""
    url = (raw or "").strip()
    if not url:
        return ""
    if len(url) > URL_MAX:
        errors.add(ErrorCode.TOO_LONG, f"Le lien ne peut dépasser {URL_MAX} caractères.", field)
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or "@" in parts.netloc
        or any(c.isspace() or ord(c) < 32 for c in url)
    ):
        errors.add(ErrorCode.INVALID_URL, "Donnez un lien complet commençant par http:// ou https://.", field)
        return ""
    return url


async def checked_body(raw: str, errors: ErrorCollector, field: str = "body") -> str:
    try:
        body = await clean_rich_text(raw or "", field)
    except ColabError as refused:  # markup too long, too many elements or nested too deep
        errors.add(refused.code, refused.message, field)
        return ""
    if len(body) > BODY_HTML_MAX:
        errors.add(ErrorCode.TOO_LONG, "Le texte contient trop de mise en forme.", field)
    else:
        check_text(errors, field, plain_text(body), max_length=BODY_MAX, min_length=BODY_MIN, label="Le texte")
    return body


async def give_advice(actor: Actor, project_id: int, draft: AdviceDraft) -> Advice:
    """Anyone signed in gives advice, asks a question, shares a resource or offers expertise on a public project."""
    author_id = require_write(actor)
    project = await get_project(project_id)
    errors = ErrorCollector()
    body = await checked_body(draft.body, errors)
    url = checked_url(draft.url, errors)
    if url and draft.kind is not AdviceKind.RESOURCE:
        errors.add(ErrorCode.INVALID, "Seule une ressource porte un lien.", "url")
    errors.raise_if_any()
    async with in_transaction():
        advice = await Advice.create(
            project_id=project.id,
            author_id=author_id,
            kind=draft.kind,
            body=body,
            url=url,
            open_question=draft.kind is AdviceKind.QUESTION,
        )
        await publish(
            AdviceGiven(
                subject_id=advice.id,
                actor_id=author_id,
                project_id=project.id,
                challenge_id=project.challenge_id,
                title=project.title,
                advice_kind=draft.kind.value,
                author_id=author_id,
            )
        )
    return advice


async def get_advice(advice_id: int, field: str = "adviceId") -> Advice:
    """Advice is public with its project, unless reported and hidden."""
    advice = await Advice.get_or_none(id=advice_id)
    if advice is None or await is_hidden(REVIEW_KIND, advice.id):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce conseil n'existe pas.", field)
    if advice.parent_id is not None and await is_hidden(REVIEW_KIND, advice.parent_id):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce conseil n'existe pas.", field)
    await get_project(advice.project_id, field)
    return advice


async def find_advice(advice_id: int) -> Advice | None:
    try:
        return await get_advice(advice_id)
    except ColabError:
        return None


async def reply_to_advice(actor: Actor, advice_id: int, body: str) -> Advice:
    """Anyone signed in replies to a piece of advice; replies go one level deep."""
    author_id = require_write(actor)
    parent = await get_advice(advice_id)
    if parent.parent_id is not None:
        raise ColabError(ErrorCode.REPLY_TO_REPLY, "On répond au conseil d'origine, pas à une réponse.", "adviceId")
    errors = ErrorCollector()
    cleaned = await checked_body(body, errors)
    errors.raise_if_any()
    project = await get_project(parent.project_id)
    async with in_transaction():
        reply = await Advice.create(
            project_id=parent.project_id, author_id=author_id, kind=AdviceKind.ADVICE, body=cleaned, parent_id=parent.id
        )
        await publish(
            AdviceReplied(
                subject_id=reply.id,
                actor_id=author_id,
                project_id=project.id,
                challenge_id=project.challenge_id,
                parent_id=parent.id,
                author_id=author_id,
            )
        )
    return reply


async def vote_helpful(actor: Actor, advice_id: int) -> Advice:
    """One "utile" per person and piece of advice, never on one's own; the count moves with the vote row."""
    voter_id = require_write(actor)
    advice = await get_advice(advice_id)
    if advice.author_id == voter_id:
        raise ColabError(ErrorCode.OWN_ADVICE, "On ne vote pas pour son propre conseil.", "adviceId")
    try:
        async with in_transaction():
            await HelpfulVote.create(advice_id=advice.id, voter_id=voter_id)
            await Advice.filter(id=advice.id).update(helpful_count=F("helpful_count") + 1)
    except IntegrityError:
        raise ColabError(ErrorCode.ALREADY_VOTED, "Vous avez déjà trouvé ce conseil utile.", "adviceId") from None
    return await Advice.get(id=advice.id)


async def unvote_helpful(actor: Actor, advice_id: int) -> Advice:
    """Take one's "utile" back (nothing happens when there was none)."""
    voter_id = require_write(actor)
    advice = await get_advice(advice_id)
    async with in_transaction():
        if await HelpfulVote.filter(advice_id=advice.id, voter_id=voter_id).delete():
            await Advice.filter(id=advice.id, helpful_count__gt=0).update(helpful_count=F("helpful_count") - 1)
    return await Advice.get(id=advice.id)


async def advice_of(
    project_id: int, kind: AdviceKind | None = None, *, offset: int = 0, limit: int = 20
) -> tuple[list[Advice], int]:
    """A project's advice (not the replies): open questions first, then the most helpful, then the newest."""
    await get_project(project_id)
    query = Advice.filter(project_id=project_id, parent_id=None, id__not_in=hidden_ids(REVIEW_KIND))
    if kind is not None:
        query = query.filter(kind=kind)
    items = await query.order_by("-open_question", "-helpful_count", "-created_at", "-id").offset(offset).limit(limit)
    return items, await query.count()


async def replies_of(advice_ids: Sequence[int]) -> dict[int, list[Advice]]:
    """The visible replies of many pieces of advice in one query, oldest first."""
    found: dict[int, list[Advice]] = {i: [] for i in advice_ids}
    if not advice_ids:
        return found
    rows = await Advice.filter(parent_id__in=list(advice_ids), id__not_in=hidden_ids(REVIEW_KIND)).order_by(
        "created_at", "id"
    )
    for reply in rows:
        if reply.parent_id is not None and len(found[reply.parent_id]) < REPLIES_MAX:
            found[reply.parent_id].append(reply)
    return found


async def voted_among(user_id: int | None, advice_ids: Sequence[int]) -> set[int]:
    """Which of these the person found helpful (one query)."""
    if user_id is None or not advice_ids:
        return set()
    rows = await HelpfulVote.filter(voter_id=user_id, advice_id__in=list(advice_ids)).values_list(
        "advice_id", flat=True
    )
    return {int(r) for r in rows}  # type: ignore[call-overload]


async def visible_among(advice_ids: Sequence[int]) -> set[int]:
    return set(advice_ids) - await hidden_among(REVIEW_KIND, advice_ids)
