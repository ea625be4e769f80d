"""Volunteer calls for tests: a project's call posted by its holder through the real service."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from colab.acting.models import VolunteerCall
from colab.acting.service import CallDraft, post_volunteer_call
from colab.projects.models import Project
from colab.validation import utcnow
from tests.conftest import actor_of, territory
from tests.projects.factories import make_project


async def call_draft(starts_at: datetime | None = None, **overrides: Any) -> CallDraft:
    starts_at = starts_at or utcnow() + timedelta(days=3)
    values: dict[str, Any] = {
        "title": "Nettoyage des berges de la Meuse",
        "description": "<p>Ramassage des déchets le long du halage, gants fournis.</p>",
        "commune_id": (await territory("92094")).id,  # Namur
        "meeting_point": "Parking du Grognon",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=3),
        "capacity": 10,
        "skills": ["Jardinage"],
        "what_to_bring": "Des bottes",
    }
    values.update(overrides)
    return CallDraft(**values)


async def make_call(project: Project | None = None, **overrides: Any) -> VolunteerCall:
    project = project or await make_project()
    holder = await project.holder
    [call, *_] = await post_volunteer_call(actor_of(holder), project.id, await call_draft(**overrides))
    return call
