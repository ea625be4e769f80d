"""Citizens' ideas: proposing and revising them from forms, an idea's page, my ideas, an organization's ideas."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import Actor, may_read_review_rounds
from colab.challenges.models import Challenge
from colab.challenges.service import ChallengeFilter, ChallengeOrder, find_challenge, list_challenges
from colab.errors import ColabError, ErrorCode
from colab.ideas.models import EDITABLE, IDEA_STATUS_LABELS, REVIEW_KIND, WITHDRAWABLE, Idea, IdeaStatus
from colab.ideas.service import (
    IdeaDraft,
    IdeaFilter,
    get_idea,
    illegal_transition,
    list_ideas,
    own_idea,
    propose_idea,
    submit_idea,
    themes_by_idea,
    update_idea,
    withdraw_idea,
)
from colab.organizations.service import get_by_slug
from colab.projects.service import projects_by_idea
from colab.territories.models import Territory
from moderation.models import DECISION_LABELS, REASON_LABELS, ReviewItem, ReviewStatus
from moderation.records import items_of_subjects
from moderation.visibility import hidden_state
from web.csrf import checked_form
from web.pages.forms import draft_of, form_int, render_form, stored, typed
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.pages.reports import appeal_offer, hidden_page, report_form
from web.session import current_actor, flash

_SUBMITTABLE = (IdeaStatus.DRAFT, IdeaStatus.CHANGES_REQUESTED)
_BADGES = {
    IdeaStatus.DRAFT: "closed",
    IdeaStatus.SUBMITTED: "pending",
    IdeaStatus.CHANGES_REQUESTED: "pending",
    IdeaStatus.ADMITTED: "verified",
    IdeaStatus.REJECTED: "closed",
    IdeaStatus.WITHDRAWN: "closed",
}
#: what every idea template may show, by enum value
LABELS = {
    "status": {s.value: label for s, label in IDEA_STATUS_LABELS.items()},
    "badge": {s.value: badge for s, badge in _BADGES.items()},
    "decision": {d.value: label for d, label in DECISION_LABELS.items()},
    "reason": {r.value: label for r, label in REASON_LABELS.items()},
}


def _decided(rounds: Sequence[ReviewItem]) -> list[ReviewItem]:
    return [r for r in rounds if r.status is ReviewStatus.DECIDED]


async def idea_cards(ideas: Sequence[Idea], *, reviews: bool = False) -> list[dict[str, Any]]:
    """What an idea in a list shows: author, challenge, project and (for its author) the latest decision."""
    if not ideas:
        return []
    authors = {u.id: u for u in await User.filter(id__in={i.author_id for i in ideas})}
    challenge_ids = {i.challenge_id for i in ideas if i.challenge_id is not None}
    challenges = {c.id: c for c in await Challenge.filter(id__in=challenge_ids)} if challenge_ids else {}
    projects = await projects_by_idea([i.id for i in ideas])
    rounds = await items_of_subjects(REVIEW_KIND, [i.id for i in ideas]) if reviews else {}
    return [
        {
            "idea": i,
            "author": authors[i.author_id],
            "challenge": challenges.get(i.challenge_id) if i.challenge_id is not None else None,
            "project": projects.get(i.id),
            "decision": next(iter(_decided(rounds.get(i.id, []))), None),
        }
        for i in ideas
    ]


async def answers(actor: Actor, challenge_id: int, page: int) -> dict[str, Any]:
    """The admitted ideas answering a challenge, a page of them, for the challenge's page."""
    items, total = await list_ideas(
        actor, IdeaFilter(challenge_id=challenge_id), offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return {"idea_cards": await idea_cards(items), "ideas_total": total, **pager(page, total)}


async def _form(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int, **extra: Any
) -> Response:
    options = {"challenge": None, "open_challenges": [], "editing": None, **extra}
    return await render_form(request, "ideas/form.html", values, errors, status, **options)


async def _answered(request: Request, actor: Actor) -> Challenge | None:
    """The challenge of ?defi=, which must still take ideas; None for a free-standing idea."""
    raw = request.query_params.get("defi")
    if raw is None:
        return None
    challenge_id = form_int(raw)
    challenge = await find_challenge(actor, challenge_id) if challenge_id is not None else None
    if challenge is None:
        raise HTTPException(404, "Ce défi n'existe pas.")
    return challenge


async def new_idea(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    challenge = await _answered(request, actor)
    if challenge is not None and not challenge.accepting_ideas and request.method == "GET":
        flash(request, "Ce défi n'accepte plus d'idées.")
        return RedirectResponse(f"/defis/{challenge.id}", status_code=303)
    options: dict[str, Any] = {"challenge": challenge}
    if challenge is None:
        found, _ = await list_challenges(
            actor, ChallengeFilter(accepting_ideas=True, order=ChallengeOrder.CLOSING_SOON), limit=200
        )
        options["open_challenges"] = found
    if request.method == "GET":
        territory = str(challenge.territory_id) if challenge else ""
        values = {
            "challenge": str(challenge.id) if challenge else "",
            "territory": territory,
            "themes": [],
            "needs": [],
        }
        return await _form(request, values, {}, 200, **options)
    form = await checked_form(request)
    values = typed(form, "challenge")
    draft = draft_of(IdeaDraft, values, challenge_id=challenge.id if challenge else form_int(values["challenge"]))
    try:
        idea = await propose_idea(actor, draft)
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _form(request, values, field_errors(error), 422, **options)
    if form.get("action") == "submit":
        return await _submitted(request, actor, idea.id)
    flash(request, "Votre brouillon est enregistré : soumettez-le aux modérateurs quand il est prêt.")
    return RedirectResponse(f"/idees/{idea.id}", status_code=303)


async def idea_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        idea = await get_idea(actor, path_id(request, "idea_id"))
    except ColabError as error:
        hidden = await hidden_page(request, actor, REVIEW_KIND, path_id(request, "idea_id"))
        return hidden or refuse(request, error)
    is_author = idea.author_id == actor.user_id
    shown = may_read_review_rounds(actor, idea.author_id)
    rounds = (await items_of_subjects(REVIEW_KIND, [idea.id]))[idea.id] if shown else []
    context = {
        "idea": idea,
        "author": await User.get(id=idea.author_id),
        "challenge": await Challenge.get_or_none(id=idea.challenge_id) if idea.challenge_id else None,
        "territory": await Territory.get(id=idea.territory_id).prefetch_related("parent"),
        "themes": (await themes_by_idea([idea.id]))[idea.id],
        "project": (await projects_by_idea([idea.id])).get(idea.id),
        "is_author": is_author,
        "rounds": _decided(rounds),
        "can_edit": is_author and idea.status in EDITABLE,
        "can_submit": is_author and idea.status in _SUBMITTABLE,
        "can_withdraw": is_author and idea.status in WITHDRAWABLE,
        "labels": LABELS,
        "case": await hidden_state(REVIEW_KIND, idea.id) if is_author else None,
        **report_form(actor, REVIEW_KIND, idea.id, idea.author_id),
        **(await appeal_offer(actor, REVIEW_KIND, idea.id) if is_author else {"appeal": None}),
    }
    return await render(request, "ideas/detail.html", context)


async def edit_idea(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    try:
        idea = await own_idea(actor, path_id(request, "idea_id"))
    except ColabError as error:
        return refuse(request, error)
    if idea.status not in EDITABLE:
        flash(request, illegal_transition(idea, "modifier").message)
        return RedirectResponse(f"/idees/{idea.id}", status_code=303)
    challenge = await Challenge.get_or_none(id=idea.challenge_id) if idea.challenge_id else None
    # sent back for changes: the moderators' latest message stays in sight while revising
    changes = idea.status is IdeaStatus.CHANGES_REQUESTED
    rounds = (await items_of_subjects(REVIEW_KIND, [idea.id]))[idea.id] if changes else []
    extra = {"editing": idea, "challenge": challenge, "note": next(iter(_decided(rounds)), None), "labels": LABELS}
    if request.method == "GET":
        themes = (await themes_by_idea([idea.id]))[idea.id]
        values = {**stored(idea, [t.id for t in themes]), "challenge": str(idea.challenge_id or "")}
        return await _form(request, values, {}, 200, **extra)
    form = await checked_form(request)
    values = typed(form, "challenge")
    try:
        await update_idea(actor, idea.id, draft_of(IdeaDraft, values))
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        if error.code is ErrorCode.ILLEGAL_TRANSITION:
            flash(request, error.message)
            return RedirectResponse(f"/idees/{idea.id}", status_code=303)
        return await _form(request, values, field_errors(error), 422, **extra)
    if form.get("action") == "submit":
        return await _submitted(request, actor, idea.id)
    flash(request, "Votre idée est mise à jour.")
    return RedirectResponse(f"/idees/{idea.id}", status_code=303)


async def _submitted(request: Request, actor: Actor, idea_id: int) -> Response:
    try:
        await submit_idea(actor, idea_id)
    except ColabError as error:
        if error.is_access_error or error.field == "ideaId":
            return refuse(request, error)
        flash(request, error.message)
    else:
        flash(request, "Votre idée est envoyée aux modérateurs.")
    return RedirectResponse(f"/idees/{idea_id}", status_code=303)


async def submit(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    return await _submitted(request, actor, path_id(request, "idea_id"))


async def withdraw(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    idea_id = path_id(request, "idea_id")
    try:
        await withdraw_idea(actor, idea_id)
    except ColabError as error:
        if error.is_access_error or error.field == "ideaId":
            return refuse(request, error)
        flash(request, error.message)
    else:
        flash(request, "Votre idée est retirée : les modérateurs ne l'examineront pas.")
    return RedirectResponse(f"/idees/{idea_id}", status_code=303)


async def my_ideas(request: Request) -> Response:
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    page = page_number(request.query_params.get("page"))
    items, total = await list_ideas(actor, IdeaFilter(mine=True), offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    context = {
        "cards": await idea_cards(items, reviews=True),
        "total": total,
        "labels": LABELS,
        "editable": {s.value for s in EDITABLE},
        "submittable": {s.value for s in _SUBMITTABLE},
        **pager(page, total),
    }
    return await render(request, "ideas/mine.html", context)


async def organization_ideas(request: Request) -> Response:
    organization = await get_by_slug(request.path_params["slug"])
    if organization is None:
        raise HTTPException(404, "Cette organisation n'existe pas.")
    actor = await current_actor(request)
    page = page_number(request.query_params.get("page"))
    items, total = await list_ideas(
        actor, IdeaFilter(organization_id=organization.id), offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    context = {"organization": organization, "cards": await idea_cards(items), "total": total, **pager(page, total)}
    return await render(request, "ideas/organization.html", context)


ROUTES: list[BaseRoute] = [
    Route("/idees/nouvelle", new_idea, methods=["GET", "POST"], name="new_idea"),
    Route("/idees/{idea_id:int}", idea_page, name="idea"),
    Route("/idees/{idea_id:int}/modifier", edit_idea, methods=["GET", "POST"], name="edit_idea"),
    Route("/idees/{idea_id:int}/soumettre", submit, methods=["POST"], name="submit_idea"),
    Route("/idees/{idea_id:int}/retirer", withdraw, methods=["POST"], name="withdraw_idea"),
    Route("/mes-idees", my_ideas, name="my_ideas"),
    Route("/organisations/{slug}/idees", organization_ideas, name="organization_ideas"),
]
