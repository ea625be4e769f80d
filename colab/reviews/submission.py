"""Sending a submission to the review queue: the automatic checks, then a new queue item."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from colab.accounts.models import User
from colab.config import load_settings
from colab.ideas.models import Idea, IdeaStatus
from moderation.checks import DEFAULT_BLOCKLIST, Candidate, Submission, comparable, load_blocklist, run_checks
from moderation.models import ReviewItem, ReviewKind
from moderation.queue import enqueue

#: ideas compared for duplicates: those a moderator has seen or will see
COMPARED = (IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED, IdeaStatus.ADMITTED)
#: free-standing ideas are compared with the latest ones only
COMPARED_MAX = 500


@cache
def configured_blocklist() -> tuple[str, ...]:
    """The blocklist of the settings (MODERATION_BLOCKLIST_FILE, else the shipped one), read once."""
    configured = load_settings().moderation_blocklist_file
    return load_blocklist(Path(configured) if configured else DEFAULT_BLOCKLIST)


async def idea_candidates(challenge_id: int | None, *, exclude_id: int | None = None) -> list[Candidate]:
    """Ideas the same challenge already holds (or the latest free-standing ones), for duplicates and similarity."""
    query = Idea.filter(challenge_id=challenge_id, status__in=COMPARED)
    if challenge_id is None:
        query = Idea.filter(challenge_id__isnull=True, status__in=COMPARED)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    rows = await query.order_by("-id").limit(COMPARED_MAX).values_list("id", "title", "summary")
    return [Candidate(id=i, title=t, text=comparable(t, s)) for i, t, s in rows]


async def send_to_review(
    kind: ReviewKind,
    subject_id: int,
    *,
    author_id: int,
    title: str,
    summary: str,
    body: str,
    challenge_id: int | None,
    now: datetime,
) -> ReviewItem:
    """Run the automatic checks and queue the submission (inside the submitting transaction)."""
    joined: datetime = await User.get(id=author_id).values_list("created_at", flat=True)  # type: ignore[assignment]
    earlier = await ReviewItem.filter(author_id=author_id).count()
    candidates = await idea_candidates(challenge_id, exclude_id=subject_id) if kind is ReviewKind.IDEA else []
    flags = run_checks(
        Submission(
            title=title,
            summary=summary,
            body=body,
            author_joined_at=joined,
            author_earlier_submissions=earlier,
            candidates=candidates,
        ),
        now=now,
        blocklist=configured_blocklist(),
    )
    return await enqueue(kind, subject_id, author_id, title, flags, now=now)
