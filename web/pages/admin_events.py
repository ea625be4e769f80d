"""/admin/evenements: the deliveries the worker parked after failing every attempt, and retrying them (admins)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.errors import ColabError, ErrorCode
from colab.events.replay import parked_deliveries, retry_delivery
from web.csrf import checked_form
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import path_id, refuse, render
from web.session import current_actor, flash


async def parked_list(request: Request) -> Response:
    actor = await current_actor(request)
    page = page_number(request.query_params.get("page"))
    try:
        items, total = await parked_deliveries(actor, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    except ColabError as error:
        return refuse(request, error)
    return await render(request, "admin_events.html", {"items": items, "total": total, **pager(page, total)})


async def retry(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    try:
        await retry_delivery(actor, path_id(request, "delivery_id", "Cette livraison n'existe pas."))
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse("/admin/evenements", status_code=303)
    flash(request, "La livraison est relancée : le worker la reprend dans un instant.")
    return RedirectResponse("/admin/evenements", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/admin/evenements", parked_list, name="parked_deliveries"),
    Route("/admin/evenements/{delivery_id:int}/relancer", retry, methods=["POST"], name="retry_delivery"),
]
