"""Server-rendered pages: thin handlers over the domain services."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.routing import BaseRoute, Route

from colab.config import Settings
from web.pages import (
    account,
    accounts,
    acting,
    acting_team,
    activity,
    admin_events,
    advice,
    challenges,
    expertise,
    funding,
    funding_dashboard,
    funding_team,
    home,
    ideas,
    listing,
    matching,
    moderation,
    notifications,
    organizations,
    partnership,
    password_reset,
    payments,
    project_editing,
    project_follows,
    project_updates,
    projects,
    reports,
    teams,
    transparency,
    uploads,
)

FAVICON = Path(__file__).parents[1] / "static" / "favicon.ico"


async def favicon(request: Request) -> FileResponse:
    """Browsers ask for /favicon.ico whatever the page says (pages link the SVG as well)."""
    return FileResponse(
        FAVICON, media_type="image/vnd.microsoft.icon", headers={"Cache-Control": "public, max-age=86400"}
    )


def routes(settings: Settings) -> list[BaseRoute]:
    return [
        Route("/", home.home, name="home"),
        Route("/favicon.ico", favicon, name="favicon"),
        Route("/defis", listing.challenge_list, name="challenges"),
        Route("/defis/nouveau", challenges.new_challenge, methods=["GET", "POST"], name="new_challenge"),
        Route("/defis/{challenge_id:int}", challenges.challenge_page, name="challenge"),
        Route("/defis/{challenge_id:int}/modifier", challenges.edit_challenge, methods=["GET", "POST"], name="edit"),
        Route("/defis/{challenge_id:int}/cloturer", challenges.close, methods=["POST"], name="close"),
        Route("/organisations", organizations.organization_list, name="organizations"),
        Route("/organisations/{slug}", organizations.organization_page, name="organization"),
        Route("/inscription", accounts.signup, methods=["GET", "POST"], name="signup"),
        Route("/connexion", accounts.login, methods=["GET", "POST"], name="login"),
        Route("/deconnexion", accounts.logout, methods=["POST"], name="logout"),
        *ideas.ROUTES,
        *projects.ROUTES,
        *project_editing.ROUTES,
        *project_follows.ROUTES,
        *project_updates.ROUTES,
        *uploads.ROUTES,
        *teams.ROUTES,
        *matching.ROUTES,
        *payments.ROUTES,
        *funding.ROUTES,
        *funding_team.ROUTES,
        *funding_dashboard.ROUTES,
        *moderation.ROUTES,
        *reports.ROUTES,
        *transparency.ROUTES,
        *notifications.ROUTES,
        *partnership.ROUTES,
        *password_reset.ROUTES,
        *activity.ROUTES,
        *admin_events.ROUTES,
        *account.ROUTES,
        *acting.ROUTES,
        *acting_team.ROUTES,
        *advice.ROUTES,
        *expertise.ROUTES,
    ]
