"""Opaque global ids ("Type:pk" in base64, Relay style): decoding with a typed INVALID_ID error;
the authored content fields inputs share, decoded."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from strawberry.relay import GlobalID, GlobalIDValueError

from colab.db import MAX_PK
from colab.errors import ColabError, ErrorCode
from colab.needs import Need


def encode(type_name: str, pk: int) -> str:
    return str(GlobalID(type_name, str(pk)))


def decode(value: str | None, type_name: str, field: str) -> int:
    """The primary key behind a global id of `type_name`; malformed or foreign ids → INVALID_ID."""
    try:
        global_id = GlobalID.from_id(value or "")
        pk = int(global_id.node_id)
    except (GlobalIDValueError, ValueError, TypeError):
        raise ColabError(ErrorCode.INVALID_ID, "Cet identifiant n'est pas valide.", field) from None
    if global_id.type_name != type_name or not 0 < pk <= MAX_PK:
        raise ColabError(ErrorCode.INVALID_ID, f"Cet identifiant ne désigne pas un objet de type {type_name}.", field)
    return pk


def decode_optional(value: str | None, type_name: str, field: str) -> int | None:
    return None if value is None else decode(value, type_name, field)


def decode_many(values: Iterable[str], type_name: str, field: str) -> list[int]:
    return [decode(value, type_name, field) for value in values]


class ContentInput(Protocol):
    """The fields every authored input shares (challenges and ideas); None on update means unchanged."""

    @property
    def title(self) -> str | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def body(self) -> str | None: ...
    @property
    def territory_id(self) -> str | None: ...
    @property
    def theme_ids(self) -> Sequence[str] | None: ...
    @property
    def needs(self) -> Sequence[Need] | None: ...


def content_fields(input: ContentInput) -> dict[str, Any]:
    """The keyword arguments of a `colab.content.Content` draft, ids decoded (malformed → INVALID_ID)."""
    return {
        "title": input.title,
        "summary": input.summary,
        "body": input.body,
        "territory_id": decode_optional(input.territory_id, "Territory", "territoryId"),
        "theme_ids": None if input.theme_ids is None else decode_many(input.theme_ids, "Theme", "themeIds"),
        "needs": None if input.needs is None else list(input.needs),
    }


def parse(value: str) -> tuple[str, int] | None:
    """(type name, pk) of any well-formed global id, or None."""
    try:
        global_id = GlobalID.from_id(value)
        pk = int(global_id.node_id)
    except (GlobalIDValueError, ValueError, TypeError):
        return None
    return (global_id.type_name, pk) if 0 < pk <= MAX_PK else None
