"""Importing at the same moment (PostgreSQL): one statement, each pledge paid once, no error."""

from __future__ import annotations

import asyncio

import pytest

from colab.funding.models import LedgerEntry, Pledge, PledgeStatus
from colab.payments.models import BankStatement, StatementLine
from colab.payments.reconciliation import import_statement
from tests.conftest import actor_of
from tests.payments.factories import live_campaign, make_admin, make_pledge, reference_of
from tests.payments.statements import Entry, statement_02

pytestmark = pytest.mark.postgres


async def test_the_same_statement_imported_by_several_admins_at_once_counts_once(db: None) -> None:
    admins = [actor_of(await make_admin()) for _ in range(4)]
    campaign = await live_campaign()
    pledges = [await make_pledge(campaign, amount_cents=1000 + i) for i in range(5)]
    entries = [
        Entry(f"E{i}", f"{(1000 + i) / 100:.2f}", structured=await reference_of(p)) for i, p in enumerate(pledges)
    ]
    xml = statement_02(entries)
    results = await asyncio.gather(*(import_statement(admin, xml) for admin in admins))
    assert sorted(r.already_imported for r in results) == [False, True, True, True]
    assert sum(r.matched for r in results) == 5
    assert await BankStatement.all().count() == 1 and await StatementLine.all().count() == 5
    assert {p.status for p in await Pledge.filter(id__in=[p.id for p in pledges])} == {PledgeStatus.PAID}
    assert await LedgerEntry.filter(pledge_id__in=[p.id for p in pledges]).count() == 5


async def test_two_statements_sharing_an_entry_pay_it_once(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    entry = Entry("SHARED", "25.00", structured=await reference_of(pledge))
    results = await asyncio.gather(
        import_statement(admin, statement_02([entry], statement_id="INTRADAY")),
        import_statement(admin, statement_02([entry], statement_id="DAY")),
    )
    assert sum(r.matched for r in results) == 1 and sum(r.skipped for r in results) == 1
    assert await StatementLine.all().count() == 1
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID
