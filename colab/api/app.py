"""Placeholder, replaced by the real GraphQL app in the next commit."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from colab.config import Settings


def create_graphql_app(settings: Settings):  # type: ignore[no-untyped-def]
    async def endpoint(request: Request) -> JSONResponse:
        return JSONResponse({"errors": [{"message": "not ready"}]}, status_code=503)

    return endpoint
