"""Automatic checks: each flag fires on what it looks for, and only then."""

from datetime import timedelta
from pathlib import Path

import pytest

from colab.validation import utcnow
from moderation.checks import (
    SCORES,
    Candidate,
    Submission,
    blocked_words,
    comparable,
    count_links,
    load_blocklist,
    run_checks,
)
from moderation.models import FlagCode
from moderation.submission import configured_blocklist
from tests.conftest import make_challenge
from tests.ideas.factories import item_of, submitted_idea

LONG_BODY = "<p>" + "Un atelier mobile, animé par des bénévoles formés, passe dans chaque village. " * 4 + "</p>"
OLD = utcnow() - timedelta(days=400)


def _codes(**overrides: object) -> list[FlagCode]:
    values: dict[str, object] = {
        "title": "Un atelier de réparation",
        "summary": "Un atelier mobile pour les vélos des habitants.",
        "body": LONG_BODY,
        "author_joined_at": OLD,
        "author_earlier_submissions": 3,
        "candidates": [],
    }
    values.update(overrides)
    return [f.code for f in run_checks(Submission(**values), now=utcnow(), blocklist=("casino", "pret rapide"))]  # type: ignore[arg-type]


def test_a_clean_submission_raises_no_flag() -> None:
    assert _codes() == []


def test_blocked_words_match_whole_words_without_case_or_accents() -> None:
    assert _codes(summary="Un CASINO sur la place du village.") == [FlagCode.BLOCKED_WORDS]
    assert _codes(summary="Un Prêt Rapide pour tous.") == [FlagCode.BLOCKED_WORDS]
    assert _codes(summary="Le casinotier du coin.") == []  # not a whole word
    assert blocked_words("Le prêt  rapide !", ("pret rapide",)) == ["pret rapide"]


def test_many_links_are_flagged() -> None:
    body = LONG_BODY + '<p><a href="https://a.example">a</a> <a href="https://b.example">b</a> www.c.example</p>'
    assert _codes(body=body) == [FlagCode.MANY_LINKS]
    assert count_links('<p><a href="https://a.example">https://a.example</a></p>') == 1


def test_a_very_short_body_is_flagged() -> None:
    assert _codes(body="<p>Trop court pour juger de quoi que ce soit.</p>") == [FlagCode.SHORT_BODY]


def test_a_probable_duplicate_names_its_twin() -> None:
    twin = Candidate(
        7,
        "Atelier de réparation de vélos",
        comparable("Un atelier de réparation", "Un atelier mobile pour les vélos des habitants."),
    )
    other = Candidate(8, "Jardins partagés", comparable("Jardins partagés", "Des potagers collectifs."))
    flags = run_checks(
        Submission(
            "Un atelier de réparation",
            "Un atelier mobile pour les vélos des habitants.",
            LONG_BODY,
            OLD,
            3,
            [twin, other],
        ),
        now=utcnow(),
        blocklist=(),
    )
    assert [(f.code, f.score) for f in flags] == [(FlagCode.PROBABLE_DUPLICATE, SCORES[FlagCode.PROBABLE_DUPLICATE])]
    assert "Atelier de réparation de vélos" in flags[0].detail
    assert _codes(candidates=[other]) == []


def test_the_first_submission_of_a_new_account_is_flagged() -> None:
    assert _codes(author_joined_at=utcnow() - timedelta(days=2), author_earlier_submissions=0) == [FlagCode.NEW_ACCOUNT]
    assert _codes(author_joined_at=utcnow() - timedelta(days=2), author_earlier_submissions=1) == []
    assert _codes(author_joined_at=OLD, author_earlier_submissions=0) == []


def test_the_shipped_blocklist_is_folded() -> None:
    words = load_blocklist()
    assert "casino" in words and "pret rapide" in words and all(w == w.lower() for w in words)


async def test_submission_runs_the_checks_against_the_same_challenge(db: None) -> None:
    challenge = await make_challenge()
    await submitted_idea(challenge=challenge)
    twin = await submitted_idea(challenge=challenge)
    elsewhere = await submitted_idea(challenge=await make_challenge())
    twin_flags = await (await item_of(twin)).flags.all().values_list("code", flat=True)
    elsewhere_flags = await (await item_of(elsewhere)).flags.all().values_list("code", flat=True)
    assert FlagCode.PROBABLE_DUPLICATE in twin_flags
    assert FlagCode.PROBABLE_DUPLICATE not in elsewhere_flags
    item = await item_of(twin)
    assert item.priority == sum(f.score for f in await item.flags.all())
    assert item.queue_rank == -item.priority


def test_the_settings_name_another_blocklist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    custom = tmp_path / "mots.txt"
    custom.write_text("# nos mots\nLoterie\n\nCrédit facile\n", encoding="utf-8")
    monkeypatch.setenv("MODERATION_BLOCKLIST_FILE", str(custom))
    configured_blocklist.cache_clear()
    try:
        assert configured_blocklist() == ("loterie", "credit facile")
    finally:
        configured_blocklist.cache_clear()
