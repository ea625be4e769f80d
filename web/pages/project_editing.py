"""The project page's editor, for its holder and co-leads: texts, needs asked for, and the cover image (a
multipart form: the file is read with a ceiling, then re-encoded by colab.images before it is stored)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.actors import ProjectAction
from colab.errors import ColabError, ErrorCode
from colab.images import MAX_UPLOAD_BYTES, read_limited
from colab.needs import Need
from colab.projects.models import Project
from colab.projects.page import PageDraft, edit_project
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.storage import public_path
from moderation.sanitize import editable_text
from web.csrf import checked_form
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.pages.uploads import storage_of
from web.session import current_actor, flash

_TEXTS = ("title", "summary", "story", "cover_alt")


def _stored(project: Project) -> dict[str, Any]:
    return {
        "title": project.title,
        "summary": project.summary,
        "story": editable_text(project.story),
        "cover_alt": project.cover_alt,
        "needs": [n.value for n in project.needs],
    }


def _typed(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {name: form.get(name, "") for name in _TEXTS}
    if not all(isinstance(v, str) for v in values.values()):
        raise HTTPException(400, "Un champ de texte contient un fichier.")
    if any("\x00" in v for v in values.values()):  # the upload's body skips the request limits' NUL check
        raise HTTPException(400, "La requête contient un caractère nul.")
    values["needs"] = [str(v) for v in form.getlist("needs")]
    return values


async def _render(request: Request, project: Project, values: dict[str, Any], errors: dict[str, str]) -> Response:
    context = {
        "project": project,
        "values": values,
        "errors": errors,
        "needs": list(Need),
        "cover_url": public_path(project.cover_path) if project.cover_path else None,
        "max_mib": MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return await render(request, "projects/edit.html", context, 422 if errors else 200)


async def edit_page(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        project = await get_project(path_id(request, "project_id"))
        await require_project_action(actor, project.id, ProjectAction.EDIT_PAGE)
    except ColabError as error:
        return refuse(request, error)
    if request.method == "GET":
        return await _render(request, project, _stored(project), {})
    # one file at most, a few fields: parsed with those bounds before the CSRF check reads the same (cached) form
    async with request.form(max_files=1, max_fields=20) as form:
        await checked_form(request)
        values = _typed(form)
        cover = form.get("cover")
        draft = PageDraft(
            title=values["title"],
            summary=values["summary"],
            story=values["story"],
            needs=[Need(v) for v in values["needs"] if v in Need.__members__],
            cover_alt=values["cover_alt"],
            remove_cover=form.get("remove_cover") == "on",
        )
        try:
            if isinstance(cover, UploadFile) and cover.filename:
                draft = replace(draft, cover=await read_limited(cover, "cover"))
            await edit_project(actor, project.id, draft, storage_of(request))
        except ColabError as error:
            if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
                return refuse(request, error)
            return await _render(request, project, values, field_errors(error))
    flash(request, "La page du projet est mise à jour.")
    return RedirectResponse(f"/projets/{project.id}", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/modifier", edit_page, methods=["GET", "POST"], name="edit_project"),
]
