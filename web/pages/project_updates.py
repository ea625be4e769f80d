"""A project's news: the list (newest first, paged), one update, and the leads' form to post one."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import ProjectAction
from colab.errors import ColabError, ErrorCode
from colab.projects.roles import may_on_project, require_project_action
from colab.projects.service import get_project
from colab.projects.updates import UpdateDraft, get_update, post_update, updates_of
from web.csrf import checked_form
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.session import current_actor, flash


async def _authors(user_ids: set[int]) -> dict[int, User]:
    return {u.id: u for u in await User.filter(id__in=user_ids)} if user_ids else {}


async def update_list(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        project = await get_project(path_id(request, "project_id"))
    except ColabError as error:
        return refuse(request, error)
    page = page_number(request.query_params.get("page"))
    items, total = await updates_of(project.id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    context = {
        "project": project,
        "updates": items,
        "authors": await _authors({u.author_id for u in items}),
        "total": total,
        "may_post": await may_on_project(actor, project.id, ProjectAction.POST_UPDATE),
        **pager(page, total),
    }
    return await render(request, "projects/updates.html", context)


async def update_page(request: Request) -> Response:
    try:
        update = await get_update(path_id(request, "update_id"))
    except ColabError as error:
        return refuse(request, error)
    if update.project_id != path_id(request, "project_id"):
        return RedirectResponse(f"/projets/{update.project_id}/nouvelles/{update.id}", status_code=301)
    context = {
        "project": await get_project(update.project_id),
        "update": update,
        "author": await User.get_or_none(id=update.author_id),
    }
    return await render(request, "projects/update.html", context)


async def update_by_id(request: Request) -> Response:
    """Where a notification about an update leads: the update, on its project's pages."""
    try:
        update = await get_update(path_id(request, "update_id"))
    except ColabError as error:
        return refuse(request, error)
    return RedirectResponse(f"/projets/{update.project_id}/nouvelles/{update.id}", status_code=303)


async def publish(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        project = await get_project(path_id(request, "project_id"))
        await require_project_action(actor, project.id, ProjectAction.POST_UPDATE)
    except ColabError as error:
        return refuse(request, error)
    values, errors = {"title": "", "body": ""}, {}
    if request.method == "POST":
        form = await checked_form(request)
        values = {name: str(form.get(name, "")) for name in values}
        try:
            update = await post_update(actor, project.id, UpdateDraft(values["title"], values["body"]))
        except ColabError as error:
            if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
                return refuse(request, error)
            errors = field_errors(error)
        else:
            flash(request, "Votre nouvelle est publiée : les personnes qui suivent le projet en sont prévenues.")
            return RedirectResponse(f"/projets/{project.id}/nouvelles/{update.id}", status_code=303)
    context = {"project": project, "values": values, "errors": errors}
    return await render(request, "projects/post_update.html", context, 422 if errors else 200)


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/nouvelles", update_list, name="project_updates"),
    Route("/projets/{project_id:int}/nouvelles/publier", publish, methods=["GET", "POST"], name="post_update"),
    Route("/projets/{project_id:int}/nouvelles/{update_id:int}", update_page, name="project_update"),
    Route("/nouvelles/{update_id:int}", update_by_id, name="update_by_id"),
]
