"""The expiry job: acceptances not confirmed in time expire, once, and the applicant is told."""

from __future__ import annotations

from datetime import timedelta

from colab.notifications.models import Notification, NotificationKind
from colab.teams.jobs import expire_accepted
from colab.teams.models import Application, ApplicationStatus
from colab.validation import utcnow
from tests.projects.factories import make_project
from tests.teams.factories import accepted, open_team_role


async def test_an_overdue_acceptance_expires_and_frees_the_person_to_apply_again(db: None) -> None:
    project = await make_project()
    role = await open_team_role(project)
    overdue = await accepted(project, role)
    recent = await accepted(project, role)
    await Application.filter(id=overdue.id).update(accepted_at=utcnow() - timedelta(days=8))
    assert await expire_accepted(utcnow()) == 1
    assert await expire_accepted(utcnow()) == 0
    expired = await Application.get(id=overdue.id)
    assert (expired.status, expired.live_role_id) == (ApplicationStatus.EXPIRED, None)
    assert (await Application.get(id=recent.id)).status is ApplicationStatus.ACCEPTED
    told = await Notification.filter(user_id=overdue.applicant_id, kind=NotificationKind.APPLICATION_EXPIRED)
    assert len(told) == 1


def test_the_expiry_runs_as_an_hourly_worker_job() -> None:
    from colab.events import load_handlers
    from colab.events.consumers import JOBS

    load_handlers()
    assert JOBS["teams.expire_acceptances"].every == timedelta(hours=1)
