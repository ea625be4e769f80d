"""Rendering a page with the header's viewer and flash messages; turning access errors into pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from colab.db import MAX_PK
from colab.errors import ColabError, ErrorCode
from colab.notifications.service import unread_count
from colab.organizations.service import acts_for_an_organization
from web.session import current_actor, current_user, pop_flashes
from web.templating import templates

MAX_ID = MAX_PK  # a larger id in an address is simply not found


def path_id(request: Request, name: str, detail: str | None = None) -> int:
    """The id named `name` in the address; one no table can hold is simply not found."""
    value: int = request.path_params[name]
    if value > MAX_ID:
        raise HTTPException(404, detail)
    return value


async def render(request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200) -> Response:
    viewer = await current_user(request)
    unread = await unread_count(viewer.id) if viewer else 0
    # « Proposer un défi » leads somewhere only for those who act for an organization
    posts_challenges = await acts_for_an_organization(await current_actor(request)) if viewer else False
    values = {
        "viewer": viewer,
        "unread": unread,
        "posts_challenges": posts_challenges,
        "flashes": pop_flashes(request),
        **(context or {}),
    }
    return templates.TemplateResponse(request, template, values, status_code=status)


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/connexion?suivant={quote(target)}", status_code=303)


def refuse(request: Request, error: ColabError) -> Response:
    """Access errors: anonymous → log-in page, forbidden → 403, unknown object → 404."""
    if error.code in (ErrorCode.UNAUTHENTICATED, ErrorCode.TOKEN_EXPIRED):
        return to_login(request)
    if error.code is ErrorCode.FORBIDDEN:
        raise HTTPException(403, error.message)
    if error.code is ErrorCode.NOT_FOUND:
        raise HTTPException(404, error.message)
    if error.code is ErrorCode.RATE_LIMITED:
        retry = getattr(error, "retry_after", None)
        raise HTTPException(429, error.message, headers={"Retry-After": str(retry)} if retry else None)
    raise error


def field_errors(error: ColabError) -> dict[str, str]:
    """Input errors by form field (camelCase field names of the services), first message per field."""
    found: dict[str, str] = {}
    for e in error.errors:
        found.setdefault(e.field or "_form", e.message)
    return found
