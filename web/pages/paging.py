"""Paged lists: the ?page= number, and the page count with previous/next links that keep the list's filters."""

from __future__ import annotations

from collections.abc import Mapping
from math import ceil
from typing import Any
from urllib.parse import urlencode

PAGE_SIZE = 20


def page_number(raw: str | None) -> int:
    """The page asked for; anything but a plausible positive number is the first page."""
    # isdigit() alone admits '²', which int() refuses
    return int(raw) if raw and raw.isascii() and raw.isdigit() and 0 < int(raw) < 100_000 else 1


def pager(page: int, total: int, kept: Mapping[str, str] | None = None, size: int = PAGE_SIZE) -> dict[str, Any]:
    """What the count line and the pagination links need; the links keep the filters in `kept`."""
    pages = max(1, ceil(total / size))

    def link(number: int) -> str:
        return f"?{urlencode({**(kept or {}), 'page': number})}"

    return {
        "page": page,
        "pages": pages,
        "previous_url": link(page - 1) if page > 1 else None,
        "next_url": link(page + 1) if page < pages else None,
    }
