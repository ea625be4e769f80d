"""Ideas: a citizen drafts, submits, revises on request or withdraws; the public sees admitted ideas only."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import astuple, dataclass
from datetime import datetime

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from colab import lean
from colab.actors import Actor, may_see_under_review, require_login
from colab.challenges.models import Challenge, ChallengeStatus
from colab.content import Content, check_content, search_text, theme_ids_by, theme_ids_column, themes_by
from colab.counting import capped_count
from colab.errors import ColabError, ErrorCode, ErrorCollector, forbidden
from colab.events import publish
from colab.ideas.events import IdeaSubmitted, IdeaWithdrawn
from colab.ideas.models import EDITABLE, IDEA_STATUS_LABELS, REVIEW_KIND, WITHDRAWABLE, Idea, IdeaStatus
from colab.lean import Row, as_datetime, as_optional_datetime
from colab.needs import NEED_COLUMNS, Need
from colab.search import matching, query_terms
from colab.territories.models import Theme
from colab.territories.service import territory_scope
from colab.validation import utcnow
from moderation.models import Decision
from moderation.queue import withdraw
from moderation.submission import send_to_review
from moderation.visibility import is_hidden, public_only

_SUBMITTABLE = (IdeaStatus.DRAFT, IdeaStatus.CHANGES_REQUESTED)


@dataclass
class IdeaDraft(Content):
    """What an author writes; `challenge_id` is fixed when the idea is proposed."""

    challenge_id: int | None = None


def illegal_transition(idea: Idea, action: str) -> ColabError:
    """The refusal of `action` (a French verb) on an idea in its current state."""
    return ColabError(
        ErrorCode.ILLEGAL_TRANSITION,
        f"Impossible de {action} une idée dans l'état « {IDEA_STATUS_LABELS[idea.status]} ».",
    )


async def _open_challenge(actor: Actor, challenge_id: int) -> Challenge:
    challenge = await Challenge.get_or_none(id=challenge_id)
    if challenge is None or challenge.status not in (ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce défi n'existe pas.", "challengeId")
    if not challenge.accepting_ideas:
        raise ColabError(ErrorCode.NOT_ACCEPTING_IDEAS, "Ce défi n'accepte plus d'idées.", "challengeId")
    return challenge


async def propose_idea(actor: Actor, draft: IdeaDraft) -> Idea:
    """A signed-in citizen saves a draft, free-standing or answering a challenge that still takes ideas."""
    user_id = require_login(actor)
    challenge = await _open_challenge(actor, draft.challenge_id) if draft.challenge_id is not None else None
    if draft.territory_id is None and challenge is not None:
        draft.territory_id = challenge.territory_id  # an answer is set where its challenge is, unless told otherwise
    errors = ErrorCollector()
    values = await check_content(draft, errors, creating=True)
    errors.raise_if_any()
    theme_ids = values.pop("theme_ids")
    async with in_transaction():
        idea = Idea(author_id=user_id, challenge_id=draft.challenge_id, status=IdeaStatus.DRAFT, **values)
        idea.search_text = search_text(idea.title, idea.summary, idea.body)
        await idea.save()
        await idea.themes.add(*await Theme.filter(id__in=theme_ids))
    return idea


async def own_idea(actor: Actor, idea_id: int) -> Idea:
    """The idea, if the actor wrote it (others' drafts do not exist for them)."""
    user_id = require_login(actor)
    idea = await Idea.get_or_none(id=idea_id)
    if idea is None or (idea.author_id != user_id and not await can_see(actor, idea)):
        raise ColabError(ErrorCode.NOT_FOUND, "Cette idée n'existe pas.", "ideaId")
    if idea.author_id != user_id:
        raise forbidden("Seul l'auteur peut modifier son idée.")
    return idea


async def update_idea(actor: Actor, idea_id: int, draft: IdeaDraft) -> Idea:
    """The author edits a draft, or an idea sent back for changes; only the fields given change."""
    idea = await own_idea(actor, idea_id)
    if idea.status not in EDITABLE:
        raise illegal_transition(idea, "modifier")
    errors = ErrorCollector()
    values = await check_content(draft, errors, creating=False)
    errors.raise_if_any()
    theme_ids = values.pop("theme_ids", None)
    async with in_transaction():
        idea.update_from_dict(values)
        idea.search_text = search_text(idea.title, idea.summary, idea.body)
        # conditional: a submission or withdrawal in between wins, the edit is refused
        if not await Idea.filter(id=idea.id, status__in=list(EDITABLE)).update(
            **values, search_text=idea.search_text, updated_at=utcnow()
        ):
            await idea.refresh_from_db()
            raise illegal_transition(idea, "modifier")
        if theme_ids is not None:
            await idea.themes.clear()
            await idea.themes.add(*await Theme.filter(id__in=theme_ids))
    await idea.refresh_from_db()
    return idea


async def submit_idea(actor: Actor, idea_id: int) -> Idea:
    """The author sends a draft (while its challenge takes ideas) or a revision to the moderators."""
    idea = await own_idea(actor, idea_id)
    if idea.status not in _SUBMITTABLE:
        raise illegal_transition(idea, "soumettre")
    if idea.challenge_id is not None and idea.status is IdeaStatus.DRAFT:
        # a revision asked for by a moderator may come after the window: the idea was on time
        await _open_challenge(actor, idea.challenge_id)
    now = utcnow()
    async with in_transaction():
        if not await Idea.filter(id=idea.id, status__in=list(_SUBMITTABLE)).update(
            status=IdeaStatus.SUBMITTED, submitted_at=now
        ):
            await idea.refresh_from_db()
            raise illegal_transition(idea, "soumettre")
        await send_to_review(
            REVIEW_KIND,
            idea.id,
            author_id=idea.author_id,
            title=idea.title,
            summary=idea.summary,
            body=idea.body,
            now=now,
        )
        await publish(
            IdeaSubmitted(
                subject_id=idea.id,
                actor_id=idea.author_id,
                challenge_id=idea.challenge_id,
                title=idea.title,
                revision=idea.status is IdeaStatus.CHANGES_REQUESTED,
            )
        )
    idea.status, idea.submitted_at = IdeaStatus.SUBMITTED, now
    return idea


async def withdraw_idea(actor: Actor, idea_id: int) -> Idea:
    """The author takes back an idea not yet decided; it leaves the queue."""
    idea = await own_idea(actor, idea_id)
    if idea.status not in WITHDRAWABLE:
        raise illegal_transition(idea, "retirer")
    now = utcnow()
    async with in_transaction():
        # the queue item first, then the idea: the same lock order as a decision, so the two never deadlock
        await withdraw(REVIEW_KIND, idea.id, idea.author_id, now=now)
        if not await Idea.filter(id=idea.id, status__in=list(WITHDRAWABLE)).update(status=IdeaStatus.WITHDRAWN):
            await idea.refresh_from_db()
            raise illegal_transition(idea, "retirer")
        await publish(
            IdeaWithdrawn(subject_id=idea.id, actor_id=idea.author_id, challenge_id=idea.challenge_id, title=idea.title)
        )
    idea.status = IdeaStatus.WITHDRAWN
    return idea


_OUTCOMES = {
    Decision.ADMIT: IdeaStatus.ADMITTED,
    Decision.REQUEST_CHANGES: IdeaStatus.CHANGES_REQUESTED,
    Decision.REJECT: IdeaStatus.REJECTED,
}


async def apply_review(idea_id: int, decision: Decision, *, on_appeal: bool = False) -> Idea:
    """A moderator's decision moves a submitted idea on (inside the deciding transaction); an upheld appeal
    moves a rejected one."""
    now = utcnow()
    expected = IdeaStatus.REJECTED if on_appeal else IdeaStatus.SUBMITTED
    if not await Idea.filter(id=idea_id, status=expected).update(status=_OUTCOMES[decision], decided_at=now):
        raise ColabError(ErrorCode.ALREADY_DECIDED, "Cette idée n'attend plus de décision.", "itemId")
    return await Idea.get(id=idea_id)


async def can_see(actor: Actor, idea: Idea) -> bool:
    """Admitted ideas are public unless reported and hidden; the author sees all of theirs; moderators see what
    was submitted."""
    if actor.user_id is not None and idea.author_id == actor.user_id:
        return True
    if idea.status is IdeaStatus.ADMITTED and not may_see_under_review(actor):
        return not await is_hidden(REVIEW_KIND, idea.id)
    return may_see_under_review(actor) and idea.status is not IdeaStatus.DRAFT


async def get_idea(actor: Actor, idea_id: int, field: str = "ideaId") -> Idea:
    idea = await Idea.get_or_none(id=idea_id)
    if idea is None or not await can_see(actor, idea):
        raise ColabError(ErrorCode.NOT_FOUND, "Cette idée n'existe pas.", field)
    return idea


async def find_idea(actor: Actor, idea_id: int) -> Idea | None:
    try:
        return await get_idea(actor, idea_id)
    except ColabError:
        return None


@dataclass
class IdeaFilter:
    #: only the actor's own ideas, in every state (else: admitted ideas only)
    mine: bool = False
    status: IdeaStatus | None = None
    challenge_id: int | None = None
    organization_id: int | None = None
    territory_id: int | None = None
    theme_id: int | None = None
    need: Need | None = None
    search: str = ""


async def _matching(actor: Actor, filters: IdeaFilter) -> tuple[Callable[[], QuerySet[Idea]], Hashable]:
    """What builds the filtered, ordered query, and a key that decides its SQL and parameters (None for the
    actor's own ideas): see colab.lean.page."""
    author_id = require_login(actor) if filters.mine else None
    scope = await territory_scope(filters.territory_id) if filters.territory_id is not None else None

    def build() -> QuerySet[Idea]:
        query = Idea.all()
        if author_id is not None:
            query = query.filter(author_id=author_id)
            if filters.status is not None:
                query = query.filter(status=filters.status)
        else:
            query = query.filter(Q(status=IdeaStatus.ADMITTED), public_only(REVIEW_KIND))
        if filters.challenge_id is not None:
            query = query.filter(challenge_id=filters.challenge_id)
        if filters.organization_id is not None:
            query = query.filter(challenge__organization_id=filters.organization_id)
        if scope is not None:
            query = query.filter(territory_id__in=scope)
        if filters.theme_id is not None:
            query = query.filter(themes__id=filters.theme_id)
        if filters.need is not None:
            query = query.filter(**{NEED_COLUMNS[filters.need]: True})
        query, searched = matching(query, "idea", filters.search)
        ordering: tuple[str, ...] = ("-created_at", "-id") if filters.mine else ("-decided_at", "-id")
        if searched:
            ordering = ("-search_rank", *ordering)
        return query.order_by(*ordering)

    return build, None if filters.mine else ("idea", astuple(filters), None if scope is None else tuple(scope))


async def list_ideas(
    actor: Actor, filters: IdeaFilter, *, offset: int = 0, limit: int = 20, count: bool = True
) -> tuple[list[Idea], int]:
    """The actor's own ideas (latest first), or the admitted ideas (latest admitted first), with the total
    (capped: colab.counting; 0 when `count` is false)."""
    build, _ = await _matching(actor, filters)
    query = build()
    total = await capped_count(query) if count else 0
    return await query.offset(offset).limit(limit), total


@dataclass(frozen=True, slots=True)
class IdeaRecord:
    """An idea as a list shows it, read without building a model (colab.lean); `body` is "" unless asked,
    `joined`: the values of the related columns asked for with it (`also`), in that order."""

    id: int
    title: str
    summary: str
    body: str
    status: IdeaStatus
    needs: list[Need]
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    author_id: int
    challenge_id: int | None
    territory_id: int
    joined: Row = ()
    #: with `with_themes`: the theme ids, read in the same statement
    theme_ids: tuple[int, ...] | None = None


_RECORD_COLUMNS = (
    "id", "title", "summary", "status", *NEED_COLUMNS.values(), "created_at", "submitted_at", "decided_at",
    "author_id", "challenge_id", "territory_id",
)  # fmt: skip
_NEEDS = tuple(NEED_COLUMNS)


def _record(own: Row, body: str = "", joined: Row = (), theme_ids: tuple[int, ...] | None = None) -> IdeaRecord:
    """A record from its own columns (RECORD_COLUMNS' order) and the parts read with them (colab.lean.Parts)."""
    return IdeaRecord(
        id=own[0],
        title=own[1],
        summary=own[2],
        status=IdeaStatus(own[3]),
        needs=[need for need, on in zip(_NEEDS, own[4:8], strict=True) if on],
        created_at=as_datetime(own[8]),
        submitted_at=as_optional_datetime(own[9]),
        decided_at=as_optional_datetime(own[10]),
        author_id=own[11],
        challenge_id=own[12],
        territory_id=own[13],
        body=body,
        joined=joined,
        theme_ids=theme_ids,
    )


async def idea_records(
    actor: Actor,
    filters: IdeaFilter,
    *,
    offset: int = 0,
    limit: int = 20,
    count: bool = True,
    with_body: bool = False,
    with_themes: bool = False,
    also: Sequence[str] = (),
) -> tuple[list[IdeaRecord], int]:
    """`list_ideas` for the API's hot path: the same rows, in the same order, as records; `also`: related
    columns (Tortoise's `relation__column`) read in the same statement, in each record's `joined`."""
    build, key = await _matching(actor, filters)
    found, total = await lean.records_page(
        build,
        _RECORD_COLUMNS,
        text="body",
        with_text=with_body,
        also=also,
        themes=theme_ids_column(Idea) if with_themes else None,
        offset=offset,
        limit=limit,
        count=count,
        ranked=bool(query_terms(filters.search)),
        key=key,
    )
    return [_record(p.own, p.text, p.joined, p.theme_ids) for p in found], total


async def theme_ids_by_idea(idea_ids: Sequence[int]) -> dict[int, list[int]]:
    """The theme ids of many ideas in one query (names come from the reference data)."""
    return await theme_ids_by(Idea, idea_ids)


async def themes_by_idea(idea_ids: Sequence[int]) -> dict[int, list[Theme]]:
    """Themes of many ideas in one query."""
    return await themes_by(Idea, idea_ids)
