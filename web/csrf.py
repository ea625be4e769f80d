"""CSRF protection for every form: a per-session token, checked on every POST before anything runs."""

from __future__ import annotations

import hmac
import secrets

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    token = request.session.get(FIELD)
    if not token:
        token = request.session[FIELD] = secrets.token_urlsafe(32)
    return str(token)


async def checked_form(request: Request) -> FormData:
    """The POSTed form, once its CSRF token matches the session's; otherwise 403."""
    form = await request.form()
    sent = form.get(FIELD)
    expected = request.session.get(FIELD)
    if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, str(expected)):
        raise HTTPException(403, "Le formulaire a expiré ou ne vient pas de ce site. Rechargez la page et réessayez.")
    return form
