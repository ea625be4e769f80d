"""Jinja2 for the pages: autoescape on, one `rich` filter for sanitized HTML, French dates in Brussels time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from colab import counting
from colab.challenges.models import NEED_LABELS
from colab.french import a, de, preposed
from colab.organizations.models import KIND_LABELS
from web.csrf import csrf_token
from web.money import euros

BRUSSELS = ZoneInfo("Europe/Brussels")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def rich(sanitized_html: str) -> Markup:
    """Mark as safe HTML that moderation.sanitize cleaned on write (the only such filter)."""
    return Markup(sanitized_html)


def date_fr(value: datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    local = value.astimezone(BRUSSELS)
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    return f"{text} à {local:%H:%M}" if with_time else text


def count_fr(total: int) -> str:
    """A list's count in French: « 1 234 », or « plus de 1 000 » past the capped count (colab.counting)."""
    if not counting.is_exact(total):
        return f"plus de {counting.COUNT_CAP:,}".replace(",", "\u202f")
    return f"{total:,}".replace(",", "\u202f")


# autoescape everywhere (not only *.html): user text is never trusted markup
environment = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
templates = Jinja2Templates(env=environment)
templates.env.filters["rich"] = rich
templates.env.filters["date_fr"] = date_fr
templates.env.filters["count_fr"] = count_fr
# « de » / « à » before a name: {{ name | de }} → d'Incubateur, des Amis, du Rœulx
templates.env.filters["de"] = de
templates.env.filters["à"] = a
templates.env.filters["preposed"] = preposed
# integer cents as French euros: {{ 125050 | euros }} → 1 250,50 €
templates.env.filters["euros"] = euros
templates.env.globals["csrf_token"] = csrf_token
templates.env.globals["NEED_LABELS"] = {need.value: label for need, label in NEED_LABELS.items()}
templates.env.globals["KIND_LABELS"] = {kind.value: label for kind, label in KIND_LABELS.items()}
