"""The sanitizer: formatting kept, anything that runs or restyles removed, plain text made into paragraphs."""

from __future__ import annotations

import asyncio
import threading

import pytest

from colab.errors import ColabError, ErrorCode
from moderation import sanitize
from moderation.sanitize import (
    MAX_MARKUP_DEPTH,
    MAX_MARKUP_ELEMENTS,
    MAX_MARKUP_LENGTH,
    check_markup,
    clean_html,
    clean_rich_text,
    editable_text,
    looks_like_html,
    markup_shape,
    plain_text,
    rich_text,
)

REL = 'rel="noopener noreferrer nofollow ugc"'


@pytest.mark.parametrize(
    "markup",
    [
        "<p>Un <strong>fort</strong> et <em>doux</em> <b>b</b> <i>i</i> <u>u</u> <s>s</s></p>",
        "<ul><li>un</li></ul><ol><li>deux</li></ol>",
        "<h2>Titre</h2><h3>Sous-titre</h3><h4>Détail</h4>",
        "<blockquote>cité</blockquote><pre><code>x = 1</code></pre><hr>",
        "<p>ligne<br>suivante</p>",
    ],
)
def test_clean_html_keeps_the_formatting_tags(markup: str) -> None:
    assert clean_html(markup) == markup


def test_clean_html_removes_scripts_and_their_content() -> None:
    assert clean_html("<p>avant<script>alert('x')</script>après</p>") == "<p>avantaprès</p>"


def test_clean_html_removes_styles_and_their_content() -> None:
    assert clean_html("<style>body { display: none }</style><p>texte</p>") == "<p>texte</p>"


def test_clean_html_removes_iframes_embeds_and_svg() -> None:
    cleaned = clean_html(
        '<iframe src="https://mal.example"></iframe><object data="x"></object>'
        '<embed src="x"><svg onload="alert(1)"><p>reste</p></svg>'
    )
    assert cleaned == "<p>reste</p>"


def test_clean_html_removes_event_handlers() -> None:
    cleaned = clean_html('<p onclick="voler()">clic</p><img src="x" onerror="alert(1)">')
    assert cleaned == "<p>clic</p>"
    assert "onerror" not in cleaned and "<img" not in cleaned


def test_clean_html_removes_style_and_class_attributes() -> None:
    assert clean_html('<p style="position:fixed" class="x" id="y">z</p>') == "<p>z</p>"


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java&#x09;script:alert(1)", "data:text/html,x", "vbscript:x"],
)
def test_clean_html_drops_dangerous_link_targets(href: str) -> None:
    cleaned = clean_html(f'<a href="{href}">lien</a>')
    assert cleaned == f"<a {REL}>lien</a>"


def test_clean_html_keeps_safe_links_and_marks_them_untrusted() -> None:
    cleaned = clean_html('<a href="https://www.namur.be" title="Namur" target="_blank" onclick="x()">Namur</a>')
    assert cleaned == f'<a href="https://www.namur.be" title="Namur" {REL}>Namur</a>'


def test_clean_html_keeps_mailto_links() -> None:
    assert clean_html('<a href="mailto:info@namur.be">écrire</a>') == f'<a href="mailto:info@namur.be" {REL}>écrire</a>'


def test_clean_html_strips_comments() -> None:
    assert clean_html("<!-- <script>alert(1)</script> --><p>k</p>") == "<p>k</p>"


def test_clean_html_closes_unbalanced_tags() -> None:
    assert clean_html("<p><strong>ouvert") == "<p><strong>ouvert</strong></p>"


def test_rich_text_makes_paragraphs_of_plain_text() -> None:
    assert rich_text("Bonjour\n\nà tous") == "<p>Bonjour</p><p>à tous</p>"


def test_rich_text_keeps_single_line_breaks() -> None:
    assert rich_text("ligne 1\nligne 2") == "<p>ligne 1<br>ligne 2</p>"


def test_rich_text_normalizes_windows_line_ends_and_blank_runs() -> None:
    assert rich_text("\r\n\r\nUn\r\n\r\n\r\nDeux\r\n") == "<p>Un</p><p>Deux</p>"


def test_rich_text_escapes_plain_text() -> None:
    assert rich_text("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>"


def test_rich_text_keeps_an_address_in_angle_brackets() -> None:
    # plain text that only resembles a tag must not lose words to the sanitizer
    assert rich_text("Contact : Jean <jean@exemple.be>") == "<p>Contact : Jean &lt;jean@exemple.be&gt;</p>"


def test_rich_text_sanitizes_html_input() -> None:
    # (the link left outside any block becomes a paragraph of its own)
    assert (
        rich_text('<p>ok</p><script>alert(1)</script><a href="javascript:x()">l</a>')
        == f"<p>ok</p><p><a {REL}>l</a></p>"
    )


def test_rich_text_of_blank_input_is_empty() -> None:
    assert rich_text("  \n\n ") == ""


def test_looks_like_html_recognizes_tags() -> None:
    assert looks_like_html("<p>x</p>")
    assert looks_like_html("texte <br/> suite")
    assert looks_like_html("<script src=x></script>")
    assert looks_like_html("<!-- commentaire -->")
    assert not looks_like_html("3 < 4 et 5 > 2")
    assert not looks_like_html("écrivez à <info@namur.be>")


def test_plain_text_is_the_visible_text() -> None:
    assert plain_text("<p>a &amp; b</p><p><strong>c</strong></p>") == "a & b   c"


def test_typed_text_with_inline_markup_keeps_its_paragraphs() -> None:
    typed = "Nous avons des terrains.\n\nIl manque des <b>bras</b> <script>alert(1)</script>."
    assert rich_text(typed) == "<p>Nous avons des terrains.</p><p>Il manque des <b>bras</b> .</p>"


def test_html_with_its_own_paragraphs_is_left_as_written() -> None:
    assert rich_text("<p>Un</p>\n\n<ul><li>deux</li></ul>") == "<p>Un</p>\n\n<ul><li>deux</li></ul>"


# --- what cleaning may cost: markup measured by a linear scan before nh3 ---


@pytest.mark.parametrize(
    ("markup", "shape"),
    [
        ("<p>un</p><p>deux</p>", (2, 1)),
        ("<p>un<p>deux<p>trois", (3, 1)),  # an open paragraph is closed by the next
        ("<ul><li>a<li>b<ul><li>c</ul></ul>", (5, 4)),  # an inner item does not close the outer one
        ("<p>texte<br>suite<hr></p>", (3, 1)),  # void elements hold nothing
        ("<blockquote><ul><li><p><a href='x'><strong>x</strong></a></p></li></ul></blockquote>", (6, 6)),
        ("<div>" * 30 + "x" + "</div>" * 30, (21, 21)),  # the scan stops past the limit
    ],
)
def test_markup_shape_counts_elements_and_nesting_as_html_does(markup: str, shape: tuple[int, int]) -> None:
    assert markup_shape(markup) == shape


def test_markup_nested_deeper_than_the_limit_is_refused() -> None:
    nested = "<div>" * 15_000 + "texte" + "</div>" * 15_000  # 165 KB: 20 s in nh3 before the limit
    with pytest.raises(ColabError) as refused:
        check_markup(nested)
    assert (refused.value.code, refused.value.field) == (ErrorCode.MARKUP_TOO_COMPLEX, "body")


def test_markup_as_deep_as_the_limit_is_accepted() -> None:
    check_markup("<div>" * MAX_MARKUP_DEPTH + "texte" + "</div>" * MAX_MARKUP_DEPTH)


def test_unclosed_formatting_elements_count_as_nesting() -> None:
    with pytest.raises(ColabError) as refused:
        check_markup("<b>x" * 5_000)
    assert refused.value.code is ErrorCode.MARKUP_TOO_COMPLEX


def test_too_many_elements_are_refused() -> None:
    with pytest.raises(ColabError) as refused:
        check_markup("<b>x</b>" * (MAX_MARKUP_ELEMENTS + 1))
    assert refused.value.code is ErrorCode.MARKUP_TOO_COMPLEX


def test_markup_over_the_length_limit_is_refused_before_it_is_scanned() -> None:
    with pytest.raises(ColabError) as refused:
        check_markup("x" * (MAX_MARKUP_LENGTH + 1), field="description")
    assert (refused.value.code, refused.value.field) == (ErrorCode.TOO_LONG, "description")


async def test_a_large_text_is_cleaned_off_the_event_loop_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    original = sanitize.rich_text

    def recording(raw: str) -> str:
        threads.append(threading.get_ident())
        return original(raw)

    monkeypatch.setattr(sanitize, "rich_text", recording)
    small = await clean_rich_text("<p>court</p>")
    large = await clean_rich_text("<p>" + "un long paragraphe " * 1_000 + "</p>")
    assert small == "<p>court</p>" and large.startswith("<p>un long")
    assert threads[0] == threading.get_ident()
    assert threads[1] != threading.get_ident()


async def test_other_coroutines_run_while_a_large_text_is_cleaned() -> None:
    ticks = 0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            await asyncio.sleep(0)

    running = asyncio.create_task(ticker())
    markup = ("<div>" * MAX_MARKUP_DEPTH + "texte " * 5 + "</div>" * MAX_MARKUP_DEPTH) * 200
    await clean_rich_text(markup)
    done.set()
    await running
    assert ticks > 1


@pytest.mark.parametrize(
    "typed",
    [
        "Bonjour\n\nà tous",
        "Une ligne\nla suivante\n\nR&D « x » 'simple' \"double\" a < b > c",
        "écrire à <jean@exemple.be>",
        "Un <b>gras</b> et\nune ligne\n\nfin",
        '<a href="https://www.namur.be">Namur</a> et la suite\n\nencore',
        "a &amp;lt; b",
    ],
)
def test_editable_text_gives_back_what_the_author_typed(typed: str) -> None:
    stored = rich_text(typed)
    assert editable_text(stored) == typed.replace('href="https://www.namur.be"', 'href="https://www.namur.be" ' + REL)
    assert rich_text(editable_text(stored)) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "<h2>Plan</h2><ul><li>un</li><li>deux</li></ul><p>fin</p>",
        "<p>a</p>\n<p>b</p>",
        "<pre>code\n\nx</pre>",
        "<script>x</script> a &lt;b&gt;",
        "x\r\n\r\ny  \n  z",
    ],
)
def test_saving_the_editable_text_unchanged_stores_the_same_html(raw: str) -> None:
    stored = rich_text(raw)
    assert rich_text(editable_text(stored)) == stored


def test_text_typed_after_the_blocks_becomes_paragraphs() -> None:
    assert rich_text("<p>a</p>\n\najout en bas") == "<p>a</p><p>ajout en bas</p>"
    assert rich_text("<ul><li>x</li></ul>texte\nsuite\n\nfin") == "<ul><li>x</li></ul><p>texte<br>suite</p><p>fin</p>"
    assert rich_text("<h2>T</h2>bla<ul><li>a</li></ul>") == "<h2>T</h2><p>bla</p><ul><li>a</li></ul>"
