"""Moderators' pages: the review queue, one item with its decision form, the log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import Actor, require_moderator
from colab.errors import ColabError, ErrorCode
from colab.validation import utcnow
from moderation import registry
from moderation.checks import FLAG_LABELS
from moderation.decisions import decide_review, similar_subjects
from moderation.models import (
    DECISION_LABELS,
    REASON_LABELS,
    Decision,
    FlagCode,
    LogAction,
    ReasonCode,
    ReviewItem,
    ReviewStatus,
)
from moderation.queue import QueueFilter, claim, claim_next, held_by, may_review, release, renew
from moderation.records import (
    LogFilter,
    flags_by_item,
    get_item,
    history_by_author,
    list_log,
    list_queue,
    recused_items,
)
from web.csrf import checked_form
from web.pages.paging import page_number, pager
from web.pages.rendering import MAX_ID, field_errors, path_id, refuse, render
from web.session import current_actor, flash
from web.templating import BRUSSELS

QUEUE_PAGE = 20
LOG_PAGE = 50

E = TypeVar("E", bound=Enum)

LOG_LABELS = {
    LogAction.SUBMITTED.value: "Soumission",
    LogAction.CLAIMED.value: "Prise en charge",
    LogAction.RENEWED.value: "Réservation prolongée",
    LogAction.RELEASED.value: "Rendu à la file",
    LogAction.EXPIRED.value: "Réservation expirée",
    LogAction.DECIDED.value: "Décision",
    LogAction.WITHDRAWN.value: "Retrait par l'auteur",
}


def _choice(kind: type[E], raw: str | None) -> E | None:
    return kind[raw] if raw and raw in kind.__members__ else None


def _kind(raw: str | None) -> str | None:
    return raw if raw and registry.known(raw) else None


def _clock(at: datetime) -> str:
    """An hour of the day in Brussels, for lease ends."""
    return at.astimezone(BRUSSELS).strftime("%H:%M")


SHARED: dict[str, Any] = {
    "clock": _clock,
    "kinds": registry.label,
    "kind_plurals": registry.plural,
    "flag_labels": {code.value: label for code, label in FLAG_LABELS.items()},
    "decision_labels": {d.value: label for d, label in DECISION_LABELS.items()},
    "reason_labels": {r.value: label for r, label in REASON_LABELS.items()},
    "log_labels": LOG_LABELS,
}


def _holder(item: ReviewItem, now: datetime) -> int | None:
    """Who holds a live lease on the item, if anyone."""
    live = item.status is ReviewStatus.PENDING and item.lease_expires_at is not None and item.lease_expires_at >= now
    return item.claimed_by_id if live else None


async def _users(ids: set[int | None]) -> dict[int, User]:
    wanted = {i for i in ids if i is not None}
    return {u.id: u for u in await User.filter(id__in=wanted)} if wanted else {}


async def _queue_rows(items: Sequence[ReviewItem], now: datetime) -> list[dict[str, Any]]:
    """What a queue row shows, in a fixed number of queries whatever the page holds."""
    if not items:
        return []
    subjects = await registry.views([(i.kind, i.subject_id) for i in items])
    people = await _users({*(i.author_id for i in items), *(_holder(i, now) for i in items)})
    flags = await flags_by_item([i.id for i in items])
    rows = []
    for item in items:
        subject = subjects.get((item.kind, item.subject_id))
        holder = _holder(item, now)
        rows.append(
            {
                "item": item,
                "title": subject.title if subject else item.title,
                "author": people[item.author_id],
                "flags": flags[item.id],
                "holder": people[holder] if holder else None,
                "until": _clock(item.lease_expires_at) if holder and item.lease_expires_at else "",
            }
        )
    return rows


async def queue_page(request: Request) -> Response:
    actor = await current_actor(request)
    params = request.query_params
    kind, flag = _kind(params.get("type")), _choice(FlagCode, params.get("signal"))
    page = page_number(params.get("page"))
    try:
        items, total = await list_queue(
            actor, QueueFilter(kind=kind, flag=flag), offset=(page - 1) * QUEUE_PAGE, limit=QUEUE_PAGE
        )
    except ColabError as error:
        return refuse(request, error)
    now = utcnow()
    kept = {k: v for k, v in (("type", kind), ("signal", flag.value if flag else None)) if v is not None}
    context = {
        **SHARED,
        "rows": await _queue_rows(items, now),
        "total": total,
        "chosen": kept,
        "held": await held_by(require_moderator(actor), now),
        "me": actor.user_id,
        "recused": await recused_items(require_moderator(actor), [i.id for i in items]),
        "kinds_list": registry.kinds(),
        "flags_list": list(FlagCode),
        **pager(page, total, kept, QUEUE_PAGE),
    }
    return await render(request, "moderation/queue.html", context)


async def take_next(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    kind, flag = _kind(str(form.get("type", ""))), _choice(FlagCode, str(form.get("signal", "")))
    try:
        held = await held_by(require_moderator(actor))
        item = await claim_next(actor, QueueFilter(kind=kind, flag=flag))
    except ColabError as error:
        return refuse(request, error)
    if item is None:
        flash(request, "La file est vide.")
        return RedirectResponse("/moderation", status_code=303)
    if held is not None:
        flash(
            request, "Vous examinez déjà cet élément : tranchez-le ou rendez-le à la file avant d'en prendre un autre."
        )
    return RedirectResponse(f"/moderation/elements/{item.id}", status_code=303)


async def _item_context(actor: Actor, item: ReviewItem) -> dict[str, Any]:
    """The subject as its domain shows it, its flags, the author's track record, similar subjects, the lease."""
    subject = (await registry.views([(item.kind, item.subject_id)])).get((item.kind, item.subject_id))
    now = utcnow()
    holder = _holder(item, now)
    people = await _users({item.author_id, holder, item.decided_by_id})
    author = people[item.author_id]
    labels = registry.subject(item.kind).decision_labels or DECISION_LABELS
    return {
        **SHARED,
        "item": item,
        "subject": subject,
        "flags": (await flags_by_item([item.id]))[item.id],
        "author": author,
        "account_days": (now - author.created_at).days,
        "history": (await history_by_author([author.id]))[author.id],
        "similar": await similar_subjects(actor, item),
        "holder": people[holder] if holder else None,
        "until": _clock(item.lease_expires_at) if holder and item.lease_expires_at else "",
        "mine": holder is not None and holder == actor.user_id,
        "own": item.status is ReviewStatus.PENDING and not await may_review(item, require_moderator(actor)),
        "decider": people.get(item.decided_by_id) if item.decided_by_id else None,
        "decisions": list(Decision),
        "decision_labels": {d.value: label for d, label in labels.items()},
        "reasons": list(ReasonCode),
    }


async def _item_page(
    request: Request, actor: Actor, item: ReviewItem, values: dict[str, str], errors: dict[str, str], status: int
) -> Response:
    context = {**await _item_context(actor, item), "values": values, "errors": errors}
    return await render(request, "moderation/item.html", context, status)


async def item_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        item = await get_item(actor, path_id(request, "item_id"))
    except ColabError as error:
        return refuse(request, error)
    return await _item_page(request, actor, item, {"decision": "", "reason": "", "message": ""}, {}, 200)


async def decide(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    values = {k: str(form.get(k, "")) for k in ("decision", "reason", "message")}
    try:
        item = await get_item(actor, path_id(request, "item_id"))
    except ColabError as error:
        return refuse(request, error)
    decision = _choice(Decision, values["decision"])
    if decision is None:
        return await _item_page(request, actor, item, values, {"decision": "Choisissez une décision."}, 422)
    # an admission carries no reason, even one left selected before switching to "Admettre"
    reason = None if decision is Decision.ADMIT else _choice(ReasonCode, values["reason"])
    try:
        await decide_review(actor, item.id, decision, reason, values["message"])
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await _item_page(request, actor, await ReviewItem.get(id=item.id), values, field_errors(error), 422)
    flash(request, f"Décision enregistrée pour « {item.title} » : {DECISION_LABELS[decision].lower()}.")
    return RedirectResponse("/moderation", status_code=303)


async def _lease_act(request: Request) -> tuple[Actor, int]:
    """A lease button's POST: the CSRF check, then who acts on which item."""
    await checked_form(request)
    return await current_actor(request), path_id(request, "item_id")


async def take(request: Request) -> Response:
    actor, item_id = await _lease_act(request)
    try:
        await claim(actor, item_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
    return RedirectResponse(f"/moderation/elements/{item_id}", status_code=303)


async def extend(request: Request) -> Response:
    actor, item_id = await _lease_act(request)
    try:
        item = await renew(actor, item_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
    else:
        if item.lease_expires_at is not None:
            flash(request, f"Réservation prolongée jusqu'à {_clock(item.lease_expires_at)}.")
    return RedirectResponse(f"/moderation/elements/{item_id}", status_code=303)


async def give_back(request: Request) -> Response:
    actor, item_id = await _lease_act(request)
    try:
        await release(actor, item_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse(f"/moderation/elements/{item_id}", status_code=303)
    flash(request, "L'élément est rendu à la file.")
    return RedirectResponse("/moderation", status_code=303)


async def journal(request: Request) -> Response:
    actor = await current_actor(request)
    params = request.query_params
    action = _choice(LogAction, params.get("action"))
    raw_item = params.get("element", "")
    item_id = int(raw_item) if raw_item.isascii() and raw_item.isdigit() and int(raw_item) <= MAX_ID else None
    page = page_number(params.get("page"))
    try:
        entries, total = await list_log(
            actor, LogFilter(item_id=item_id, action=action), offset=(page - 1) * LOG_PAGE, limit=LOG_PAGE
        )
    except ColabError as error:
        return refuse(request, error)
    people = await _users({e.actor_id for e in entries})
    item_ids = {e.item_id for e in entries}
    items = {i.id: i for i in await ReviewItem.filter(id__in=item_ids)} if item_ids else {}
    kept = {k: v for k, v in (("action", action.value if action else ""), ("element", str(item_id or ""))) if v}
    context = {
        **SHARED,
        "rows": [{"entry": e, "actor": people[e.actor_id], "item": items[e.item_id]} for e in entries],
        "total": total,
        "chosen": kept,
        "actions": list(LogAction),
        **pager(page, total, kept, LOG_PAGE),
    }
    return await render(request, "moderation/journal.html", context)


ROUTES: list[BaseRoute] = [
    Route("/moderation", queue_page, name="moderation_queue"),
    Route("/moderation/suivant", take_next, methods=["POST"], name="moderation_next"),
    Route("/moderation/journal", journal, name="moderation_log"),
    Route("/moderation/elements/{item_id:int}", item_page, name="moderation_item"),
    Route("/moderation/elements/{item_id:int}/decision", decide, methods=["POST"], name="moderation_decide"),
    Route("/moderation/elements/{item_id:int}/prendre", take, methods=["POST"], name="moderation_claim"),
    Route("/moderation/elements/{item_id:int}/prolonger", extend, methods=["POST"], name="moderation_renew"),
    Route("/moderation/elements/{item_id:int}/rendre", give_back, methods=["POST"], name="moderation_release"),
]
