"""A challenge's page, and posting, editing and closing challenges from web forms."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from colab.challenges.models import REVIEW_KIND, Challenge, ChallengeStatus
from colab.challenges.service import (
    ChallengeDraft,
    can_manage,
    close_challenge,
    get_challenge,
    managed_challenge,
    post_challenge,
    themes_by_challenge,
    update_challenge,
)
from colab.errors import ColabError
from colab.organizations.models import Organization
from colab.organizations.service import organizations_of
from colab.territories.models import Territory
from web.csrf import checked_form
from web.pages.forms import draft_of, form_int, render_form, stored, typed
from web.pages.ideas import answers
from web.pages.paging import page_number
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.pages.reports import hidden_page, report_form
from web.session import current_actor, flash
from web.templating import BRUSSELS


def _deadline(value: str) -> datetime | None:
    """A date from the form means the end of that day in Brussels."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime.combine(day, time(23, 59), tzinfo=BRUSSELS)


def _values(form: FormData) -> dict[str, Any]:
    return typed(form, "organization", "ideas_open_until")


def _draft(values: dict[str, Any]) -> ChallengeDraft:
    return draft_of(ChallengeDraft, values, ideas_open_until=_deadline(values["ideas_open_until"]))


def _values_of(challenge: Challenge, theme_ids: list[int]) -> dict[str, Any]:
    return {
        **stored(challenge, theme_ids),
        "organization": str(challenge.organization_id),
        "ideas_open_until": challenge.ideas_open_until.astimezone(BRUSSELS).date().isoformat(),
    }


async def _form(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int, **extra: Any
) -> Response:
    return await render_form(request, "challenges/form.html", values, errors, status, **extra)


async def challenge_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        challenge = await get_challenge(actor, path_id(request, "challenge_id"))
    except ColabError as error:
        hidden = await hidden_page(request, actor, REVIEW_KIND, path_id(request, "challenge_id"))
        return hidden or refuse(request, error)
    hidden = await hidden_page(request, actor, REVIEW_KIND, challenge.id)  # its organization sees this too
    if hidden is not None:
        return hidden
    territory = await Territory.get(id=challenge.territory_id).prefetch_related("parent")
    context = {
        "challenge": challenge,
        "organization": await Organization.get(id=challenge.organization_id),
        "territory": territory,
        "themes": (await themes_by_challenge([challenge.id]))[challenge.id],
        "can_manage": await can_manage(actor, challenge),
        "pending": challenge.status is ChallengeStatus.PENDING_REVIEW,
        **await answers(actor, challenge.id, page_number(request.query_params.get("page"))),
        **report_form(actor, REVIEW_KIND, challenge.id, challenge.author_id),
    }
    return await render(request, "challenges/detail.html", context)


async def new_challenge(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    organizations = await organizations_of(actor.user_id)
    if not organizations:
        return await render(request, "challenges/no_organization.html", status=403)
    if request.method == "GET":
        values = {"organization": str(organizations[0].id), "themes": [], "needs": []}
        return await _form(request, values, {}, 200, organizations=organizations, editing=None)
    values = _values(await checked_form(request))
    try:
        challenge = await post_challenge(actor, form_int(values["organization"]) or 0, _draft(values))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, values, field_errors(error), 422, organizations=organizations, editing=None)
    if challenge.status is ChallengeStatus.PUBLISHED:
        flash(request, "Votre défi est publié.")
    else:
        flash(request, "Votre défi attend la validation d'un modérateur avant d'être public.")
    return RedirectResponse(f"/defis/{challenge.id}", status_code=303)


async def edit_challenge(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        challenge = await managed_challenge(actor, path_id(request, "challenge_id"))
    except ColabError as error:
        return refuse(request, error)
    if request.method == "GET":
        themes = (await themes_by_challenge([challenge.id]))[challenge.id]
        return await _form(request, _values_of(challenge, [t.id for t in themes]), {}, 200, editing=challenge)
    values = _values(await checked_form(request))
    try:
        await update_challenge(actor, challenge.id, _draft(values))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, values, field_errors(error), 422, editing=challenge)
    flash(request, "Le défi est mis à jour.")
    return RedirectResponse(f"/defis/{challenge.id}", status_code=303)


async def close(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    challenge_id = path_id(request, "challenge_id")
    try:
        challenge = await close_challenge(actor, challenge_id)
    except ColabError as error:
        if error.is_access_error or error.field == "challengeId":
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse(f"/defis/{challenge_id}", status_code=303)
    flash(request, "Le défi est clôturé : il reste visible mais ne reçoit plus d'idées.")
    return RedirectResponse(f"/defis/{challenge.id}", status_code=303)
