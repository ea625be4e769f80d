"""What one GraphQL request may do and cost: token scopes on mutations, and the cost-weighted rate limit.

Cost of a request = 1 + (field selections in its document) // 20, charged to the token (or to the
client IP without one) before validation; past the limit the answer is HTTP 429 with `Retry-After`
and a top-level `RATE_LIMITED` error (`extensions.retryAfter` in seconds).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.requests import HTTPConnection
from strawberry.extensions import SchemaExtension

from colab.api.context import Context, Info
from colab.api.errors import top_level
from colab.errors import ColabError, forbidden
from colab.ratelimits import RateLimited, RateLimits, request_cost
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

#: mutations a token without the `contribute` scope may still call (they act on the credential itself)
CREDENTIAL_MUTATIONS = frozenset({"logIn", "signUp", "logOut", "__typename"})


def count_fields(document: DocumentNode) -> int:
    """Every field selection in the document (fragments counted where they are defined)."""
    count = 0
    stack: list[SelectionSetNode] = [d.selection_set for d in document.definitions if hasattr(d, "selection_set")]
    while stack:
        for selection in stack.pop().selections:
            count += isinstance(selection, FieldNode)
            if getattr(selection, "selection_set", None) is not None:
                stack.append(selection.selection_set)  # type: ignore[attr-defined]
    return count


def client_ip(request: HTTPConnection) -> str:
    return request.client.host if request.client else "unknown"


def limits_of(request: HTTPConnection) -> RateLimits:
    limits: RateLimits = request.app.state.limits
    return limits


def _refuse(context: Context, error: ColabError) -> GraphQLError:
    """A top-level error; a rate limit also turns the whole answer into a 429 with Retry-After."""
    if isinstance(error, RateLimited) and context.response is not None:
        context.response.status_code = 429
        context.response.headers["Retry-After"] = str(error.retry_after)
    return top_level(error)


async def charge(info: Info, attempt: Callable[[RateLimits, str], Awaitable[None]]) -> None:
    """Count one attempt (log-in, sign-up) for this client; past the limit: 429 and RATE_LIMITED."""
    request = info.context.request
    try:
        await attempt(limits_of(request), client_ip(request))
    except RateLimited as limited:
        raise _refuse(info.context, limited) from None


class RequestGuard(SchemaExtension):
    """Charges the request's cost, then refuses writes to tokens without the `contribute` scope."""

    _refusal: ColabError | None = None

    async def on_validate(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        document = self.execution_context.graphql_document
        if isinstance(context, Context) and document is not None:
            actor = context._actor
            client = f"token:{actor.token_id}" if actor.token_id else f"ip:{client_ip(context.request)}"
            try:
                await limits_of(context.request).graphql_request(client, request_cost(count_fields(document)))
            except RateLimited as limited:
                self._refusal = limited
        yield

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context):
            refusal = self._refusal or self._scope_refusal(context)
            if refusal is not None:
                self.execution_context.result = ExecutionResult(data=None, errors=[_refuse(context, refusal)])
        yield

    def _scope_refusal(self, context: Context) -> ColabError | None:
        actor = context._actor
        if not actor.is_authenticated or actor.may_write:
            return None
        operation = self._operation()
        if operation is None or operation.operation is not OperationType.MUTATION:
            return None
        names = {s.name.value if isinstance(s, FieldNode) else "" for s in operation.selection_set.selections}
        if names <= CREDENTIAL_MUTATIONS:
            return None
        return forbidden("Ce jeton ne permet que la lecture (portée « contribute » absente).")

    def _operation(self) -> OperationDefinitionNode | None:
        document = self.execution_context.graphql_document
        name = self.execution_context.operation_name
        operations = [d for d in (document.definitions if document else ()) if isinstance(d, OperationDefinitionNode)]
        if name is None:
            return operations[0] if len(operations) == 1 else None
        return next((o for o in operations if o.name is not None and o.name.value == name), None)
