"""French full-text search: stems before accents, one behaviour on PostgreSQL (GIN) and SQLite (FTS5)."""

from __future__ import annotations

import pytest

from colab.actors import ANONYMOUS
from colab.challenges.models import Challenge
from colab.challenges.service import ChallengeFilter, ChallengeOrder, list_challenges
from colab.search import MAX_QUERY_TERMS, query_terms, terms
from tests.conftest import make_challenge as _make_challenge

PLAIN = {
    "summary": "Un résumé sans rapport avec la recherche.",
    "body": "<p>Un texte qui ne parle de rien de précis.</p>",
}


async def make_challenge(**overrides: str) -> Challenge:
    return await _make_challenge(**{**PLAIN, **overrides})


async def _titles(search: str, order: ChallengeOrder = ChallengeOrder.NEWEST) -> list[str]:
    items, total = await list_challenges(ANONYMOUS, ChallengeFilter(search=search, order=order))
    assert total == len(items)
    return [c.title for c in items]


def test_inflected_and_accented_forms_share_their_terms() -> None:
    assert terms("vélo partagé") == terms("vélos partagés") == terms("velos partagées") == ["velo", "partag"]
    assert terms("Les énergies renouvelables de la vallée") == ["energ", "renouvel", "vall"]


def test_a_query_keeps_distinct_safe_terms_only() -> None:
    assert query_terms("vélo VÉLOS ' OR 1=1; -- \"x\" l'été") == ["velo", "or", "ete"]
    assert len(query_terms(" ".join(f"mot{i}" for i in range(20)))) == MAX_QUERY_TERMS


@pytest.mark.parametrize("search", ["vélos partagés", "velos", "VÉLO partagée"])
async def test_searching_finds_every_form_of_the_words(db: None, search: str) -> None:
    await make_challenge(title="Un vélo partagé pour la gare")
    await make_challenge(title="Des navettes électriques")
    assert await _titles(search) == ["Un vélo partagé pour la gare"]


async def test_results_come_best_match_first_unless_an_order_is_asked(db: None) -> None:
    await make_challenge(title="Un potager collectif", summary="Un potager partagé, puis un vélo partagé au quartier")
    await make_challenge(title="Des vélos partagés", summary="Des vélos partagés entre villages, vélos pour tous")
    await make_challenge(title="Une salle de quartier", summary="Rien à voir avec la mobilité douce ici")
    assert await _titles("vélo partagé") == ["Des vélos partagés", "Un potager collectif"]


async def test_edits_and_deletions_reach_the_index(db: None) -> None:
    challenge = await make_challenge(title="Des composts de quartier")
    assert await _titles("compost") == ["Des composts de quartier"]
    await Challenge.filter(id=challenge.id).update(search_text="ruch abeil")
    assert await _titles("compost") == []
    assert await _titles("ruches") == ["Des composts de quartier"]
    await Challenge.filter(id=challenge.id).delete()
    assert await _titles("ruches") == []


@pytest.mark.parametrize("search", ["les", "%", "' OR ''='"])
async def test_a_query_without_terms_finds_nothing(db: None, search: str) -> None:
    await make_challenge(title="Un défi ordinaire")
    assert await _titles(search) == []
