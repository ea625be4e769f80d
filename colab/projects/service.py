"""Projects: created when an idea is admitted (1:1), public, with a needs board."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import astuple, dataclass
from datetime import datetime

from tortoise.queryset import QuerySet

from colab import lean
from colab.actors import Actor
from colab.challenges.models import Challenge
from colab.counting import capped_count
from colab.errors import ColabError, ErrorCode
from colab.ideas.models import Idea
from colab.lean import Row, as_datetime, as_optional_datetime
from colab.needs import NEED_COLUMNS, Need
from colab.projects.models import REVIEW_KIND, Project
from colab.projects.roles import add_holder
from colab.territories.service import territory_scope
from moderation.visibility import is_hidden, public_only


async def open_project(idea: Idea) -> Project:
    """The project of a just-admitted idea: its author holds it; linked to the challenge and its organization."""
    organization_id = None
    if idea.challenge_id is not None:
        organization_id = await Challenge.get(id=idea.challenge_id).values_list("organization_id", flat=True)
    project = await Project.create(
        idea_id=idea.id,
        challenge_id=idea.challenge_id,
        organization_id=organization_id,
        holder_id=idea.author_id,
        territory_id=idea.territory_id,
        title=idea.title,
        summary=idea.summary,
        story=idea.body,
        **{column: getattr(idea, column) for column in NEED_COLUMNS.values()},
    )
    await add_holder(project.id, idea.author_id)
    return project


async def get_project(project_id: int, field: str = "projectId") -> Project:
    """Projects are public, unless reported and hidden."""
    project = await Project.get_or_none(id=project_id)
    if project is None or await is_hidden(REVIEW_KIND, project.id):
        raise ColabError(ErrorCode.NOT_FOUND, "Ce projet n'existe pas.", field)
    return project


async def find_project(project_id: int) -> Project | None:
    project = await Project.get_or_none(id=project_id)
    return None if project is None or await is_hidden(REVIEW_KIND, project.id) else project


@dataclass
class ProjectFilter:
    territory_id: int | None = None
    challenge_id: int | None = None
    organization_id: int | None = None
    need: Need | None = None


async def _matching(filters: ProjectFilter | None) -> tuple[Callable[[], QuerySet[Project]], Hashable]:
    """What builds the filtered query, newest first, and a key that decides its SQL and parameters (projects
    are public: the same for everyone): see colab.lean.page."""
    f = filters or ProjectFilter()
    scope = await territory_scope(f.territory_id) if f.territory_id is not None else None

    def build() -> QuerySet[Project]:
        query = Project.filter(public_only(REVIEW_KIND))
        if scope is not None:
            query = query.filter(territory_id__in=scope)
        if f.challenge_id is not None:
            query = query.filter(challenge_id=f.challenge_id)
        if f.organization_id is not None:
            query = query.filter(organization_id=f.organization_id)
        if f.need is not None:
            query = query.filter(**{NEED_COLUMNS[f.need]: True})
        return query.order_by("-created_at", "-id")

    return build, ("project", astuple(f), None if scope is None else tuple(scope))


async def list_projects(
    actor: Actor, filters: ProjectFilter | None = None, *, offset: int = 0, limit: int = 20, count: bool = True
) -> tuple[list[Project], int]:
    """Projects newest first, with the total (capped: colab.counting; 0 when `count` is false)."""
    build, _ = await _matching(filters)
    query = build()
    total = await capped_count(query) if count else 0
    return await query.offset(offset).limit(limit), total


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """A project as a list shows it, read without building a model (colab.lean); `story` is "" unless asked,
    `joined`: the values of the related columns asked for with it (`also`), in that order."""

    id: int
    title: str
    summary: str
    story: str
    needs: list[Need]
    created_at: datetime
    updated_at: datetime | None
    cover_path: str | None
    cover_alt: str
    idea_id: int
    challenge_id: int | None
    organization_id: int | None
    holder_id: int
    territory_id: int
    joined: Row = ()


_RECORD_COLUMNS = (
    "id", "title", "summary", *NEED_COLUMNS.values(), "created_at", "updated_at", "cover_path", "cover_alt",
    "idea_id", "challenge_id", "organization_id", "holder_id", "territory_id",
)  # fmt: skip
_NEEDS = tuple(NEED_COLUMNS)


def _record(own: Row, story: str = "", joined: Row = ()) -> ProjectRecord:
    """A record from its own columns (RECORD_COLUMNS' order) and the parts read with them (colab.lean.Parts)."""
    return ProjectRecord(
        id=own[0],
        title=own[1],
        summary=own[2],
        needs=[need for need, on in zip(_NEEDS, own[3:7], strict=True) if on],
        created_at=as_datetime(own[7]),
        updated_at=as_optional_datetime(own[8]),
        cover_path=own[9],
        cover_alt=own[10],
        idea_id=own[11],
        challenge_id=own[12],
        organization_id=own[13],
        holder_id=own[14],
        territory_id=own[15],
        story=story,
        joined=joined,
    )


async def project_records(
    actor: Actor,
    filters: ProjectFilter | None = None,
    *,
    offset: int = 0,
    limit: int = 20,
    count: bool = True,
    with_story: bool = False,
    also: Sequence[str] = (),
) -> tuple[list[ProjectRecord], int]:
    """`list_projects` for the API's hot path: the same rows, in the same order, as records; `also`: related
    columns (Tortoise's `relation__column`) read in the same statement, in each record's `joined`."""
    build, key = await _matching(filters)
    found, total = await lean.records_page(
        build,
        _RECORD_COLUMNS,
        text="story",
        with_text=with_story,
        also=also,
        themes=None,
        offset=offset,
        limit=limit,
        count=count,
        ranked=False,
        key=key,
    )
    return [_record(p.own, p.text, p.joined) for p in found], total


async def projects_by_idea(idea_ids: Sequence[int]) -> dict[int, Project]:
    return {p.idea_id: p for p in await Project.filter(idea_id__in=list(idea_ids))}
