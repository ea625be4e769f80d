"""The team's timed job: an accepted application not confirmed within TEAM_CONFIRM_DAYS expires."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from colab.events import publish
from colab.events.consumers import job
from colab.teams.applications import due_to_expire
from colab.teams.events import ApplicationExpired
from colab.teams.models import Application, ApplicationStatus


async def expire_accepted(now: datetime) -> int:
    """Each overdue acceptance expires in its own transaction (one confirming meanwhile keeps its seat)."""
    expired = 0
    for application in await due_to_expire(now):
        async with in_transaction():
            if not await Application.filter(id=application.id, status=ApplicationStatus.ACCEPTED).update(
                status=ApplicationStatus.EXPIRED, live_role_id=None, decided_at=now, updated_at=now
            ):
                continue
            await publish(
                ApplicationExpired(
                    subject_id=application.id,
                    project_id=application.project_id,
                    role_id=application.role_id,
                    applicant_id=application.applicant_id,
                )
            )
            expired += 1
    return expired


@job("teams.expire_acceptances", every=timedelta(hours=1))
async def expire_acceptances(now: datetime) -> None:
    await expire_accepted(now)
