"""The signed-in person's account: API tokens (made, shown once, listed, revoked) and the password."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.service import change_password
from colab.accounts.tokens import MAX_TOKEN_LIFETIME_DAYS, create_token, list_tokens, revoke_token
from colab.actors import Scope, grantable_scopes
from colab.errors import ColabError
from colab.validation import utcnow
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.rendering import field_errors, path_id, render, to_login
from web.session import current_actor, flash

LIFETIMES = (7, 30, 90, MAX_TOKEN_LIFETIME_DAYS)
SCOPE_LABELS = {
    Scope.READ: "Lecture : tout ce que vous pouvez lire (toujours incluse)",
    Scope.CONTRIBUTE: "Contribution : proposer, modifier, publier en votre nom",
    Scope.MODERATE: "Modération : traiter la file de modération",
    Scope.ADMIN: "Administration : vérifier les organisations, gérer les rôles",
}


async def _tokens_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200, secret: str = ""
) -> Response:
    actor = await current_actor(request)
    context = {
        "tokens": await list_tokens(actor),
        "now": utcnow(),
        "scopes": [(s.value, SCOPE_LABELS[s]) for s in Scope if s in grantable_scopes(actor)],
        "lifetimes": LIFETIMES,
        "values": values,
        "errors": errors,
        "secret": secret,
    }
    return await render(request, "accounts/tokens.html", context, status)


async def tokens(request: Request) -> Response:
    """GET lists the tokens with the form; POST makes one and shows its secret, once."""
    actor = await current_actor(request)
    if request.method == "POST":
        form = await checked_form(request)
    if actor.user_id is None:
        return to_login(request)
    if request.method == "GET":
        return await _tokens_page(request, {"name": "", "scopes": [Scope.READ.value], "days": "30"}, {})
    values: dict[str, Any] = {
        "name": str(form.get("name", "")),
        "scopes": [str(v) for v in form.getlist("scopes")][:8],
        "days": str(form.get("days", "")),
    }
    try:
        issued = await create_token(actor, values["name"], values["scopes"], form_int(values["days"]) or 0)
    except ColabError as error:
        return await _tokens_page(request, values, field_errors(error), 422)
    fresh = {"name": "", "scopes": [Scope.READ.value], "days": "30"}
    return await _tokens_page(request, fresh, {}, 201, secret=issued.raw)


async def revoke(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    if actor.user_id is None:
        return to_login(request)
    if not await revoke_token(actor, path_id(request, "token_id")):
        raise HTTPException(404, "Ce jeton n'existe pas ou est déjà révoqué.")
    flash(request, "Le jeton est révoqué : il ne fonctionne plus.")
    return RedirectResponse("/compte/jetons", status_code=303)


async def password(request: Request) -> Response:
    """Change one's password: every other session and every API token ends."""
    actor = await current_actor(request)
    if request.method == "POST":
        form = await checked_form(request)
    if actor.user_id is None:
        return to_login(request)
    if request.method == "GET":
        return await render(request, "accounts/password.html", {"errors": {}})
    try:
        await change_password(actor, str(form.get("current_password", "")), str(form.get("password", "")))
    except ColabError as error:
        return await render(request, "accounts/password.html", {"errors": field_errors(error)}, 422)
    flash(request, "Votre mot de passe est changé. Vos autres sessions et vos jetons d'API sont révoqués.")
    return RedirectResponse("/compte/jetons", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/compte/jetons", tokens, methods=["GET", "POST"], name="tokens"),
    Route("/compte/jetons/{token_id:int}/revoquer", revoke, methods=["POST"], name="revoke_token"),
    Route("/compte/mot-de-passe", password, methods=["GET", "POST"], name="password"),
]
