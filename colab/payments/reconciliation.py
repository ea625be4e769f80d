"""Reconciling the lab's bank account: an admin imports the bank's CAMT.053 statement; a credit whose structured
communication names a pledge waiting for exactly that amount pays it; every other credit waits for a person
(`resolve_line`). Importing the same statement again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from colab.actors import Actor, require_admin
from colab.errors import ColabError, ErrorCode
from colab.funding.models import Pledge
from colab.funding.pledges import record_payment
from colab.payments.camt import ParsedLine, ParsedStatement, parse_statement
from colab.payments.models import BankStatement, LineStatus, StatementLine, TransferInstruction
from colab.payments.settings import payment_settings
from colab.validation import utcnow

#: why a credit was not matched, by the error the payment met (French, shown on the finance page)
_PROBLEMS = {
    ErrorCode.PAYMENT_MISMATCH: "Montant différent de celui du soutien",
    ErrorCode.ILLEGAL_TRANSITION: "Soutien déjà payé, annulé ou remboursé",
    ErrorCode.CEILING_REACHED: "Soutien expiré et plafond atteint depuis",
    ErrorCode.CAMPAIGN_NOT_LIVE: "Soutien expiré et campagne clôturée",
}


@dataclass(frozen=True)
class ImportResult:
    statement: BankStatement
    #: this statement had been imported before: nothing changed
    already_imported: bool
    matched: int
    unmatched: int
    #: debits, unbooked entries, other currencies, entries already known from another statement
    skipped: int


def payment_reference(line: StatementLine) -> str:
    """The reference a bank line pays a pledge with (recording it twice changes nothing)."""
    return f"camt:{line.id}"


async def import_statement(actor: Actor, xml: bytes) -> ImportResult:
    """Only the lab's admins import statements, and only of the lab's account."""
    user_id = require_admin(actor)
    parsed = parse_statement(xml, max_bytes=payment_settings().statement_max_bytes)
    if parsed.account_iban != payment_settings().iban:
        raise ColabError(ErrorCode.WRONG_ACCOUNT, "Ce relevé n'est pas celui du compte du Colab.", "statement")
    async with in_transaction():
        existing = await BankStatement.get_or_none(statement_id=parsed.statement_id, account_iban=parsed.account_iban)
        if existing is not None:
            return ImportResult(existing, True, 0, 0, 0)
        try:
            async with in_transaction():  # a savepoint: the same statement imported at once by two admins
                statement = await BankStatement.create(
                    statement_id=parsed.statement_id,
                    account_iban=parsed.account_iban,
                    message_id=parsed.message_id,
                    version=parsed.version,
                    imported_by_id=user_id,
                )
        except IntegrityError:
            other = await BankStatement.get(statement_id=parsed.statement_id, account_iban=parsed.account_iban)
            return ImportResult(other, True, 0, 0, 0)
        return await _import_lines(statement, parsed)


async def _import_lines(statement: BankStatement, parsed: ParsedStatement) -> ImportResult:
    refs = [line.entry_ref for line in parsed.lines]
    known = {line.entry_ref for line in await StatementLine.filter(entry_ref__in=refs).only("id", "entry_ref")}
    counts = {LineStatus.MATCHED: 0, LineStatus.UNMATCHED: 0, LineStatus.SKIPPED: 0}
    for parsed_line in parsed.lines:
        # known from an earlier (e.g. intraday) statement; or not booked yet: kept for the statement that books it
        if parsed_line.entry_ref in known or not parsed_line.booked:
            counts[LineStatus.SKIPPED] += 1
            continue
        known.add(parsed_line.entry_ref)
        line = await _store(statement, parsed_line)
        if line is None:  # the same entry imported at this moment with another statement
            counts[LineStatus.SKIPPED] += 1
            continue
        if line.status is not LineStatus.SKIPPED:
            await _reconcile(line)
        counts[line.status] += 1
    statement.lines_count = len(parsed.lines)
    statement.matched_count = counts[LineStatus.MATCHED]
    await statement.save(update_fields=["lines_count", "matched_count"])
    return ImportResult(
        statement, False, counts[LineStatus.MATCHED], counts[LineStatus.UNMATCHED], counts[LineStatus.SKIPPED]
    )


async def _store(statement: BankStatement, parsed: ParsedLine) -> StatementLine | None:
    to_reconcile = parsed.credit and parsed.currency == "EUR"
    try:
        async with in_transaction():  # a savepoint: a unique entry reference taken meanwhile skips the line
            return await _create_line(statement, parsed, to_reconcile)
    except IntegrityError:
        return None


async def _create_line(statement: BankStatement, parsed: ParsedLine, to_reconcile: bool) -> StatementLine:
    return await StatementLine.create(
        statement=statement,
        entry_ref=parsed.entry_ref,
        credit=parsed.credit,
        amount_cents=parsed.amount_cents,
        currency=parsed.currency,
        booking_date=parsed.booking_date,
        reference=parsed.reference,
        remittance=parsed.remittance,
        debtor_name=parsed.debtor_name,
        debtor_iban=parsed.debtor_iban,
        status=LineStatus.UNMATCHED if to_reconcile else LineStatus.SKIPPED,
    )


async def _reconcile(line: StatementLine) -> None:
    """Pay the pledge the line's structured communication names, or say why a person must look at it."""
    if line.reference is None:
        return await _unmatched(line, "Pas de communication structurée")
    instruction = await TransferInstruction.get_or_none(reference=line.reference)
    if instruction is None:
        return await _unmatched(line, "Communication structurée inconnue")
    line.pledge_id = instruction.pledge_id
    try:
        await record_payment(line.pledge_id, line.amount_cents, reference=payment_reference(line))
    except ColabError as error:
        return await _unmatched(line, _PROBLEMS.get(error.code, error.message[:200]))
    line.status = LineStatus.MATCHED
    await line.save(update_fields=["status", "pledge_id"])


async def _unmatched(line: StatementLine, problem: str) -> None:
    line.status, line.problem = LineStatus.UNMATCHED, problem
    await line.save(update_fields=["status", "problem", "pledge_id"])


def _not_found() -> ColabError:
    return ColabError(ErrorCode.NOT_FOUND, "Cette ligne de relevé n'existe pas.", "lineId")


async def resolve_line(actor: Actor, line_id: int, pledge_id: int | None) -> StatementLine:
    """An admin attaches an unmatched credit to the pledge it pays (exact amount), or sets it aside (None)."""
    user_id = require_admin(actor)
    async with in_transaction():
        line = await StatementLine.select_for_update().get_or_none(id=line_id)
        if line is None:
            raise _not_found()
        if line.status is not LineStatus.UNMATCHED:
            raise ColabError(ErrorCode.ALREADY_RESOLVED, "Cette ligne a déjà été traitée.", "lineId")
        if pledge_id is None:
            line.status = LineStatus.IGNORED
        else:
            if not await Pledge.exists(id=pledge_id):
                raise ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas.", "pledgeId")
            await record_payment(pledge_id, line.amount_cents, reference=payment_reference(line))
            line.status, line.pledge_id = LineStatus.RESOLVED, pledge_id
        line.resolved_by_id, line.resolved_at = user_id, utcnow()
        await line.save(update_fields=["status", "pledge_id", "resolved_by_id", "resolved_at"])
    return line


async def mark_pledge_paid(actor: Actor, pledge_id: int, line_id: int | None = None) -> Pledge:
    """An admin records a pledge as paid: by a statement line (see `resolve_line`) or, without one, for money
    the lab received another way (its exact amount; once)."""
    require_admin(actor)
    if line_id is not None:
        await resolve_line(actor, line_id, pledge_id)
        return await Pledge.get(id=pledge_id)
    pledge = await Pledge.get_or_none(id=pledge_id)
    if pledge is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Ce soutien n'existe pas.", "pledgeId")
    return await record_payment(pledge_id, pledge.amount_cents, reference=f"manual:{pledge_id}")


async def unmatched_lines(actor: Actor, *, limit: int = 200) -> list[StatementLine]:
    """The credits waiting for a person, oldest first (one query)."""
    require_admin(actor)
    return await StatementLine.filter(status=LineStatus.UNMATCHED).order_by("id").limit(limit)


async def recent_statements(actor: Actor, *, limit: int = 20) -> list[BankStatement]:
    require_admin(actor)
    return await BankStatement.all().order_by("-id").limit(limit)
