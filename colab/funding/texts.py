"""The funding domain's user text: plain text only (tags stripped by the lab's sanitizer), shown escaped."""

from __future__ import annotations

from moderation.sanitize import clean_html, plain_text


def plain(raw: str | None) -> str:
    """Plain text from whatever was typed: markup removed, entities decoded, trimmed."""
    text = (raw or "").replace("\r\n", "\n").strip()
    return plain_text(clean_html(text)) if text else ""
