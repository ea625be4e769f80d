"""Projects: the public list (by province and need) and each project's page with its needs board."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import ProjectAction
from colab.challenges.models import Challenge
from colab.errors import ColabError
from colab.ideas.service import themes_by_idea
from colab.needs import Need
from colab.organizations.models import Organization
from colab.projects.board import needs_board
from colab.projects.follows import follower_counts, is_following
from colab.projects.models import REVIEW_KIND, Project
from colab.projects.roles import may_on_project, role_in_project
from colab.projects.service import ProjectFilter, get_project, list_projects
from colab.projects.updates import latest_updates
from colab.storage import public_path
from colab.territories.models import Territory
from web.pages.listing import places
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import path_id, refuse, render
from web.pages.reports import hidden_page, report_form
from web.session import current_actor


async def project_cards(items: Sequence[Project]) -> list[dict[str, Any]]:
    """A project card: the project, its holder, territory and organization, in 3 queries whatever the count."""
    if not items:
        return []
    holders = {u.id: u for u in await User.filter(id__in={p.holder_id for p in items})}
    territories = {t.id: t for t in await Territory.filter(id__in={p.territory_id for p in items})}
    org_ids = {p.organization_id for p in items if p.organization_id is not None}
    organizations = {o.id: o for o in await Organization.filter(id__in=org_ids)} if org_ids else {}
    return [
        {
            "project": p,
            "holder": holders[p.holder_id],
            "territory": territories[p.territory_id],
            "organization": organizations.get(p.organization_id) if p.organization_id else None,
            "cover_url": public_path(p.cover_path) if p.cover_path else None,
        }
        for p in items
    ]


async def project_list(request: Request) -> Response:
    actor = await current_actor(request)
    params = request.query_params
    where = await places()
    chosen = {"province": params.get("province", ""), "besoin": params.get("besoin", "")}
    place = where.by_nis.get(chosen["province"])
    need = Need(chosen["besoin"]) if chosen["besoin"] in Need.__members__ else None
    page = page_number(params.get("page"))
    filters = ProjectFilter(territory_id=place.id if place else None, need=need)
    items, total = await list_projects(actor, filters, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    kept = {k: v for k, v in chosen.items() if v}
    context = {
        "cards": await project_cards(items),
        "total": total,
        "chosen": chosen,
        "places": where,
        "needs": list(Need),
        "place": place,
        "need": need,
        **pager(page, total, kept),
    }
    return await render(request, "projects/list.html", context)


async def project_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        project = await get_project(path_id(request, "project_id"))
    except ColabError as error:
        hidden = await hidden_page(request, actor, REVIEW_KIND, path_id(request, "project_id"))
        return hidden or refuse(request, error)
    territory = await Territory.get(id=project.territory_id).prefetch_related("parent")
    context = {
        "project": project,
        "holder": await User.get(id=project.holder_id),
        "territory": territory,
        "themes": (await themes_by_idea([project.idea_id]))[project.idea_id],
        "challenge": await Challenge.get_or_none(id=project.challenge_id) if project.challenge_id else None,
        "organization": (
            await Organization.get_or_none(id=project.organization_id) if project.organization_id else None
        ),
        "board": await needs_board(project, actor),
        "actor": actor,  # the cards' templates read it (colab/projects/board.py)
        "is_holder": actor.user_id == project.holder_id,
        "team_role": await role_in_project(actor, project.id),
        "following": await is_following(actor, project.id),
        "followers": (await follower_counts([project.id]))[project.id],
        "may_edit": await may_on_project(actor, project.id, ProjectAction.EDIT_PAGE),
        "may_post": await may_on_project(actor, project.id, ProjectAction.POST_UPDATE),
        "cover_url": public_path(project.cover_path) if project.cover_path else None,
        "latest_update": (await latest_updates([project.id])).get(project.id),
        **report_form(actor, REVIEW_KIND, project.id, project.holder_id),
    }
    return await render(request, "projects/detail.html", context)


ROUTES: list[BaseRoute] = [
    Route("/projets", project_list, name="projects"),
    Route("/projets/{project_id:int}", project_page, name="project"),
]
