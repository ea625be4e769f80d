"""The subject registry: a new kind of review is a registration, not an edit of moderation."""

from collections.abc import Iterator, Sequence

import pytest

from colab.errors import ColabError, ErrorCode
from colab.validation import utcnow
from moderation import registry
from moderation.decisions import decide_review
from moderation.models import Decision, ReviewStatus
from moderation.queue import claim, claim_next, enqueue
from moderation.registry import ReviewSubject, SubjectView, Verdict
from tests.conftest import actor_of, make_user
from tests.ideas.factories import make_moderator

DECIDED: list[Verdict] = []


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    return {i: SubjectView(title=f"Campagne {i}", summary="", body="", author_id=0) for i in ids}


async def _decide(verdict: Verdict) -> None:
    DECIDED.append(verdict)


async def _excluded(subject_id: int) -> set[int]:
    return {subject_id}  # in this test the subject's id names the one person who may not review it


@pytest.fixture
def campaign_kind() -> Iterator[str]:
    subject = ReviewSubject(
        kind="TEST_KIND", label="Exemple", plural="Exemples", load=_load, decide=_decide, excluded_reviewers=_excluded
    )
    registry.register(subject)
    yield "TEST_KIND"
    registry._SUBJECTS.pop("TEST_KIND")
    DECIDED.clear()


async def test_a_registered_kind_goes_through_the_queue_to_its_own_handler(db: None, campaign_kind: str) -> None:
    author, excluded, moderator = await make_user(), await make_moderator("Exclu"), await make_moderator()
    item = await enqueue(campaign_kind, excluded.id, author.id, "Une campagne", [], now=utcnow())
    assert await claim_next(actor_of(excluded)) is None
    with pytest.raises(ColabError) as refused:
        await claim(actor_of(excluded), item.id)
    assert refused.value.code is ErrorCode.SELF_REVIEW
    claimed = await claim_next(actor_of(moderator))
    assert claimed is not None and claimed.kind == campaign_kind
    decided = await decide_review(actor_of(moderator), item.id, Decision.ADMIT)
    assert decided.status is ReviewStatus.DECIDED
    expected = [(excluded.id, Decision.ADMIT, moderator.id)]
    assert [(v.subject_id, v.decision, v.moderator_id) for v in DECIDED] == expected


def test_a_kind_is_registered_once_with_a_short_upper_case_name(campaign_kind: str) -> None:
    other = ReviewSubject(kind=campaign_kind, label="Autre", plural="Autres", load=_load, excluded_reviewers=_excluded)
    with pytest.raises(ValueError):
        registry.register(other)
    with pytest.raises(ValueError):
        registry.register(ReviewSubject(kind="lower", label="x", plural="x", load=_load, excluded_reviewers=_excluded))
    assert campaign_kind in registry.kinds()


def test_unknown_kinds_are_refused_where_people_name_them() -> None:
    assert registry.checked_kind("") is None
    assert registry.checked_kind("IDEA") == "IDEA"
    with pytest.raises(ColabError) as refused:
        registry.checked_kind("NOPE")
    assert refused.value.code is ErrorCode.INVALID
    with pytest.raises(LookupError):
        registry.subject("NOPE")


def test_the_domains_register_their_kinds_and_moderation_its_own() -> None:
    assert {"IDEA", "CHALLENGE", "REPORT", "APPEAL"} <= set(registry.kinds())
    assert "PROJECT" not in registry.kinds() and registry.known_subject("PROJECT")  # reported, never queued


async def test_a_kind_only_reported_is_never_queued(db: None) -> None:
    author = await make_user()
    with pytest.raises(ValueError):
        await enqueue("PROJECT", 1, author.id, "Un projet", [], now=utcnow())
