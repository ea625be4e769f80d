"""What can be reviewed: each domain registers its review subjects; moderation reaches a subject only through here.

A kind (IDEA, CHALLENGE, REPORT, APPEAL, later a campaign or a volunteer call) is a registration, not an `if`
branch: the registration says how a moderator reads the subject, who may not review it, and what a decision
does (the handler publishes the domain's events; moderation never imports the domains).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from colab.errors import ColabError, ErrorCode
from colab.events import DomainEvent, load_handlers
from moderation.checks import Candidate
from moderation.models import Decision, ReasonCode


@dataclass(frozen=True)
class Link:
    label: str
    #: a path of the lab (the domain knows its pages' addresses; moderation only shows them)
    path: str


@dataclass(frozen=True)
class SubjectView:
    """A subject as a moderator reads it."""

    title: str
    summary: str
    #: sanitized rich text (stored sanitized by the domain)
    body: str
    author_id: int
    organization_id: int | None = None
    #: what a moderator may follow: the subject's public page, the challenge it answers, the organization
    links: tuple[Link, ...] = ()
    #: short labelled facts shown beside the body (territory, themes, ...)
    facts: tuple[tuple[str, str], ...] = ()
    #: anyone may see it today (only public content can be reported)
    public: bool = False


@dataclass(frozen=True)
class Verdict:
    """A moderator's decision, as the subject's handler receives it (inside the deciding transaction)."""

    item_id: int
    subject_id: int
    decision: Decision
    reason: ReasonCode | None
    message: str
    moderator_id: int
    #: the decision upholds or dismisses an appeal of an earlier decision on this subject
    on_appeal: bool = False

    def outcome(
        self,
        admitted: Callable[..., DomainEvent],
        changes_requested: Callable[..., DomainEvent],
        rejected: Callable[..., DomainEvent],
        **facts: Any,
    ) -> DomainEvent:
        """The subject domain's event for this decision: `admitted`, or a refusal carrying the reason and message."""
        if self.decision is Decision.ADMIT:
            return admitted(**facts)
        refusal = changes_requested if self.decision is Decision.REQUEST_CHANGES else rejected
        return refusal(**facts, reason=self.reason.value if self.reason else None, message=self.message)


Loader = Callable[[Sequence[int]], Awaitable[dict[int, SubjectView]]]
Handler = Callable[[Verdict], Awaitable[None]]
Excluded = Callable[[int], Awaitable[set[int]]]
Candidates = Callable[[int], Awaitable[list[Candidate]]]
Refusal = Callable[[int, int], Awaitable[ColabError | None]]


async def _no_candidates(subject_id: int) -> list[Candidate]:
    return []


@dataclass(frozen=True)
class ReviewSubject:
    #: the stored kind (A-Z and _, at most 12 characters), e.g. "IDEA"
    kind: str
    #: the French name moderators read, e.g. "Idée", and its plural (the queue's filter)
    label: str
    plural: str
    #: many subjects by id, as moderators read them (one query per kind, whatever the page)
    load: Loader
    #: who may not review this subject: its author and everyone acting for the same organization
    excluded_reviewers: Excluded
    #: what admitting, asking for changes or rejecting does to the subject (publishes the domain's events);
    #: None: the kind is never queued itself, only reported (a project)
    decide: Handler | None = None
    #: earlier subjects a submission is compared with (duplicates, similar ones)
    candidates: Candidates = _no_candidates
    #: may be reported by the public (while its view says it is public)
    reportable: bool = False
    #: an author's submission (an idea, a challenge): counted in the author's history and the public
    #: transparency numbers; a report or an appeal is not
    submission: bool = True
    #: a decision of this kind may be appealed by the subject's author (the decisions listed)
    appealable: frozenset[Decision] = field(default_factory=frozenset)
    #: a typed refusal for a moderator beyond self-review (subject id, moderator id), e.g. the first decider
    #: of an appealed decision
    refuse: Refusal | None = None
    #: what each decision means for this kind, when the generic words would mislead (a report, an appeal)
    decision_labels: dict[Decision, str] | None = field(default=None, compare=False)


_KIND = re.compile(r"^[A-Z_]{1,12}$")
_SUBJECTS: dict[str, ReviewSubject] = {}


def register(subject: ReviewSubject) -> ReviewSubject:
    """Make a kind reviewable (at import of the domain's review module; registering twice is a mistake)."""
    if not _KIND.match(subject.kind):
        raise ValueError(f"review kind {subject.kind!r}: A-Z and _, at most 12 characters")
    known = _SUBJECTS.get(subject.kind)
    if known is not None and known != subject:
        raise ValueError(f"review kind {subject.kind!r} is registered twice")
    _SUBJECTS[subject.kind] = subject
    return subject


def subject(kind: str) -> ReviewSubject:
    load_handlers()
    found = _SUBJECTS.get(kind)
    if found is None:
        raise LookupError(f"no review subject registered for kind {kind!r}")
    return found


def known(kind: str) -> bool:
    """A kind the queue holds."""
    return kind in kinds()


def known_subject(kind: str) -> bool:
    """Any registered kind (also those only reported, never queued themselves)."""
    load_handlers()
    return kind in _SUBJECTS


def kinds() -> list[str]:
    """Every kind the queue holds (those with a decision), in registration order."""
    load_handlers()
    return [kind for kind, s in _SUBJECTS.items() if s.decide is not None]


def submission_kinds() -> list[str]:
    return [kind for kind in kinds() if _SUBJECTS[kind].submission]


def checked_kind(raw: str | None, field_name: str = "kind") -> str | None:
    """A kind given by a person (a filter, an input), or a typed refusal."""
    if raw is None or raw == "":
        return None
    if not known(raw):
        raise ColabError(ErrorCode.INVALID, "Ce type d'élément n'existe pas.", field_name)
    return raw


def plural(kind: str) -> str:
    found = _SUBJECTS.get(kind)
    return found.plural if found else kind


def label(kind: str) -> str:
    found = _SUBJECTS.get(kind)
    return found.label if found else kind


async def views(pairs: Sequence[tuple[str, int]]) -> dict[tuple[str, int], SubjectView]:
    """Many subjects of mixed kinds, one load per kind."""
    by_kind: dict[str, set[int]] = {}
    for kind, subject_id in pairs:
        by_kind.setdefault(kind, set()).add(subject_id)
    found: dict[tuple[str, int], SubjectView] = {}
    for kind, ids in by_kind.items():
        for subject_id, view in (await subject(kind).load(sorted(ids))).items():
            found[(kind, subject_id)] = view
    return found
