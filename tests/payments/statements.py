"""CAMT.053 statements as Belgian banks export them, for the tests: a builder for camt.053.001.02 documents
(the version most Belgian banks still send) and a fixed camt.053.001.08 sample file beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LAB_IBAN = "BE71096123456769"
SAMPLE_08 = Path(__file__).with_name("camt053_001_08.xml")


@dataclass(frozen=True)
class Entry:
    ref: str  # the bank's reference of the entry (AcctSvcrRef)
    amount: str  # "25.00"
    structured: str | None = None  # 12 digits, in <Strd><CdtrRefInf><Ref>
    free_text: str | None = None  # <Ustrd>
    credit: bool = True
    status: str = "BOOK"
    debtor: str = "Marie Dupont"
    debtor_iban: str = "BE68539007547034"


def _entry(e: Entry) -> str:
    direction = "CRDT" if e.credit else "DBIT"
    remittance = ""
    if e.structured is not None:
        remittance = f"""<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>
              <Ref>{e.structured}</Ref></CdtrRefInf></Strd></RmtInf>"""
    elif e.free_text is not None:
        remittance = f"<RmtInf><Ustrd>{e.free_text}</Ustrd></RmtInf>"
    return f"""
      <Ntry>
        <Amt Ccy="EUR">{e.amount}</Amt>
        <CdtDbtInd>{direction}</CdtDbtInd>
        <Sts>{e.status}</Sts>
        <BookgDt><Dt>2026-11-25</Dt></BookgDt>
        <ValDt><Dt>2026-11-25</Dt></ValDt>
        <AcctSvcrRef>{e.ref}</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{e.amount}</Amt></TxAmt></AmtDtls>
          <RltdPties>
            <Dbtr><Nm>{e.debtor}</Nm></Dbtr>
            <DbtrAcct><Id><IBAN>{e.debtor_iban}</IBAN></Id></DbtrAcct>
          </RltdPties>
          {remittance}
        </TxDtls></NtryDtls>
      </Ntry>"""


def statement_02(entries: list[Entry], *, statement_id: str = "2026-11-25-0231", iban: str = LAB_IBAN) -> bytes:
    """A camt.053.001.02 statement of the lab's account (Belfius-style) holding these entries."""
    body = "".join(_entry(e) for e in entries)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>CAMT053-{statement_id}</MsgId><CreDtTm>2026-11-26T06:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>{statement_id}</Id>
      <ElctrncSeqNb>231</ElctrncSeqNb>
      <CreDtTm>2026-11-26T06:00:00</CreDtTm>
      <Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>EUR</Ccy>
        <Svcr><FinInstnId><BIC>GKCCBEBB</BIC></FinInstnId></Svcr></Acct>
      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-24</Dt></Dt></Bal>
      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1250.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-25</Dt></Dt></Bal>{body}
    </Stmt>
  </BkToCstmrStmt>
</Document>
""".encode()
