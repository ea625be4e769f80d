"""Demo for `make run`: the lab's bank statement of the day, imported by the demo admin, so that the finance
page shows a transfer matched to a pledge and lines waiting for a person. Idempotent: the statement has a
fixed id, and a statement imported twice changes nothing."""

from __future__ import annotations

from xml.sax.saxutils import escape

from colab.accounts.models import User
from colab.actors import Actor
from colab.funding.models import Pledge, PledgeStatus
from colab.payments.models import TransferInstruction
from colab.payments.reconciliation import ImportResult, import_statement
from colab.payments.settings import payment_settings

DEMO_STATEMENT_ID = "DEMO-2026-0001"


def _entry(ref: str, amount_cents: int, debtor: str, iban: str, structured: str | None, text: str) -> str:
    remittance = (
        f"<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp><Ref>{structured}</Ref>"
        "</CdtrRefInf></Strd>"
        if structured
        else f"<Ustrd>{escape(text)}</Ustrd>"
    )
    return (
        f'<Ntry><Amt Ccy="EUR">{amount_cents / 100:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><Dt>2026-11-25</Dt></BookgDt><AcctSvcrRef>{ref}</AcctSvcrRef><NtryDtls><TxDtls>"
        f"<RltdPties><Dbtr><Nm>{escape(debtor)}</Nm></Dbtr><DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct>"
        f"</RltdPties><RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"
    )


def demo_statement(entries: list[str]) -> bytes:
    """A camt.053.001.02 statement of the lab's account holding these entries."""
    iban = payment_settings().iban
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{DEMO_STATEMENT_ID}</MsgId><CreDtTm>2026-11-26T06:00:00</CreDtTm></GrpHdr>"
        f"<Stmt><Id>{DEMO_STATEMENT_ID}</Id><Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


async def seed_payments(admin_email: str = "admin@colab.example") -> ImportResult | None:
    """One transfer pledge waiting for its money is paid by the statement; a transfer without communication and
    (when there is a second pledge) a short payment wait on /finances."""
    admin = await User.get_or_none(email=admin_email)
    if admin is None:
        return None
    pending = (
        await Pledge.filter(status=PledgeStatus.PENDING_PAYMENT, transfer_reference__isnull=False)
        .order_by("id")
        .limit(2)
    )
    references = {
        i.pledge_id: i.reference for i in await TransferInstruction.filter(pledge_id__in=[p.id for p in pending])
    }
    entries = [_entry("DEMO-1", 1500, "Jeanne Dubois", "BE68539007547034", None, "Pour la serre du quartier")]
    for n, pledge in enumerate(p for p in pending if p.id in references):
        amount = pledge.amount_cents if n == 0 else max(100, pledge.amount_cents - 500)
        entries.append(_entry(f"DEMO-{n + 2}", amount, "Marc Lambert", "BE62510007547061", references[pledge.id], ""))
    return await import_statement(Actor(user_id=admin.id, role=admin.role), demo_statement(entries))
