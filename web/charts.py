"""Server-rendered SVG charts of a campaign: the geometry is computed here, the markup is a template
(web/templates/funding/_chart.html, _progress.html), so text stays autoescaped and pages need no JavaScript.

The CSP forbids inline styles: everything is drawn with SVG presentation attributes (x, width, fill...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from web.money import euros

BRUSSELS = ZoneInfo("Europe/Brussels")
SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
#: the longest period a campaign may have is 90 days; a chart never draws more days than this
MAX_DAYS = 120


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # "12 mars : 150 €", the bar's <title>


@dataclass(frozen=True)
class Chart:
    """A chart of pledges over time: a bar per day (that day's pledges) and the running total as a line."""

    width: int
    height: int
    left: int
    bottom: float
    right: float
    top: int
    bars: list[Bar]
    line: str  # the running total, as an SVG path
    goal_y: float | None
    ceiling_y: float | None
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    summary: str  # the text alternative, in French


@dataclass(frozen=True)
class Progress:
    """A progress bar 0 → ceiling: paid, then committed but not paid yet, and the goal's mark."""

    width: int
    paid: float
    committed: float  # the width up to everything committed (paid included)
    goal: float
    percent_of_goal: int
    summary: str


def short_date(day: date) -> str:
    return f"{day.day} {SHORT_MONTHS[day.month - 1]}"


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (an axis maximum people read easily)."""
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return int(step * magnitude)
    return magnitude * 10  # pragma: no cover - the loop always returns


def _days(start: datetime, end: datetime) -> list[date]:
    first, last = start.astimezone(BRUSSELS).date(), end.astimezone(BRUSSELS).date()
    last = max(first, min(last, first + timedelta(days=MAX_DAYS - 1)))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def pledges_chart(
    pledges: Sequence[tuple[datetime, int]],
    *,
    start: datetime,
    end: datetime,
    goal_cents: int,
    ceiling_cents: int,
    width: int = 640,
    height: int = 260,
) -> Chart:
    """Pledges (when, amount in cents) per Brussels day from `start` to `end`, with goal and ceiling lines."""
    days = _days(start, end)
    per_day = dict.fromkeys(days, 0)
    for when, amount in pledges:
        day = when.astimezone(BRUSSELS).date()
        day = min(max(day, days[0]), days[-1])  # a pledge outside the window counts on its nearest day
        per_day[day] += amount
    total = sum(per_day.values())
    top_value = _nice_ceiling(max(goal_cents, total, ceiling_cents if ceiling_cents <= goal_cents * 3 // 2 else 0, 100))
    left, top, right, bottom = 64, 12, width - 12, height - 32
    plot_w, plot_h = right - left, bottom - top
    step = plot_w / len(days)

    def y_of(cents: int) -> float:
        return round(bottom - plot_h * cents / top_value, 1)

    bars, points, running = [], [], 0
    for i, day in enumerate(days):
        amount = per_day[day]
        running += amount
        x = left + i * step
        if amount:
            bars.append(
                Bar(
                    round(x + step * 0.15, 1),
                    y_of(amount),
                    round(step * 0.7, 1),
                    round(bottom - y_of(amount), 1),
                    f"{short_date(day)} : {euros(amount)}",
                )
            )
        points.append(f"{round(x + step, 1)},{y_of(running)}")
    line = f"M{left},{bottom} L" + " L".join(points)
    every = max(1, len(days) // 6)
    x_ticks = [Tick(round(left + (i + 0.5) * step, 1), short_date(d)) for i, d in enumerate(days) if i % every == 0]
    y_ticks = [Tick(y_of(top_value * k // 4), euros(top_value * k // 4)) for k in range(5)]
    best = max(per_day, key=lambda d: per_day[d]) if total else None
    summary = (
        f"Du {short_date(days[0])} au {short_date(days[-1])} : {euros(total)} promis en tout"
        + (f", dont {euros(per_day[best])} le {short_date(best)}, le meilleur jour" if best else "")
        + f" ; objectif {euros(goal_cents)}, plafond {euros(ceiling_cents)}."
    )
    return Chart(
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        right=right,
        top=top,
        bars=bars,
        line=line,
        goal_y=y_of(goal_cents) if goal_cents <= top_value else None,
        ceiling_y=y_of(ceiling_cents) if ceiling_cents <= top_value else None,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        summary=summary,
    )


def progress(paid_cents: int, committed_cents: int, goal_cents: int, ceiling_cents: int, width: int = 600) -> Progress:
    """The bar's widths; the whole bar is the ceiling (what the campaign may take at most)."""
    full = max(ceiling_cents, goal_cents, 1)

    def w(cents: int) -> float:
        return round(width * min(max(cents, 0), full) / full, 1)

    percent = paid_cents * 100 // goal_cents if goal_cents > 0 else 0
    pending = max(committed_cents - paid_cents, 0)
    summary = (
        f"{euros(paid_cents)} payés sur un objectif de {euros(goal_cents)} ({percent} %)"
        + (f", et {euros(pending)} promis en attente de paiement" if pending else "")
        + f" ; plafond {euros(ceiling_cents)}."
    )
    return Progress(
        width=width,
        paid=w(paid_cents),
        committed=w(max(committed_cents, paid_cents)),
        goal=w(goal_cents),
        percent_of_goal=percent,
        summary=summary,
    )
