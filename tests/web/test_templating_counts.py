"""Counts on list pages: French digit grouping, and « plus de » past the capped count."""

import pytest

from colab import counting
from web.templating import count_fr


def test_counts_are_grouped_the_french_way() -> None:
    assert (count_fr(0), count_fr(7), count_fr(1000)) == ("0", "7", "1\u202f000")


def test_past_the_cap_a_count_says_more_than(monkeypatch: pytest.MonkeyPatch) -> None:
    assert count_fr(counting.COUNT_CAP) == "1\u202f000"
    assert count_fr(counting.COUNT_CAP + 1) == "plus de 1\u202f000"
    monkeypatch.setattr(counting, "COUNT_CAP", 5)
    assert count_fr(6) == "plus de 5"
