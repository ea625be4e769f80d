"""Challenges: posted by members of an organization, published at once if it is verified."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import astuple, dataclass
from datetime import datetime
from enum import Enum

from tortoise import connections
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from colab import lean
from colab.actors import Actor, may_manage_organization, may_see_under_review, require_login
from colab.challenges.events import ChallengeClosed, ChallengeEdited, ChallengePublished, ChallengeSubmitted
from colab.challenges.models import NEED_COLUMNS, REVIEW_KIND, Challenge, ChallengeStatus, Need
from colab.content import Content, check_content, search_text, theme_ids_by, theme_ids_column, themes_by
from colab.counting import capped_count
from colab.db import placeholders
from colab.errors import ColabError, ErrorCode, ErrorCollector, forbidden
from colab.events import publish
from colab.lean import Row, as_datetime, as_optional_datetime, parse_ids
from colab.organizations.models import MembershipRole
from colab.organizations.service import get_organization, role_in
from colab.search import matching, query_terms
from colab.territories.models import Theme
from colab.territories.service import territory_scope
from colab.validation import as_utc, utcnow
from moderation.models import Decision
from moderation.submission import send_to_review
from moderation.visibility import hidden_ids, hidden_sql, is_hidden, public_only

#: the states anyone may see
PUBLIC = (ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED)
#: states in which a challenge is no longer edited
_FINAL = (ChallengeStatus.CLOSED, ChallengeStatus.REJECTED)
_EDITABLE = (ChallengeStatus.PENDING_REVIEW, ChallengeStatus.PUBLISHED)


class ChallengeOrder(str, Enum):
    NEWEST = "NEWEST"
    CLOSING_SOON = "CLOSING_SOON"


@dataclass
class ChallengeFilter:
    territory_id: int | None = None
    theme_id: int | None = None
    need: Need | None = None
    search: str = ""
    organization_id: int | None = None
    status: ChallengeStatus = ChallengeStatus.PUBLISHED
    accepting_ideas: bool | None = None
    order: ChallengeOrder = ChallengeOrder.NEWEST
    #: with status PUBLISHED, also list the closed ones (an organization's page shows both)
    include_closed: bool = False


@dataclass
class ChallengeDraft(Content):
    """What a poster writes; on update, fields left as None keep their value."""

    ideas_open_until: datetime | None = None


async def _validate(draft: ChallengeDraft, *, creating: bool, current: Challenge | None = None) -> dict[str, object]:
    """Check every field the draft carries; return the column values to write."""
    errors = ErrorCollector()
    values = await check_content(draft, errors, creating=creating)
    if creating or draft.ideas_open_until is not None:
        if draft.ideas_open_until is None:
            errors.add(ErrorCode.REQUIRED, "Indiquez jusqu'à quand les idées sont ouvertes.", "ideasOpenUntil")
        else:
            until = as_utc(draft.ideas_open_until)
            unchanged = current is not None and current.ideas_open_until == until
            if until <= utcnow() and not unchanged:
                errors.add(ErrorCode.DATE_IN_PAST, "La date de clôture des idées doit être future.", "ideasOpenUntil")
            values["ideas_open_until"] = until
    errors.raise_if_any()
    return values


def _search_text(challenge: Challenge) -> str:
    return search_text(challenge.title, challenge.summary, challenge.body)


async def post_challenge(actor: Actor, organization_id: int, draft: ChallengeDraft) -> Challenge:
    """A member of the organization posts; published at once if it is verified, else held for review."""
    user_id = require_login(actor)
    organization = await get_organization(organization_id)
    if await role_in(actor, organization.id) is None:
        raise forbidden("Seuls les membres de l'organisation peuvent publier un défi en son nom.")
    values = await _validate(draft, creating=True)
    theme_ids = values.pop("theme_ids")
    now = utcnow()
    status = ChallengeStatus.PUBLISHED if organization.verified else ChallengeStatus.PENDING_REVIEW
    async with in_transaction():
        challenge = Challenge(
            organization_id=organization.id,
            author_id=user_id,
            status=status,
            published_at=now if status is ChallengeStatus.PUBLISHED else None,
            **values,
        )
        challenge.search_text = _search_text(challenge)
        await challenge.save()
        await challenge.themes.add(*await Theme.filter(id__in=theme_ids))
        if status is ChallengeStatus.PENDING_REVIEW:
            await _send_to_review(challenge, user_id, now)
        else:
            await publish(
                ChallengePublished(
                    subject_id=challenge.id,
                    actor_id=user_id,
                    challenge_id=challenge.id,
                    title=challenge.title,
                    organization_id=challenge.organization_id,
                    author_id=user_id,
                )
            )
    return challenge


async def _send_to_review(challenge: Challenge, author_id: int, now: datetime) -> None:
    await publish(
        ChallengeSubmitted(
            subject_id=challenge.id,
            actor_id=author_id,
            challenge_id=challenge.id,
            title=challenge.title,
            organization_id=challenge.organization_id,
        )
    )
    await send_to_review(
        REVIEW_KIND,
        challenge.id,
        author_id=author_id,
        title=challenge.title,
        summary=challenge.summary,
        body=challenge.body,
        now=now,
    )


_OUTCOMES = {
    Decision.ADMIT: ChallengeStatus.PUBLISHED,
    Decision.REQUEST_CHANGES: ChallengeStatus.CHANGES_REQUESTED,
    Decision.REJECT: ChallengeStatus.REJECTED,
}


async def apply_review(challenge_id: int, decision: Decision) -> Challenge:
    """A moderator's decision on a challenge of an unverified organization (inside the deciding transaction)."""
    now = utcnow()
    status = _OUTCOMES[decision]
    if not await Challenge.filter(id=challenge_id, status=ChallengeStatus.PENDING_REVIEW).update(
        status=status, published_at=now if status is ChallengeStatus.PUBLISHED else None
    ):
        raise ColabError(ErrorCode.ALREADY_DECIDED, "Ce défi n'attend plus de décision.", "itemId")
    return await Challenge.get(id=challenge_id)


def may_manage(actor: Actor, role: MembershipRole | None) -> bool:
    """Admins and the organization's managers edit and close its challenges (role: the actor's role there)."""
    return may_manage_organization(actor, role)


async def can_manage(actor: Actor, challenge: Challenge) -> bool:
    return may_manage(actor, await role_in(actor, challenge.organization_id))


async def managed_challenge(actor: Actor, challenge_id: int) -> Challenge:
    """The challenge, if the actor may edit and close it."""
    require_login(actor)
    challenge = await get_challenge(actor, challenge_id)
    if not await can_manage(actor, challenge):
        raise forbidden("Seuls les gestionnaires de l'organisation peuvent modifier ce défi.")
    return challenge


async def update_challenge(actor: Actor, challenge_id: int, draft: ChallengeDraft) -> Challenge:
    """Managers edit an open challenge; only the fields given change; a revision asked for goes back to review."""
    challenge = await managed_challenge(actor, challenge_id)
    if challenge.status in _FINAL:
        raise _final(challenge)
    values = await _validate(draft, creating=False, current=challenge)
    theme_ids = values.pop("theme_ids", None)
    now = utcnow()
    resubmit = challenge.status is ChallengeStatus.CHANGES_REQUESTED
    if resubmit:
        values["status"] = ChallengeStatus.PENDING_REVIEW
    async with in_transaction():
        challenge.update_from_dict(values)
        challenge.search_text = _search_text(challenge)
        # a conditional UPDATE of the given columns, not save(): save() would write back the status
        # read above and reopen a challenge closed meanwhile; the row lock also orders theme rewrites
        expected = [ChallengeStatus.CHANGES_REQUESTED] if resubmit else [*_EDITABLE]
        if not await Challenge.filter(id=challenge.id, status__in=expected).update(
            **values, search_text=challenge.search_text, updated_at=now
        ):
            await challenge.refresh_from_db()
            raise _final(challenge)
        challenge.updated_at = now
        if theme_ids is not None:
            await challenge.themes.clear()
            await challenge.themes.add(*await Theme.filter(id__in=theme_ids))
        if resubmit:
            await _send_to_review(challenge, actor.user_id or challenge.author_id, now)
        await publish(
            ChallengeEdited(
                subject_id=challenge.id, actor_id=actor.user_id, challenge_id=challenge.id, title=challenge.title
            )
        )
    return challenge


def _final(challenge: Challenge) -> ColabError:
    if challenge.status is ChallengeStatus.REJECTED:
        return ColabError(ErrorCode.ILLEGAL_TRANSITION, "Ce défi a été refusé par la modération ; il reste tel quel.")
    if challenge.status is ChallengeStatus.CLOSED:
        return ColabError(ErrorCode.CHALLENGE_CLOSED, "Ce défi est clôturé ; il ne peut plus être modifié.")
    return ColabError(ErrorCode.ILLEGAL_TRANSITION, "Ce défi a changé d'état entre-temps : rechargez la page.")


async def close_challenge(actor: Actor, challenge_id: int) -> Challenge:
    """Managers close a challenge: it stays visible but takes no more ideas."""
    challenge = await managed_challenge(actor, challenge_id)
    async with in_transaction():
        # only a published challenge closes: closing one under review would make it public unreviewed
        closed = await Challenge.filter(id=challenge.id, status=ChallengeStatus.PUBLISHED).update(
            status=ChallengeStatus.CLOSED, closed_at=utcnow()
        )
        if closed:
            await publish(
                ChallengeClosed(
                    subject_id=challenge.id,
                    actor_id=actor.user_id,
                    challenge_id=challenge.id,
                    title=challenge.title,
                    organization_id=challenge.organization_id,
                )
            )
    if not closed:
        await challenge.refresh_from_db()
        if challenge.status is ChallengeStatus.CLOSED:
            raise ColabError(ErrorCode.CHALLENGE_CLOSED, "Ce défi est déjà clôturé.")
        raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Seul un défi publié peut être clôturé.")
    await challenge.refresh_from_db()
    return challenge


async def can_see(actor: Actor, challenge: Challenge) -> bool:
    """Published and closed challenges are public unless reported and hidden; the others (and hidden ones) only
    to their organization and moderators."""
    if may_see_under_review(actor):
        return True
    if challenge.status in PUBLIC and not await is_hidden(REVIEW_KIND, challenge.id):
        return True
    return await role_in(actor, challenge.organization_id) is not None


async def get_challenge(actor: Actor, challenge_id: int, field: str = "challengeId") -> Challenge:
    challenge = await Challenge.get_or_none(id=challenge_id)
    if challenge is None or not await can_see(actor, challenge):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce défi n'existe pas.", field)
    return challenge


async def find_challenge(actor: Actor, challenge_id: int) -> Challenge | None:
    try:
        return await get_challenge(actor, challenge_id)
    except ColabError:
        return None


def _filtered(
    actor: Actor, filters: ChallengeFilter, scope: list[int] | None, hidden: Q
) -> tuple[QuerySet[Challenge], bool]:
    """The challenges matching the filters (`scope`: the territory filter's ids; `hidden`: the filter keeping
    hidden ones out of public lists), and whether a search ranks them."""
    query = Challenge.all()
    if filters.status not in PUBLIC and not may_see_under_review(actor):
        # people see the unpublished challenges of their own organizations only
        # a join, not a values_list() subquery, which Tortoise cannot take as an `__in` value
        query = query.filter(organization__memberships__user_id=actor.user_id or 0)
    if filters.include_closed and filters.status is ChallengeStatus.PUBLISHED:
        query = query.filter(status__in=[ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED])
    else:
        query = query.filter(status=filters.status)
    if filters.status in PUBLIC:
        query = query.filter(hidden)
    if scope is not None:
        query = query.filter(territory_id__in=scope)
    if filters.theme_id is not None:
        query = query.filter(themes__id=filters.theme_id)
    if filters.need is not None:
        query = query.filter(**{NEED_COLUMNS[filters.need]: True})
    if filters.organization_id is not None:
        query = query.filter(organization_id=filters.organization_id)
    if filters.accepting_ideas is not None:
        now = utcnow()
        query = (
            query.filter(ideas_open_until__gt=now)
            if filters.accepting_ideas
            else query.filter(ideas_open_until__lte=now)
        )
    return matching(query, "challenge", filters.search)


async def _matching(actor: Actor, filters: ChallengeFilter) -> tuple[Callable[[], QuerySet[Challenge]], Hashable]:
    """What builds the filtered, ordered query, and a key that decides its SQL and parameters (None when they
    depend on who asks or on the clock): see colab.lean.page."""
    scope = await territory_scope(filters.territory_id) if filters.territory_id is not None else None
    public = filters.status in PUBLIC

    def build() -> QuerySet[Challenge]:
        query, searched = _filtered(actor, filters, scope, public_only(REVIEW_KIND) if public else Q())
        ordering: tuple[str, ...] = (
            ("ideas_open_until", "id") if filters.order is ChallengeOrder.CLOSING_SOON else ("-created_at", "-id")
        )
        if searched and filters.order is not ChallengeOrder.CLOSING_SOON:
            ordering = ("-search_rank", *ordering)
        return query.order_by(*ordering)

    # a public list does not depend on who asks (unpublished ones do); acceptingIdeas compares with now
    stable = public and filters.accepting_ideas is None
    return build, ("challenge", astuple(filters), None if scope is None else tuple(scope)) if stable else None


async def list_challenges(
    actor: Actor, filters: ChallengeFilter, *, offset: int = 0, limit: int = 20, count: bool = True
) -> tuple[list[Challenge], int]:
    """The challenges matching the filters, newest first by default, with the total (capped: colab.counting;
    0 when `count` is false)."""
    build, _ = await _matching(actor, filters)
    query = build()
    total = await capped_count(query) if count else 0
    return await query.offset(offset).limit(limit), total


@dataclass(frozen=True, slots=True)
class ChallengeRecord:
    """A challenge as a list shows it, read without building a model (colab.lean); `body` is "" unless asked,
    `joined`: the values of the related columns asked for with it (`also`), in that order."""

    id: int
    title: str
    summary: str
    body: str
    ideas_open_until: datetime
    status: ChallengeStatus
    created_at: datetime
    published_at: datetime | None
    closed_at: datetime | None
    needs: list[Need]
    organization_id: int
    territory_id: int
    joined: Row = ()
    #: with `with_themes`: the theme ids, read in the same statement
    theme_ids: tuple[int, ...] | None = None

    @property
    def accepting_ideas(self) -> bool:
        return self.status is ChallengeStatus.PUBLISHED and self.ideas_open_until > utcnow()


RECORD_COLUMNS = (
    "id", "title", "summary", "ideas_open_until", "status", "created_at", "published_at", "closed_at",
    *NEED_COLUMNS.values(), "organization_id", "territory_id",
)  # fmt: skip
_NEEDS = tuple(NEED_COLUMNS)


def record_of(own: Row, body: str = "", joined: Row = (), theme_ids: tuple[int, ...] | None = None) -> ChallengeRecord:
    """A record from its own columns (RECORD_COLUMNS' order) and the parts read with them (colab.lean.Parts)."""
    return ChallengeRecord(
        id=own[0],
        title=own[1],
        summary=own[2],
        body=body,
        joined=joined,
        theme_ids=theme_ids,
        ideas_open_until=as_datetime(own[3]),
        status=ChallengeStatus(own[4]),
        created_at=as_datetime(own[5]),
        published_at=as_optional_datetime(own[6]),
        closed_at=as_optional_datetime(own[7]),
        needs=[need for need, on in zip(_NEEDS, own[8:12], strict=True) if on],
        organization_id=own[12],
        territory_id=own[13],
    )


async def challenge_records(
    actor: Actor,
    filters: ChallengeFilter,
    *,
    offset: int = 0,
    limit: int = 20,
    count: bool = True,
    with_body: bool = False,
    with_themes: bool = False,
    also: Sequence[str] = (),
) -> tuple[list[ChallengeRecord], int]:
    """`list_challenges` for the API's hot path: the same rows, in the same order, as records; `also`: related
    columns (Tortoise's `relation__column`) read in the same statement, in each record's `joined`."""
    build, key = await _matching(actor, filters)
    found, total = await lean.records_page(
        build,
        RECORD_COLUMNS,
        text="body",
        with_text=with_body,
        also=also,
        themes=theme_ids_column(Challenge) if with_themes else None,
        offset=offset,
        limit=limit,
        count=count,
        ranked=bool(query_terms(filters.search)) and filters.order is not ChallengeOrder.CLOSING_SOON,
        key=key,
    )
    return [record_of(p.own, p.text, p.joined, p.theme_ids) for p in found], total


async def challenge_record(actor: Actor, challenge_id: int, *, also: Sequence[str] = ()) -> ChallengeRecord | None:
    """One challenge for a detail read, as `find_challenge` sees it (None when the actor may not see it), in one
    statement: its columns and body, the joined columns `also`, its theme ids and whether it is hidden."""
    hidden = f'EXISTS ({hidden_sql(REVIEW_KIND)} AND subject_id = "challenge"."id")'
    found, _ = await lean.page(
        lambda: Challenge.filter(id=challenge_id),
        (*RECORD_COLUMNS, "body", *also),
        offset=0,
        limit=1,
        count=False,
        computed={"theme_ids": theme_ids_column(Challenge), "hidden": hidden},
        key=("challenge detail", challenge_id, tuple(also)),
    )
    if not found:
        return None
    row, n = found[0], len(RECORD_COLUMNS)
    record = record_of(row[:n], row[n], row[n + 1 : -2], parse_ids(row[-2]))
    if may_see_under_review(actor) or (record.status in PUBLIC and not row[-1]):
        return record
    return record if await role_in(actor, record.organization_id) is not None else None


async def theme_ids_by_challenge(challenge_ids: Sequence[int]) -> dict[int, list[int]]:
    """The theme ids of many challenges in one query (names come from the reference data)."""
    return await theme_ids_by(Challenge, challenge_ids)


async def themes_by_challenge(challenge_ids: Sequence[int]) -> dict[int, list[Theme]]:
    """Themes of many challenges in one query (for DataLoaders and list pages)."""
    return await themes_by(Challenge, challenge_ids)


async def public_challenges_by_organization(
    organization_ids: Sequence[int], *, offset: int, limit: int
) -> dict[int, tuple[list[Challenge], int]]:
    """One page of published and closed challenges (newest first) and the total, for many organizations at once."""
    ids = sorted(set(organization_ids))
    result: dict[int, tuple[list[Challenge], int]] = {i: ([], 0) for i in ids}
    if not ids:
        return result
    public = list(PUBLIC)
    totals = (
        await Challenge.filter(organization_id__in=ids, status__in=public, id__not_in=hidden_ids(REVIEW_KIND))
        .group_by("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    connection = connections.get("default")
    marks = placeholders(connection, len(ids) + 4)
    # a window function ranks each organization's challenges: one statement whatever the number of organizations
    rows = await connection.execute_query_dict(
        f"""SELECT id FROM (
              SELECT id, ROW_NUMBER() OVER (PARTITION BY organization_id ORDER BY created_at DESC, id DESC) AS rank
              FROM challenge WHERE organization_id IN ({", ".join(marks[:-4])}) AND status IN ({marks[-4]}, {marks[-3]})
                AND id NOT IN ({hidden_sql(REVIEW_KIND)})
            ) ranked WHERE rank > {marks[-2]} AND rank <= {marks[-1]}""",
        [*ids, *(s.value for s in public), offset, offset + limit],
    )
    found = await Challenge.filter(id__in=[r["id"] for r in rows]).order_by("-created_at", "-id")
    pages: dict[int, list[Challenge]] = {i: [] for i in ids}
    for challenge in found:
        pages[challenge.organization_id].append(challenge)
    counts = dict(totals)
    return {i: (pages[i], counts.get(i, 0)) for i in ids}
