"""The EPC QR code (EPC069-12 "SEPA credit transfer" QR) a banking app scans to fill in a transfer.

Version 002, character set 1 (UTF-8), SCT, the BIC, the beneficiary's name, the IBAN, the EUR amount, an empty
purpose, and the structured communication's 12 digits on line 10, the *structured* remittance line, with no
free text on line 11: the bank then books it as a structured communication. These are the lines segno's
`make_epc_qr(reference=...)` writes (a test checks they agree); we write them ourselves so the code we render
and the payload we show and test are one value. Error correction M and at most version 13, as the standard asks."""

from __future__ import annotations

import io
from decimal import Decimal

import segno

MAX_VERSION = 13


def epc_payload(*, name: str, iban: str, bic: str, amount_cents: int, reference: str) -> list[str]:
    """The lines the QR code holds."""
    if not 1 <= amount_cents <= 99_999_999_999:
        raise ValueError("an EPC amount is 0.01 to 999999999.99 euros")
    if len(name) > 70 or len(reference) > 35 or len(bic) not in (8, 11):
        raise ValueError("EPC field too long")
    amount = f"EUR{Decimal(amount_cents) / 100:.2f}".rstrip("0").rstrip(".")
    return ["BCD", "002", "1", "SCT", bic, name, iban, amount, "", reference]


def epc_svg(*, name: str, iban: str, bic: str, amount_cents: int, reference: str, title: str) -> str:
    """The QR code as a standalone SVG document (no script, no external reference)."""
    data = "\n".join(epc_payload(name=name, iban=iban, bic=bic, amount_cents=amount_cents, reference=reference))
    qr = segno.make_qr(data.encode("utf-8"), error="m", boost_error=False)
    if qr.version is None or int(qr.version) > MAX_VERSION:  # pragma: no cover - 331 bytes at most fit
        raise ValueError(f"EPC QR code too large: version {qr.version}")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=4, border=4, xmldecl=False, title=title, svgclass=None, lineclass=None)
    return out.getvalue().decode("utf-8")
