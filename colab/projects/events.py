"""What happens to projects, as domain events."""

from __future__ import annotations

from dataclasses import dataclass

from colab.events import DomainEvent, event_type


@event_type("project.opened", "project", public=True)
@dataclass(frozen=True, kw_only=True)
class ProjectOpened(DomainEvent):
    """An admitted idea became a project (`project_id` = `subject_id`), held by the idea's author."""

    title: str
    idea_id: int
    holder_id: int
    organization_id: int | None = None


@event_type("project.update_posted", "project_update", public=True)
@dataclass(frozen=True, kw_only=True)
class ProjectUpdatePosted(DomainEvent):
    """The team posted news on the project (`subject_id` is the update's id)."""

    project_id: int
    title: str
