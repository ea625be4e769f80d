"""A project's advice page (/projets/{id}/conseils): open questions first, then helpful, then newest; giving
advice, replying, "utile" votes, reports, and the team's answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.accounts.models import User
from colab.actors import Actor, ProjectAction
from colab.advice import service
from colab.advice.answers import STATUS_LABELS, AdviceAnswer, answer_advice
from colab.advice.credentials import expertise_on_projects
from colab.advice.models import REVIEW_KIND, Advice, AdviceKind, AdviceStatus
from colab.errors import ColabError, ErrorCode
from colab.projects.models import Project, ProjectUpdate
from colab.projects.roles import may_on_project
from colab.projects.service import get_project
from colab.projects.updates import UpdateDraft, updates_of
from moderation.models import REPORT_REASON_LABELS, ReportReason
from moderation.reports import TEXT_MAX
from web.csrf import checked_form
from web.pages.forms import form_int
from web.pages.paging import PAGE_SIZE, page_number, pager
from web.pages.rendering import field_errors, path_id, refuse, render
from web.pages.reports import hidden_page
from web.session import current_actor, flash

#: the team's choices, in the order the form offers them
ANSWERS = (AdviceStatus.ACKNOWLEDGED, AdviceStatus.ADOPTED, AdviceStatus.PARTLY_ADOPTED, AdviceStatus.DECLINED)


def helpful_sentence(count: int) -> str:
    """What a vote count says: about the advice, never a score of its author."""
    if count == 0:
        return ""
    return "1 personne a trouvé cela utile" if count == 1 else f"{count} personnes ont trouvé cela utile"


def _log_in_then(page: str) -> Response:
    """An anonymous form post: log in, then back to the page that showed the form (the form posts to elsewhere)."""
    return RedirectResponse(f"/connexion?suivant={quote(page)}", status_code=303)


async def _entries(actor: Actor, project: Project, items: list[Advice]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Each piece of advice with its author, replies, labels and the viewer's vote, in a fixed number of queries."""
    replies = await service.replies_of([a.id for a in items])
    everyone = [*items, *(r for rs in replies.values() for r in rs)]
    names = dict(await User.filter(id__in={a.author_id for a in everyone}).values_list("id", "display_name"))
    voted = await service.voted_among(actor.user_id, [a.id for a in everyone])
    labels = await expertise_on_projects([(a.author_id, project.id) for a in everyone])
    update_ids = {a.update_id for a in items if a.update_id is not None}
    updates = {u.id: u for u in await ProjectUpdate.filter(id__in=update_ids)} if update_ids else {}

    def shown(a: Advice) -> dict[str, Any]:
        return {
            "advice": a,
            "author": names.get(a.author_id, ""),
            "expertise": labels[(a.author_id, project.id)],
            "voted": a.id in voted,
            "helpful": helpful_sentence(a.helpful_count),
            "mine": actor.user_id == a.author_id,
        }

    entries = [
        {
            **shown(a),
            "status": STATUS_LABELS[a.status],
            "news": updates.get(a.update_id) if a.update_id else None,
            "replies": [shown(r) for r in replies[a.id]],
        }
        for a in items
    ]
    return entries, sorted(updates.values(), key=lambda u: u.id)


async def _context(request: Request, actor: Actor, project: Project) -> dict[str, Any]:
    params = request.query_params
    kind = AdviceKind(params["type"]) if params.get("type", "") in AdviceKind.__members__ else None
    page = page_number(params.get("page"))
    items, total = await service.advice_of(project.id, kind, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    entries, linked_updates = await _entries(actor, project, items)
    answers = await may_on_project(actor, project.id, ProjectAction.ANSWER_ADVICE)
    posts = answers and await may_on_project(actor, project.id, ProjectAction.POST_UPDATE)
    return {
        "project": project,
        "entries": entries,
        "linked_updates": linked_updates,
        "total": total,
        "kind": kind,
        "kinds": [(k.value, service.KIND_LABELS[k]) for k in AdviceKind],
        "kind_labels": {k.value: label for k, label in service.KIND_LABELS.items()},
        "answers": [(s.value, STATUS_LABELS[s]) for s in ANSWERS],
        "team": answers,
        "posts_updates": posts,
        "project_updates": (await updates_of(project.id, limit=20))[0] if answers else [],
        "report_reasons": [(r.value, REPORT_REASON_LABELS[r]) for r in ReportReason],
        "report_text_max": TEXT_MAX,
        "values": {"kind": "ADVICE", "body": "", "url": ""},
        "errors": {},
        **pager(page, total, {"type": kind.value} if kind else {}),
    }


async def advice_page(request: Request) -> Response:
    actor = await current_actor(request)
    try:
        project = await get_project(path_id(request, "project_id"))
    except ColabError as error:
        return refuse(request, error)
    return await render(request, "advice/page.html", await _context(request, actor, project))


async def give(request: Request) -> Response:
    form = await checked_form(request)
    actor = await current_actor(request)
    project_id = path_id(request, "project_id")
    if actor.user_id is None:
        return _log_in_then(f"/projets/{project_id}/conseils")
    raw_kind = str(form.get("kind", ""))
    values = {"kind": raw_kind, "body": str(form.get("body", "")), "url": str(form.get("url", ""))}
    kind = AdviceKind(raw_kind) if raw_kind in AdviceKind.__members__ else AdviceKind.ADVICE
    try:
        advice = await service.give_advice(actor, project_id, service.AdviceDraft(kind, values["body"], values["url"]))
    except ColabError as error:
        if error.is_access_error or error.field == "projectId":
            return refuse(request, error)
        project = await get_project(project_id)
        context = {**await _context(request, actor, project), "values": values, "errors": field_errors(error)}
        return await render(request, "advice/page.html", context, status=400)
    flash(request, "Merci : votre contribution est publiée. L'équipe du projet en est avertie.")
    return RedirectResponse(f"/projets/{project_id}/conseils#conseil-{advice.id}", status_code=303)


async def _act(request: Request, actor: Actor, done: str, run: Callable[[Advice], Awaitable[object]]) -> Response:
    """Run one action on a piece of advice; typed errors come back as a message on the advice page."""
    if actor.user_id is None:
        return _log_in_then(f"/conseils/{path_id(request, 'advice_id')}")
    try:
        advice = await service.get_advice(path_id(request, "advice_id"))
    except ColabError as error:
        return refuse(request, error)
    back = RedirectResponse(f"/projets/{advice.project_id}/conseils#conseil-{advice.id}", status_code=303)
    try:
        await run(advice)
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        flash(request, error.message)
        return back
    flash(request, done)
    return back


async def reply(request: Request) -> Response:
    form = await checked_form(request)
    actor = await current_actor(request)
    body = str(form.get("body", ""))
    return await _act(
        request, actor, "Votre réponse est publiée.", lambda a: service.reply_to_advice(actor, a.id, body)
    )


async def helpful(request: Request) -> Response:
    form = await checked_form(request)
    actor = await current_actor(request)
    if form.get("action") == "retirer":
        return await _act(request, actor, "Votre « utile » est retiré.", lambda a: service.unvote_helpful(actor, a.id))
    return await _act(request, actor, "Merci pour votre « utile ».", lambda a: service.vote_helpful(actor, a.id))


async def answer(request: Request) -> Response:
    form = await checked_form(request)
    actor = await current_actor(request)
    raw = str(form.get("status", ""))
    status = AdviceStatus(raw) if raw in AdviceStatus.__members__ else AdviceStatus.OPEN
    title, body = str(form.get("update_title", "")).strip(), str(form.get("update_body", ""))
    given = AdviceAnswer(
        status=status,
        reason=str(form.get("reason", "")),
        update_id=form_int(form.get("update_id")) if form.get("update_id") else None,
        new_update=UpdateDraft(title, body) if title or body.strip() else None,
    )
    return await _act(
        request, actor, "La réponse de l'équipe est enregistrée.", lambda a: answer_advice(actor, a.id, given)
    )


async def advice_link(request: Request) -> Response:
    """Where a notification or the activity about a piece of advice leads: its place on the advice page."""
    actor = await current_actor(request)
    advice_id = path_id(request, "advice_id")
    found = await service.find_advice(advice_id)
    if found is None:
        hidden = await hidden_page(request, actor, REVIEW_KIND, advice_id)
        if hidden is not None:
            return hidden
        return refuse(request, ColabError(ErrorCode.NOT_FOUND, "Ce conseil n'existe pas."))
    return RedirectResponse(f"/projets/{found.project_id}/conseils#conseil-{found.id}", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/projets/{project_id:int}/conseils", advice_page, name="advice"),
    Route("/projets/{project_id:int}/conseils/donner", give, methods=["POST"], name="give_advice"),
    Route("/conseils/{advice_id:int}", advice_link, name="advice_link"),
    Route("/conseils/{advice_id:int}/repondre", reply, methods=["POST"], name="reply_to_advice"),
    Route("/conseils/{advice_id:int}/utile", helpful, methods=["POST"], name="helpful"),
    Route("/conseils/{advice_id:int}/reponse-equipe", answer, methods=["POST"], name="answer_advice"),
]
