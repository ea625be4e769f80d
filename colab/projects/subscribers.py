"""Projects react to other domains' events: an admitted idea opens its project (in the deciding transaction)."""

from __future__ import annotations

from colab.events import publish, subscribe
from colab.events.models import Event
from colab.ideas.events import IdeaAdmitted
from colab.ideas.models import Idea
from colab.projects.events import ProjectOpened
from colab.projects.service import open_project


@subscribe(IdeaAdmitted)
async def open_admitted_idea(event: IdeaAdmitted, row: Event) -> None:
    """Every admitted idea becomes a project held by its author (ideas know nothing of projects)."""
    idea = await Idea.get(id=event.subject_id)
    project = await open_project(idea)
    await publish(
        ProjectOpened(
            subject_id=project.id,
            actor_id=event.actor_id,
            challenge_id=project.challenge_id,
            project_id=project.id,
            title=project.title,
            idea_id=idea.id,
            holder_id=project.holder_id,
            organization_id=project.organization_id,
        )
    )
