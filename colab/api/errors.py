"""The one place a `ColabError` becomes GraphQL: `UserError`s in payloads, or a top-level error."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import strawberry
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from colab.errors import ColabError, ErrorCode
from graphql import GraphQLError

strawberry.enum(ErrorCode, name="ErrorCode", description="Every typed failure code.")

T = TypeVar("T")

log = logging.getLogger("colab.api")


@strawberry.type(description="An expected failure of a mutation: fix the input and try again.")
class UserError:
    code: ErrorCode
    field: str | None = strawberry.field(description="The input field at fault (camelCase), if any.")
    message: str = strawberry.field(description="A French message to show to people.")


def user_errors(error: ColabError) -> list[UserError]:
    return [UserError(code=e.code, field=e.field, message=e.message) for e in error.errors]


def top_level(error: ColabError) -> GraphQLError:
    """A top-level GraphQL error carrying the code in `extensions.code`."""
    extensions: dict[str, object] = {"code": error.code.value}
    if error.field:
        extensions["field"] = error.field
    retry_after = getattr(error, "retry_after", None)  # RATE_LIMITED: seconds to wait
    if retry_after is not None:
        extensions["retryAfter"] = retry_after
    return GraphQLError(error.message, extensions=extensions, original_error=error)


@contextmanager
def as_top_level() -> Iterator[None]:
    """For query arguments: any typed error inside becomes a top-level error (there is no payload)."""
    try:
        yield
    except ColabError as error:
        raise top_level(error) from error


async def attempt(action: Callable[[], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    """Run one service call: input errors become data, access errors a top-level error."""
    try:
        return await action(), []
    except ColabError as error:
        if error.is_access_error:
            raise top_level(error) from error
        return None, user_errors(error)


def should_mask(error: GraphQLError) -> bool:
    """Mask unexpected exceptions only: validation, limits, access and typed errors stay readable."""
    original = error.original_error
    if original is None or isinstance(original, (GraphQLError, ColabError)):
        return False
    # errors without a path come from parsing or input coercion, before any resolver ran
    return error.path is not None


def _typed_cause(error: GraphQLError) -> ColabError | None:
    original = error.original_error
    while isinstance(original, GraphQLError):
        original = original.original_error
    return original if isinstance(original, ColabError) else None


class ColabSchema(strawberry.Schema):
    """The schema, logging each expected refusal as one line: an anonymous probe is not a crash."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            cause = _typed_cause(error)
            if cause is None:
                # unexpected: the full traceback, as Strawberry logs it
                StrawberryLogger.error(error, execution_context)
                continue
            path = ".".join(str(part) for part in error.path or ()) or "-"
            # one line, like a 4xx in an access log (Django logs refused requests as warnings too)
            log.warning("GraphQL %s at %s: %s", cause.code.value, path, cause.message)
