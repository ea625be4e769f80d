"""Reports and appeals on the pages: the "Signaler" form of public content, the page of hidden content,
the author's appeal."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.actors import Actor
from colab.errors import ColabError
from moderation import registry
from moderation.appeals import MESSAGE_MAX, appeal_decision, contested_item
from moderation.models import REPORT_REASON_LABELS, Appeal, HiddenBy, ReportReason, Visibility
from moderation.reports import TEXT_MAX, report_content
from moderation.visibility import hidden_state
from web.csrf import checked_form
from web.pages.rendering import MAX_ID, refuse, render, to_login
from web.session import current_actor, flash

HIDDEN_NOTICES = {
    (Visibility.HIDDEN, HiddenBy.RULE): "Ce contenu est en cours d'examen : plusieurs personnes l'ont signalé, "
    "la règle automatique l'a masqué en attendant la décision d'un modérateur.",
    (Visibility.HIDDEN, HiddenBy.MODERATOR): "Ce contenu est masqué : un modérateur l'a retiré de la vue du public "
    "après un signalement.",
    (Visibility.REMOVED, HiddenBy.MODERATOR): "Ce contenu a été retiré par la modération après un signalement.",
}
_REMOVED = (Visibility.REMOVED, HiddenBy.MODERATOR)


def report_form(actor: Actor, kind: str, subject_id: int, author_id: int) -> dict[str, Any]:
    """What a content page needs for its "Signaler" form (signed-in people other than the author)."""
    return {
        "report": {
            "kind": kind,
            "subject_id": subject_id,
            "allowed": actor.user_id is not None and actor.user_id != author_id,
            "reasons": [(r.value, REPORT_REASON_LABELS[r]) for r in ReportReason],
            "text_max": TEXT_MAX,
        }
    }


async def appeal_offer(actor: Actor, kind: str, subject_id: int) -> dict[str, Any]:
    """Whether the actor may appeal the latest decision on their subject (or already did)."""
    if actor.user_id is None:
        return {"appeal": None}
    item = await contested_item(actor, kind, subject_id)
    if item is None or item.decision not in registry.subject(item.kind).appealable:
        return {"appeal": None}
    done = await Appeal.get_or_none(kind=item.kind, subject_id=item.subject_id)
    return {"appeal": {"kind": kind, "subject_id": subject_id, "done": done, "message_max": MESSAGE_MAX}}


async def hidden_page(request: Request, actor: Actor, kind: str, subject_id: int) -> Response | None:
    """The page of reported content out of public view: it says so, and who hid it; the author may appeal."""
    case = await hidden_state(kind, subject_id)
    if case is None or case.hidden_by is None:
        return None
    context = {
        "case": case,
        "label": registry.label(kind),
        "notice": HIDDEN_NOTICES.get((case.visibility, case.hidden_by), HIDDEN_NOTICES[_REMOVED]),
        "is_author": actor.user_id == case.author_id,
        **await appeal_offer(actor, kind, subject_id),
    }
    return await render(request, "moderation/hidden.html", context)


def _subject(form: Any) -> tuple[str, int] | None:
    kind, raw = str(form.get("kind", "")), str(form.get("subject_id", ""))
    if not registry.known_subject(kind) or not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        return None
    return kind, int(raw)


async def _back(kind: str, subject_id: int) -> str:
    view = (await registry.subject(kind).load([subject_id])).get(subject_id)
    return view.links[0].path if view and view.links else "/"


async def report(request: Request) -> Response:
    form = await checked_form(request)
    actor = await current_actor(request)
    subject = _subject(form)
    if subject is None:
        return RedirectResponse("/", status_code=303)
    if actor.user_id is None:
        return to_login(request)
    reason = str(form.get("reason", ""))
    back = await _back(*subject)
    if reason not in ReportReason.__members__:
        flash(request, "Choisissez la raison de votre signalement.")
        return RedirectResponse(back, status_code=303)
    try:
        await report_content(actor, *subject, ReportReason[reason], str(form.get("text", ""))[: TEXT_MAX + 1])
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse(back, status_code=303)
    hidden = await hidden_state(*subject)
    flash(
        request,
        "Merci : votre signalement est transmis aux modérateurs."
        + (" Le contenu est masqué en attendant leur décision." if hidden else ""),
    )
    return RedirectResponse(back, status_code=303)


async def appeal(request: Request) -> Response:
    form = await checked_form(request)
    actor = await current_actor(request)
    subject = _subject(form)
    if subject is None:
        return RedirectResponse("/", status_code=303)
    if actor.user_id is None:
        return to_login(request)
    back = await _back(*subject)
    try:
        await appeal_decision(actor, *subject, str(form.get("message", ""))[: MESSAGE_MAX + 1])
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse(back, status_code=303)
    flash(request, "Votre appel est enregistré : un autre modérateur le tranchera.")
    return RedirectResponse(back, status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/signaler", report, methods=["POST"], name="report_content"),
    Route("/appel", appeal, methods=["POST"], name="appeal_decision"),
]
