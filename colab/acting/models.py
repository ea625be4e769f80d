"""Crowdacting: a project's volunteer calls (actions on the ground) and the time volunteers pledge to them.

A call holds its places in one counter (`confirmed_count`: the places taken by CONFIRMED and OFFERED pledges),
moved only by conditional UPDATEs under the call's row lock (colab/acting/service.py); pledges are never deleted.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from colab.accounts.models import User
    from colab.projects.models import Project
    from colab.territories.models import Territory


class CallStatus(str, Enum):
    OPEN = "OPEN"  #: taking pledges (a call with a threshold goes ahead only once ACTIVATED)
    ACTIVATED = "ACTIVATED"  #: the threshold was reached before its deadline: the action goes ahead
    CALLED_OFF = "CALLED_OFF"  #: by the team, or the threshold deadline passed without enough people
    DONE = "DONE"  #: the team marked attendance


#: a call still taking pledges
LIVE_CALL = (CallStatus.OPEN, CallStatus.ACTIVATED)

CALL_STATUS_LABELS = {
    CallStatus.OPEN: "Ouvert",
    CallStatus.ACTIVATED: "Confirmé : l'action aura lieu",
    CallStatus.CALLED_OFF: "Annulé",
    CallStatus.DONE: "Terminé",
}


class PledgeStatus(str, Enum):
    CONFIRMED = "CONFIRMED"
    WAITLISTED = "WAITLISTED"  #: `position` orders the waitlist (arrival order)
    OFFERED = "OFFERED"  #: a place is held for the volunteer until `offer_expires_at` (never a silent promotion)
    CANCELLED = "CANCELLED"  #: `cancel_reason` says why, `late` if the volunteer cancelled close to the start
    ATTENDED = "ATTENDED"
    NO_SHOW = "NO_SHOW"
    EXCUSED = "EXCUSED"


#: pledges still in play (at most one per volunteer and call)
ACTIVE_PLEDGE = (PledgeStatus.CONFIRMED, PledgeStatus.WAITLISTED, PledgeStatus.OFFERED)
#: pledges that hold one of the call's places
HOLDS_PLACE = (PledgeStatus.CONFIRMED, PledgeStatus.OFFERED)
#: what the team may mark after the action
ATTENDANCE = (PledgeStatus.ATTENDED, PledgeStatus.NO_SHOW, PledgeStatus.EXCUSED)

PLEDGE_STATUS_LABELS = {
    PledgeStatus.CONFIRMED: "Inscrit·e",
    PledgeStatus.WAITLISTED: "Sur liste d'attente",
    PledgeStatus.OFFERED: "Place proposée : à confirmer",
    PledgeStatus.CANCELLED: "Annulé",
    PledgeStatus.ATTENDED: "Présent·e",
    PledgeStatus.NO_SHOW: "Absent·e",
    PledgeStatus.EXCUSED: "Excusé·e",
}


class CancelReason(str, Enum):
    VOLUNTEER = "VOLUNTEER"  #: the volunteer cancelled
    OFFER_DECLINED = "OFFER_DECLINED"
    OFFER_EXPIRED = "OFFER_EXPIRED"  #: an offered place (or a moved call's reconfirmation) was not accepted in time
    CALLED_OFF = "CALLED_OFF"  #: the call was called off


class VolunteerCall(Model):
    """One occurrence of an action on the ground: a weekly series shares `series_id` (the first occurrence id)."""

    id = fields.IntField(primary_key=True)
    project: fields.ForeignKeyRelation[Project] = fields.ForeignKeyField(
        "models.Project", related_name="volunteer_calls", on_delete=fields.RESTRICT
    )
    project_id: int
    series_id = fields.IntField(null=True)
    title = fields.CharField(max_length=120)
    description = fields.TextField()  # sanitized HTML
    commune: fields.ForeignKeyRelation[Territory] = fields.ForeignKeyField(
        "models.Territory", related_name="volunteer_calls", on_delete=fields.RESTRICT
    )
    commune_id: int
    #: the commune's province, copied so the lab-wide list filters by province on one indexed column
    province_id = fields.IntField(null=True)
    meeting_point = fields.CharField(max_length=200)
    starts_at = fields.DatetimeField()
    ends_at = fields.DatetimeField()
    capacity = fields.IntField()
    #: places held (CONFIRMED + OFFERED pledges): only conditional UPDATEs move it, never above `capacity`
    confirmed_count = fields.IntField(default=0)
    #: the last waitlist position given (positions grow in arrival order)
    waitlist_seq = fields.IntField(default=0)
    threshold = fields.IntField(null=True)
    threshold_deadline = fields.DatetimeField(null=True)
    status = fields.CharEnumField(CallStatus, max_length=12, default=CallStatus.OPEN)
    #: folded tags (colab.acting.service.clean_skills)
    skills: list[str] = fields.JSONField(default=list)
    #: the same tags as "|tag|tag|", so "wants this skill" is one text match on every database
    skills_text = fields.CharField(max_length=400, default="")
    what_to_bring = fields.CharField(max_length=300, default="")
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="volunteer_calls", on_delete=fields.RESTRICT
    )
    created_by_id: int
    #: bumped when the call is moved: reminders and confirmations are per version
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "volunteer_call"
        indexes = (("starts_at", "id"), ("project_id", "starts_at"), ("province_id", "starts_at"))

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)


class TimePledge(Model):
    """A volunteer's pledge of time to one call, never deleted (its status tells its story)."""

    id = fields.IntField(primary_key=True)
    call: fields.ForeignKeyRelation[VolunteerCall] = fields.ForeignKeyField(
        "models.VolunteerCall", related_name="pledges", on_delete=fields.RESTRICT
    )
    call_id: int
    volunteer: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="time_pledges", on_delete=fields.RESTRICT
    )
    volunteer_id: int
    status = fields.CharEnumField(PledgeStatus, max_length=12)
    #: the call's waitlist_seq when the volunteer was waitlisted (kept afterwards, for the record)
    position = fields.IntField(null=True)
    offer_expires_at = fields.DatetimeField(null=True)
    #: an OFFERED place that is the volunteer's own, to confirm again after the call moved
    reconfirm = fields.BooleanField(default=False)
    cancel_reason = fields.CharEnumField(CancelReason, max_length=16, null=True)
    late = fields.BooleanField(default=False)
    #: credited when the team marks ATTENDED (the call's length), in minutes
    minutes_credited = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "time_pledge"
        indexes = (("call_id", "status", "position"), ("volunteer_id", "status"))


class PledgeReminder(Model):
    """A reminder sent for one pledge and one version of its call: the unique pair makes it once, restarts or not."""

    id = fields.IntField(primary_key=True)
    pledge: fields.ForeignKeyRelation[TimePledge] = fields.ForeignKeyField(
        "models.TimePledge", related_name="reminders", on_delete=fields.CASCADE
    )
    pledge_id: int
    call_version = fields.IntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "pledge_reminder"
        unique_together = (("pledge_id", "call_version"),)
