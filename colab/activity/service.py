"""Activity feeds: what happened in public, newest first, from the outbox's public events only.

Only the kinds worded below show (a public event carries no private data: no rejected idea, no moderator's
message), and only their title and subject: never the payload as such, never who moderated."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise import connections
from tortoise.queryset import QuerySet

from colab.db import placeholders
from colab.events import load_handlers
from colab.events.models import Event

#: the activity kinds and what they say; IdeaAdmitted is told by the project it opens (ProjectOpened).
#: Other domains add theirs with `tell_in_activity` (from a module colab/domains.py imports).
_WORDING = {
    "challenge.published": "Nouveau défi publié : « {title} »",
    "challenge.closed": "Le défi « {title} » est clôturé : il ne reçoit plus d'idées.",
    "project.opened": "L'idée « {title} » est admise et devient un projet.",
    "project.update_posted": "Nouvelle du projet : « {title} »",
}


def tell_in_activity(kind: str, sentence: str) -> None:
    """Show a public event kind in the activity feeds; `sentence` may use {title} (the event's `title` field)."""
    if _WORDING.get(kind, sentence) != sentence:
        raise ValueError(f"activity kind {kind!r} is worded twice")
    _WORDING[kind] = sentence


def activity_kinds() -> list[str]:
    load_handlers()
    return list(_WORDING)


#: the scopes a feed may have: the whole lab, one challenge, one project
SCOPES = ("lab", "challenge", "project")


@dataclass(frozen=True)
class Activity:
    id: int
    kind: str
    at: datetime
    title: str
    sentence: str
    #: what it is about: ("challenge", 3) or ("project", 7)
    subject_type: str
    subject_id: int


def _activity(row: Event) -> Activity:
    title = str((row.payload or {}).get("title", ""))[:200]
    return Activity(
        row.id,
        row.kind,
        row.created_at,
        title,
        _WORDING[row.kind].format(title=title),
        row.subject_type,
        row.subject_id,
    )


def _public() -> QuerySet[Event]:
    return Event.filter(public=True, kind__in=activity_kinds())


async def activity(
    scope: str = "lab", scope_id: int | None = None, *, offset: int = 0, limit: int = 20
) -> tuple[list[Activity], int]:
    """One page of a feed and its total: two statements whatever the page size."""
    query = _public()
    if scope == "challenge":
        query = query.filter(challenge_id=scope_id)
    elif scope == "project":
        query = query.filter(project_id=scope_id)
    total = await query.count()
    rows = await query.order_by("-id").offset(offset).limit(limit)
    return [_activity(r) for r in rows], total


async def activity_of_many(
    scope: str, ids: Sequence[int], *, offset: int, limit: int
) -> dict[int, tuple[list[Activity], int]]:
    """One page of the feed of each of many challenges or projects (a list's activity): two statements."""
    if scope not in ("challenge", "project"):
        raise ValueError(scope)
    column = f"{scope}_id"
    wanted = sorted(set(ids))
    result: dict[int, tuple[list[Activity], int]] = {i: ([], 0) for i in wanted}
    if not wanted:
        return result
    connection = connections.get("default")
    kinds = activity_kinds()
    marks = placeholders(connection, len(wanted) + len(kinds) + 2)
    ids_sql, kinds_sql = ", ".join(marks[: len(wanted)]), ", ".join(marks[len(wanted) : -2])
    rows = await connection.execute_query_dict(
        f"""SELECT * FROM (
              SELECT id, {column} AS scope_id, ROW_NUMBER() OVER (PARTITION BY {column} ORDER BY id DESC) AS rank,
                     COUNT(*) OVER (PARTITION BY {column}) AS total
              FROM event WHERE public = TRUE AND {column} IN ({ids_sql}) AND kind IN ({kinds_sql})
            ) ranked WHERE rank > {marks[-2]} AND rank <= {marks[-1]} OR rank = 1""",
        [*wanted, *kinds, offset, offset + limit],
    )
    totals = {int(r["scope_id"]): int(r["total"]) for r in rows}
    in_page = [r["id"] for r in rows if offset < int(r["rank"]) <= offset + limit]
    pages: dict[int, list[Activity]] = {i: [] for i in wanted}
    for row in await Event.filter(id__in=in_page).order_by("-id"):
        pages[getattr(row, column)].append(_activity(row))
    return {i: (pages[i], totals.get(i, 0)) for i in wanted}
