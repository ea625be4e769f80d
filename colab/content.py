"""What challenges and ideas share: a title, a summary, a sanitized body, a place, themes and needs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.models import Model

from colab import search
from colab.db import placeholders
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.needs import NEED_LABELS, Need, need_columns
from colab.territories.models import Territory, Theme
from colab.validation import check_text, clean_line
from moderation.sanitize import clean_rich_text, plain_text

TITLE_MAX = 120
SUMMARY_MAX = 300
BODY_MAX = 20_000
#: the markup around the text counts too: 20,000 visible characters never need more than this
BODY_HTML_MAX = 100_000
THEMES_MAX = 5


@dataclass
class Content:
    """What an author writes; on update, fields left as None keep their value."""

    title: str | None = None
    summary: str | None = None
    body: str | None = None
    territory_id: int | None = None
    theme_ids: Sequence[int] | None = None
    needs: Sequence[Need] | None = None


async def check_content(content: Content, errors: ErrorCollector, *, creating: bool) -> dict[str, Any]:
    """Check every field the content carries; return the column values to write (and `theme_ids`)."""
    values: dict[str, Any] = {}
    if creating or content.title is not None:
        title = clean_line(content.title)
        check_text(errors, "title", title, max_length=TITLE_MAX, min_length=5, label="Le titre")
        values["title"] = title
    if creating or content.summary is not None:
        summary = clean_line(content.summary)
        check_text(errors, "summary", summary, max_length=SUMMARY_MAX, min_length=10, label="Le résumé")
        values["summary"] = summary
    if creating or content.body is not None:
        try:
            body = await clean_rich_text(content.body or "")
        except ColabError as refused:  # markup too long, too many elements or nested too deep
            body = ""
            errors.add(refused.code, refused.message, "body")
        else:
            if len(body) > BODY_HTML_MAX:
                errors.add(ErrorCode.TOO_LONG, "La description contient trop de mise en forme.", "body")
            else:
                check_text(errors, "body", plain_text(body), max_length=BODY_MAX, min_length=20, label="La description")
        values["body"] = body
    if creating or content.territory_id is not None:
        if content.territory_id is None:
            errors.add(ErrorCode.REQUIRED, "Choisissez un territoire.", "territoryId")
        elif not await Territory.exists(id=content.territory_id):
            errors.add(ErrorCode.UNKNOWN_TERRITORY, "Ce territoire n'existe pas.", "territoryId")
        else:
            values["territory_id"] = content.territory_id
    if creating or content.theme_ids is not None:
        theme_ids = sorted(set(content.theme_ids or []))
        if not theme_ids:
            errors.add(ErrorCode.REQUIRED, "Choisissez au moins un thème.", "themeIds")
        elif len(theme_ids) > THEMES_MAX:
            errors.add(ErrorCode.INVALID, f"Choisissez au plus {THEMES_MAX} thèmes.", "themeIds")
        else:
            found = await Theme.filter(id__in=theme_ids).values_list("id", flat=True)
            if len(found) != len(theme_ids):
                errors.add(ErrorCode.UNKNOWN_THEME, "Un des thèmes choisis n'existe pas.", "themeIds")
        values["theme_ids"] = theme_ids
    if creating or content.needs is not None:
        if not content.needs:
            errors.add(ErrorCode.NEEDS_REQUIRED, "Dites ce qui vous manque : au moins un besoin.", "needs")
        values.update(need_columns(content.needs or []))
    return values


def search_text(title: str, summary: str, body: str) -> str:
    """The French search terms of a title, a summary and a sanitized body (colab.search)."""
    return search.search_text(title, summary, plain_text(body))


async def themes_by(model: type[Model], ids: Sequence[int]) -> dict[int, list[Theme]]:
    """Themes of many challenges or ideas in one query, in the themes' order."""
    result: dict[int, list[Theme]] = {i: [] for i in ids}
    if not ids:
        return result
    # start from the owners: the join then follows the (owner_id, theme_id) index
    rows = await model.filter(id__in=list(ids)).values(
        "id", "themes__id", "themes__slug", "themes__name", "themes__position"
    )
    for row in rows:
        if row["themes__id"] is not None:
            result[row["id"]].append(
                Theme(
                    id=row["themes__id"],
                    slug=row["themes__slug"],
                    name=row["themes__name"],
                    position=row["themes__position"],
                )
            )
    for items in result.values():
        items.sort(key=lambda t: (t.position, t.name))
    return result


def theme_ids_column(model: type[Model]) -> str:
    """A row's theme ids as one column ("3,7", or NULL without themes), for the page's own statement: a
    correlated subquery on the link table, along its (owner, theme) index."""
    relation = model._meta.fields_map["themes"]
    through, owner, theme = relation.through, relation.backward_key, relation.forward_key  # type: ignore[attr-defined]
    if connections.get("default").capabilities.dialect == "postgres":
        ids = f"string_agg({theme}::text, ',')"
    else:
        ids = f"group_concat({theme})"
    return f'SELECT {ids} FROM {through} WHERE {through}.{owner} = "{model._meta.db_table}"."id"'


async def theme_ids_by(model: type[Model], ids: Sequence[int]) -> dict[int, list[int]]:
    """The theme ids of many challenges or ideas, one query on the link table alone (for lean reads, which take
    the themes themselves from the reference data)."""
    result: dict[int, list[int]] = {i: [] for i in ids}
    if not ids:
        return result
    relation = model._meta.fields_map["themes"]
    connection = connections.get("default")
    marks = ", ".join(placeholders(connection, len(result)))
    _, rows = await connection.execute_query(
        f"SELECT {relation.backward_key}, {relation.forward_key} FROM {relation.through} "  # type: ignore[attr-defined]
        f"WHERE {relation.backward_key} IN ({marks})",  # type: ignore[attr-defined]
        list(result),
    )
    for owner, theme in rows:
        result[owner].append(theme)
    return result


async def content_facts(model: type[Model], rows: Sequence[Any]) -> dict[int, list[tuple[str, str]]]:
    """What moderators read beside a challenge's or an idea's body: its territory, themes and needs."""
    themes = await themes_by(model, [r.id for r in rows])
    territory_ids = {r.territory_id for r in rows if r.territory_id is not None}
    names = dict(await Territory.filter(id__in=territory_ids).values_list("id", "name")) if territory_ids else {}
    facts: dict[int, list[tuple[str, str]]] = {}
    for r in rows:
        found = [("Territoire", names[r.territory_id])] if r.territory_id in names else []
        found.append(("Thèmes", ", ".join(t.name for t in themes[r.id]) or "—"))
        found.append(("Besoins", ", ".join(NEED_LABELS[n] for n in r.needs) or "—"))
        facts[r.id] = found
    return facts
