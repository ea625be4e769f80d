"""The GraphQL types of payments: transfer instructions, statement lines, transfer refunds."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from colab.api.ids import encode
from colab.payments.models import LineStatus, RefundInstruction, StatementLine
from colab.payments.transfers import Instructions

strawberry.enum(LineStatus, name="StatementLineStatus", description="Where a bank statement line stands.")


@strawberry.enum(description="How the statement is written in `importBankStatement`.")
class StatementEncoding(Enum):
    TEXT = "TEXT"  #: the XML itself
    BASE64 = "BASE64"  #: the file's bytes in base64


@strawberry.type(description="How a backer pays a transfer pledge (Belgian structured communication, EPC QR).")
class TransferInstructions:
    pledge_id: strawberry.ID
    iban: str
    bic: str
    beneficiary: str
    amount_cents: int
    structured_reference: str = strawberry.field(description="+++ddd/dddd/ddddd+++, to type exactly.")
    qr_svg: str = strawberry.field(description="The EPC QR code (EPC069-12) as a standalone SVG document.")

    @classmethod
    def from_instructions(cls, i: Instructions) -> TransferInstructions:
        return cls(
            pledge_id=strawberry.ID(encode("Pledge", i.pledge_id)),
            iban=i.iban,
            bic=i.bic,
            beneficiary=i.beneficiary,
            amount_cents=i.amount_cents,
            structured_reference=i.structured_reference,
            qr_svg=i.qr_svg,
        )


@strawberry.type(name="StatementLine", description="A credit or debit of an imported bank statement (admins).")
class StatementLineNode:
    id: strawberry.ID
    status: LineStatus
    credit: bool
    amount_cents: int
    booking_date: str
    structured_reference: str | None
    remittance: str
    debtor_name: str
    debtor_iban: str
    problem: str = strawberry.field(description="Why a person must look at it, in French (empty when matched).")
    pledge_id: strawberry.ID | None = strawberry.field(
        description="The pledge it paid, or the one its reference names."
    )

    @classmethod
    def from_model(cls, line: StatementLine) -> StatementLineNode:
        return cls(
            id=strawberry.ID(encode("StatementLine", line.id)),
            status=line.status,
            credit=line.credit,
            amount_cents=line.amount_cents,
            booking_date=line.booking_date,
            structured_reference=line.reference,
            remittance=line.remittance,
            debtor_name=line.debtor_name,
            debtor_iban=line.debtor_iban,
            problem=line.problem,
            pledge_id=strawberry.ID(encode("Pledge", line.pledge_id)) if line.pledge_id else None,
        )


@strawberry.type(name="TransferRefund", description="A paid transfer to give back by hand (admins, the backer).")
class TransferRefundNode:
    id: strawberry.ID
    pledge_id: strawberry.ID
    amount_cents: int
    iban: str = strawberry.field(description="Given by the backer; empty until then.")
    account_holder: str
    done_at: datetime | None

    @classmethod
    def from_model(cls, r: RefundInstruction) -> TransferRefundNode:
        return cls(
            id=strawberry.ID(encode("TransferRefund", r.id)),
            pledge_id=strawberry.ID(encode("Pledge", r.pledge_id)),
            amount_cents=r.amount_cents,
            iban=r.iban,
            account_holder=r.account_holder,
            done_at=r.done_at,
        )
