"""Helpful votes under concurrency (PostgreSQL): the count always equals the votes, one per person."""

from __future__ import annotations

import asyncio

import pytest

from colab.advice.models import Advice, HelpfulVote
from colab.advice.service import unvote_helpful, vote_helpful
from colab.errors import ColabError, ErrorCode
from tests.advice.factories import make_advice
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project

pytestmark = pytest.mark.postgres


async def test_twenty_voters_voting_twice_at_once_count_twenty(db: None) -> None:
    advice = await make_advice(await make_project())
    voters = [actor_of(await make_user(name=f"Votant {i}")) for i in range(20)]
    results = await asyncio.gather(*(vote_helpful(v, advice.id) for v in voters * 2), return_exceptions=True)
    refused = [r.code for r in results if isinstance(r, ColabError)]
    assert refused == [ErrorCode.ALREADY_VOTED] * 20
    stored = await Advice.get(id=advice.id)
    assert stored.helpful_count == 20 == await HelpfulVote.filter(advice_id=advice.id).count()


async def test_votes_racing_their_undoing_keep_the_count_exact(db: None) -> None:
    advice = await make_advice(await make_project())
    voters = [actor_of(await make_user(name=f"Votante {i}")) for i in range(10)]
    for v in voters:
        await vote_helpful(v, advice.id)
    await asyncio.gather(
        *(unvote_helpful(v, advice.id) for v in voters),
        *(unvote_helpful(v, advice.id) for v in voters[:5]),
        return_exceptions=True,
    )
    stored = await Advice.get(id=advice.id)
    assert stored.helpful_count == 0 == await HelpfulVote.filter(advice_id=advice.id).count()
