"""Whether reported content is out of public view: domains ask here before they show or list a subject."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q, Subquery

from moderation.models import ReportedContent, Visibility


async def hidden_state(kind: str, subject_id: int) -> ReportedContent | None:
    """The report case of a subject out of public view (hidden or removed), if it is."""
    return await ReportedContent.filter(kind=kind, subject_id=subject_id).exclude(visibility=Visibility.VISIBLE).first()


async def is_hidden(kind: str, subject_id: int) -> bool:
    return await hidden_state(kind, subject_id) is not None


def hidden_ids(kind: str) -> Subquery:
    """The ids of a kind's subjects out of public view, as a subquery a list filters out with `id__not_in`."""
    query = ReportedContent.filter(kind=kind).exclude(visibility=Visibility.VISIBLE)
    return Subquery(query.values("subject_id"))


def public_only(kind: str) -> Q:
    """The filter that keeps a kind's hidden subjects out of a public list, inside the list's own statement:
    `id NOT IN (hidden ids)`, a subquery the database evaluates once (a hashed set) and probes per row. The
    lists count up to COUNT_CAP rows at most (1,000), so the probe costs little; a separate statement to read
    the ids first cost a round trip on every list."""
    return ~Q(id__in=hidden_ids(kind))


async def hidden_among(kind: str, subject_ids: Sequence[int]) -> set[int]:
    if not subject_ids:
        return set()
    rows = (
        await ReportedContent.filter(kind=kind, subject_id__in=list(subject_ids))
        .exclude(visibility=Visibility.VISIBLE)
        .values_list("subject_id", flat=True)
    )
    return {int(r) for r in rows}  # type: ignore[call-overload]


def hidden_sql(kind: str) -> str:
    """The same subquery in SQL, for a hand-written statement (the kind is a registered A-Z name, not input)."""
    if not kind.replace("_", "").isalpha() or not kind.isupper():
        raise ValueError(kind)
    return (
        f"SELECT subject_id FROM reported_content WHERE kind = '{kind}' AND visibility <> '{Visibility.VISIBLE.value}'"
    )
