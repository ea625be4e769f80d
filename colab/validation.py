"""Input checks shared by the services: text lengths, ids, dates, normalized search text."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from colab.errors import ErrorCode, ErrorCollector

_SPACES = re.compile(r"\s+")


def clean_line(value: str | None) -> str:
    """One line of text: trimmed, inner whitespace folded."""
    return _SPACES.sub(" ", value or "").strip()


def check_text(
    errors: ErrorCollector,
    field: str,
    value: str,
    *,
    max_length: int,
    min_length: int = 1,
    label: str,
) -> None:
    if not value:
        errors.add(ErrorCode.REQUIRED, f"{label} est obligatoire.", field)
    elif len(value) > max_length:
        errors.add(
            ErrorCode.TOO_LONG,
            f"{label} ne peut dépasser {max_length} caractères ({len(value)} actuellement).",
            field,
        )
    elif len(value) < min_length:
        errors.add(ErrorCode.TOO_SHORT, f"{label} doit compter au moins {min_length} caractères.", field)


def fold(text: str) -> str:
    """Lower-case, accent-free text, so « Énergie » matches « energie » on every database."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _SPACES.sub(" ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:120] or "organisation"
