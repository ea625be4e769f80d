"""Amounts in euro cents as people read them in French: « 1 250 € », « 12,50 € »."""

from __future__ import annotations


def euros(cents: int, *, always_decimals: bool = False, no_break: bool = False) -> str:
    """« 1 250 € », « 12,50 € »: a narrow no-break space groups thousands; `always_decimals` writes « ,00 »,
    `no_break` keeps « € » on the amount's line (the pages' and the transfer instructions' writing)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", "\u202f")
    decimals = f",{part:02d}" if part or always_decimals else ""
    space = "\u00a0" if no_break else " "
    return f"{sign}{text}{decimals}{space}€"


def percent(part: int, whole: int) -> int:
    """Rounded down, 0 for an empty whole."""
    return (100 * part) // whole if whole > 0 else 0
