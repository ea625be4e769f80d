"""Error pages in French for 400/401/403/404/405/413 and unexpected failures."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from colab.accounts.models import User
from web.session import current_user
from web.templating import templates

TITLES = {
    400: "Requête invalide",
    401: "Connexion requise",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non autorisée",
    429: "Trop de requêtes",
    413: "Requête trop volumineuse",
    500: "Erreur inattendue",
}
DEFAULT_DETAILS = {
    401: "Connectez-vous pour continuer.",
    404: "Cette page n'existe pas ou n'est pas (encore) publique.",
    405: "Cette adresse ne s'utilise pas ainsi.",
    500: "Quelque chose s'est mal passé de notre côté. Réessayez dans un instant.",
}


def _page(request: Request, status: int, detail: str | None, viewer: User | None = None) -> Response:
    context = {
        "status": status,
        "title": TITLES.get(status, "Erreur"),
        "detail": detail or DEFAULT_DETAILS.get(status, ""),
        "viewer": viewer,
        "flashes": [],  # kept in the session for the next real page
    }
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def error_page(request: Request, status: int, detail: str) -> Response:
    """An error page for a request refused before the session is read (web/limits.py): no viewer."""
    return _page(request, status, detail)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    default = exc.detail in ("Not Found", "Forbidden", "Unauthorized", "Method Not Allowed")
    page = _page(request, exc.status_code, None if default else exc.detail, await current_user(request))
    page.headers.update(exc.headers or {})  # Retry-After on a 429, Allow on a 405
    return page


async def server_error(request: Request, exc: Exception) -> Response:
    # no database access here: the 500 page must render even when the database is the problem
    return _page(request, 500, None)
