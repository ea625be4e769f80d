"""Sending a submission to the review queue: the automatic checks, then a new queue item."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from colab.accounts.models import User
from colab.config import load_settings
from moderation import registry
from moderation.checks import DEFAULT_BLOCKLIST, Submission, load_blocklist, run_checks
from moderation.models import ReviewItem
from moderation.queue import enqueue


@cache
def configured_blocklist() -> tuple[str, ...]:
    """The blocklist of the settings (MODERATION_BLOCKLIST_FILE, else the shipped one), read once."""
    configured = load_settings().moderation_blocklist_file
    return load_blocklist(Path(configured) if configured else DEFAULT_BLOCKLIST)


async def send_to_review(
    kind: str,
    subject_id: int,
    *,
    author_id: int,
    title: str,
    summary: str,
    body: str,
    now: datetime,
) -> ReviewItem:
    """Run the automatic checks and queue the submission (inside the submitting transaction)."""
    subject = registry.subject(kind)
    joined: datetime = await User.get(id=author_id).values_list("created_at", flat=True)  # type: ignore[assignment]
    earlier = await ReviewItem.filter(author_id=author_id).count()
    flags = run_checks(
        Submission(
            title=title,
            summary=summary,
            body=body,
            author_joined_at=joined,
            author_earlier_submissions=earlier,
            candidates=await subject.candidates(subject_id),
        ),
        now=now,
        blocklist=configured_blocklist(),
    )
    return await enqueue(kind, subject_id, author_id, title, flags, now=now)
