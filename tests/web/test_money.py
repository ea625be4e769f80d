"""Euros as typed in Belgium become integer cents; cents read as French amounts."""

import pytest

from web.money import euros, euros_field, parse_euros


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12,50", 1250),
        ("12.5", 1250),
        ("25", 2500),
        ("25 €", 2500),
        ("0,5", 50),
        ("1 250", 125000),
        ("1.250,00 €", 125000),
        ("1\u202f250,5", 125050),
        ("12,50 EUR", 1250),
        ("  7,05 ", 705),
    ],
)
def test_amounts_typed_the_french_way_become_cents(typed: str, cents: int) -> None:
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "-5", "12,505", "1e3", "12,,5", None, "9" * 12])
def test_unreadable_amounts_are_none(typed: str | None) -> None:
    assert parse_euros(typed) is None


def test_cents_read_as_french_amounts() -> None:
    assert euros(123450) == "1\u202f234,50\u00a0€"
    assert euros(2500) == "25\u00a0€"
    assert euros(5) == "0,05\u00a0€"
    assert euros(2500, always_decimals=True) == "25,00\u00a0€"
    assert euros(None) == ""


def test_a_form_shows_an_amount_as_typed() -> None:
    assert euros_field(1250) == "12,50"
    assert euros_field(2500) == "25"
    assert parse_euros(euros_field(123456)) == 123456
