"""The page number of a list's address and its previous/next links."""

import pytest

from web.pages.paging import page_number, pager


@pytest.mark.parametrize("raw", [None, "", "0", "-1", "abc", "1.5", "100000", "²"])
def test_an_implausible_page_is_the_first(raw: str | None) -> None:
    assert page_number(raw) == 1


def test_a_plausible_page_is_kept() -> None:
    assert page_number("42") == 42


def test_the_links_keep_the_filters() -> None:
    shown = pager(2, 45, {"province": "50000", "besoin": "FUNDING"})
    assert shown == {
        "page": 2,
        "pages": 3,
        "previous_url": "?province=50000&besoin=FUNDING&page=1",
        "next_url": "?province=50000&besoin=FUNDING&page=3",
    }


def test_a_single_page_has_no_links() -> None:
    assert pager(1, 0) == {"page": 1, "pages": 1, "previous_url": None, "next_url": None}


def test_the_page_size_sets_the_page_count() -> None:
    assert pager(1, 51, size=50)["next_url"] == "?page=2"
