"""Expert credential requests under concurrency (PostgreSQL): one pending request per person and theme."""

from __future__ import annotations

import asyncio

import pytest

from colab.advice.credentials import request_credential
from colab.advice.models import CREDENTIAL_REVIEW_KIND, ExpertCredential
from colab.errors import ColabError, ErrorCode
from moderation.models import ReviewItem
from tests.conftest import actor_of, make_user, theme

pytestmark = pytest.mark.postgres

EVIDENCE = "Ingénieure en mobilité douce depuis douze ans au service d'une commune."


async def test_ten_racing_requests_queue_one(db: None) -> None:
    user = actor_of(await make_user())
    mobility = (await theme("mobilite")).id
    results = await asyncio.gather(
        *(request_credential(user, mobility, EVIDENCE) for _ in range(10)), return_exceptions=True
    )
    assert [r.code for r in results if isinstance(r, ColabError)] == [ErrorCode.CREDENTIAL_PENDING] * 9
    assert await ExpertCredential.filter(user_id=user.user_id).count() == 1
    assert await ReviewItem.filter(kind=CREDENTIAL_REVIEW_KIND).count() == 1
