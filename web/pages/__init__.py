"""Server-rendered pages: thin handlers over the domain services."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from colab.config import Settings
from web.pages import (
    accounts,
    activity,
    admin_events,
    challenges,
    home,
    ideas,
    listing,
    moderation,
    notifications,
    organizations,
    password_reset,
    projects,
    transparency,
)


def routes(settings: Settings) -> list[BaseRoute]:
    return [
        Route("/", home.home, name="home"),
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
        *moderation.ROUTES,
        *transparency.ROUTES,
        *notifications.ROUTES,
        *password_reset.ROUTES,
        *activity.ROUTES,
        *admin_events.ROUTES,
    ]
