"""The needs board: the four kinds of help, with the cards the contribution domains register."""

from collections.abc import Mapping, Sequence

import pytest

from colab.actors import ANONYMOUS, Actor
from colab.needs import Need
from colab.projects import board
from colab.projects.board import Card, needs_board, needs_boards
from tests.projects.factories import make_project


async def test_the_needs_board_lists_what_was_asked_first(db: None) -> None:
    project = await make_project(needs=[Need.HANDS])
    slots = await needs_board(project, ANONYMOUS)
    assert [s.need for s in slots][0] is Need.HANDS and slots[0].asked
    assert {s.need for s in slots} == set(Need)
    assert all(s.place for s in slots)


async def test_a_registered_card_shows_and_an_open_card_comes_first(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = await make_project(needs=[Need.HANDS])
    second = await make_project(needs=[Need.HANDS], title="Un second projet sur le tableau")
    calls: list[list[int]] = []

    async def advice(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
        calls.append(list(project_ids))
        return {first.id: Card(open=True, summary="2 questions ouvertes", figures={"openQuestions": 2})}

    monkeypatch.setitem(board._CARDS, Need.ADVICE, advice)
    boards = await needs_boards([(first.id, first.needs), (second.id, second.needs)], ANONYMOUS)
    assert calls == [[first.id, second.id]]  # one batch for both projects
    assert {s.need for s in boards[first.id][:2]} == {Need.HANDS, Need.ADVICE}
    card = next(s.card for s in boards[first.id] if s.need is Need.ADVICE)
    assert card is not None and card.figures == {"openQuestions": 2}
    assert next(s.card for s in boards[second.id] if s.need is Need.ADVICE) is None  # other domains' cards may show


def test_a_need_takes_one_card_only() -> None:
    async def one(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
        return {}

    async def two(project_ids: Sequence[int], actor: Actor) -> Mapping[int, Card]:
        return {}

    register = board.card(Need.TEAM)
    previous = board._CARDS.pop(Need.TEAM, None)
    try:
        register(one)
        with pytest.raises(RuntimeError):
            register(two)
    finally:
        board._CARDS.pop(Need.TEAM, None)
        if previous is not None:
            board._CARDS[Need.TEAM] = previous
