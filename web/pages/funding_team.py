"""The leads' campaign editor: draft the terms and the tiers, submit them to the moderators, cancel
(the money team's dashboard is web/pages/funding_dashboard.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.actors import Actor, ProjectAction
from colab.errors import ColabError, ColabErrors, ErrorCode, ErrorCollector
from colab.funding.campaigns import (
    CANCELLABLE,
    CampaignDraft,
    TierDraft,
    campaign_of_project,
    cancel_campaign,
    edit_campaign,
    open_campaign,
    set_tiers,
    submit_campaign,
)
from colab.funding.models import EDITABLE_CAMPAIGN, Campaign, CampaignMode, RewardTier
from colab.funding.periods import MAX_DAYS, brussels_day
from colab.funding.schedule import days_of, period_of
from colab.funding.tiers import MAX_TIERS, tiers_by_campaign
from colab.projects.models import Project
from colab.projects.roles import require_project_action
from colab.projects.service import get_project
from colab.validation import utcnow
from web.csrf import checked_form
from web.money import euros_field, parse_euros
from web.pages.funding import LABELS, campaign_figures
from web.pages.rendering import field_errors, path_id, refuse, render
from web.session import current_actor, flash

#: empty tier rows the editor offers below the existing ones (no JavaScript to add rows)
BLANK_TIERS = 3
DASHBOARD_PLEDGES = 100


async def team_project(request: Request, actor: Actor, action: ProjectAction) -> Project | Response:
    """The project of the address, if the actor's team role allows `action`; else the log-in page (403, 404)."""
    try:
        project = await get_project(path_id(request, "project_id"))
        await require_project_action(actor, project.id, action)
    except ColabError as error:
        return refuse(request, error)
    return project


def _values(campaign: Campaign | None, tiers: list[RewardTier]) -> dict[str, Any]:
    """The editor's fields as a saved campaign fills them (or a new one's defaults)."""
    if campaign is None:
        return {"title": "", "pitch": "", "goal": "", "ceiling": "", "start": "", "days": "30",
                "mode": CampaignMode.ALL_OR_NOTHING.value, "tiers": []}  # fmt: skip
    first, days = days_of(campaign)
    return {
        "title": campaign.title,
        "pitch": campaign.pitch,
        "goal": euros_field(campaign.goal_cents),
        "ceiling": euros_field(campaign.ceiling_cents),
        "start": first.isoformat(),
        "days": str(days),
        "mode": campaign.mode.value,
        "tiers": [
            {
                "title": t.title,
                "description": t.description,
                "min": euros_field(t.min_amount_cents),
                "stock": "" if t.stock is None else str(t.stock),
            }
            for t in tiers
        ],
    }


def _typed(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {
        n: str(form.get(n, "")).strip() for n in ("title", "pitch", "goal", "ceiling", "start", "days", "mode")
    }
    rows = []
    for i in range(MAX_TIERS):
        row = {k: str(form.get(f"tier-{i}-{k}", "")).strip() for k in ("title", "description", "min", "stock")}
        if any(row.values()):
            rows.append(row)
    values["tiers"] = rows
    return values


def _draft(values: dict[str, Any]) -> CampaignDraft:
    """The campaign's terms as typed; unreadable amounts, dates and lengths are refused field by field."""
    errors = ErrorCollector()
    goal, ceiling = parse_euros(values["goal"]), parse_euros(values["ceiling"])
    if goal is None:
        errors.add(ErrorCode.INVALID, "Indiquez l'objectif en euros, par exemple 5000.", "goalCents")
    if ceiling is None:
        errors.add(ErrorCode.INVALID, "Indiquez le plafond en euros (au moins l'objectif).", "ceilingCents")
    try:
        start = date.fromisoformat(values["start"])
    except ValueError:
        errors.add(ErrorCode.INVALID, "Indiquez la date de début (jj/mm/aaaa).", "start")
        start = brussels_day(utcnow())
    days = int(values["days"]) if values["days"].isdigit() and len(values["days"]) < 4 else 0
    try:
        opens_at, closes_at = period_of(start, days)
    except ColabError as error:
        errors.add(error.code, error.message, "days")
        opens_at, closes_at = period_of(start, 30)
    errors.raise_if_any()
    mode = CampaignMode.KEEP_IT_ALL if values["mode"] == CampaignMode.KEEP_IT_ALL.value else CampaignMode.ALL_OR_NOTHING
    return CampaignDraft(
        title=values["title"],
        pitch=values["pitch"],
        goal_cents=goal or 0,
        ceiling_cents=ceiling or 0,
        opens_at=max(opens_at, utcnow()) if start == brussels_day(utcnow()) else opens_at,
        closes_at=closes_at,
        mode=mode,
    )


def _tier_drafts(values: dict[str, Any]) -> list[TierDraft]:
    errors = ErrorCollector()
    drafts = []
    for i, row in enumerate(values["tiers"]):
        minimum = parse_euros(row["min"])
        if minimum is None:
            errors.add(ErrorCode.INVALID, "Indiquez le montant minimum en euros.", f"tiers.{i}.minAmountCents")
        stock = None
        if row["stock"]:
            if not row["stock"].isdigit() or len(row["stock"]) > 6:
                errors.add(ErrorCode.INVALID, "Le stock est un nombre entier (vide : illimité).", f"tiers.{i}.stock")
            else:
                stock = int(row["stock"])
        drafts.append(
            TierDraft(title=row["title"], min_amount_cents=minimum or 0, description=row["description"], stock=stock)
        )
    errors.raise_if_any()
    return drafts


def _drafts(values: dict[str, Any]) -> tuple[CampaignDraft, list[TierDraft]]:
    """The terms and the tiers as typed, with every unreadable field reported at once."""
    problems: list[ColabError] = []
    draft, tiers = None, []
    try:
        draft = _draft(values)
    except ColabError as error:
        problems += error.errors
    try:
        tiers = _tier_drafts(values)
    except ColabError as error:
        problems += error.errors
    if problems or draft is None:
        raise ColabErrors(problems)
    return draft, tiers


async def _editor(
    request: Request, project: Project, campaign: Campaign | None, values: dict[str, Any], errors: dict[str, str],
    status: int = 200,
) -> Response:  # fmt: skip
    rows = values["tiers"] + [{"title": "", "description": "", "min": "", "stock": ""}] * BLANK_TIERS
    context = {
        "project": project,
        "campaign": campaign,
        "values": values,
        "tier_rows": rows[: max(MAX_TIERS, len(values["tiers"]))],
        "errors": errors,
        "labels": LABELS,
        "modes": list(CampaignMode),
        "max_days": MAX_DAYS,
        "editable": campaign is None or campaign.status in EDITABLE_CAMPAIGN,
        # the leads cancel until a pledge is paid (colab.funding refuses after: TOO_LATE_TO_CANCEL)
        "cancellable": campaign is not None and campaign.status in CANCELLABLE and campaign.paid_cents == 0,
        "tiers": (await tiers_by_campaign([campaign.id]))[campaign.id] if campaign else [],
        **(await campaign_figures(campaign, utcnow()) if campaign else {}),
    }
    return await render(request, "funding/editor.html", context, status)


async def _current(project: Project) -> Campaign | None:
    """The campaign the editor works on: the one under way, not a cancelled or failed one."""
    campaign = await campaign_of_project(project.id)
    return campaign if campaign is not None and campaign.active_project_id is not None else None


async def campaign_editor(request: Request) -> Response:
    actor = await current_actor(request)
    project = await team_project(request, actor, ProjectAction.MANAGE_CAMPAIGN)
    if isinstance(project, Response):
        return project
    campaign = await _current(project)
    if request.method == "GET":
        saved = (await tiers_by_campaign([campaign.id]))[campaign.id] if campaign else []
        return await _editor(request, project, campaign, _values(campaign, saved), {})
    form = await checked_form(request)
    values = _typed(form)
    try:
        draft, tiers = _drafts(values)
        if campaign is None:
            campaign = await open_campaign(actor, project.id, draft)
        else:
            campaign = await edit_campaign(actor, campaign.id, draft)
        await set_tiers(actor, campaign.id, tiers)
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _editor(request, project, campaign, values, _editor_errors(error), 422)
    if form.get("action") == "submit":
        return await _submitted(request, actor, project, campaign)
    flash(request, "Le brouillon de la campagne est enregistré.")
    return RedirectResponse(f"/projets/{project.id}/financement/campagne", status_code=303)


def _editor_errors(error: ColabError) -> dict[str, str]:
    """The service's fields where the editor shows them: the period on the number of days."""
    found = field_errors(error)
    if "closesAt" in found:
        found.setdefault("days", found.pop("closesAt"))
    if "opensAt" in found:
        found.setdefault("start", found.pop("opensAt"))
    return found


async def _submitted(request: Request, actor: Actor, project: Project, campaign: Campaign) -> Response:
    try:
        await submit_campaign(actor, campaign.id)
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        flash(request, error.message)
    else:
        flash(request, "La campagne est envoyée aux modérateurs : ses conditions ne changent plus.")
    return RedirectResponse(f"/projets/{project.id}/financement/campagne", status_code=303)


async def submit(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    project = await team_project(request, actor, ProjectAction.MANAGE_CAMPAIGN)
    if isinstance(project, Response):
        return project
    campaign = await _current(project)
    if campaign is None:
        flash(request, "Ce projet n'a pas de campagne à soumettre.")
        return RedirectResponse(f"/projets/{project.id}/financement/campagne", status_code=303)
    return await _submitted(request, actor, project, campaign)


async def cancel(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    project = await team_project(request, actor, ProjectAction.MANAGE_CAMPAIGN)
    if isinstance(project, Response):
        return project
    campaign = await _current(project)
    if campaign is None:
        flash(request, "Ce projet n'a pas de campagne à annuler.")
        return RedirectResponse(f"/projets/{project.id}/financement/campagne", status_code=303)
    try:
        await cancel_campaign(actor, campaign.id, str(form.get("reason", "")))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse(f"/projets/{project.id}/financement/campagne", status_code=303)
    flash(request, "La campagne est annulée.")
    return RedirectResponse(f"/projets/{project.id}/financement", status_code=303)


ROUTES: list[BaseRoute] = [
    Route(
        "/projets/{project_id:int}/financement/campagne",
        campaign_editor,
        methods=["GET", "POST"],
        name="campaign_editor",
    ),
    Route("/projets/{project_id:int}/financement/campagne/soumettre", submit, methods=["POST"], name="submit_campaign"),
    Route("/projets/{project_id:int}/financement/campagne/annuler", cancel, methods=["POST"], name="cancel_campaign"),
]
