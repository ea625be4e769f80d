"""Reading CAMT.053 statements (.001.02 and .001.08) with pycamt, and refusing hostile files."""

from pathlib import Path

import pytest

from colab.errors import ColabError, ErrorCode
from colab.payments.camt import parse_statement
from tests.payments.statements import SAMPLE_08, Entry, statement_02

LIMIT = 5 * 1024 * 1024


def _refused(xml: bytes, limit: int = LIMIT) -> ErrorCode:
    with pytest.raises(ColabError) as refused:
        parse_statement(xml, max_bytes=limit)
    return refused.value.code


def test_a_camt_053_001_02_statement_gives_its_id_account_and_lines() -> None:
    xml = statement_02(
        [
            Entry("B1", "25.00", structured="010806817183"),
            Entry("B2", "12.50", free_text="Soutien +++090/9337/55493+++ merci"),
            Entry("B3", "8.40", credit=False),
        ]
    )
    statement = parse_statement(xml, max_bytes=LIMIT)
    assert (statement.statement_id, statement.account_iban) == ("2026-11-25-0231", "BE71096123456769")
    assert statement.version == "camt.053.001.02"
    first, second, third = statement.lines
    assert (first.credit, first.amount_cents, first.reference, first.booked) == (True, 2500, "010806817183", True)
    assert first.debtor_name == "Marie Dupont" and first.debtor_iban == "BE68539007547034"
    assert (second.amount_cents, second.reference) == (1250, "090933755493")
    assert (third.credit, third.reference) == (False, None)
    assert len({line.entry_ref for line in statement.lines}) == 3


def test_a_camt_053_001_08_statement_is_read_too() -> None:
    statement = parse_statement(SAMPLE_08.read_bytes(), max_bytes=LIMIT)
    assert statement.version == "camt.053.001.08"
    assert statement.statement_id == "BE71096123456769-2026-187"
    assert [(line.amount_cents, line.reference, line.credit) for line in statement.lines] == [
        (2500, "010806817183", True),
        (1250, "090933755493", True),
        (840, None, False),
    ]
    assert statement.lines[0].debtor_name == "Jean Lambert"


def test_a_pending_entry_is_not_booked() -> None:
    statement = parse_statement(statement_02([Entry("P1", "25.00", status="PDNG")]), max_bytes=LIMIT)
    assert statement.lines[0].booked is False


def test_a_statement_over_the_limit_is_refused_before_reading() -> None:
    assert _refused(b"<" * 2048, limit=1024) is ErrorCode.STATEMENT_TOO_LARGE


def test_an_external_entity_is_refused_without_being_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER")
    xxe = f"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file://{secret}">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&secret;</Id>
<Acct><Id><IBAN>BE71096123456769</IBAN></Id></Acct></Stmt></BkToCstmrStmt></Document>""".encode()
    with pytest.raises(ColabError) as refused:
        parse_statement(xxe, max_bytes=LIMIT)
    assert refused.value.code is ErrorCode.STATEMENT_INVALID
    assert "SECRET-MARKER" not in refused.value.message


def test_entity_expansion_is_refused() -> None:
    laughs = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&lol3;</Document>"""
    assert _refused(laughs) is ErrorCode.STATEMENT_INVALID


def test_malformed_or_foreign_xml_is_refused() -> None:
    assert _refused(b"not xml at all") is ErrorCode.STATEMENT_INVALID
    assert (
        _refused(b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:pain.001.001.03'/>") is ErrorCode.STATEMENT_INVALID
    )
    no_statement = b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.02'><BkToCstmrStmt/></Document>"
    assert _refused(no_statement) is ErrorCode.STATEMENT_INVALID


def test_an_unreadable_amount_is_refused() -> None:
    assert _refused(statement_02([Entry("X1", "douze")])) is ErrorCode.STATEMENT_INVALID
    assert _refused(statement_02([Entry("X2", "1.005")])) is ErrorCode.STATEMENT_INVALID


def test_a_batch_entry_gives_one_line_per_transaction() -> None:
    tx = """<TxDtls><AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
      <RltdPties><Dbtr><Nm>{name}</Nm></Dbtr></RltdPties>
      <RmtInf><Strd><CdtrRefInf><Ref>{ref}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"""
    batch = (
        '<Ntry><Amt Ccy="EUR">37.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>'
        "<BookgDt><Dt>2026-11-25</Dt></BookgDt><AcctSvcrRef>BATCH-7</AcctSvcrRef><NtryDtls>"
        + tx.format(amount="25.00", name="Jean", ref="010806817183")
        + tx.format(amount="12.50", name="Sophie", ref="090933755493")
        + "</NtryDtls></Ntry>"
    )
    xml = statement_02([]).replace(b"</Stmt>", batch.encode() + b"</Stmt>")
    lines = parse_statement(xml, max_bytes=LIMIT).lines
    assert [(line.amount_cents, line.reference, line.debtor_name) for line in lines] == [
        (2500, "010806817183", "Jean"),
        (1250, "090933755493", "Sophie"),
    ]
    assert [line.entry_ref for line in lines] == ["BE71096123456769:BATCH-7", "BE71096123456769:BATCH-7/1"]
