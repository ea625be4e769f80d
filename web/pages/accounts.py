"""Sign-up, log-in and log-out from the web (a session cookie; CSRF-checked forms)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from colab.accounts.service import authenticate, request_account
from colab.errors import ColabError
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


async def signup(request: Request) -> Response:
    if request.method == "GET":
        return await render(request, "accounts/signup.html", {"values": {}, "errors": {}})
    form = await checked_form(request)
    values = {"display_name": str(form.get("display_name", "")), "email": str(form.get("email", ""))}
    try:
        user = await request_account(values["email"], str(form.get("password", "")), values["display_name"])
    except ColabError as error:
        return await render(request, "accounts/signup.html", {"values": values, "errors": field_errors(error)}, 422)
    if user is None:
        # the address had an account: its owner is told; the visitor is not told whose address it is
        flash(request, "Merci ! Si vous avez déjà un compte avec cette adresse, connectez-vous.")
        return RedirectResponse("/connexion", status_code=303)
    await log_in(request, user)
    flash(request, f"Bienvenue, {user.display_name} ! Votre compte est créé.")
    return RedirectResponse("/", status_code=303)


async def login(request: Request) -> Response:
    target = _next(request.query_params.get("suivant"))
    if request.method == "GET":
        return await render(request, "accounts/login.html", {"values": {}, "errors": {}, "next": target})
    form = await checked_form(request)
    email = str(form.get("email", ""))
    try:
        user = await authenticate(email, str(form.get("password", "")))
    except ColabError as error:
        context = {"values": {"email": email}, "errors": field_errors(error), "next": target}
        return await render(request, "accounts/login.html", context, 422)
    await log_in(request, user)
    flash(request, f"Bonjour, {user.display_name}.")
    return RedirectResponse(_next(str(form.get("suivant", target))), status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    await log_out(request)
    flash(request, "Vous êtes déconnecté·e.")
    return RedirectResponse("/", status_code=303)
