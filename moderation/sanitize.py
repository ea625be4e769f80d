"""The one place user HTML is cleaned (nh3 / Ammonia). Every rich-text field is written through it.

html5ever's cost grows with the nesting of elements (40,000 nested `<div>` took 57 s), so markup is
measured first by one linear scan (length, elements, nesting) and refused with a typed error past
the limits; what passes is cleaned in a worker thread when it is large (nh3 releases the GIL), so
the event loop keeps answering other requests.
"""

from __future__ import annotations

import asyncio
import html
import re

import nh3

from colab.errors import ColabError, ErrorCode

#: characters of markup as sent (twice what a stored body may hold: stripped tags are not kept)
MAX_MARKUP_LENGTH = 200_000
#: elements open inside one another; rich text needs a handful (a quote holding a list holding a link)
MAX_MARKUP_DEPTH = 20
MAX_MARKUP_ELEMENTS = 5_000
#: under this length cleaning takes well under a millisecond: a thread would cost more than it saves
_INLINE_LENGTH = 4_000

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


_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"})
#: an open one of these is closed by the next one of its kind (a paragraph by any block, too)
_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})
_CLOSES_P = frozenset({"p", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"})
#: an implied end stops at these: a new item inside a nested list does not close the outer item
_SCOPES = frozenset({"ul", "ol", "dl", "table", "blockquote", "div", "select", "td", "th"})
_CLOSED_BY: dict[str, frozenset[str]] = {
    name: frozenset(({name} & _SIBLINGS) | ({"p"} if name in _CLOSES_P else set())) for name in _SIBLINGS | _CLOSES_P
}
_NOTHING: frozenset[str] = frozenset()


def markup_shape(text: str) -> tuple[int, int]:
    """(elements, deepest nesting) of markup, by one linear scan; stops counting past the limits."""
    stack: list[str] = []
    elements = deepest = 0
    for match in _TAG_TOKEN.finditer(text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if name in stack:  # the stack never exceeds MAX_MARKUP_DEPTH + 1: linear overall
                del stack[len(stack) - 1 - stack[::-1].index(name) :]
            continue
        elements += 1
        if name in _VOID or self_closing:
            continue
        closes = _CLOSED_BY.get(name, _NOTHING)
        for depth in range(len(stack) - 1, -1, -1) if closes else ():
            if stack[depth] in closes:
                del stack[depth:]
                break
            if stack[depth] in _SCOPES:
                break
        stack.append(name)
        deepest = max(deepest, len(stack))
        if deepest > MAX_MARKUP_DEPTH or elements > MAX_MARKUP_ELEMENTS:
            break
    return elements, deepest


def check_markup(raw: str, field: str = "body") -> None:
    """Refuse markup whose cleaning would be costly: too long, too many elements, nested too deep."""
    if len(raw) > MAX_MARKUP_LENGTH:
        message = f"Le texte dépasse {_french(MAX_MARKUP_LENGTH)} caractères de balisage."
        raise ColabError(ErrorCode.TOO_LONG, message, field)
    elements, deepest = markup_shape(raw)
    if deepest > MAX_MARKUP_DEPTH:
        message = f"La mise en forme imbrique plus de {MAX_MARKUP_DEPTH} éléments les uns dans les autres."
        raise ColabError(ErrorCode.MARKUP_TOO_COMPLEX, message, field)
    if elements > MAX_MARKUP_ELEMENTS:
        message = f"La mise en forme compte plus de {_french(MAX_MARKUP_ELEMENTS)} éléments."
        raise ColabError(ErrorCode.MARKUP_TOO_COMPLEX, message, field)


def _french(number: int) -> str:
    """12 345: thousands grouped by a narrow no-break space."""
    return f"{number:,}".replace(",", "\u202f")


def _checked_rich_text(raw: str, field: str) -> str:
    check_markup(raw, field)
    return rich_text(raw)


async def clean_rich_text(raw: str, field: str = "body") -> str:
    """`rich_text` within the markup limits; a large text is measured and cleaned in a worker thread."""
    if len(raw) < _INLINE_LENGTH:
        return _checked_rich_text(raw, field)
    return await asyncio.to_thread(_checked_rich_text, raw, field)


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
