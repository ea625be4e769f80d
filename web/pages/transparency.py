"""The public transparency page: each month's moderation decisions, their reasons and the median wait."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from moderation.models import REASON_LABELS, Decision
from moderation.transparency import MonthStats, monthly_stats
from web.pages.rendering import render
from web.templating import MONTHS


def month_fr(month: str) -> str:
    """'2026-11' → 'novembre 2026'."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def duration_fr(hours: float | None) -> str:
    """A median wait in words: hours under two days, days beyond."""
    if hours is None:
        return "—"
    if hours < 1:
        return "moins d'une heure"
    if hours < 48:
        amount, unit = hours, "heure"
    else:
        amount, unit = hours / 24, "jour"
    text = f"{amount:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text} {unit}{'s' if amount >= 2 else ''}"


def _month_row(stats: MonthStats) -> dict[str, Any]:
    return {
        "label": month_fr(stats.month),
        "decisions": stats.decisions,
        "admitted": stats.by_decision[Decision.ADMIT],
        "changes_requested": stats.by_decision[Decision.REQUEST_CHANGES],
        "rejected": stats.by_decision[Decision.REJECT],
        "reasons": [(REASON_LABELS[r], n) for r, n in stats.by_reason.most_common()],
        "median": duration_fr(stats.median_hours_to_decision),
    }


async def transparency(request: Request) -> Response:
    months = [_month_row(s) for s in await monthly_stats()]
    return await render(request, "transparency.html", {"months": months})


ROUTES: list[BaseRoute] = [
    Route("/transparence", transparency, name="transparency"),
]
