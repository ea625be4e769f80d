"""Euros as people type and read them in Belgium ("12,50 €"), and integer cents as the lab keeps them."""

from __future__ import annotations

import re

from colab.funding import money

#: digits, then an optional decimal part of one or two digits after a comma (or a dot)
_AMOUNT = re.compile(r"(\d{1,9})(?:[.,](\d{1,2}))?")
#: what people put around and inside an amount: spaces (also the no-break ones), the euro sign, "EUR"
_NOISE = re.compile(r"[\s\u00a0\u202f€]|eur(?:os?)?$", re.IGNORECASE)
#: a thousands separator: a dot or a space before exactly three digits, as in "1.250,00", "1 250" or "1.250"
_THOUSANDS = re.compile(r"(?<=\d)[.\s\u00a0\u202f](?=\d{3}(?:[,\s\u00a0\u202f€]|$))")


def parse_euros(text: str | None) -> int | None:
    """Cents from an amount in euros as typed ("12,50", "12.5", "1 250", "1.250,00 €"); None if unreadable."""
    value = (text or "").strip()
    value = _NOISE.sub("", _THOUSANDS.sub("", value))
    found = _AMOUNT.fullmatch(value)
    if found is None:
        return None
    whole, decimals = found.groups()
    return int(whole) * 100 + int((decimals or "0").ljust(2, "0"))


def euros(cents: int | None, always_decimals: bool = False) -> str:
    """ "1 234,50 €" ("25 €" for whole euros): a narrow no-break space groups thousands, as in French."""
    return "" if cents is None else money.euros(cents, always_decimals=always_decimals, no_break=True)


def euros_field(cents: int | None) -> str:
    """An amount as a form field shows it again: "12,50", "25" (no sign, no grouping)."""
    if cents is None:
        return ""
    whole, rest = divmod(cents, 100)
    return f"{whole},{rest:02d}" if rest else str(whole)
