"""Forgotten password: ask for a link by email (same answer whether the address has an account or not), then
choose a new password through the link."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.reset import request_password_reset, reset_password, user_for_token
from colab.errors import ColabError, ErrorCode
from web.csrf import checked_form
from web.pages.rendering import field_errors, render
from web.session import flash


def _secret(request: Request) -> str:
    return str(request.app.state.settings.secret_key)


async def forgotten(request: Request) -> Response:
    if request.method == "GET":
        return await render(request, "accounts/forgotten.html", {"sent": False})
    form = await checked_form(request)
    await request_password_reset(str(form.get("email", ""))[:320])
    return await render(request, "accounts/forgotten.html", {"sent": True})


async def new_password(request: Request) -> Response:
    token = (request.query_params.get("jeton") or "")[:500]
    if request.method == "POST":
        form = await checked_form(request)
        token = str(form.get("jeton", ""))[:500]
        try:
            await reset_password(_secret(request), token, str(form.get("password", "")))
        except ColabError as error:
            return await _refused(request, token, error)
        flash(request, "Votre mot de passe est changé : connectez-vous avec le nouveau.")
        return RedirectResponse("/connexion", status_code=303)
    try:
        await user_for_token(_secret(request), token)
    except ColabError as error:
        return await _refused(request, token, error)
    return await render(request, "accounts/new_password.html", {"token": token, "errors": {}, "dead": False})


async def _refused(request: Request, token: str, error: ColabError) -> Response:
    dead = any(e.code is ErrorCode.INVALID_LINK for e in error.errors)
    context = {"token": token, "errors": field_errors(error), "dead": dead}
    return await render(request, "accounts/new_password.html", context, 400 if dead else 422)


ROUTES: list[BaseRoute] = [
    Route("/mot-de-passe-oublie", forgotten, methods=["GET", "POST"], name="forgotten_password"),
    Route("/mot-de-passe/nouveau", new_password, methods=["GET", "POST"], name="new_password"),
]
