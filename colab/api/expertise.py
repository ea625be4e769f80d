"""Expert credentials through GraphQL: a person asks for one and reads their own; moderators decide the requests
through `decideReview` (review kind EXPERT_CRED) and may change a granted one's expiry."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from colab.advice import credentials
from colab.advice.models import CredentialStatus, ExpertCredential
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.loaders import by_id
from colab.api.node import fetches
from colab.api.territories import ThemeNode
from colab.territories.models import Theme

strawberry.enum(CredentialStatus, name="CredentialStatus")

THEME = by_id(Theme)


@strawberry.type(name="ExpertCredential", description="A person's recognized expertise in one theme (or a request).")
class ExpertCredentialNode(relay.Node):
    id: relay.NodeID[int]
    status: CredentialStatus
    evidence: str = strawberry.field(description="Plain text, as the person gave it.")
    evidence_url: str | None
    created_at: datetime
    decided_at: datetime | None
    expires_at: datetime | None
    theme_pk: strawberry.Private[int]

    @strawberry.field
    async def theme(self, info: Info) -> ThemeNode:
        found = await info.context.loaders[THEME].load(self.theme_pk)
        assert found is not None  # RESTRICT foreign key
        return ThemeNode.from_model(found)

    @strawberry.field(description="Granted and not expired: the label shows beside the person's advice.")
    def active(self) -> bool:
        return credentials.is_active(self.status, self.expires_at)

    @classmethod
    def from_model(cls, c: ExpertCredential) -> ExpertCredentialNode:
        return cls(
            id=c.id,
            status=c.status,
            evidence=c.evidence,
            evidence_url=c.evidence_url or None,
            created_at=c.created_at,
            decided_at=c.decided_at,
            expires_at=c.expires_at,
            theme_pk=c.theme_id,
        )


@fetches(ExpertCredentialNode)
async def _credential(info: Info, pk: int) -> ExpertCredentialNode | None:
    found = await credentials.find_credential(info.context.actor, pk)
    return ExpertCredentialNode.from_model(found) if found else None


@strawberry.type
class ExpertiseQuery:
    @strawberry.field(description="The viewer's expert credentials and requests, newest first (empty if anonymous).")
    async def my_expert_credentials(self, info: Info) -> list[ExpertCredentialNode]:
        user_id = info.context.actor.user_id
        found = await credentials.credentials_of(user_id) if user_id is not None else []
        return [ExpertCredentialNode.from_model(c) for c in found]


@strawberry.input
class RequestExpertCredentialInput:
    theme_id: strawberry.ID
    evidence: str = strawberry.field(description="Why: training, work, publications (plain text).")
    evidence_url: str = strawberry.field(default="", description="A page that shows it: http or https.")


@strawberry.input
class SetExpertCredentialExpiryInput:
    credential_id: strawberry.ID
    expires_at: datetime


@strawberry.type
class ExpertCredentialPayload:
    credential: ExpertCredentialNode | None
    errors: list[UserError]


def _payload(found: ExpertCredential | None, errors: list[UserError]) -> ExpertCredentialPayload:
    return ExpertCredentialPayload(credential=ExpertCredentialNode.from_model(found) if found else None, errors=errors)


@strawberry.type
class ExpertiseMutation:
    @strawberry.mutation(description="The viewer asks to be recognized as an expert of a theme; moderators decide.")
    async def request_expert_credential(
        self, info: Info, input: RequestExpertCredentialInput
    ) -> ExpertCredentialPayload:
        actor = info.context.actor

        async def run() -> ExpertCredential:
            theme_id = decode(input.theme_id, "Theme", "themeId")
            return await credentials.request_credential(actor, theme_id, input.evidence, input.evidence_url)

        return _payload(*await attempt(run))

    @strawberry.mutation(description="A moderator sets a granted credential's expiry (a past date ends it now).")
    async def set_expert_credential_expiry(
        self, info: Info, input: SetExpertCredentialExpiryInput
    ) -> ExpertCredentialPayload:
        actor = info.context.actor

        async def run() -> ExpertCredential:
            credential_id = decode(input.credential_id, "ExpertCredential", "credentialId")
            return await credentials.set_credential_expiry(actor, credential_id, input.expires_at)

        return _payload(*await attempt(run))


DOMAIN = Domain("expertise", query=ExpertiseQuery, mutation=ExpertiseMutation)
