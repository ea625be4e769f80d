"""Matching funds: a verified organization's managers open one, edit, pause and close it; its page's data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from colab.actors import Actor, require_write
from colab.challenges.models import Challenge
from colab.errors import ColabError, ErrorCode, ErrorCollector, forbidden
from colab.events import publish
from colab.funding.fund_events import FundCreated, FundStatusChanged
from colab.funding.fund_models import FundStatus, MatchingFund
from colab.organizations.models import Organization
from colab.organizations.service import get_organization, is_manager
from colab.territories.models import Territory, Theme
from colab.validation import as_utc, check_text, clean_line, utcnow

NAME_MAX = 120
DESCRIPTION_MAX = 2000
#: a fund holds at most 20 million euros (GraphQL integers are 32-bit); a factor at most 10 euros for one
BUDGET_MAX_CENTS = 2_000_000_000
FACTOR_MAX = 10
TARGETS_MAX = 20


@dataclass
class FundDraft:
    """What a manager writes; on edit, fields left as None keep their value (a cap set to 0 is removed)."""

    name: str | None = None
    description: str | None = None
    budget_cents: int | None = None
    factor_numerator: int | None = None
    factor_denominator: int | None = None
    cap_per_pledge_cents: int | None = None
    cap_per_project_cents: int | None = None
    cap_per_backer_cents: int | None = None
    challenge_ids: Sequence[int] | None = None
    territory_ids: Sequence[int] | None = None
    theme_ids: Sequence[int] | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None


_CAPS = (
    ("cap_per_pledge_cents", "capPerPledgeCents", "Le plafond par soutien"),
    ("cap_per_project_cents", "capPerProjectCents", "Le plafond par projet"),
    ("cap_per_backer_cents", "capPerBackerCents", "Le plafond par contributeur"),
)


def _check_amounts(
    draft: FundDraft, errors: ErrorCollector, values: dict[str, object], current: MatchingFund | None
) -> None:
    creating = current is None
    if creating or draft.budget_cents is not None:
        budget = draft.budget_cents or 0
        if not 0 < budget <= BUDGET_MAX_CENTS:
            errors.add(ErrorCode.INVALID, "Le budget doit être positif (20 millions d'euros au plus).", "budgetCents")
        values["budget_cents"] = budget
    if creating or draft.factor_numerator is not None or draft.factor_denominator is not None:
        numerator = (
            draft.factor_numerator
            if draft.factor_numerator is not None
            else (current.factor_numerator if current else 1)
        )
        denominator = (
            draft.factor_denominator
            if draft.factor_denominator is not None
            else (current.factor_denominator if current else 1)
        )
        if numerator < 1 or denominator < 1 or numerator > FACTOR_MAX * denominator:
            errors.add(
                ErrorCode.INVALID,
                f"Le facteur est une fraction positive d'au plus {FACTOR_MAX} euros pour un euro.",
                "factorNumerator",
            )
        values.update(factor_numerator=numerator, factor_denominator=denominator)
    for column, field, label in _CAPS:
        cap = getattr(draft, column)
        if cap is None:
            continue
        if cap < 0 or cap > BUDGET_MAX_CENTS:
            errors.add(ErrorCode.INVALID, f"{label} doit être positif (ou vide).", field)
        values[column] = cap or None


async def _check_targets(draft: FundDraft, errors: ErrorCollector, targets: dict[str, list[int]]) -> None:
    for ids, key, model, code, field in (
        (draft.challenge_ids, "challenges", Challenge, ErrorCode.NOT_FOUND, "challengeIds"),
        (draft.territory_ids, "territories", Territory, ErrorCode.UNKNOWN_TERRITORY, "territoryIds"),
        (draft.theme_ids, "themes", Theme, ErrorCode.UNKNOWN_THEME, "themeIds"),
    ):
        if ids is None:
            continue
        wanted = sorted(set(ids))
        if len(wanted) > TARGETS_MAX:
            errors.add(ErrorCode.INVALID, f"{TARGETS_MAX} éléments au plus.", field)
        elif len(await model.filter(id__in=wanted).values_list("id", flat=True)) != len(wanted):
            errors.add(code, "Un des éléments choisis n'existe pas.", field)
        targets[key] = wanted


async def _validate(
    draft: FundDraft, *, current: MatchingFund | None = None
) -> tuple[dict[str, object], dict[str, list[int]]]:
    """Check every field the draft carries; return the column values and the targets to write."""
    creating = current is None
    errors = ErrorCollector()
    values: dict[str, object] = {}
    if creating or draft.name is not None:
        name = clean_line(draft.name)
        check_text(errors, "name", name, max_length=NAME_MAX, min_length=3, label="Le nom")
        values["name"] = name
    if draft.description is not None:
        description = (draft.description or "").strip()
        if len(description) > DESCRIPTION_MAX:
            errors.add(
                ErrorCode.TOO_LONG, f"La description ne peut dépasser {DESCRIPTION_MAX} caractères.", "description"
            )
        values["description"] = description
    _check_amounts(draft, errors, values, current)
    opens_at = as_utc(draft.opens_at) if draft.opens_at else (utcnow() if creating else None)
    closes_at = as_utc(draft.closes_at) if draft.closes_at else None
    if creating and closes_at is None:
        errors.add(ErrorCode.REQUIRED, "Indiquez jusqu'à quand le fonds double les soutiens.", "closesAt")
    if closes_at is not None and closes_at <= utcnow() and (current is None or current.closes_at != closes_at):
        errors.add(ErrorCode.DATE_IN_PAST, "La fin du fonds doit être future.", "closesAt")
    start = opens_at or (current.opens_at if current else None)
    end = closes_at or (current.closes_at if current else None)
    if start and end and end <= start:
        errors.add(ErrorCode.INVALID, "La fin du fonds doit suivre son ouverture.", "closesAt")
    values.update({k: v for k, v in (("opens_at", opens_at), ("closes_at", closes_at)) if v is not None})
    targets: dict[str, list[int]] = {}
    await _check_targets(draft, errors, targets)
    errors.raise_if_any()
    return values, targets


async def _require_manager(actor: Actor, organization: Organization) -> None:
    require_write(actor)
    if not await is_manager(actor, organization.id):
        raise forbidden("Seuls les gestionnaires de l'organisation gèrent ses fonds.")


async def _set_targets(fund: MatchingFund, targets: dict[str, list[int]]) -> None:
    for key, model in (("challenges", Challenge), ("territories", Territory), ("themes", Theme)):
        if key in targets:
            relation = getattr(fund, key)
            await relation.clear()
            if targets[key]:
                await relation.add(*await model.filter(id__in=targets[key]))


async def create_matching_fund(actor: Actor, organization_id: int, draft: FundDraft) -> MatchingFund:
    """A verified organization's manager (or an admin) opens a fund; it matches pledges from `opens_at`."""
    organization = await get_organization(organization_id)
    await _require_manager(actor, organization)
    if not organization.verified:
        raise ColabError(
            ErrorCode.ORGANIZATION_NOT_VERIFIED,
            "Seule une organisation vérifiée peut ouvrir un fonds de doublement.",
            "organizationId",
        )
    values, targets = await _validate(draft)
    async with in_transaction():
        fund = MatchingFund(organization_id=organization.id, created_by_id=actor.user_id)
        fund.update_from_dict(values)
        await fund.save()
        await _set_targets(fund, targets)
        await publish(
            FundCreated(
                subject_id=fund.id,
                actor_id=actor.user_id,
                title=fund.name,
                organization_id=organization.id,
                budget_cents=fund.budget_cents,
            )
        )
    return fund


async def get_fund(fund_id: int) -> MatchingFund:
    fund = await MatchingFund.get_or_none(id=fund_id)
    if fund is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Ce fonds n'existe pas.", "fundId")
    return fund


async def managed_fund(actor: Actor, fund_id: int) -> MatchingFund:
    """A fund the actor manages (through its organization), or FORBIDDEN."""
    fund = await get_fund(fund_id)
    await _require_manager(actor, await get_organization(fund.organization_id))
    return fund


async def edit_matching_fund(actor: Actor, fund_id: int, draft: FundDraft) -> MatchingFund:
    """Managers change a fund's rules; the budget never drops below what it already committed."""
    fund = await managed_fund(actor, fund_id)
    if fund.status is FundStatus.CLOSED:
        raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Un fonds clôturé ne change plus.", "fundId")
    values, targets = await _validate(draft, current=fund)
    async with in_transaction():
        budget = values.pop("budget_cents", None)
        if isinstance(budget, int):
            # conditional: a pledge matched meanwhile may have raised what is committed
            if not await MatchingFund.filter(id=fund.id, committed_cents__lte=budget).update(budget_cents=budget):
                raise ColabError(
                    ErrorCode.BUDGET_BELOW_COMMITTED,
                    "Le budget ne peut descendre sous ce que le fonds a déjà engagé.",
                    "budgetCents",
                )
        if values:
            await MatchingFund.filter(id=fund.id).update(**values)
        await _set_targets(fund, targets)
    await fund.refresh_from_db()
    return fund


_MOVES = {
    FundStatus.PAUSED: ({FundStatus.ACTIVE}, "Seul un fonds actif peut être mis en pause."),
    FundStatus.ACTIVE: ({FundStatus.PAUSED}, "Seul un fonds en pause peut reprendre."),
    FundStatus.CLOSED: ({FundStatus.ACTIVE, FundStatus.PAUSED}, "Ce fonds est déjà clôturé."),
}


async def _move(actor: Actor, fund_id: int, to: FundStatus) -> MatchingFund:
    fund = await managed_fund(actor, fund_id)
    allowed, message = _MOVES[to]
    async with in_transaction():
        # conditional: two managers (or a pledge's lock) racing see one move succeed
        if not await MatchingFund.filter(id=fund.id, status__in=list(allowed)).update(status=to):
            raise ColabError(ErrorCode.ILLEGAL_TRANSITION, message, "fundId")
        await publish(
            FundStatusChanged(
                subject_id=fund.id,
                actor_id=actor.user_id,
                title=fund.name,
                organization_id=fund.organization_id,
                status=to.value,
            )
        )
    await fund.refresh_from_db()
    return fund


async def pause_matching_fund(actor: Actor, fund_id: int) -> MatchingFund:
    """A paused fund matches no new pledge; what it matched stays."""
    return await _move(actor, fund_id, FundStatus.PAUSED)


async def resume_matching_fund(actor: Actor, fund_id: int) -> MatchingFund:
    return await _move(actor, fund_id, FundStatus.ACTIVE)


async def close_matching_fund(actor: Actor, fund_id: int) -> MatchingFund:
    """Closed for good: no new match; held matches stay until their pledges are paid or released."""
    return await _move(actor, fund_id, FundStatus.CLOSED)
