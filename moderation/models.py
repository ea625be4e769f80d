"""The review queue: one item per submission, claimed with a lease, decided once; the append-only log."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from colab.accounts.models import User


class ReviewStatus(str, Enum):
    PENDING = "PENDING"
    DECIDED = "DECIDED"
    #: the author withdrew the submission before a decision
    WITHDRAWN = "WITHDRAWN"


class Decision(str, Enum):
    ADMIT = "ADMIT"
    REQUEST_CHANGES = "REQUEST_CHANGES"
    REJECT = "REJECT"


class ReasonCode(str, Enum):
    DUPLICATE = "DUPLICATE"
    OFF_TOPIC = "OFF_TOPIC"
    INCOMPLETE = "INCOMPLETE"
    NOT_IN_WALLONIA = "NOT_IN_WALLONIA"
    ADVERTISING = "ADVERTISING"
    OFFENSIVE = "OFFENSIVE"
    ILLEGAL = "ILLEGAL"
    OTHER = "OTHER"


class FlagCode(str, Enum):
    MANY_LINKS = "MANY_LINKS"
    BLOCKED_WORDS = "BLOCKED_WORDS"
    SHORT_BODY = "SHORT_BODY"
    PROBABLE_DUPLICATE = "PROBABLE_DUPLICATE"
    NEW_ACCOUNT = "NEW_ACCOUNT"


class LogAction(str, Enum):
    SUBMITTED = "SUBMITTED"
    CLAIMED = "CLAIMED"
    RENEWED = "RENEWED"
    RELEASED = "RELEASED"
    EXPIRED = "EXPIRED"
    DECIDED = "DECIDED"
    WITHDRAWN = "WITHDRAWN"


class ReviewItem(Model):
    id = fields.IntField(primary_key=True)
    #: a kind registered in moderation.registry (IDEA, CHALLENGE, REPORT, APPEAL, ...)
    kind = fields.CharField(max_length=12)
    subject_id = fields.IntField()  # the subject's id, in its kind's table
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="review_items", on_delete=fields.RESTRICT
    )
    author_id: int
    title = fields.CharField(max_length=120)  # as submitted, for the queue
    status = fields.CharEnumField(ReviewStatus, max_length=12, default=ReviewStatus.PENDING)
    #: the sum of the automatic flags' scores: flagged items come first
    priority = fields.IntField(default=0)
    #: minus the priority: the queue's order (priority first, then age) is one all-ascending index scan
    queue_rank = fields.IntField(default=0)
    submitted_at = fields.DatetimeField()
    claimed_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="claimed_reviews", null=True, on_delete=fields.RESTRICT
    )
    claimed_by_id: int | None
    lease_expires_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="decided_reviews", null=True, on_delete=fields.RESTRICT
    )
    decided_by_id: int | None
    decision = fields.CharEnumField(Decision, max_length=16, null=True)
    reason = fields.CharEnumField(ReasonCode, max_length=16, null=True)
    message = fields.TextField(default="")  # plain text to the author
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "review_item"
        # the queue's order (claim next, first page) and the lease sweep are index scans
        indexes = (
            ("status", "queue_rank", "submitted_at", "id"),
            ("lease_expires_at",),
            ("kind", "subject_id"),
            ("author_id", "status"),
            ("status", "decided_at"),
        )


class ReviewFlag(Model):
    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[ReviewItem] = fields.ForeignKeyField(
        "models.ReviewItem", related_name="flags", on_delete=fields.RESTRICT
    )
    item_id: int
    code = fields.CharEnumField(FlagCode, max_length=20)
    score = fields.IntField()
    detail = fields.CharField(max_length=300, default="")

    class Meta:
        table = "review_flag"
        # by code: the queue's flag filter; by item: the flags of a page of the queue
        indexes = (("code", "item_id"), ("item_id", "score"))


class AppendOnlyError(RuntimeError):
    """The moderation log is never edited or deleted."""


class ModerationLogEntry(Model):
    """One act on the queue, append-only: the model refuses edits, database triggers refuse the rest."""

    id = fields.IntField(primary_key=True)
    at = fields.DatetimeField()
    action = fields.CharEnumField(LogAction, max_length=12)
    item: fields.ForeignKeyRelation[ReviewItem] = fields.ForeignKeyField(
        "models.ReviewItem", related_name="log", on_delete=fields.RESTRICT
    )
    item_id: int
    #: who acted: the moderator, the author (submitted, withdrawn), the holder whose lease expired
    actor: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="moderation_acts", on_delete=fields.RESTRICT
    )
    actor_id: int
    decision = fields.CharEnumField(Decision, max_length=16, null=True)
    reason = fields.CharEnumField(ReasonCode, max_length=16, null=True)
    message = fields.TextField(default="")

    class Meta:
        table = "moderation_log"
        indexes = (("at", "id"), ("item_id", "at"))

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self._saved_in_db:
            raise AppendOnlyError("the moderation log is append-only")
        await super().save(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        raise AppendOnlyError("the moderation log is append-only")


DECISION_LABELS = {
    Decision.ADMIT: "Admettre",
    Decision.REQUEST_CHANGES: "Demander des modifications",
    Decision.REJECT: "Refuser",
}

REASON_LABELS = {
    ReasonCode.DUPLICATE: "Doublon",
    ReasonCode.OFF_TOPIC: "Hors sujet",
    ReasonCode.INCOMPLETE: "Incomplet",
    ReasonCode.NOT_IN_WALLONIA: "Hors Wallonie",
    ReasonCode.ADVERTISING: "Publicité",
    ReasonCode.OFFENSIVE: "Propos blessants",
    ReasonCode.ILLEGAL: "Contenu illégal",
    ReasonCode.OTHER: "Autre motif",
}


class ReviewRecusal(Model):
    """Who may not review an item, as its subject said when it was queued: the pick of the next item skips them.

    (A claim and a decision ask the subject again, so someone who joined the organization since is refused too.)"""

    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[ReviewItem] = fields.ForeignKeyField(
        "models.ReviewItem", related_name="recusals", on_delete=fields.RESTRICT
    )
    item_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="recusals", on_delete=fields.RESTRICT
    )
    user_id: int

    class Meta:
        table = "review_recusal"
        unique_together = (("item_id", "user_id"),)
        indexes = (("user_id", "item_id"),)


class ReportReason(str, Enum):
    SPAM = "SPAM"
    OFFENSIVE = "OFFENSIVE"
    ILLEGAL = "ILLEGAL"
    MISLEADING = "MISLEADING"
    PERSONAL_DATA = "PERSONAL_DATA"
    OTHER = "OTHER"


class Visibility(str, Enum):
    VISIBLE = "VISIBLE"
    #: out of public view until a moderator decides (or decided to keep it hidden)
    HIDDEN = "HIDDEN"
    #: a moderator removed it
    REMOVED = "REMOVED"


class HiddenBy(str, Enum):
    #: enough reports from established accounts
    RULE = "RULE"
    MODERATOR = "MODERATOR"


class ReportedContent(Model):
    """One piece of public content people reported: its tally and whether it is hidden (one row per subject)."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=12)
    subject_id = fields.IntField()
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reported_content", on_delete=fields.RESTRICT
    )
    author_id: int
    title = fields.CharField(max_length=120)
    visibility = fields.CharEnumField(Visibility, max_length=8, default=Visibility.VISIBLE)
    hidden_by = fields.CharEnumField(HiddenBy, max_length=10, null=True)
    hidden_at = fields.DatetimeField(null=True)
    #: every report, and those from accounts old enough to count toward hiding it automatically
    reports = fields.IntField(default=0)
    counted_reports = fields.IntField(default=0)
    created_at = fields.DatetimeField()

    class Meta:
        table = "reported_content"
        unique_together = (("kind", "subject_id"),)
        indexes = (("kind", "visibility", "subject_id"),)


class ContentReport(Model):
    """A report by one person on one piece of content (the database allows one per person and content)."""

    id = fields.IntField(primary_key=True)
    content: fields.ForeignKeyRelation[ReportedContent] = fields.ForeignKeyField(
        "models.ReportedContent", related_name="report_rows", on_delete=fields.RESTRICT
    )
    content_id: int
    reporter: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="reports_made", on_delete=fields.RESTRICT
    )
    reporter_id: int
    reason = fields.CharEnumField(ReportReason, max_length=16)
    text = fields.TextField(default="")
    created_at = fields.DatetimeField()

    class Meta:
        table = "content_report"
        unique_together = (("content_id", "reporter_id"),)


class Appeal(Model):
    """An author contests a decision on their subject, once per subject: another moderator decides it."""

    id = fields.IntField(primary_key=True)
    #: the subject appealed for (the kind and id of the decided item)
    kind = fields.CharField(max_length=12)
    subject_id = fields.IntField()
    decided_item: fields.ForeignKeyRelation[ReviewItem] = fields.ForeignKeyField(
        "models.ReviewItem", related_name="appeals", on_delete=fields.RESTRICT
    )
    decided_item_id: int
    appellant: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="appeals", on_delete=fields.RESTRICT
    )
    appellant_id: int
    message = fields.TextField()
    created_at = fields.DatetimeField()
    outcome = fields.CharEnumField(Decision, max_length=16, null=True)
    decided_at = fields.DatetimeField(null=True)

    class Meta:
        table = "appeal"
        unique_together = (("kind", "subject_id"),)
        indexes = (("appellant_id", "created_at"),)


REPORT_REASON_LABELS = {
    ReportReason.SPAM: "Spam ou publicité",
    ReportReason.OFFENSIVE: "Propos blessants ou haineux",
    ReportReason.ILLEGAL: "Contenu illégal",
    ReportReason.MISLEADING: "Information trompeuse",
    ReportReason.PERSONAL_DATA: "Données personnelles exposées",
    ReportReason.OTHER: "Autre raison",
}
