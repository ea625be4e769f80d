"""Automatic checks run on each submission: flags with a score that put an item higher in the queue."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from colab.validation import fold
from moderation.models import FlagCode
from moderation.sanitize import plain_text

LINKS_LIMIT = 3
SHORT_BODY = 200  # visible characters
DUPLICATE_SIMILARITY = 80  # out of 100, on title + summary
NEW_ACCOUNT_DAYS = 7

SCORES = {
    FlagCode.BLOCKED_WORDS: 40,
    FlagCode.MANY_LINKS: 30,
    FlagCode.PROBABLE_DUPLICATE: 25,
    FlagCode.NEW_ACCOUNT: 15,
    FlagCode.SHORT_BODY: 10,
}

FLAG_LABELS = {
    FlagCode.BLOCKED_WORDS: "Mots signalés",
    FlagCode.MANY_LINKS: "Nombreux liens",
    FlagCode.PROBABLE_DUPLICATE: "Doublon probable",
    FlagCode.NEW_ACCOUNT: "Nouveau compte",
    FlagCode.SHORT_BODY: "Description très courte",
}

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_ANCHOR = re.compile(r"<a\s[^>]*href=[^>]*>.*?</a>", re.IGNORECASE | re.DOTALL)
DEFAULT_BLOCKLIST = Path(__file__).with_name("blocklist.txt")


@dataclass(frozen=True)
class Flag:
    code: FlagCode
    score: int
    detail: str = ""


@dataclass(frozen=True)
class Candidate:
    """Another submission to compare with (same challenge), folded title + summary."""

    id: int
    title: str
    text: str


@dataclass
class Submission:
    title: str
    summary: str
    body: str  # sanitized HTML
    author_joined_at: datetime
    author_earlier_submissions: int
    candidates: Sequence[Candidate] = field(default_factory=list)


@lru_cache(maxsize=8)
def load_blocklist(path: Path = DEFAULT_BLOCKLIST) -> tuple[str, ...]:
    """Folded entries of a blocklist file (comments and blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(fold(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


def blocked_words(text: str, blocklist: Sequence[str]) -> list[str]:
    """The blocklist entries found as whole words in the text (case and accents ignored)."""
    folded = f" {re.sub(r'[^a-z0-9]+', ' ', fold(text))} "
    found = []
    for entry in blocklist:
        words = re.sub(r"[^a-z0-9]+", " ", entry).strip()
        if words and f" {words} " in folded:
            found.append(entry)
    return found


def count_links(body_html: str, summary: str = "") -> int:
    """Anchors in the body plus bare addresses in the rest of its text and in the summary."""
    anchors = len(_ANCHOR.findall(body_html))
    rest = plain_text(_ANCHOR.sub(" ", body_html))  # an anchor showing its own address counts once
    return anchors + len(_URL.findall(rest)) + len(_URL.findall(summary))


def comparable(title: str, summary: str) -> str:
    return fold(f"{title} {summary}")


def similar(
    text: str, candidates: Sequence[Candidate], *, limit: int = 5, cutoff: int = 50
) -> list[tuple[Candidate, int]]:
    """The candidates closest to the text, best first, with a 0-100 similarity."""
    if not candidates:
        return []
    matches = process.extract(
        text, [c.text for c in candidates], scorer=fuzz.token_set_ratio, limit=limit, score_cutoff=cutoff
    )
    return [(candidates[index], round(score)) for _, score, index in matches]


def run_checks(submission: Submission, *, now: datetime, blocklist: Sequence[str] | None = None) -> list[Flag]:
    """Every automatic check on one submission; no flag means nothing caught the eye (`blocklist`: the
    shipped one unless given)."""
    words = load_blocklist() if blocklist is None else blocklist
    flags: list[Flag] = []
    everything = f"{submission.title} {submission.summary} {plain_text(submission.body)}"
    found = blocked_words(everything, words)
    if found:
        flags.append(Flag(FlagCode.BLOCKED_WORDS, SCORES[FlagCode.BLOCKED_WORDS], ", ".join(found[:10])[:300]))
    links = count_links(submission.body, submission.summary)
    if links >= LINKS_LIMIT:
        flags.append(Flag(FlagCode.MANY_LINKS, SCORES[FlagCode.MANY_LINKS], f"{links} liens"))
    visible = len(plain_text(submission.body))
    if visible < SHORT_BODY:
        flags.append(Flag(FlagCode.SHORT_BODY, SCORES[FlagCode.SHORT_BODY], f"{visible} caractères"))
    close = similar(
        comparable(submission.title, submission.summary), submission.candidates, limit=1, cutoff=DUPLICATE_SIMILARITY
    )
    if close:
        twin, score = close[0]
        flags.append(
            Flag(
                FlagCode.PROBABLE_DUPLICATE, SCORES[FlagCode.PROBABLE_DUPLICATE], f"« {twin.title} » ({score} %)"[:300]
            )
        )
    if submission.author_earlier_submissions == 0 and now - submission.author_joined_at < timedelta(
        days=NEW_ACCOUNT_DAYS
    ):
        flags.append(Flag(FlagCode.NEW_ACCOUNT, SCORES[FlagCode.NEW_ACCOUNT], "Première proposition"))
    return flags
