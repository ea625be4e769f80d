"""What a challenge, an idea or a project lacks: funds, a team, advice, hands."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from tortoise import fields
from tortoise.models import Model


class Need(str, Enum):
    FUNDS = "FUNDS"
    TEAM = "TEAM"
    ADVICE = "ADVICE"
    HANDS = "HANDS"


NEED_LABELS = {
    Need.FUNDS: "Financement",
    Need.TEAM: "Équipe",
    Need.ADVICE: "Conseils",
    Need.HANDS: "Bras (bénévoles)",
}

NEED_COLUMNS = {
    Need.FUNDS: "needs_funds",
    Need.TEAM: "needs_team",
    Need.ADVICE: "needs_advice",
    Need.HANDS: "needs_hands",
}


def need_columns(needs: Iterable[Need]) -> dict[str, bool]:
    """The four boolean columns for a set of needs."""
    chosen = set(needs)
    return {column: need in chosen for need, column in NEED_COLUMNS.items()}


class WithNeeds(Model):
    """One column per need keeps "needs FUNDS" a plain indexed filter on every database."""

    needs_funds = fields.BooleanField(default=False)
    needs_team = fields.BooleanField(default=False)
    needs_advice = fields.BooleanField(default=False)
    needs_hands = fields.BooleanField(default=False)

    class Meta:
        abstract = True

    @property
    def needs(self) -> list[Need]:
        return [need for need, column in NEED_COLUMNS.items() if getattr(self, column)]
