"""Matching funds: a fund's public page, the form its organization's managers open one with, and their buttons."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.actors import Actor
from colab.challenges.models import Challenge, ChallengeStatus
from colab.errors import ColabError, ErrorCode
from colab.funding.fund_models import FUND_STATUS_LABELS, MatchingFund
from colab.funding.fund_queries import fund_page_data, funds_of_organization
from colab.funding.funds import (
    FundDraft,
    close_matching_fund,
    create_matching_fund,
    edit_matching_fund,
    managed_fund,
    pause_matching_fund,
    resume_matching_fund,
)
from colab.funding.money import euros, percent
from colab.organizations.models import Organization
from colab.organizations.service import get_by_slug, is_manager
from colab.territories.models import Theme
from colab.validation import utcnow
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.listing import places
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.session import current_actor, flash
from web.templating import BRUSSELS

#: the factors a manager picks from: (numerator, denominator) → how people read it
FACTORS = {
    "1/1": "1 € pour 1 € (doublement)",
    "1/2": "50 centimes pour 1 €",
    "2/1": "2 € pour 1 € (triplement)",
    "1/4": "25 centimes pour 1 €",
}
_AMOUNT = re.compile(r"^\d{1,9}([.,]\d{1,2})?$")


def _cents(value: str) -> int | None:
    """Euros as typed (« 1 250,50 », « 2000 ») in cents; None when empty, -1 when unreadable (the service says
    why)."""
    text = value.replace("\u202f", "").replace(" ", "").replace("€", "").strip()
    if not text:
        return None
    if not _AMOUNT.match(text):
        return -1
    whole, _, part = text.replace(",", ".").partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def _day(value: str, end: bool) -> datetime | None:
    """A date from the form: the start (or the end) of that day in Brussels."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return datetime.combine(day, time(23, 59) if end else time(0, 0), tzinfo=BRUSSELS)


def _values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: str(form.get(name, "")).strip()
        for name in ("name", "description", "budget", "factor", "cap_pledge", "cap_project", "cap_backer")
    }
    values.update({name: str(form.get(name, "")) for name in ("territory", "opens", "closes")})
    values["themes"] = [str(v) for v in form.getlist("themes")]
    values["challenges"] = [str(v) for v in form.getlist("challenges")]
    return values


def _draft(values: dict[str, Any]) -> FundDraft:
    numerator, _, denominator = (values["factor"] if values["factor"] in FACTORS else "1/1").partition("/")
    territory = form_int(values["territory"])
    opens = _day(values["opens"], end=False) if values["opens"] else None
    return FundDraft(
        name=values["name"],
        description=values["description"],
        budget_cents=_cents(values["budget"]) or 0,
        factor_numerator=int(numerator),
        factor_denominator=int(denominator),
        cap_per_pledge_cents=_cents(values["cap_pledge"]),
        cap_per_project_cents=_cents(values["cap_project"]),
        cap_per_backer_cents=_cents(values["cap_backer"]),
        territory_ids=[territory] if territory else [],
        theme_ids=[i for i in (form_int(v) for v in values["themes"]) if i is not None],
        challenge_ids=[i for i in (form_int(v) for v in values["challenges"]) if i is not None],
        opens_at=opens if opens is not None and opens > utcnow() else None,  # today or before: from now
        closes_at=_day(values["closes"], end=True),
    )


async def _form(
    request: Request,
    organization: Organization,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int,
    editing: MatchingFund | None = None,
) -> Response:
    context = {
        "organization": organization,
        "editing": editing,
        "values": values,
        "errors": errors,
        "places": await places(),
        "themes": await Theme.all().order_by("position", "name"),
        "challenges": await Challenge.filter(
            organization_id=organization.id, status=ChallengeStatus.PUBLISHED
        ).order_by("-created_at"),
        "factors": FACTORS,
    }
    return await render(request, "matching/form.html", context, status)


async def new_fund(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    organization = await get_by_slug(request.path_params["slug"])
    if organization is None:
        raise HTTPException(404, "Cette organisation n'existe pas.")
    if not await is_manager(actor, organization.id):
        raise HTTPException(403, "Seuls les gestionnaires de l'organisation ouvrent ses fonds.")
    if request.method == "GET":
        values = {"factor": "1/1", "themes": [], "challenges": [], "territory": str(organization.territory_id or "")}
        return await _form(request, organization, values, {}, 200)
    values = _values(await checked_form(request))
    try:
        fund = await create_matching_fund(actor, organization.id, _draft(values))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, organization, values, field_errors(error), 422)
    flash(request, "Le fonds est ouvert : il double les soutiens des projets qu'il sert.")
    return RedirectResponse(f"/fonds/{fund.id}", status_code=303)


def _stored(fund: MatchingFund) -> dict[str, Any]:
    """A fund's editable rules as its form shows them (euros the French way)."""

    def typed(cents: int | None) -> str:
        return "" if cents is None else euros(cents).replace(" €", "").replace("\u202f", " ")

    return {
        "name": fund.name,
        "description": fund.description,
        "budget": typed(fund.budget_cents),
        "cap_pledge": typed(fund.cap_per_pledge_cents),
        "cap_project": typed(fund.cap_per_project_cents),
        "cap_backer": typed(fund.cap_per_backer_cents),
        "closes": fund.closes_at.astimezone(BRUSSELS).date().isoformat(),
    }


def _edit_draft(values: dict[str, Any]) -> FundDraft:
    """The rules the edit form carries (factor, targets and opening stay as they are); an emptied cap is removed."""
    return FundDraft(
        name=values["name"],
        description=values["description"],
        budget_cents=_cents(values["budget"]) or 0,
        cap_per_pledge_cents=_cents(values["cap_pledge"]) or 0,
        cap_per_project_cents=_cents(values["cap_project"]) or 0,
        cap_per_backer_cents=_cents(values["cap_backer"]) or 0,
        closes_at=_day(values["closes"], end=True),
    )


async def edit_fund(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        fund = await managed_fund(actor, path_id(request, "fund_id", "Ce fonds n'existe pas."))
    except ColabError as error:
        return refuse(request, error)
    organization = await Organization.get(id=fund.organization_id)
    if request.method == "GET":
        return await _form(request, organization, _stored(fund), {}, 200, editing=fund)
    values = _values(await checked_form(request))
    try:
        await edit_matching_fund(actor, fund.id, _edit_draft(values))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, organization, values, field_errors(error), 422, editing=fund)
    flash(request, "Les règles du fonds sont mises à jour.")
    return RedirectResponse(f"/fonds/{fund.id}", status_code=303)


async def fund_page(request: Request) -> Response:
    page = await fund_page_data(path_id(request, "fund_id", "Ce fonds n'existe pas."))
    if page is None:
        raise HTTPException(404, "Ce fonds n'existe pas.")
    actor = await current_actor(request)
    fund = page.fund
    context = {
        "page": page,
        "fund": fund,
        "status_label": FUND_STATUS_LABELS[fund.status],
        "used_percent": percent(fund.committed_cents, fund.budget_cents),
        "manages": actor.user_id is not None and await is_manager(actor, fund.organization_id),
        "euros": euros,
    }
    return await render(request, "matching/detail.html", context)


_MOVES = {
    "pause": (pause_matching_fund, "Le fonds est en pause : il ne double plus de nouveau soutien."),
    "reprendre": (resume_matching_fund, "Le fonds double à nouveau les soutiens."),
    "cloturer": (close_matching_fund, "Le fonds est clôturé."),
}


async def move_fund(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    fund_id = path_id(request, "fund_id", "Ce fonds n'existe pas.")
    if request.path_params["move"] not in _MOVES:
        raise HTTPException(404)
    move, done = _MOVES[request.path_params["move"]]
    try:
        await move(actor, fund_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
    else:
        flash(request, done)
    return RedirectResponse(f"/fonds/{fund_id}", status_code=303)


async def organization_funds(actor: Actor, organization: Organization) -> dict[str, Any]:
    """What an organization's page shows of its funds (web/templates/matching/_organization_funds.html)."""
    return {
        "funds": await funds_of_organization(organization.id),
        "manages_funds": actor.user_id is not None and await is_manager(actor, organization.id),
        "fund_euros": euros,
    }


ROUTES: list[BaseRoute] = [
    Route("/fonds/{fund_id:int}", fund_page, name="fund"),
    Route("/fonds/{fund_id:int}/modifier", edit_fund, methods=["GET", "POST"], name="edit_fund"),
    Route("/fonds/{fund_id:int}/{move}", move_fund, methods=["POST"], name="move_fund"),
    Route("/organisations/{slug}/fonds/nouveau", new_fund, methods=["GET", "POST"], name="new_fund"),
]
