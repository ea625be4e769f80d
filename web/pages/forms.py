"""What the challenge and idea forms share: the fields as typed, the draft they describe, the choices they offer."""

from __future__ import annotations

from typing import Any, TypeVar

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from colab.challenges.models import Challenge
from colab.content import Content
from colab.ideas.models import Idea
from colab.needs import Need
from colab.territories.models import Theme
from moderation.sanitize import editable_text
from web.pages.listing import places
from web.pages.rendering import render

D = TypeVar("D", bound=Content)


def form_int(value: object) -> int | None:
    """An id from a form; anything but digits that fit an integer column is no id."""
    if not isinstance(value, str) or not value.isascii():  # isdigit() alone admits '²', which int() refuses
        return None
    return int(value) if value.isdigit() and len(value) < 10 else None


def typed(form: FormData, *own: str) -> dict[str, Any]:
    """The form as typed, to fill it again after an error; `own` names the text fields only this form has."""
    values: dict[str, Any] = {name: str(form.get(name, "")) for name in (*own, "title", "summary", "body", "territory")}
    values["themes"] = [str(v) for v in form.getlist("themes")]
    values["needs"] = [str(v) for v in form.getlist("needs")]
    return values


def draft_of(kind: type[D], values: dict[str, Any], **own: Any) -> D:
    """The draft the form describes; unreadable ids and unknown needs are dropped for the service to judge."""
    return kind(
        title=values["title"],
        summary=values["summary"],
        body=values["body"],
        territory_id=form_int(values["territory"]),
        theme_ids=[i for i in (form_int(v) for v in values["themes"]) if i is not None],
        needs=[Need(v) for v in values["needs"] if v in Need.__members__],
        **own,
    )


def stored(subject: Challenge | Idea, theme_ids: list[int]) -> dict[str, Any]:
    """A saved challenge or idea as its edit form shows it: the body as its author typed it, not as HTML."""
    return {
        "title": subject.title,
        "summary": subject.summary,
        "body": editable_text(subject.body),
        "territory": str(subject.territory_id),
        "themes": [str(i) for i in theme_ids],
        "needs": [n.value for n in subject.needs],
    }


async def render_form(
    request: Request, template: str, values: dict[str, Any], errors: dict[str, str], status: int, **extra: Any
) -> Response:
    """A form with the territories, needs and themes to choose from."""
    context = {
        "values": values,
        "errors": errors,
        "places": await places(),
        "needs": list(Need),
        "themes": await Theme.all().order_by("position", "name"),
        **extra,
    }
    return await render(request, template, context, status)
