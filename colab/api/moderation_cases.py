"""Reports and appeals over GraphQL: anyone signed in reports public content; an author appeals a decision."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import parse
from colab.api.node import fetches
from colab.errors import ColabError, ErrorCode
from moderation import registry
from moderation.appeals import appeal_decision, appeal_of
from moderation.models import Appeal, Decision, ReportReason, Visibility
from moderation.reports import report_content
from moderation.visibility import hidden_state

strawberry.enum(ReportReason, name="ReportReason", description="Why a person reports content.")


def _subject(value: strawberry.ID) -> tuple[str, int]:
    """The registered kind and id behind the global id of an Idea, a Challenge or a Project."""
    parsed = parse(value)
    if parsed is None or not registry.known_subject(parsed[0].upper()):
        raise ColabError(ErrorCode.INVALID_ID, "Cet identifiant ne désigne pas un contenu.", "subjectId")
    return parsed[0].upper(), parsed[1]


@strawberry.input
class ReportContentInput:
    subject_id: strawberry.ID = strawberry.field(description="An admitted idea, a challenge or a project.")
    reason: ReportReason
    text: str = strawberry.field(default="", description="Optional explanation (1,000 characters at most).")


@strawberry.type
class ReportContentPayload:
    reported: bool = strawberry.field(description="The report is recorded.")
    hidden: bool = strawberry.field(description="The content is now out of public view, waiting for a moderator.")
    errors: list[UserError]


@strawberry.type(name="Appeal", description="An author's appeal of a decision; another moderator decides it.")
class AppealNode(relay.Node):
    id: relay.NodeID[int]
    message: str
    created_at: datetime
    outcome: Decision | None = strawberry.field(
        description="Null while the appeal waits; ADMIT or REQUEST_CHANGES uphold it, REJECT dismisses it."
    )
    decided_at: datetime | None

    @classmethod
    def from_model(cls, a: Appeal) -> AppealNode:
        return cls(id=a.id, message=a.message, created_at=a.created_at, outcome=a.outcome, decided_at=a.decided_at)


@fetches(AppealNode)
async def appeal_node(info: Info, pk: int) -> AppealNode | None:
    """`node(id:)` for an Appeal: its appellant and moderators see it."""
    found = await appeal_of(info.context.actor, pk)
    return AppealNode.from_model(found) if found else None


@strawberry.input
class AppealDecisionInput:
    subject_id: strawberry.ID = strawberry.field(
        description="Your rejected idea, or your content hidden or removed after reports."
    )
    message: str = strawberry.field(description="Why the decision should change (2,000 characters at most).")


@strawberry.type
class AppealPayload:
    appeal: AppealNode | None
    errors: list[UserError]


@strawberry.type
class ModerationCaseMutation:
    @strawberry.mutation(description="Report public content once; enough reports hide it until a moderator decides.")
    async def report_content(self, info: Info, input: ReportContentInput) -> ReportContentPayload:
        actor = info.context.actor

        async def act() -> bool:
            kind, pk = _subject(input.subject_id)
            await report_content(actor, kind, pk, input.reason, input.text)
            found = await hidden_state(kind, pk)
            return found is not None and found.visibility is not Visibility.VISIBLE

        hidden, errors = await attempt(act)
        return ReportContentPayload(reported=not errors, hidden=bool(hidden), errors=errors)

    @strawberry.mutation(description="Appeal the latest decision on your subject, once; another moderator decides.")
    async def appeal_decision(self, info: Info, input: AppealDecisionInput) -> AppealPayload:
        actor = info.context.actor

        async def act() -> Appeal:
            kind, pk = _subject(input.subject_id)
            return await appeal_decision(actor, kind, pk, input.message)

        found, errors = await attempt(act)
        return AppealPayload(appeal=AppealNode.from_model(found) if found else None, errors=errors)


DOMAIN = Domain("moderation_cases", mutation=ModerationCaseMutation)
