"""The EPC QR code: EPC069-12 version 002, SCT, the structured reference on the reference line."""

from decimal import Decimal

import segno.helpers

from colab.payments.epc import epc_payload, epc_svg

BANK = {"name": "Colab Wallonie ASBL", "iban": "BE71096123456769", "bic": "GKCCBEBB"}


def test_the_payload_follows_epc069_12_with_the_structured_reference_on_its_line() -> None:
    lines = epc_payload(**BANK, amount_cents=1250, reference="010806817183")
    assert lines[:8] == [
        "BCD",
        "002",
        lines[2],
        "SCT",
        "GKCCBEBB",
        "Colab Wallonie ASBL",
        "BE71096123456769",
        "EUR12.5",
    ]
    assert lines[2] == "1"  # UTF-8
    assert lines[8] == ""  # purpose
    assert lines[9] == "010806817183"  # structured remittance (line 10)
    assert len(lines) == 10  # no unstructured text line


def test_whole_euros_and_cents_are_written_as_the_standard_asks() -> None:
    assert epc_payload(**BANK, amount_cents=2500, reference="010806817183")[7] == "EUR25"
    assert epc_payload(**BANK, amount_cents=1, reference="010806817183")[7] == "EUR0.01"


def test_the_qr_code_is_a_plain_svg_document() -> None:
    svg = epc_svg(**BANK, amount_cents=1250, reference="010806817183", title="Code QR")
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<title>Code QR</title>" in svg
    assert "<script" not in svg and "href" not in svg


def test_the_payload_is_the_one_segno_make_epc_qr_writes_for_a_structured_reference() -> None:
    ours = epc_payload(**BANK, amount_cents=1250, reference="010806817183")
    theirs = segno.helpers._make_epc_qr_data(  # type: ignore[attr-defined]
        BANK["name"], BANK["iban"], Decimal("12.50"), reference="010806817183", bic=BANK["bic"], encoding="utf-8"
    )
    assert "\n".join(ours).encode() == theirs
