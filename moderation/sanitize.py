"""The one place user HTML is cleaned (nh3 / Ammonia). Every rich-text field is written through it."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li",
    "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# a tag name must end at a space, "/" or ">": "<jean@exemple.be>" in plain text is not a tag
_TAG = re.compile(r"<!--|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_BLANK_LINES = re.compile(r"\n\s*\n")
_BLOCK = re.compile(r"<(?:p|ul|ol|h[2-4]|blockquote|pre|hr)\b")


def looks_like_html(text: str) -> bool:
    return bool(_TAG.search(text))


def clean_html(raw: str) -> str:
    """Return HTML safe to render: only a small set of formatting tags, safe links, no scripts."""
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    ).strip()


def rich_text(raw: str) -> str:
    """Accept HTML or plain text (paragraphs split by blank lines) and return sanitized HTML."""
    text = raw.replace("\r\n", "\n").strip()
    if not looks_like_html(text):
        return clean_html(_paragraphs(html.escape(text)))
    cleaned = clean_html(text)
    if _BLOCK.search(cleaned):
        return cleaned
    # inline markup only (a <b> or a stripped <script> in typed text): keep the author's paragraphs
    return clean_html(_paragraphs(cleaned))


def _paragraphs(escaped: str) -> str:
    parts = [p.strip() for p in _BLANK_LINES.split(escaped) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in parts)


def plain_text(sanitized_html: str) -> str:
    """The visible text of sanitized HTML (for length checks and search)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", sanitized_html)).strip()
