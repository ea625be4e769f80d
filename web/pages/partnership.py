"""How an institution joins the lab (a page and a contact form), and the admins' list of the requests."""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.errors import ColabError, ErrorCode
from colab.organizations.models import KIND_LABELS, OrganizationKind
from colab.partnership.service import PartnershipDraft, ask_to_join, list_requests, mark_handled
from web.csrf import checked_form
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.session import current_actor, current_user, flash

FIELDS = ("organization_name", "kind", "contact_name", "email", "message")


def _source(request: Request) -> str:
    """Where the request comes from, keyed with the lab's secret: enough to count, never the address itself."""
    address = request.client.host if request.client else "unknown"
    key = str(request.app.state.settings.secret_key).encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


async def join(request: Request) -> Response:
    if request.method == "GET":
        viewer = await current_user(request)
        values = {"contact_name": viewer.display_name, "email": viewer.email} if viewer else {}
        return await _page(request, values, {})
    form = await checked_form(request)
    values = {name: str(form.get(name, "")) for name in FIELDS}
    kind = values["kind"]
    draft = PartnershipDraft(
        organization_name=values["organization_name"],
        contact_name=values["contact_name"],
        email=values["email"],
        message=values["message"],
        kind=OrganizationKind(kind) if kind in OrganizationKind.__members__ else None,
    )
    try:
        await ask_to_join(await current_actor(request), draft, _source(request))
    except ColabError as error:
        status = 429 if error.code is ErrorCode.RATE_LIMITED else 422
        return await _page(request, values, field_errors(error), status)
    flash(request, "Merci ! Votre demande est transmise à l'équipe du Colab, qui vous répond par e-mail.")
    return RedirectResponse("/institutions", status_code=303)


async def _page(request: Request, values: dict[str, str], errors: dict[str, str], status: int = 200) -> Response:
    context = {"values": values, "errors": errors, "kinds": list(KIND_LABELS.items())}
    return await render(request, "partnership/join.html", context, status)


async def request_list(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    handled = request.query_params.get("traitees") == "1"
    page = page_number(request.query_params.get("page"))
    try:
        items, total = await list_requests(actor, handled=handled, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    except ColabError as error:
        return refuse(request, error)
    kept = {"traitees": "1"} if handled else {}
    context = {"items": items, "total": total, "handled": handled, **pager(page, total, kept)}
    return await render(request, "partnership/requests.html", context)


async def handle(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    try:
        done = await mark_handled(actor, path_id(request, "request_id"))
    except ColabError as error:
        return refuse(request, error)
    flash(request, f"La demande de « {done.organization_name} » est marquée comme traitée.")
    return RedirectResponse("/institutions/demandes", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/institutions", join, methods=["GET", "POST"], name="institutions"),
    Route("/institutions/demandes", request_list, name="partnership_requests"),
    Route("/institutions/demandes/{request_id:int}/traitee", handle, methods=["POST"], name="partnership_handled"),
]
