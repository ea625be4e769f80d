"""Crowdacting in the API: volunteer calls lab-wide (filters: province, commune, dates, skill), one call, the
viewer's own pledges, and the team's and the volunteers' mutations (colab/api/acting/mutations.py)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from colab.acting import attendance
from colab.acting.listing import CallFilter, list_calls
from colab.acting.models import TimePledge
from colab.api.acting.mutations import ActingMutation
from colab.api.acting.types import TimePledgeNode, VolunteerCallNode, fetch_call
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import as_top_level
from colab.api.ids import decode, decode_optional
from colab.api.pagination import Connection, connection


@strawberry.input
class VolunteerCallFilterInput:
    province_id: strawberry.ID | None = None
    commune_id: strawberry.ID | None = None
    from_: datetime | None = strawberry.field(default=None, name="from", description="Starting at or after.")
    to: datetime | None = strawberry.field(default=None, description="Starting before.")
    skill: str | None = None
    project_id: strawberry.ID | None = None


def _filter(given: VolunteerCallFilterInput | None) -> CallFilter:
    f = given or VolunteerCallFilterInput()
    with as_top_level():
        return CallFilter(
            province_id=decode_optional(f.province_id, "Territory", "provinceId"),
            commune_id=decode_optional(f.commune_id, "Territory", "communeId"),
            starts_from=f.from_,
            starts_to=f.to,
            skill=(f.skill or "")[:40] or None,
            project_id=decode_optional(f.project_id, "Project", "projectId"),
        )


@strawberry.type
class ActingQuery:
    @strawberry.field(description="Upcoming volunteer calls lab-wide, soonest first.")
    async def volunteer_calls(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        filter: VolunteerCallFilterInput | None = None,
    ) -> Connection[VolunteerCallNode]:
        wanted = _filter(filter)
        return await connection(
            first,
            after,
            lambda offset, limit: list_calls(wanted, offset=offset, limit=limit),
            VolunteerCallNode.from_model,
        )

    @strawberry.field(description="One volunteer call; null if it does not exist.")
    async def volunteer_call(self, info: Info, id: strawberry.ID) -> VolunteerCallNode | None:
        with as_top_level():
            pk = decode(id, "VolunteerCall", "id")
        return await fetch_call(info, pk)

    @strawberry.field(description="The viewer's own pledges, latest action first (their volunteering record).")
    async def my_time_pledges(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[TimePledgeNode]:
        actor = info.context.actor

        async def fetch(offset: int, limit: int) -> tuple[list[TimePledge], int]:
            record = await attendance.my_engagement(actor)
            return list(record.pledges[offset : offset + limit]), len(record.pledges)

        return await connection(first, after, fetch, TimePledgeNode.from_model)


DOMAIN = Domain("acting", query=ActingQuery, mutation=ActingMutation)
