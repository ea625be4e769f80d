"""Projects as reportable content: how moderators read a reported project and who may not decide on it."""

from __future__ import annotations

from collections.abc import Sequence

from colab.content import content_facts
from colab.ideas.models import Idea
from colab.needs import NEED_LABELS
from colab.projects.models import REVIEW_KIND, Project
from moderation import registry
from moderation.registry import Link, ReviewSubject, SubjectView


async def _load(ids: Sequence[int]) -> dict[int, SubjectView]:
    found = await Project.filter(id__in=list(ids))
    # a project's territory and themes are its idea's (projects have no themes of their own); its needs its own
    ideas = await Idea.filter(id__in=[p.idea_id for p in found]) if found else []
    of_idea = await content_facts(Idea, ideas) if ideas else {}
    needs = {p.id: ("Besoins", ", ".join(NEED_LABELS[n] for n in p.needs) or "—") for p in found}
    facts = {p.id: [*(f for f in of_idea.get(p.idea_id, []) if f[0] != "Besoins"), needs[p.id]] for p in found}
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
