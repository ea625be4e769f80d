"""Sign-up, log-in and log-out from the web (a session cookie; CSRF-checked forms)."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from colab.accounts.service import authenticate, request_account
from colab.errors import ColabError
from colab.ratelimits import RateLimited, RateLimits
from web.csrf import checked_form
from web.pages.rendering import field_errors, render
from web.session import flash, log_in, log_out


def _next(target: str | None) -> str:
    """Only local paths: never send someone elsewhere after logging in.

    Browsers read a backslash as a slash ("/\\evil.example" goes to evil.example) and drop tabs and
    newlines, so a target holding either is refused too.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return "/"
    return target


def _limits(request: Request) -> RateLimits:
    limits: RateLimits = request.app.state.limits
    return limits


def _ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _status(error: ColabError) -> int:
    return 429 if isinstance(error, RateLimited) else 422


def _limited(response: Response, error: ColabError) -> Response:
    """Too many attempts: the form again, with 429 and when to retry."""
    if isinstance(error, RateLimited):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


async def signup(request: Request) -> Response:
    # the page someone was going to when asked to log in survives choosing to sign up instead
    target = _next(request.query_params.get("suivant"))
    if request.method == "GET":
        return await render(request, "accounts/signup.html", {"values": {}, "errors": {}, "next": target})
    form = await checked_form(request)
    target = _next(str(form.get("suivant", target)))
    values = {"display_name": str(form.get("display_name", "")), "email": str(form.get("email", ""))}
    try:
        await _limits(request).sign_up_attempt(_ip(request), values["email"])
        user = await request_account(values["email"], str(form.get("password", "")), values["display_name"])
    except ColabError as error:
        context = {"values": values, "errors": field_errors(error), "next": target}
        return _limited(await render(request, "accounts/signup.html", context, _status(error)), error)
    if user is None:
        # the address had an account: its owner is told; the visitor is not told whose address it is
        flash(request, "Merci ! Si vous avez déjà un compte avec cette adresse, connectez-vous.")
        return RedirectResponse("/connexion" + (f"?suivant={quote(target)}" if target != "/" else ""), status_code=303)
    await log_in(request, user)
    flash(request, f"Bienvenue, {user.display_name} ! Votre compte est créé.")
    return RedirectResponse(target, status_code=303)


async def login(request: Request) -> Response:
    target = _next(request.query_params.get("suivant"))
    if request.method == "GET":
        return await render(request, "accounts/login.html", {"values": {}, "errors": {}, "next": target})
    form = await checked_form(request)
    target = _next(str(form.get("suivant", target)))
    email = str(form.get("email", ""))
    try:
        await _limits(request).log_in_attempt(_ip(request), email)
        user = await authenticate(email, str(form.get("password", "")))
    except ColabError as error:
        context = {"values": {"email": email}, "errors": field_errors(error), "next": target}
        return _limited(await render(request, "accounts/login.html", context, _status(error)), error)
    await log_in(request, user)
    flash(request, f"Bonjour, {user.display_name}.")
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    await log_out(request)
    flash(request, "Vous êtes déconnecté·e.")
    return RedirectResponse("/", status_code=303)
