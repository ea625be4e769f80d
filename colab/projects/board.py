"""The needs board: one live card per kind of help (funds, team, advice, hands).

Projects know nothing of campaigns, calls, advice or roles: each contribution domain registers its card
here (`@card(Need.HANDS)`), from its own package, listed in colab/domains.py. A card's loader returns a
`Card`; the web shows it with the domain's own partial template, GraphQL with its summary and figures.
A need whose domain registered nothing yet shows the placeholder.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from colab.actors import Actor
from colab.needs import NEED_LABELS, Need
from colab.projects.models import Project


@dataclass(frozen=True)
class Card:
    """What a domain says about its kind of help on one project."""

    #: the kind of help is open on the project (a live campaign, an open role, an upcoming call, ...)
    open: bool
    #: one French sentence for every reader ("12 places restantes sur 3 actions à venir")
    summary: str
    #: named figures for the API and the template (places_left, paid_cents, open_questions, ...)
    figures: Mapping[str, int] = field(default_factory=dict)
    #: the domain's partial template, rendered with `card` (this object), `project` and `actor` in its context
    template: str | None = None
    #: anything else the template needs (loaded by the domain, in a bounded number of queries)
    data: object = None


#: a batch: the cards of many projects in a bounded number of queries (a project missing from the answer: no card)
CardLoader = Callable[[Sequence[int], Actor], Awaitable[Mapping[int, Card]]]
_CARDS: dict[Need, CardLoader] = {}


def card(need: Need) -> Callable[[CardLoader], CardLoader]:
    """Register the loader of a need's card (one per need)."""

    def register(loader: CardLoader) -> CardLoader:
        if need in _CARDS and _CARDS[need] is not loader:
            raise RuntimeError(f"the {need.value} card is registered twice")
        _CARDS[need] = loader
        return loader

    return register


@dataclass(frozen=True)
class NeedSlot:
    """One line of the needs board: what the project asked for and where contributions appear."""

    need: Need
    label: str
    asked: bool
    place: str
    card: Card | None = None


_PLACES = {
    Need.FUNDS: "Campagne de financement participatif : promesses de dons vers un objectif, pendant une période fixée.",
    Need.ADVICE: "Conseils de la communauté : avis, questions, ressources et offres d'expertise.",
    Need.HANDS: "Appels à bénévoles : actions concrètes sur le terrain, avec lieu, date et nombre de places.",
    Need.TEAM: "Équipe : les rôles que le projet cherche à pourvoir, et les candidatures.",
}


async def needs_boards(projects: Sequence[tuple[int, Sequence[Need]]], actor: Actor) -> dict[int, list[NeedSlot]]:
    """Each project's (id, needs asked) four kinds of help, those asked for (or open) first, with the domains'
    live cards: one batch per registered card, whatever the number of projects."""
    from colab.events import load_handlers

    load_handlers()  # the domains register their cards where they register their subscribers
    ids = [pid for pid, _ in projects]
    cards = {need: await loader(ids, actor) for need, loader in _CARDS.items()} if ids else {}
    boards = {}
    for pid, needs in projects:
        asked = set(needs)
        slots = [
            NeedSlot(need, NEED_LABELS[need], need in asked, _PLACES[need], cards.get(need, {}).get(pid))
            for need in Need
        ]
        boards[pid] = sorted(slots, key=lambda s: not (s.asked or (s.card is not None and s.card.open)))
    return boards


async def needs_board(project: Project, actor: Actor) -> list[NeedSlot]:
    return (await needs_boards([(project.id, project.needs)], actor))[project.id]
