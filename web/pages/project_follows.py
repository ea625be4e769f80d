"""Following projects: the button on a project's page (POST with CSRF) and the account's list of followed ones."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.errors import ColabError
from colab.projects.follows import follow_project, followed_projects, unfollow_project
from web.csrf import checked_form
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.projects import project_cards
from web.pages.rendering import path_id, refuse, render, to_login
from web.session import current_actor, flash


async def follow(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    project_id = path_id(request, "project_id")
    if actor.user_id is None:
        return RedirectResponse(f"/connexion?suivant=/projets/{project_id}", status_code=303)
    try:
        project = await follow_project(actor, project_id)
    except ColabError as error:
        return refuse(request, error)
    flash(request, f"Vous suivez « {project.title} » : ses nouvelles vous seront signalées.")
    return RedirectResponse(f"/projets/{project.id}", status_code=303)


async def unfollow(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    try:
        project = await unfollow_project(actor, path_id(request, "project_id"))
    except ColabError as error:
        return refuse(request, error)
    flash(request, f"Vous ne suivez plus « {project.title} ».")
    target = "/compte/suivis" if (await request.form()).get("retour") == "suivis" else f"/projets/{project.id}"
    return RedirectResponse(target, status_code=303)


async def followed(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    page = page_number(request.query_params.get("page"))
    items, total = await followed_projects(actor, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    context = {"cards": await project_cards(items), "total": total, **pager(page, total)}
    return await render(request, "projects/followed.html", context)


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/suivre", follow, methods=["POST"], name="follow_project"),
    Route("/projets/{project_id:int}/ne-plus-suivre", unfollow, methods=["POST"], name="unfollow_project"),
    Route("/compte/suivis", followed, name="followed_projects"),
]
