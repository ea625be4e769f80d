"""Accounts: the viewer, sign-up, log-in (a bearer token) and log-out (revokes it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from colab.accounts import service
from colab.accounts.models import User
from colab.actors import Role, require_login
from colab.api.context import Info
from colab.api.domain import Domain
from colab.api.errors import UserError, as_top_level, attempt
from colab.api.guard import charge
from colab.api.loaders import batch, by_id
from colab.api.node import fetches
from colab.api.notifications import NotificationNode
from colab.api.pagination import Connection, connection
from colab.notifications.service import list_notifications, unread_count
from colab.organizations.models import Membership

if TYPE_CHECKING:
    from colab.api.organizations import MembershipNode
    from colab.api.tokens import ApiTokenNode

strawberry.enum(Role, name="Role")

USER = by_id(User)


async def _display_names(ids: Sequence[int]) -> list[str | None]:
    """Display names by user id: the one column a public read shows (never a whole row, password hash and all)."""
    found = dict(await User.filter(id__in=list(set(ids))).values_list("id", "display_name"))
    return [found.get(i) for i in ids]


DISPLAY_NAME = batch(_display_names, "display names")


@strawberry.type(name="Viewer", description="The person the request acts for.")
class ViewerNode(relay.Node):
    id: relay.NodeID[int]
    email: str
    display_name: str
    role: Role
    created_at: datetime

    @strawberry.field(description="The organizations the viewer acts for, with their role.")
    async def memberships(self) -> list[Annotated[MembershipNode, strawberry.lazy("colab.api.organizations")]]:
        from colab.api.organizations import MembershipNode

        rows = await Membership.filter(user_id=self.id).order_by("id")
        return [MembershipNode.from_model(m) for m in rows]

    @strawberry.field(description="The viewer's notifications, newest first.")
    async def notifications(
        self, info: Info, first: int | None = None, after: str | None = None, unread_only: bool = False
    ) -> Connection[NotificationNode]:
        actor = info.context.actor
        return await connection(
            first,
            after,
            lambda offset, limit: list_notifications(actor, unread_only=unread_only, offset=offset, limit=limit),
            NotificationNode.from_model,
        )

    @strawberry.field(description="The viewer's API tokens, newest first (100 at most; revoked ones too).")
    async def api_tokens(self, info: Info) -> list[Annotated[ApiTokenNode, strawberry.lazy("colab.api.tokens")]]:
        from colab.api.tokens import viewer_tokens

        return await viewer_tokens(info)

    @strawberry.field
    async def unread_notification_count(self) -> int:
        return await unread_count(self.id)

    @classmethod
    def from_model(cls, u: User) -> ViewerNode:
        return cls(id=u.id, email=u.email, display_name=u.display_name, role=u.role, created_at=u.created_at)


@fetches(ViewerNode)
async def _viewer(info: Info, pk: int) -> ViewerNode | None:
    """Only the viewer themself."""
    if info.context.actor.user_id != pk:
        return None
    user = await info.context.loaders[USER].load(pk)
    return ViewerNode.from_model(user) if user else None


@strawberry.input
class SignUpInput:
    email: str
    password: str = strawberry.field(description="At least 10 characters.")
    display_name: str


@strawberry.input
class LogInInput:
    email: str
    password: str
    token_name: str = strawberry.field(default="", description="A label to recognise this token later.")


@strawberry.type
class SignUpPayload:
    accepted: bool = strawberry.field(
        description="True when the input was valid: log in next. The same answer whether or not the address "
        "already had an account (its owner is told instead), so sign-up reveals no one's address."
    )
    viewer: ViewerNode | None = strawberry.field(
        deprecation_reason="Always null: a sign-up does not say whether the address was free. Use logIn."
    )
    errors: list[UserError]


@strawberry.type
class LogInPayload:
    token: str | None = strawberry.field(description="Send it as `Authorization: Bearer <token>`. Shown once.")
    expires_at: datetime | None
    viewer: ViewerNode | None
    errors: list[UserError]


@strawberry.type
class LogOutPayload:
    revoked: bool
    errors: list[UserError]


@strawberry.type
class AccountQuery:
    @strawberry.field(description="Who is asking; null without a valid bearer token.")
    async def viewer(self, info: Info) -> ViewerNode | None:
        actor = info.context.actor
        if actor.user_id is None:
            return None
        user = await info.context.loaders[USER].load(actor.user_id)
        return ViewerNode.from_model(user) if user else None


@strawberry.type
class AccountMutation:
    @strawberry.mutation(description="Create a citizen account; then `logIn` for a token.")
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        await charge(info, lambda limits, ip: limits.sign_up_attempt(ip, input.email))
        _, errors = await attempt(lambda: service.request_account(input.email, input.password, input.display_name))
        return SignUpPayload(accepted=not errors, viewer=None, errors=errors)

    @strawberry.mutation(description="Check email and password; returns a bearer token.")
    async def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        await charge(info, lambda limits, ip: limits.log_in_attempt(ip, input.email))
        lifetime = timedelta(days=info.context.settings.token_lifetime_days)
        issued, errors = await attempt(lambda: service.log_in(input.email, input.password, input.token_name, lifetime))
        if issued is None:
            return LogInPayload(token=None, expires_at=None, viewer=None, errors=errors)
        return LogInPayload(
            token=issued.raw, expires_at=issued.token.expires_at, viewer=ViewerNode.from_model(issued.user), errors=[]
        )

    @strawberry.mutation(description="Revoke the bearer token this request uses.")
    async def log_out(self, info: Info) -> LogOutPayload:
        actor = info.context.actor
        with as_top_level():
            require_login(actor)
        await service.revoke_token(actor)
        return LogOutPayload(revoked=True, errors=[])


DOMAIN = Domain("accounts", query=AccountQuery, mutation=AccountMutation)
