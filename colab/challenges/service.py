"""Challenges: posted by members of an organization, published at once if it is verified."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_login
from colab.challenges.models import NEED_COLUMNS, Challenge, ChallengeStatus, Need
from colab.errors import ColabError, ErrorCode, ErrorCollector, forbidden
from colab.organizations.models import MembershipRole
from colab.organizations.service import get_organization, membership_role
from colab.territories.models import Territory, Theme
from colab.territories.service import territory_scope
from colab.validation import as_utc, check_text, clean_line, fold, utcnow
from moderation.sanitize import plain_text, rich_text

TITLE_MAX = 120
SUMMARY_MAX = 300
BODY_MAX = 20_000
#: the markup around the text counts too: 20,000 visible characters never need more than this
BODY_HTML_MAX = 100_000
THEMES_MAX = 5


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
class ChallengeDraft:
    """What a poster writes; on update, fields left as None keep their value."""

    title: str | None = None
    summary: str | None = None
    body: str | None = None
    territory_id: int | None = None
    theme_ids: Sequence[int] | None = None
    needs: Sequence[Need] | None = None
    ideas_open_until: datetime | None = None


async def _validate(draft: ChallengeDraft, *, creating: bool, current: Challenge | None = None) -> dict[str, object]:
    """Check every field the draft carries; return the column values to write."""
    errors = ErrorCollector()
    values: dict[str, object] = {}
    if creating or draft.title is not None:
        title = clean_line(draft.title)
        check_text(errors, "title", title, max_length=TITLE_MAX, min_length=5, label="Le titre")
        values["title"] = title
    if creating or draft.summary is not None:
        summary = clean_line(draft.summary)
        check_text(errors, "summary", summary, max_length=SUMMARY_MAX, min_length=10, label="Le résumé")
        values["summary"] = summary
    if creating or draft.body is not None:
        body = rich_text(draft.body or "")
        if len(body) > BODY_HTML_MAX:
            errors.add(ErrorCode.TOO_LONG, "La description contient trop de mise en forme.", "body")
        else:
            check_text(errors, "body", plain_text(body), max_length=BODY_MAX, min_length=20, label="La description")
        values["body"] = body
    if creating or draft.territory_id is not None:
        if draft.territory_id is None:
            errors.add(ErrorCode.REQUIRED, "Choisissez un territoire.", "territoryId")
        elif not await Territory.exists(id=draft.territory_id):
            errors.add(ErrorCode.UNKNOWN_TERRITORY, "Ce territoire n'existe pas.", "territoryId")
        else:
            values["territory_id"] = draft.territory_id
    if creating or draft.theme_ids is not None:
        theme_ids = sorted(set(draft.theme_ids or []))
        if not theme_ids:
            errors.add(ErrorCode.REQUIRED, "Choisissez au moins un thème.", "themeIds")
        elif len(theme_ids) > THEMES_MAX:
            errors.add(ErrorCode.INVALID, f"Choisissez au plus {THEMES_MAX} thèmes.", "themeIds")
        else:
            found = await Theme.filter(id__in=theme_ids).values_list("id", flat=True)
            if len(found) != len(theme_ids):
                errors.add(ErrorCode.UNKNOWN_THEME, "Un des thèmes choisis n'existe pas.", "themeIds")
        values["theme_ids"] = theme_ids
    if creating or draft.needs is not None:
        needs = set(draft.needs or [])
        if not needs:
            errors.add(ErrorCode.NEEDS_REQUIRED, "Dites ce qui vous manque : au moins un besoin.", "needs")
        for need, column in NEED_COLUMNS.items():
            values[column] = need in needs
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
    return fold(f"{challenge.title} {challenge.summary} {plain_text(challenge.body)}")


async def post_challenge(actor: Actor, organization_id: int, draft: ChallengeDraft) -> Challenge:
    """A member of the organization posts; published at once if it is verified, else held for review."""
    user_id = require_login(actor)
    organization = await get_organization(organization_id)
    if await membership_role(user_id, organization.id) is None:
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
    return challenge


def may_manage(actor: Actor, role: MembershipRole | None) -> bool:
    """Admins and the organization's managers edit and close its challenges (role: the actor's role there)."""
    return actor.is_admin or role is MembershipRole.MANAGER


async def can_manage(actor: Actor, challenge: Challenge) -> bool:
    return may_manage(actor, await membership_role(actor.user_id, challenge.organization_id))


async def managed_challenge(actor: Actor, challenge_id: int) -> Challenge:
    """The challenge, if the actor may edit and close it."""
    require_login(actor)
    challenge = await get_challenge(actor, challenge_id)
    if not await can_manage(actor, challenge):
        raise forbidden("Seuls les gestionnaires de l'organisation peuvent modifier ce défi.")
    return challenge


async def update_challenge(actor: Actor, challenge_id: int, draft: ChallengeDraft) -> Challenge:
    """Managers edit an open challenge; only the fields given change."""
    challenge = await managed_challenge(actor, challenge_id)
    if challenge.status is ChallengeStatus.CLOSED:
        raise ColabError(ErrorCode.CHALLENGE_CLOSED, "Ce défi est clôturé ; il ne peut plus être modifié.")
    values = await _validate(draft, creating=False, current=challenge)
    theme_ids = values.pop("theme_ids", None)
    now = utcnow()
    async with in_transaction():
        challenge.update_from_dict(values)
        challenge.search_text = _search_text(challenge)
        # a conditional UPDATE of the given columns, not save(): save() would write back the status
        # read above and reopen a challenge closed meanwhile; the row lock also orders theme rewrites
        updated = (
            await Challenge.filter(id=challenge.id)
            .exclude(status=ChallengeStatus.CLOSED)
            .update(**values, search_text=challenge.search_text, updated_at=now)
        )
        if not updated:
            raise ColabError(ErrorCode.CHALLENGE_CLOSED, "Ce défi est clôturé ; il ne peut plus être modifié.")
        challenge.updated_at = now
        if theme_ids is not None:
            await challenge.themes.clear()
            await challenge.themes.add(*await Theme.filter(id__in=theme_ids))
    return challenge


async def close_challenge(actor: Actor, challenge_id: int) -> Challenge:
    """Managers close a challenge: it stays visible but takes no more ideas."""
    challenge = await managed_challenge(actor, challenge_id)
    closed = (
        await Challenge.filter(id=challenge.id)
        .exclude(status=ChallengeStatus.CLOSED)
        .update(status=ChallengeStatus.CLOSED, closed_at=utcnow())
    )
    if not closed:
        raise ColabError(ErrorCode.CHALLENGE_CLOSED, "Ce défi est déjà clôturé.")
    await challenge.refresh_from_db()
    return challenge


async def can_see(actor: Actor, challenge: Challenge) -> bool:
    """Published and closed challenges are public; a pending one only to its organization and moderators."""
    if challenge.status is not ChallengeStatus.PENDING_REVIEW or actor.is_moderator:
        return True
    return await membership_role(actor.user_id, challenge.organization_id) is not None


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


async def list_challenges(
    actor: Actor, filters: ChallengeFilter, *, offset: int = 0, limit: int = 20
) -> tuple[list[Challenge], int]:
    """The challenges matching the filters, newest first by default, with the total count."""
    query = Challenge.all()
    if filters.status is ChallengeStatus.PENDING_REVIEW and not actor.is_moderator:
        # people see the pending challenges of their own organizations only
        # a join, not a values_list() subquery, which Tortoise cannot take as an `__in` value
        query = query.filter(organization__memberships__user_id=actor.user_id or 0)
    if filters.include_closed and filters.status is ChallengeStatus.PUBLISHED:
        query = query.filter(status__in=[ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED])
    else:
        query = query.filter(status=filters.status)
    if filters.territory_id is not None:
        scope = await territory_scope(filters.territory_id)
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
    for word in fold(filters.search).split()[:8]:
        query = query.filter(search_text__contains=word)
    total = await query.count()
    ordering = ("ideas_open_until", "id") if filters.order is ChallengeOrder.CLOSING_SOON else ("-created_at", "-id")
    items = await query.order_by(*ordering).offset(offset).limit(limit)
    return items, total


async def themes_by_challenge(challenge_ids: Sequence[int]) -> dict[int, list[Theme]]:
    """Themes of many challenges in one query (for DataLoaders and list pages)."""
    result: dict[int, list[Theme]] = {cid: [] for cid in challenge_ids}
    if not challenge_ids:
        return result
    # start from the challenges: the join then follows the (challenge_id, theme_id) index
    rows = await Challenge.filter(id__in=list(challenge_ids)).values(
        "id", "themes__id", "themes__slug", "themes__name", "themes__position"
    )
    for row in rows:
        if row["themes__id"] is not None:
            result[row["id"]].append(
                Theme(
                    id=row["themes__id"],
                    slug=row["themes__slug"],
                    name=row["themes__name"],
                    position=row["themes__position"],
                )
            )
    for items in result.values():
        items.sort(key=lambda t: (t.position, t.name))
    return result


async def public_challenges_by_organization(
    organization_ids: Sequence[int], *, offset: int, limit: int
) -> dict[int, tuple[list[Challenge], int]]:
    """One page of published and closed challenges (newest first) and the total, for many organizations at once."""
    ids = sorted(set(organization_ids))
    result: dict[int, tuple[list[Challenge], int]] = {i: ([], 0) for i in ids}
    if not ids:
        return result
    public = [ChallengeStatus.PUBLISHED, ChallengeStatus.CLOSED]
    totals = (
        await Challenge.filter(organization_id__in=ids, status__in=public)
        .group_by("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    connection = connections.get("default")
    marks = _placeholders(connection, len(ids) + 4)
    # a window function ranks each organization's challenges: one statement whatever the number of organizations
    rows = await connection.execute_query_dict(
        f"""SELECT id FROM (
              SELECT id, ROW_NUMBER() OVER (PARTITION BY organization_id ORDER BY created_at DESC, id DESC) AS rank
              FROM challenge WHERE organization_id IN ({", ".join(marks[:-4])}) AND status IN ({marks[-4]}, {marks[-3]})
            ) ranked WHERE rank > {marks[-2]} AND rank <= {marks[-1]}""",
        [*ids, *(s.value for s in public), offset, offset + limit],
    )
    found = await Challenge.filter(id__in=[r["id"] for r in rows]).order_by("-created_at", "-id")
    pages: dict[int, list[Challenge]] = {i: [] for i in ids}
    for challenge in found:
        pages[challenge.organization_id].append(challenge)
    counts = dict(totals)
    return {i: (pages[i], counts.get(i, 0)) for i in ids}


def _placeholders(connection: BaseDBAsyncClient, count: int) -> list[str]:
    if connection.capabilities.dialect == "postgres":
        return [f"${n}" for n in range(1, count + 1)]
    return ["?"] * count
