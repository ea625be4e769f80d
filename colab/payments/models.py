"""What payments keep beside the pledges: transfer instructions, imported bank statements and their lines,
online payments at Mollie, and the refunds a person has to make by hand."""

from __future__ import annotations

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class TransferInstruction(Model):
    """How a TRANSFER pledge is paid: its unique Belgian structured communication and the amount expected."""

    id = fields.IntField(primary_key=True)
    pledge_id = fields.IntField(unique=True)
    #: the 12 digits of the structured communication (shown as +++ddd/dddd/ddddd+++)
    reference = fields.CharField(max_length=12, unique=True)
    amount_cents = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "transfer_instruction"


class BankStatement(Model):
    """One imported CAMT.053 statement (its id at the bank, on one account): imported once."""

    id = fields.IntField(primary_key=True)
    statement_id = fields.CharField(max_length=35)
    account_iban = fields.CharField(max_length=34)
    message_id = fields.CharField(max_length=35, default="")
    version = fields.CharField(max_length=20, default="")
    imported_by_id = fields.IntField(null=True)
    lines_count = fields.IntField(default=0)
    matched_count = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "bank_statement"
        unique_together = (("statement_id", "account_iban"),)


class LineStatus(str, Enum):
    #: a credit matching a pending pledge's structured communication and amount: the pledge is PAID
    MATCHED = "MATCHED"
    #: a credit a person has to look at (unknown or missing reference, wrong amount, pledge already paid)
    UNMATCHED = "UNMATCHED"
    #: attached to a pledge by an admin
    RESOLVED = "RESOLVED"
    #: looked at and set aside by an admin (not a pledge's payment)
    IGNORED = "IGNORED"
    #: a debit, or a credit not booked: nothing to reconcile
    SKIPPED = "SKIPPED"


LINE_STATUS_LABELS = {
    LineStatus.MATCHED: "Rapprochée",
    LineStatus.UNMATCHED: "À traiter",
    LineStatus.RESOLVED: "Attribuée à la main",
    LineStatus.IGNORED: "Écartée",
    LineStatus.SKIPPED: "Sans objet",
}


class StatementLine(Model):
    """One entry (or one transaction of a batch entry) of a statement, `entry_ref` being its bank reference."""

    id = fields.IntField(primary_key=True)
    statement: fields.ForeignKeyRelation[BankStatement] = fields.ForeignKeyField(
        "models.BankStatement", related_name="lines", on_delete=fields.CASCADE
    )
    statement_id: int
    entry_ref = fields.CharField(max_length=80, unique=True)
    credit = fields.BooleanField()
    amount_cents = fields.BigIntField()
    currency = fields.CharField(max_length=3, default="EUR")
    booking_date = fields.CharField(max_length=30, default="")
    #: the structured communication found in the line (12 digits), if any
    reference = fields.CharField(max_length=12, null=True)
    remittance = fields.CharField(max_length=280, default="")
    debtor_name = fields.CharField(max_length=140, default="")
    debtor_iban = fields.CharField(max_length=34, default="")
    status = fields.CharEnumField(LineStatus, max_length=10)
    #: why a person must look at it (French, shown on the finance page)
    problem = fields.CharField(max_length=200, default="")
    pledge_id = fields.IntField(null=True)
    resolved_by_id = fields.IntField(null=True)
    resolved_at = fields.DatetimeField(null=True)

    class Meta:
        table = "statement_line"
        indexes = (("status", "id"),)


class OnlinePayment(Model):
    """A payment created at Mollie for a pledge, `status` is the last Mollie status applied here."""

    id = fields.IntField(primary_key=True)
    mollie_id = fields.CharField(max_length=40, unique=True)
    pledge_id = fields.IntField()
    amount_cents = fields.BigIntField()
    status = fields.CharField(max_length=20, default="open")
    checkout_url = fields.CharField(max_length=500, default="")
    refund_id = fields.CharField(max_length=40, null=True)
    #: a paid payment the pledge could not take (expired meanwhile and its room taken, campaign closed): given
    #: back at once, and why (French)
    problem = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "online_payment"
        indexes = (("pledge_id", "id"),)


class RefundInstruction(Model):
    """A paid transfer to give back by hand: the backer gives an IBAN, an admin makes the transfer and marks it."""

    id = fields.IntField(primary_key=True)
    pledge_id = fields.IntField(unique=True)
    backer_id = fields.IntField()
    amount_cents = fields.BigIntField()
    #: given by the backer (checked with schwifty), empty until then
    iban = fields.CharField(max_length=34, default="")
    account_holder = fields.CharField(max_length=70, default="")
    done_at = fields.DatetimeField(null=True)
    done_by_id = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "refund_instruction"
        indexes = (("done_at", "id"),)
