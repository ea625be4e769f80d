"""A person's expertise (/compte/expertise): their credentials and requests, and asking for a new one."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.advice.credentials import STATUS_LABELS, credentials_of, is_active, request_credential
from colab.errors import ColabError
from colab.territories.models import Theme
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.rendering import field_errors, refuse, render, to_login
from web.session import current_actor, flash


async def _context(user_id: int) -> dict[str, Any]:
    found = await credentials_of(user_id)
    return {
        "credentials": [
            {"credential": c, "status": STATUS_LABELS[c.status], "active": is_active(c.status, c.expires_at)}
            for c in found
        ],
        "themes": await Theme.all(),
        "values": {"theme": "", "evidence": "", "evidence_url": ""},
        "errors": {},
    }


async def expertise(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    if request.method != "POST":
        return await render(request, "advice/expertise.html", await _context(actor.user_id))
    form = await checked_form(request)
    values = {name: str(form.get(name, "")) for name in ("theme", "evidence", "evidence_url")}
    try:
        theme_id = form_int(values["theme"]) or 0
        await request_credential(actor, theme_id, values["evidence"], values["evidence_url"])
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        context = {**await _context(actor.user_id), "values": values, "errors": field_errors(error)}
        return await render(request, "advice/expertise.html", context, status=400)
    flash(request, "Votre demande est transmise aux modérateurs : vous serez averti·e de leur décision.")
    return RedirectResponse("/compte/expertise", status_code=303)


ROUTES: list[BaseRoute] = [Route("/compte/expertise", expertise, methods=["GET", "POST"], name="expertise")]
