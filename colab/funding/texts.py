"""The funding domain's user text: plain text only (tags stripped by the lab's sanitizer), shown escaped."""

from __future__ import annotations

import re

from moderation.sanitize import clean_html, plain_text

_BLANKS = re.compile(r"[ \t\u00a0]+")


def plain(raw: str | None) -> str:
    """Plain text from whatever was typed: markup removed, entities decoded, spaces folded (lines kept)."""
    text = (raw or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    lines = [_BLANKS.sub(" ", line).strip() for line in plain_text(clean_html(text)).split("\n")]
    return "\n".join(lines).strip()
