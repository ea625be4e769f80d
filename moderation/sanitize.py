"""The one place user HTML is cleaned (nh3 / Ammonia). Every rich-text field is written through it."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# a tag name must end at a space, "/" or ">": "<jean@exemple.be>" in plain text is not a tag
_TAG = re.compile(r"<!--|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_BLANK_LINES = re.compile(r"\n\s*\n")
_BLOCK = re.compile(r"<(?:p|ul|ol|h[2-4]|blockquote|pre|hr)\b")
# block tags of sanitized HTML, to find the text an author left between blocks
_BLOCK_TAG = re.compile(r"<(/?)(p|ul|ol|h[2-4]|blockquote|pre)\b[^>]*>|<hr\s*/?>")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_BR = re.compile(r"<br\s*/?>")


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
        return _wrap_loose_text(cleaned)
    # inline markup only (a <b> or a stripped <script> in typed text): keep the author's paragraphs
    return clean_html(_paragraphs(cleaned))


def _paragraphs(escaped: str) -> str:
    parts = [p.strip() for p in _BLANK_LINES.split(escaped) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in parts)


def _wrap_loose_text(cleaned: str) -> str:
    """Text typed between blocks (after a list, below the paragraphs) becomes paragraphs too."""
    parts: list[str] = []
    depth, start = 0, 0
    for tag in _BLOCK_TAG.finditer(cleaned):
        between = cleaned[start : tag.start()]
        parts.append(_paragraphs(between) if depth == 0 and between.strip() else between)
        parts.append(tag.group(0))
        if tag.group(2):
            depth = max(depth - 1, 0) if tag.group(1) else depth + 1
        start = tag.end()
    tail = cleaned[start:]
    parts.append(_paragraphs(tail) if depth == 0 and tail.strip() else tail)
    wrapped = "".join(parts)
    return wrapped if wrapped == cleaned else clean_html(wrapped)


def editable_text(sanitized_html: str) -> str:
    """What the author typed, for an edit form: paragraphs as blank lines, line breaks as newlines.

    Saving it unchanged gives back the very same HTML; markup that plain text cannot express (lists, headings,
    links...) is shown as the HTML itself, which saves unchanged too.
    """
    paragraphs = _PARAGRAPH.findall(sanitized_html)
    if not paragraphs or "".join(f"<p>{p}</p>" for p in paragraphs) != sanitized_html:
        return sanitized_html
    lines = [_BR.sub("\n", p) for p in paragraphs]
    typed = "\n\n".join(lines)
    if not looks_like_html(typed):
        # only text: the author typed it without entities (« R&D », « a < b »)
        candidate = html.unescape(typed)
        if rich_text(candidate) == sanitized_html:
            return candidate
    return typed if rich_text(typed) == sanitized_html else sanitized_html


def plain_text(sanitized_html: str) -> str:
    """The visible text of sanitized HTML (for length checks and search)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", sanitized_html)).strip()
