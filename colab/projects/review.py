"""Projects as reportable content: how moderators read a reported project and who may not decide on it."""

from __future__ import annotations

from collections.abc import Sequence

from colab.content import content_facts
from colab.projects.models import REVIEW_KIND, Project
from moderation import registry
from moderation.registry import Link, ReviewSubject, SubjectView


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Project.filter(id__in=list(ids))
    facts = await content_facts(Project, found) if found else {}
    return {
        p.id: SubjectView(
            title=p.title,
            summary=p.summary,
            body=p.story,
            author_id=p.holder_id,
            organization_id=p.organization_id,
            links=(Link("Page du projet", f"/projets/{p.id}"), Link("Idée d'origine", f"/idees/{p.idea_id}")),
            facts=tuple(facts[p.id]),
            public=True,
        )
        for p in found
    }


async def _excluded(project_id: int) -> set[int]:
    holder = await Project.filter(id=project_id).first().values_list("holder_id", flat=True)
    return {holder} if holder is not None else set()  # type: ignore[arg-type]


SUBJECT = registry.register(
    ReviewSubject(
        kind=REVIEW_KIND, label="Projet", plural="Projets", load=_load, excluded_reviewers=_excluded, reportable=True
    )
)
