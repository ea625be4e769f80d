"""Amounts in euro cents as people read them in French: « 1 250 € », « 12,50 € »."""

from __future__ import annotations


def euros(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", "\u202f")
    return f"{sign}{text},{part:02d} €" if part else f"{sign}{text} €"


def percent(part: int, whole: int) -> int:
    """Rounded down, 0 for an empty whole."""
    return (100 * part) // whole if whole > 0 else 0
