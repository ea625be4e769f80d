"""Opening, editing, pausing and closing matching funds: who may, and the rules a fund's draft must follow."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from colab.actors import Actor, Role
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.funding.fund_models import FundStatus, MatchingFund
from colab.funding.funds import (
    FundDraft,
    close_matching_fund,
    create_matching_fund,
    edit_matching_fund,
    pause_matching_fund,
    resume_matching_fund,
)
from colab.organizations.models import MembershipRole
from colab.validation import utcnow
from tests.conftest import actor_of, make_challenge, make_org, make_user, territory, theme
from tests.funding.fund_factories import DRAFT, fund_manager, live_campaign, make_fund, matched, pledge_row


def _draft(**overrides: object) -> FundDraft:
    values: dict[str, object] = {"closes_at": utcnow() + timedelta(days=30), **overrides}
    return replace(DRAFT, **values)  # type: ignore[arg-type]


async def _refused(code: ErrorCode, call: object) -> ColabError:
    with pytest.raises(ColabError) as caught:
        await call  # type: ignore[misc]
    assert caught.value.code is code, caught.value
    return caught.value


async def test_a_manager_of_a_verified_organization_opens_a_fund(db: None) -> None:
    actor, org = await fund_manager()
    namur = await territory("90000")
    fund = await create_matching_fund(actor, org.id, _draft(territory_ids=[namur.id]))
    assert (fund.organization_id, fund.budget_cents, fund.committed_cents) == (org.id, 100_000, 0)
    assert fund.status is FundStatus.ACTIVE and fund.opens_at <= utcnow()
    assert [t.id for t in await fund.territories.all()] == [namur.id]
    assert await Event.filter(kind="funding.fund_created", subject_id=fund.id).exists()


async def test_an_admin_opens_a_fund_for_an_organization(db: None) -> None:
    admin = await make_user(Role.ADMIN)
    org = await make_org()
    fund = await create_matching_fund(actor_of(admin), org.id, _draft())
    assert fund.created_by_id == admin.id


async def test_a_plain_member_may_not_open_a_fund(db: None) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    await _refused(ErrorCode.FORBIDDEN, create_matching_fund(actor_of(member), org.id, _draft()))


async def test_an_anonymous_visitor_may_not_open_a_fund(db: None) -> None:
    org = await make_org()
    await _refused(ErrorCode.UNAUTHENTICATED, create_matching_fund(Actor(), org.id, _draft()))


async def test_an_unverified_organization_may_not_open_a_fund(db: None) -> None:
    actor, org = await fund_manager(verified=False)
    await _refused(ErrorCode.ORGANIZATION_NOT_VERIFIED, create_matching_fund(actor, org.id, _draft()))


async def test_an_unknown_organization_is_not_found(db: None) -> None:
    actor, _ = await fund_manager()
    await _refused(ErrorCode.NOT_FOUND, create_matching_fund(actor, 999_999, _draft()))


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"name": ""}, ErrorCode.REQUIRED, "name"),
        ({"name": "x" * 121}, ErrorCode.TOO_LONG, "name"),
        ({"description": "x" * 2001}, ErrorCode.TOO_LONG, "description"),
        ({"budget_cents": 0}, ErrorCode.INVALID, "budgetCents"),
        ({"factor_numerator": 11}, ErrorCode.INVALID, "factorNumerator"),
        ({"factor_denominator": 0, "factor_numerator": 0}, ErrorCode.INVALID, "factorNumerator"),
        ({"cap_per_pledge_cents": -1}, ErrorCode.INVALID, "capPerPledgeCents"),
        ({"cap_per_project_cents": -1}, ErrorCode.INVALID, "capPerProjectCents"),
        ({"cap_per_backer_cents": -1}, ErrorCode.INVALID, "capPerBackerCents"),
        ({"closes_at": None}, ErrorCode.REQUIRED, "closesAt"),
        ({"territory_ids": [999_999]}, ErrorCode.UNKNOWN_TERRITORY, "territoryIds"),
        ({"theme_ids": [999_999]}, ErrorCode.UNKNOWN_THEME, "themeIds"),
        ({"challenge_ids": [999_999]}, ErrorCode.NOT_FOUND, "challengeIds"),
        ({"theme_ids": list(range(1, 30))}, ErrorCode.INVALID, "themeIds"),
    ],
)
async def test_a_bad_draft_is_refused_with_its_field(
    db: None, overrides: dict[str, object], code: ErrorCode, field: str
) -> None:
    actor, org = await fund_manager()
    draft = replace(DRAFT, closes_at=utcnow() + timedelta(days=30))
    for key, value in overrides.items():
        setattr(draft, key, value)
    error = await _refused(code, create_matching_fund(actor, org.id, draft))
    assert error.field == field


async def test_a_fund_ending_in_the_past_or_before_it_opens_is_refused(db: None) -> None:
    actor, org = await fund_manager()
    await _refused(ErrorCode.DATE_IN_PAST, create_matching_fund(actor, org.id, _draft(closes_at=utcnow())))
    late_start = _draft(opens_at=utcnow() + timedelta(days=40))
    error = await _refused(ErrorCode.INVALID, create_matching_fund(actor, org.id, late_start))
    assert error.field == "closesAt"


async def test_a_manager_edits_the_rules_and_the_targets(db: None) -> None:
    actor, org = await fund_manager()
    fund = await create_matching_fund(actor, org.id, _draft(theme_ids=[(await theme("energie")).id]))
    challenge = await make_challenge(org)
    edited = await edit_matching_fund(
        actor,
        fund.id,
        FundDraft(name="Fonds climat", cap_per_pledge_cents=5_000, challenge_ids=[challenge.id], theme_ids=[]),
    )
    assert (edited.name, edited.cap_per_pledge_cents, edited.budget_cents) == ("Fonds climat", 5_000, 100_000)
    assert [c.id for c in await edited.challenges.all()] == [challenge.id]
    assert await edited.themes.all() == []
    removed = await edit_matching_fund(actor, fund.id, FundDraft(cap_per_pledge_cents=0))
    assert removed.cap_per_pledge_cents is None


async def test_the_budget_never_drops_below_what_is_committed(db: None) -> None:
    fund = await make_fund()
    await matched(await pledge_row(await live_campaign(), amount_cents=3_000))
    manager = await make_user()
    from colab.organizations.models import Membership

    await Membership.create(organization_id=fund.organization_id, user=manager, role=MembershipRole.MANAGER)
    actor = actor_of(manager)
    await _refused(ErrorCode.BUDGET_BELOW_COMMITTED, edit_matching_fund(actor, fund.id, FundDraft(budget_cents=2_999)))
    assert (await edit_matching_fund(actor, fund.id, FundDraft(budget_cents=3_000))).budget_cents == 3_000


async def test_someone_else_may_not_edit_a_fund(db: None) -> None:
    fund = await make_fund()
    stranger = actor_of(await make_user())
    await _refused(ErrorCode.FORBIDDEN, edit_matching_fund(stranger, fund.id, FundDraft(name="Détourné")))
    await _refused(ErrorCode.FORBIDDEN, pause_matching_fund(stranger, fund.id))


async def test_pause_resume_and_close_follow_the_fund_s_states(db: None) -> None:
    actor, org = await fund_manager()
    fund = await create_matching_fund(actor, org.id, _draft())
    assert (await pause_matching_fund(actor, fund.id)).status is FundStatus.PAUSED
    await _refused(ErrorCode.ILLEGAL_TRANSITION, pause_matching_fund(actor, fund.id))
    assert (await resume_matching_fund(actor, fund.id)).status is FundStatus.ACTIVE
    assert (await close_matching_fund(actor, fund.id)).status is FundStatus.CLOSED
    await _refused(ErrorCode.ILLEGAL_TRANSITION, close_matching_fund(actor, fund.id))
    await _refused(ErrorCode.ILLEGAL_TRANSITION, resume_matching_fund(actor, fund.id))
    await _refused(ErrorCode.ILLEGAL_TRANSITION, edit_matching_fund(actor, fund.id, FundDraft(name="Trop tard")))
    assert await Event.filter(kind="funding.fund_status_changed", subject_id=fund.id).count() == 3


async def test_a_missing_fund_is_not_found(db: None) -> None:
    actor, _ = await fund_manager()
    await _refused(ErrorCode.NOT_FOUND, pause_matching_fund(actor, 999_999))
    assert not await MatchingFund.exists(id=999_999)
