"""Server-rendered pages (placeholder: the page routes are being written)."""

from __future__ import annotations

from starlette.routing import BaseRoute

from colab.config import Settings


def routes(settings: Settings) -> list[BaseRoute]:
    return []
