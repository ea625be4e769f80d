"""The campaign's SVG geometry: days in Brussels, the running total, goal and ceiling, a text alternative."""

from datetime import UTC, datetime

from web.charts import pledges_chart, progress


def test_pledges_fall_on_their_brussels_day_and_add_up() -> None:
    start = datetime(2026, 3, 1, 8, tzinfo=UTC)
    # 23:30 UTC on March 2nd is already March 3rd in Brussels
    pledges = [(datetime(2026, 3, 1, 9, tzinfo=UTC), 2000), (datetime(2026, 3, 2, 23, 30, tzinfo=UTC), 5000)]
    chart = pledges_chart(
        pledges, start=start, end=datetime(2026, 3, 4, 12, tzinfo=UTC), goal_cents=10000, ceiling_cents=12000
    )
    assert [b.label for b in chart.bars] == ["1 mars : 20\u00a0€", "3 mars : 50\u00a0€"]
    assert chart.summary.startswith("Du 1 mars au 4 mars : 70\u00a0€ promis en tout, dont 50\u00a0€ le 3 mars")
    assert "objectif 100\u00a0€, plafond 120\u00a0€" in chart.summary
    assert chart.line.count("L") == 4  # one point per day


def test_the_running_total_never_goes_down_and_stays_in_the_plot() -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    pledges = [(datetime(2026, 3, d, 12, tzinfo=UTC), 1000 * d) for d in range(1, 10)]
    chart = pledges_chart(
        pledges, start=start, end=datetime(2026, 3, 9, 12, tzinfo=UTC), goal_cents=20000, ceiling_cents=30000
    )
    ys = [float(p.split(",")[1]) for p in chart.line.split("L")[1:]]
    assert ys == sorted(ys, reverse=True)  # SVG y grows downwards
    assert min(ys) >= chart.top and max(ys) <= chart.bottom
    assert chart.goal_y is not None and chart.ceiling_y is not None and chart.ceiling_y < chart.goal_y


def test_an_empty_campaign_draws_an_empty_chart() -> None:
    day = datetime(2026, 3, 1, tzinfo=UTC)
    chart = pledges_chart([], start=day, end=day, goal_cents=50000, ceiling_cents=500000)
    assert chart.bars == [] and "0\u00a0€ promis en tout ;" in chart.summary
    assert chart.ceiling_y is None  # a ceiling far above the goal would flatten the chart: not drawn


def test_progress_is_measured_against_the_ceiling() -> None:
    bar = progress(paid_cents=5000, committed_cents=7500, goal_cents=10000, ceiling_cents=20000, width=200)
    assert (bar.paid, bar.committed, bar.goal, bar.percent_of_goal) == (50, 75, 100, 50)
    assert bar.summary == (
        "50\u00a0€ payés sur un objectif de 100\u00a0€ (50 %), et 25\u00a0€ promis en attente de paiement ;"
        " plafond 200\u00a0€."
    )


def test_progress_beyond_the_goal_stays_within_the_bar() -> None:
    bar = progress(paid_cents=30000, committed_cents=30000, goal_cents=10000, ceiling_cents=20000, width=200)
    assert bar.paid == 200 and bar.percent_of_goal == 300
