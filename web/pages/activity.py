"""Activity pages: the lab's (/activite), a challenge's and a project's, from public events, newest first."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from colab.activity.service import Activity, activity
from colab.challenges.service import find_challenge
from colab.projects.service import find_project
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import path_id, render
from web.session import current_actor

_PATHS = {
    "challenge": "/defis/{}",
    "project": "/projets/{}",
    "volunteer_call": "/actions/{}",
    "project_update": "/nouvelles/{}",
    "advice": "/conseils/{}",
    "campaign": "/campagnes/{}",
}


def activity_link(item: Activity) -> str:
    # a subject whose page the web does not know yet (a project update) leads to the lab's feed, not to an error
    path = _PATHS.get(item.subject_type)
    return path.format(item.subject_id) if path else "/activite"


async def _feed(request: Request, scope: str, scope_id: int | None, heading: str, back: str | None) -> Response:
    page = page_number(request.query_params.get("page"))
    items, total = await activity(scope, scope_id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    rows = [(item, activity_link(item)) for item in items]
    context = {"rows": rows, "total": total, "heading": heading, "back": back, **pager(page, total)}
    return await render(request, "activity.html", context)


async def lab_activity(request: Request) -> Response:
    return await _feed(request, "lab", None, "L'activité du laboratoire", None)


async def challenge_activity(request: Request) -> Response:
    missing = "Ce défi n'existe pas."
    challenge = await find_challenge(await current_actor(request), path_id(request, "challenge_id", missing))
    if challenge is None:
        raise HTTPException(404, missing)
    return await _feed(
        request, "challenge", challenge.id, f"Activité du défi « {challenge.title} »", f"/defis/{challenge.id}"
    )


async def project_activity(request: Request) -> Response:
    missing = "Ce projet n'existe pas."
    project = await find_project(path_id(request, "project_id", missing))
    if project is None:
        raise HTTPException(404, missing)
    return await _feed(
        request, "project", project.id, f"Activité du projet « {project.title} »", f"/projets/{project.id}"
    )


ROUTES: list[BaseRoute] = [
    Route("/activite", lab_activity, name="activity"),
    Route("/defis/{challenge_id:int}/activite", challenge_activity, name="challenge_activity"),
    Route("/projets/{project_id:int}/activite", project_activity, name="project_activity"),
]
