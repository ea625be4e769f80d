"""Importing the lab's CAMT.053 statement: matching credits pay pledges, the rest waits for a person."""

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.funding.models import Pledge, PledgeStatus
from colab.payments.models import BankStatement, LineStatus, StatementLine
from colab.payments.reconciliation import import_statement, mark_pledge_paid, resolve_line, unmatched_lines
from colab.payments.structured import display
from tests.conftest import SQLCounter, actor_of, make_user
from tests.payments.factories import live_campaign, make_admin, make_pledge, reference_of
from tests.payments.statements import Entry, statement_02


async def _status(pledge: Pledge) -> PledgeStatus:
    return (await Pledge.get(id=pledge.id)).status


async def test_a_matching_credit_pays_its_pledge(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    result = await import_statement(admin, statement_02([Entry("E1", "25.00", structured=await reference_of(pledge))]))
    assert (result.already_imported, result.matched, result.unmatched) == (False, 1, 0)
    paid = await Pledge.get(id=pledge.id)
    assert paid.status is PledgeStatus.PAID
    line = await StatementLine.get(entry_ref="BE71096123456769:E1")
    assert (line.status, line.pledge_id) == (LineStatus.MATCHED, pledge.id)
    assert paid.payment_reference == f"camt:{line.id}"


async def test_a_communication_in_the_free_text_pays_too(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=1250)
    text = f"Soutien serre {display(await reference_of(pledge))} bon courage"
    result = await import_statement(admin, statement_02([Entry("E1", "12.50", free_text=text)]))
    assert result.matched == 1 and await _status(pledge) is PledgeStatus.PAID


async def test_importing_the_same_statement_twice_changes_nothing(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    xml = statement_02([Entry("E1", "25.00", structured=await reference_of(pledge)), Entry("E2", "3.00")])
    await import_statement(admin, xml)
    again = await import_statement(admin, xml)
    assert again.already_imported and (again.matched, again.unmatched) == (0, 0)
    assert await BankStatement.all().count() == 1
    assert await StatementLine.all().count() == 2


async def test_a_line_already_known_from_another_statement_is_skipped(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    entry = Entry("E1", "25.00", structured=await reference_of(pledge))
    await import_statement(admin, statement_02([entry], statement_id="INTRADAY-1"))
    result = await import_statement(admin, statement_02([entry], statement_id="DAY-1"))
    assert (result.matched, result.skipped) == (0, 1)


async def test_a_pending_entry_is_reconciled_by_the_statement_that_books_it(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    reference = await reference_of(pledge)
    intraday = await import_statement(
        admin, statement_02([Entry("E1", "25.00", structured=reference, status="PDNG")], statement_id="INTRADAY")
    )
    assert (intraday.matched, intraday.skipped) == (0, 1)
    assert await _status(pledge) is PledgeStatus.PENDING_PAYMENT
    booked = await import_statement(admin, statement_02([Entry("E1", "25.00", structured=reference)]))
    assert booked.matched == 1 and await _status(pledge) is PledgeStatus.PAID


async def test_short_over_unknown_and_missing_references_wait_for_a_person(db: None) -> None:
    admin = actor_of(await make_admin())
    campaign = await live_campaign()
    short, over = await make_pledge(campaign, amount_cents=2500), await make_pledge(campaign, amount_cents=2500)
    xml = statement_02(
        [
            Entry("S", "20.00", structured=await reference_of(short)),
            Entry("O", "30.00", structured=await reference_of(over)),
            Entry("U", "25.00", structured="010806817183"),
            Entry("N", "25.00", free_text="pour la serre"),
            Entry("D", "8.40", credit=False),
            Entry("P", "25.00", structured=await reference_of(short), status="PDNG"),
        ]
    )
    result = await import_statement(admin, xml)
    assert (result.matched, result.unmatched, result.skipped) == (0, 4, 2)
    problems = {line.entry_ref.split(":")[1]: (line.problem, line.pledge_id) for line in await unmatched_lines(admin)}
    assert problems == {
        "S": ("Montant différent de celui du soutien", short.id),
        "O": ("Montant différent de celui du soutien", over.id),
        "U": ("Communication structurée inconnue", None),
        "N": ("Pas de communication structurée", None),
    }
    assert await _status(short) is PledgeStatus.PENDING_PAYMENT and await _status(over) is PledgeStatus.PENDING_PAYMENT


async def test_a_second_payment_of_a_paid_pledge_waits_for_a_person(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    reference = await reference_of(pledge)
    result = await import_statement(
        admin, statement_02([Entry("A", "25.00", structured=reference), Entry("B", "25.00", structured=reference)])
    )
    assert (result.matched, result.unmatched) == (1, 1)
    (line,) = await unmatched_lines(admin)
    assert line.problem == "Soutien déjà payé, annulé ou remboursé"


async def test_an_admin_attaches_an_unmatched_line_to_its_pledge(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    await import_statement(admin, statement_02([Entry("N", "25.00", free_text="serre Marie")]))
    (line,) = await unmatched_lines(admin)
    resolved = await resolve_line(admin, line.id, pledge.id)
    assert (resolved.status, resolved.pledge_id) == (LineStatus.RESOLVED, pledge.id)
    assert await _status(pledge) is PledgeStatus.PAID
    with pytest.raises(ColabError) as again:
        await resolve_line(admin, line.id, None)
    assert again.value.code is ErrorCode.ALREADY_RESOLVED


async def test_attaching_a_line_of_another_amount_is_refused_and_leaves_it_waiting(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    await import_statement(admin, statement_02([Entry("N", "20.00", free_text="serre")]))
    (line,) = await unmatched_lines(admin)
    with pytest.raises(ColabError) as refused:
        await resolve_line(admin, line.id, pledge.id)
    assert refused.value.code is ErrorCode.PAYMENT_MISMATCH
    assert (await StatementLine.get(id=line.id)).status is LineStatus.UNMATCHED
    assert (await resolve_line(admin, line.id, None)).status is LineStatus.IGNORED


async def test_an_admin_marks_a_pledge_paid_without_a_line_once(db: None) -> None:
    admin = actor_of(await make_admin())
    pledge = await make_pledge(amount_cents=2500)
    assert (await mark_pledge_paid(admin, pledge.id)).status is PledgeStatus.PAID
    assert (await mark_pledge_paid(admin, pledge.id)).status is PledgeStatus.PAID  # the same reference: no change


async def test_a_statement_of_another_account_is_refused(db: None) -> None:
    admin = actor_of(await make_admin())
    with pytest.raises(ColabError) as refused:
        await import_statement(admin, statement_02([Entry("E", "1.00")], iban="BE68539007547034"))
    assert refused.value.code is ErrorCode.WRONG_ACCOUNT


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
async def test_only_admins_import_and_resolve(db: None, who: str) -> None:
    actor = ANONYMOUS if who == "anonymous" else actor_of(await make_user())
    expected = ErrorCode.UNAUTHENTICATED if who == "anonymous" else ErrorCode.FORBIDDEN
    for attempt in (
        import_statement(actor, statement_02([])),
        resolve_line(actor, 1, None),
        mark_pledge_paid(actor, 1),
        unmatched_lines(actor),
    ):
        with pytest.raises(ColabError) as refused:
            await attempt
        assert refused.value.code is expected


async def test_the_unmatched_list_costs_one_query(db: None, sql: SQLCounter) -> None:
    admin = actor_of(await make_admin())
    await import_statement(admin, statement_02([Entry(f"N{i}", "5.00", free_text="don") for i in range(12)]))
    sql.reset()
    assert len(await unmatched_lines(admin)) == 12
    assert sql.count == 1
