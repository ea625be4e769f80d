"""API tokens through GraphQL: the viewer's tokens, making one (the secret shown once), revoking one."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from colab.accounts import tokens
from colab.accounts.models import ApiToken
from colab.actors import Scope
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, attempt
from colab.api.ids import decode
from colab.api.node import fetches
from colab.errors import ColabError, ErrorCode
from colab.validation import utcnow

strawberry.enum(Scope, name="TokenScope", description="What a token may be used for, within its owner's rights.")


@strawberry.type(name="ApiToken", description="One of the viewer's API tokens (never its secret).")
class ApiTokenNode(relay.Node):
    id: relay.NodeID[int]
    name: str
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None = strawberry.field(description="To the minute.")
    revoked_at: datetime | None
    active: bool = strawberry.field(description="Neither revoked nor expired.")

    @classmethod
    def from_model(cls, t: ApiToken) -> ApiTokenNode:
        return cls(
            id=t.id,
            name=t.name,
            scopes=sorted(tokens.scopes_of(t), key=list(Scope).index),
            created_at=t.created_at,
            expires_at=t.expires_at,
            last_used_at=t.last_used_at,
            revoked_at=t.revoked_at,
            active=t.revoked_at is None and t.expires_at > utcnow(),
        )


@fetches(ApiTokenNode)
async def _api_token(info: Info, pk: int) -> ApiTokenNode | None:
    """One's own tokens only."""
    user_id = info.context.actor.user_id
    found = await ApiToken.get_or_none(id=pk, user_id=user_id) if user_id is not None else None
    return ApiTokenNode.from_model(found) if found else None


@strawberry.input
class CreateApiTokenInput:
    name: str = strawberry.field(description="To recognise it later (80 characters at most).")
    scopes: list[Scope] = strawberry.field(description="`READ` is always included; only scopes your role can use.")
    expires_in_days: int = strawberry.field(description="1 to 365: every token expires.")


@strawberry.type
class CreateApiTokenPayload:
    token: str | None = strawberry.field(description="The secret: send it as `Authorization: Bearer`. Shown once.")
    api_token: ApiTokenNode | None
    errors: list[UserError]


@strawberry.input
class RevokeApiTokenInput:
    id: strawberry.ID


@strawberry.type
class RevokeApiTokenPayload:
    api_token: ApiTokenNode | None
    errors: list[UserError]


@strawberry.type
class TokenMutation:
    @strawberry.mutation(description="Make an API token for an app; it can never do more than you.")
    async def create_api_token(self, info: Info, input: CreateApiTokenInput) -> CreateApiTokenPayload:
        actor = info.context.actor
        scopes = [s.value for s in input.scopes]
        issued, errors = await attempt(lambda: tokens.create_token(actor, input.name, scopes, input.expires_in_days))
        if issued is None:
            return CreateApiTokenPayload(token=None, api_token=None, errors=errors)
        return CreateApiTokenPayload(token=issued.raw, api_token=ApiTokenNode.from_model(issued.token), errors=[])

    @strawberry.mutation(description="Revoke one of your API tokens; it stops working at once.")
    async def revoke_api_token(self, info: Info, input: RevokeApiTokenInput) -> RevokeApiTokenPayload:
        actor = info.context.actor

        async def run() -> ApiToken:
            pk = decode(input.id, "ApiToken", "id")
            if not await tokens.revoke_token(actor, pk):
                raise ColabError(ErrorCode.NOT_FOUND, "Ce jeton n'existe pas ou est déjà révoqué.", "id")
            return await ApiToken.get(id=pk)

        token, errors = await attempt(run)
        return RevokeApiTokenPayload(api_token=ApiTokenNode.from_model(token) if token else None, errors=errors)


DOMAIN = Domain("tokens", mutation=TokenMutation)


async def viewer_tokens(info: Info) -> list[ApiTokenNode]:
    return [ApiTokenNode.from_model(t) for t in await tokens.list_tokens(info.context.actor)]
