"""Backing a project: the campaign's page with its « Soutenir » form, the pledge's payment instructions and
« Mes soutiens ». Thin handlers over colab.funding (the holder's pages are in web/pages/funding_team.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import Actor
from colab.errors import ColabError, ErrorCode
from colab.funding import listing, visibility
from colab.funding.campaigns import campaign_of_project
from colab.funding.fund_notes import fund_notes
from colab.funding.models import (
    CAMPAIGN_MODE_LABELS,
    CAMPAIGN_STATUS_LABELS,
    LIVE_PLEDGE,
    PAYMENT_METHOD_LABELS,
    PLEDGE_REVIEW_KIND,
    PLEDGE_STATUS_LABELS,
    Campaign,
    CampaignStatus,
    PaymentMethod,
    Pledge,
    PledgeStatus,
    RewardTier,
)
from colab.funding.pledges import MESSAGE_MAX, PledgeDraft, cancel_pledge, pledge_funds
from colab.funding.schedule import days_left, is_open_for_pledges
from colab.funding.tiers import tiers_by_campaign
from colab.funding.transitions import CANCEL_DEADLINE
from colab.payments.gateway import online_payments_enabled
from colab.payments.online import start_online_payment
from colab.payments.transfers import Instructions, instructions_for
from colab.projects.models import Project
from colab.projects.service import get_project
from colab.validation import as_utc, utcnow
from moderation.models import REPORT_REASON_LABELS, ReportReason
from web.charts import progress
from web.csrf import checked_form
from web.money import parse_euros
from web.pages.forms import form_int
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.session import current_actor, flash

#: what every funding template may show, by enum value
LABELS = {
    "campaign": {s.value: label for s, label in CAMPAIGN_STATUS_LABELS.items()},
    "mode": {m.value: label for m, label in CAMPAIGN_MODE_LABELS.items()},
    "pledge": {s.value: label for s, label in PLEDGE_STATUS_LABELS.items()},
    "method": {m.value: label for m, label in PAYMENT_METHOD_LABELS.items()},
}
PUBLIC_PLEDGES_SHOWN = 20
#: a transfer pledge in these states still waits for its money
_AWAITING = frozenset({PledgeStatus.RESERVED, PledgeStatus.PENDING_PAYMENT})


async def _project_and_campaign(request: Request, actor: Actor) -> tuple[Project, Campaign | None]:
    try:
        project = await get_project(path_id(request, "project_id"))
    except ColabError as error:
        refuse(request, error)
        raise
    campaign = await campaign_of_project(project.id)
    if campaign is not None and not await visibility.may_see_campaign(actor, campaign):
        campaign = None
    return project, campaign


async def campaign_figures(campaign: Campaign, now: datetime) -> dict[str, Any]:
    """What the campaign's page and its team's pages show of its progress."""
    return {
        "bar": progress(
            campaign.paid_cents + campaign.matched_cents,
            campaign.committed_cents,
            campaign.goal_cents,
            campaign.ceiling_cents,
        ),
        "days_left": days_left(campaign, now),
        "open": is_open_for_pledges(campaign, now),
        "funded": campaign.funded_at is not None,
        "last_day": as_utc(campaign.closes_at) - timedelta(microseconds=1),  # closes at the end of that day
    }


async def _backers(pledges: list[Pledge]) -> dict[int, User]:
    ids = {p.backer_id for p in pledges}
    return {u.id: u for u in await User.filter(id__in=ids)} if ids else {}


async def _campaign_page(
    request: Request, values: dict[str, str] | None = None, errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    actor = await current_actor(request)
    project, campaign = await _project_and_campaign(request, actor)
    context: dict[str, Any] = {
        "project": project,
        "campaign": campaign,
        "labels": LABELS,
        "may_manage": await visibility.may_manage_campaign(actor, project.id),
        "may_see_money": await visibility.may_see_money(actor, project.id),
    }
    if campaign is not None:
        pledges, total = (
            await listing.public_pledges_by_campaign([campaign.id], offset=0, limit=PUBLIC_PLEDGES_SHOWN)
        )[campaign.id]
        tiers = (await tiers_by_campaign([campaign.id]))[campaign.id]
        context.update(
            await campaign_figures(campaign, utcnow()),
            tiers=tiers,
            tier_titles={t.id: t.title for t in tiers},
            pledges=pledges,
            pledges_total=total,
            backers=await _backers(pledges),
            online=online_payments_enabled(),
            values=values or {"method": PaymentMethod.TRANSFER.value, "tier": ""},
            errors=errors or {},
            message_max=MESSAGE_MAX,
            funds=await fund_notes(campaign.id, utcnow()),
            report_kind=PLEDGE_REVIEW_KIND,
            report_reasons=[(r.value, REPORT_REASON_LABELS[r]) for r in ReportReason],
        )
    return await render(request, "funding/campaign.html", context, status)


async def campaign_page(request: Request) -> Response:
    return await _campaign_page(request)


def _typed(form: Any) -> dict[str, str]:
    values = {name: str(form.get(name, "")) for name in ("amount", "tier", "method", "message")}
    values["anonymous"] = "on" if form.get("anonymous") else ""
    return values


def _pledge_draft(values: dict[str, str]) -> PledgeDraft:
    amount = parse_euros(values["amount"])
    if amount is None:
        raise ColabError(ErrorCode.INVALID, "Indiquez un montant en euros, par exemple 25 ou 12,50.", "amountCents")
    method = PaymentMethod.ONLINE if values["method"] == PaymentMethod.ONLINE.value else PaymentMethod.TRANSFER
    if method is PaymentMethod.ONLINE and not online_payments_enabled():
        raise ColabError(ErrorCode.INVALID, "Le paiement en ligne n'est pas disponible.", "method")
    return PledgeDraft(
        amount_cents=amount,
        tier_id=form_int(values["tier"]) if values["tier"] else None,
        method=method,
        anonymous=values["anonymous"] == "on",
        message=values["message"],
    )


async def support(request: Request) -> Response:
    """« Soutenir »: record the pledge, then show how to pay it (transfer) or go to the payment page (online)."""
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    form = await checked_form(request)
    project, campaign = await _project_and_campaign(request, actor)
    if campaign is None:
        raise HTTPException(404, "Ce projet n'a pas de campagne de financement.")
    values = _typed(form)
    try:
        pledge = await pledge_funds(actor, campaign.id, _pledge_draft(values))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _campaign_page(request, values, field_errors(error), 422)
    if pledge.method is PaymentMethod.ONLINE:
        return await _to_online_payment(request, actor, pledge)
    flash(request, "Merci ! Votre soutien est enregistré : il reste à faire le virement.")
    return RedirectResponse(f"/mes-soutiens/{pledge.id}", status_code=303)


async def _to_online_payment(request: Request, actor: Actor, pledge: Pledge) -> Response:
    """Straight to the provider's checkout; if it cannot start, the pledge's page offers to try again."""
    try:
        checkout = await start_online_payment(actor, pledge.id)
    except ColabError as error:
        flash(request, error.message)
        return RedirectResponse(f"/mes-soutiens/{pledge.id}", status_code=303)
    return RedirectResponse(checkout, status_code=303)


def may_cancel(pledge: Pledge, campaign: Campaign, now: datetime) -> bool:
    """What colab.funding allows the backer: a live pledge, until 24 hours before the campaign's end."""
    return (
        pledge.status in LIVE_PLEDGE
        and campaign.status in (CampaignStatus.SCHEDULED, CampaignStatus.LIVE)
        and now <= as_utc(campaign.closes_at) - CANCEL_DEADLINE
    )


async def _pledge_rows(pledges: list[Pledge]) -> list[dict[str, Any]]:
    """Each pledge with its campaign, project and tier, in three queries whatever the count."""
    campaigns = {c.id: c for c in await Campaign.filter(id__in={p.campaign_id for p in pledges})}
    projects = {p.id: p for p in await Project.filter(id__in={c.project_id for c in campaigns.values()})}
    tier_ids = {p.tier_id for p in pledges if p.tier_id is not None}
    tiers = {t.id: t for t in await RewardTier.filter(id__in=tier_ids)} if tier_ids else {}
    now = utcnow()
    rows = []
    for p in pledges:
        campaign = campaigns[p.campaign_id]
        rows.append(
            {
                "pledge": p,
                "campaign": campaign,
                "project": projects[campaign.project_id],
                "tier": tiers.get(p.tier_id) if p.tier_id is not None else None,
                "may_cancel": may_cancel(p, campaign, now),
                "awaits_transfer": p.method is PaymentMethod.TRANSFER and p.status in _AWAITING,
                "awaits_online": p.method is PaymentMethod.ONLINE and p.status in _AWAITING,
            }
        )
    return rows


async def my_pledges(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    page = page_number(request.query_params.get("page"))
    pledges, total = await listing.backer_pledges(actor.user_id, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    context = {"rows": await _pledge_rows(pledges), "total": total, "labels": LABELS, **pager(page, total)}
    return await render(request, "funding/mine.html", context)


async def pledge_page(request: Request) -> Response:
    """One of my pledges: its state and, while a transfer is awaited, how to pay it."""
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    pledge = await Pledge.get_or_none(id=path_id(request, "pledge_id"))
    if pledge is None or pledge.backer_id != actor.user_id:
        raise HTTPException(404, "Ce soutien n'existe pas.")
    (row,) = await _pledge_rows([pledge])
    context = {**row, "labels": LABELS, "instructions": await _instructions(actor, pledge, row["awaits_transfer"])}
    return await render(request, "funding/pledge.html", context)


async def _instructions(actor: Actor, pledge: Pledge, awaited: bool) -> Instructions | None:
    """The transfer instructions with the EPC QR code (colab.payments), while the transfer is awaited."""
    if not awaited:
        return None
    try:
        return await instructions_for(actor, pledge.id)
    except ColabError as error:
        if error.code is ErrorCode.NOT_FOUND:  # no structured communication (yet)
            return None
        raise


async def cancel(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    pledge_id = path_id(request, "pledge_id")
    try:
        pledge = await cancel_pledge(actor, pledge_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
    else:
        refunded = pledge.status is PledgeStatus.REFUND_PENDING
        flash(request, "Votre soutien est annulé." + (" Il vous sera remboursé." if refunded else ""))
    return RedirectResponse("/mes-soutiens", status_code=303)


async def campaign_link(request: Request) -> Response:
    """A campaign named in the activity feeds: its page is its project's funding page."""
    project_id = await Campaign.filter(id=path_id(request, "campaign_id")).values_list("project_id", flat=True)
    if not project_id:
        raise HTTPException(404)
    return RedirectResponse(f"/projets/{project_id[0]}/financement", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/campagnes/{campaign_id:int}", campaign_link, name="campaign_link"),
    Route("/projets/{project_id:int}/financement", campaign_page, name="campaign"),
    Route("/projets/{project_id:int}/financement/soutenir", support, methods=["POST"], name="support"),
    Route("/mes-soutiens", my_pledges, name="my_pledges"),
    Route("/mes-soutiens/{pledge_id:int}", pledge_page, name="pledge"),
    Route("/mes-soutiens/{pledge_id:int}/annuler", cancel, methods=["POST"], name="cancel_pledge"),
]
