"""Payments through GraphQL: a backer's transfer instructions and online checkout; the lab's admins import the
bank's CAMT.053 statement and resolve the lines it could not match. Thin adapters over colab.payments."""

from __future__ import annotations

import base64
import binascii

import strawberry

from colab.actors import require_admin
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.ids import decode, decode_optional, encode
from colab.api.payments_types import StatementEncoding, StatementLineNode, TransferInstructions, TransferRefundNode
from colab.errors import ColabError, ErrorCode
from colab.payments import online, reconciliation, refunds
from colab.payments.gateway import online_payments_enabled
from colab.payments.models import RefundInstruction, StatementLine
from colab.payments.reconciliation import ImportResult
from colab.payments.settings import payment_settings
from colab.payments.transfers import instructions_for


@strawberry.type
class PaymentQuery:
    @strawberry.field(description="Whether the online option (Mollie: Bancontact, card) is offered.")
    def online_payments_enabled(self) -> bool:
        return online_payments_enabled()

    @strawberry.field(description="The transfer instructions of your pledge; null when it has none (online).")
    async def transfer_instructions(self, info: Info, pledge_id: strawberry.ID) -> TransferInstructions | None:
        actor = info.context.actor
        with as_top_level():
            pk = decode(pledge_id, "Pledge", "pledgeId")
            try:
                return TransferInstructions.from_instructions(await instructions_for(actor, pk))
            except ColabError as error:
                if error.code is ErrorCode.NOT_FOUND:
                    return None
                raise

    @strawberry.field(description="Admins: the statement credits waiting for a person, oldest first (200 at most).")
    async def unmatched_statement_lines(self, info: Info) -> list[StatementLineNode]:
        actor = info.context.actor
        with as_top_level():
            return [StatementLineNode.from_model(line) for line in await reconciliation.unmatched_lines(actor)]

    @strawberry.field(description="Admins: the transfer refunds still to send, oldest first (200 at most).")
    async def transfer_refunds_to_do(self, info: Info) -> list[TransferRefundNode]:
        actor = info.context.actor
        with as_top_level():
            return [TransferRefundNode.from_model(r) for r in await refunds.refunds_to_do(actor)]


@strawberry.input
class ImportBankStatementInput:
    statement: str = strawberry.field(description="The CAMT.053 statement (STATEMENT_MAX_BYTES at most).")
    encoding: StatementEncoding = StatementEncoding.TEXT


@strawberry.type
class ImportBankStatementPayload:
    statement_id: str | None = strawberry.field(description="The bank's id of the statement.")
    already_imported: bool = strawberry.field(description="Imported before: nothing changed.")
    matched: int
    unmatched: int
    skipped: int
    errors: list[UserError]


@strawberry.input
class MarkPledgePaidInput:
    pledge_id: strawberry.ID
    line_id: strawberry.ID | None = strawberry.field(
        default=None, description="The statement line that paid it; without one, money received another way."
    )


@strawberry.type
class MarkPledgePaidPayload:
    pledge_id: strawberry.ID | None
    errors: list[UserError]


@strawberry.input
class ResolveStatementLineInput:
    line_id: strawberry.ID
    pledge_id: strawberry.ID | None = strawberry.field(
        default=None, description="The pledge the line pays (its exact amount); null to set the line aside."
    )


@strawberry.type
class ResolveStatementLinePayload:
    line: StatementLineNode | None
    errors: list[UserError]


@strawberry.input
class StartOnlinePaymentInput:
    pledge_id: strawberry.ID


@strawberry.type
class StartOnlinePaymentPayload:
    checkout_url: str | None = strawberry.field(description="Send the backer there (Mollie's checkout).")
    errors: list[UserError]


@strawberry.input
class GiveRefundAccountInput:
    pledge_id: strawberry.ID
    iban: str
    account_holder: str


@strawberry.input
class MarkRefundDoneInput:
    refund_id: strawberry.ID


@strawberry.type
class TransferRefundPayload:
    refund: TransferRefundNode | None
    errors: list[UserError]


def _refund_payload(found: RefundInstruction | None, errors: list[UserError]) -> TransferRefundPayload:
    return TransferRefundPayload(refund=TransferRefundNode.from_model(found) if found else None, errors=errors)


def _statement_bytes(input: ImportBankStatementInput) -> bytes:
    limit = payment_settings().statement_max_bytes
    if len(input.statement) > limit * 4 // 3 + 4:
        raise ColabError(ErrorCode.STATEMENT_TOO_LARGE, f"Le relevé dépasse {limit // (1024 * 1024)} Mio.", "statement")
    if input.encoding is StatementEncoding.TEXT:
        return input.statement.encode("utf-8")
    try:
        return base64.b64decode(input.statement, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ColabError(ErrorCode.STATEMENT_INVALID, "Ce relevé n'est pas du base64 valide.", "statement") from error


@strawberry.type
class PaymentMutation:
    @strawberry.mutation(description="Admins import the lab's CAMT.053 statement: matching transfers pay pledges.")
    async def import_bank_statement(self, info: Info, input: ImportBankStatementInput) -> ImportBankStatementPayload:
        actor = info.context.actor

        async def run() -> ImportResult:
            require_admin(actor)  # before reading the statement
            return await reconciliation.import_statement(actor, _statement_bytes(input))

        result, errors = await attempt(run)
        if result is None:
            return ImportBankStatementPayload(
                statement_id=None, already_imported=False, matched=0, unmatched=0, skipped=0, errors=errors
            )
        return ImportBankStatementPayload(
            statement_id=result.statement.statement_id,
            already_imported=result.already_imported,
            matched=result.matched,
            unmatched=result.unmatched,
            skipped=result.skipped,
            errors=[],
        )

    @strawberry.mutation(description="Admins record a pledge as paid, by a statement line or money received otherwise.")
    async def mark_pledge_paid(self, info: Info, input: MarkPledgePaidInput) -> MarkPledgePaidPayload:
        actor = info.context.actor

        async def run() -> int:
            pledge_id = decode(input.pledge_id, "Pledge", "pledgeId")
            line_id = decode_optional(input.line_id, "StatementLine", "lineId")
            return (await reconciliation.mark_pledge_paid(actor, pledge_id, line_id)).id

        pk, errors = await attempt(run)
        return MarkPledgePaidPayload(pledge_id=strawberry.ID(encode("Pledge", pk)) if pk else None, errors=errors)

    @strawberry.mutation(description="Admins attach an unmatched statement line to its pledge, or set it aside.")
    async def resolve_statement_line(self, info: Info, input: ResolveStatementLineInput) -> ResolveStatementLinePayload:
        actor = info.context.actor

        async def run() -> StatementLine:
            line_id = decode(input.line_id, "StatementLine", "lineId")
            pledge_id = decode_optional(input.pledge_id, "Pledge", "pledgeId")
            return await reconciliation.resolve_line(actor, line_id, pledge_id)

        line, errors = await attempt(run)
        return ResolveStatementLinePayload(line=StatementLineNode.from_model(line) if line else None, errors=errors)

    @strawberry.mutation(description="The backer starts paying an ONLINE pledge: the checkout URL at Mollie.")
    async def start_online_payment(self, info: Info, input: StartOnlinePaymentInput) -> StartOnlinePaymentPayload:
        actor = info.context.actor

        async def run() -> str:
            return await online.start_online_payment(actor, decode(input.pledge_id, "Pledge", "pledgeId"))

        url, errors = await attempt(run)
        return StartOnlinePaymentPayload(checkout_url=url, errors=errors)

    @strawberry.mutation(description="The backer gives the IBAN their paid transfer is refunded to.")
    async def give_refund_account(self, info: Info, input: GiveRefundAccountInput) -> TransferRefundPayload:
        actor = info.context.actor

        async def run() -> RefundInstruction:
            pledge_id = decode(input.pledge_id, "Pledge", "pledgeId")
            return await refunds.give_refund_account(actor, pledge_id, input.iban, input.account_holder)

        return _refund_payload(*await attempt(run))

    @strawberry.mutation(
        description="Admins: the refund transfer was sent to the backer's IBAN; the pledge is refunded."
    )
    async def mark_refund_done(self, info: Info, input: MarkRefundDoneInput) -> TransferRefundPayload:
        actor = info.context.actor

        async def run() -> RefundInstruction:
            return await refunds.mark_refund_done(actor, decode(input.refund_id, "TransferRefund", "refundId"))

        return _refund_payload(*await attempt(run))


DOMAIN = Domain("payments", query=PaymentQuery, mutation=PaymentMutation)
