"""Challenges service: posting, bad input, editing and closing, and who may do each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS
from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.challenges.service import post_challenge
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.organizations.models import MembershipRole
from colab.validation import utcnow
from tests.challenges.conftest import challenge_theme_rows
from tests.conftest import actor_of, draft, make_challenge, make_org, make_user, territory, theme


async def _refused(code: ErrorCode, **overrides: object) -> ColabError:
    """Post a draft with these overrides as a member of a verified organization; it must fail with `code`."""
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    with pytest.raises(ColabError) as caught:
        await post_challenge(actor_of(member), org.id, await draft(**overrides))
    assert caught.value.code is code
    assert await Challenge.all().count() == 0
    assert await challenge_theme_rows() == 0
    return caught.value


async def test_a_member_of_a_verified_organization_publishes_at_once(db: None) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    before = utcnow()
    challenge = await post_challenge(
        actor_of(member),
        org.id,
        await draft(needs=[Need.HANDS, Need.FUNDS], theme_ids=[(await theme(s)).id for s in ("energie", "mobilite")]),
    )
    stored = await Challenge.get(id=challenge.id).prefetch_related("themes")
    assert stored.status is ChallengeStatus.PUBLISHED
    assert stored.published_at is not None and stored.published_at >= before.replace(microsecond=0)
    assert (stored.organization_id, stored.author_id) == (org.id, member.id)
    assert stored.territory_id == (await territory("92094")).id
    assert stored.needs == [Need.FUNDS, Need.HANDS]
    assert sorted(t.slug for t in stored.themes) == ["energie", "mobilite"]
    assert stored.search_text.startswith("velo partag ")  # French search terms (colab.search)


async def test_a_challenge_of_an_unverified_organization_waits_for_review(db: None) -> None:
    member = await make_user()
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    challenge = await post_challenge(actor_of(member), org.id, await draft())
    stored = await Challenge.get(id=challenge.id)
    assert stored.status is ChallengeStatus.PENDING_REVIEW
    assert stored.published_at is None


async def test_a_non_member_cannot_post_for_an_organization(db: None) -> None:
    outsider = await make_user()
    org = await make_org()
    with pytest.raises(ColabError) as caught:
        await post_challenge(actor_of(outsider), org.id, await draft())
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert await Challenge.all().count() == 0


async def test_anonymous_cannot_post(db: None) -> None:
    org = await make_org()
    with pytest.raises(ColabError) as caught:
        await post_challenge(ANONYMOUS, org.id, await draft())
    assert caught.value.code is ErrorCode.UNAUTHENTICATED
    assert await Challenge.all().count() == 0


async def test_posting_for_an_unknown_organization_is_not_found(db: None) -> None:
    member = await make_user()
    with pytest.raises(ColabError) as caught:
        await post_challenge(actor_of(member), 999_999, await draft())
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.field == "organizationId"


async def test_a_title_of_120_characters_is_accepted(db: None) -> None:
    challenge = await make_challenge(title="T" * 120)
    assert len((await Challenge.get(id=challenge.id)).title) == 120


async def test_a_title_of_121_characters_is_too_long(db: None) -> None:
    error = await _refused(ErrorCode.TOO_LONG, title="T" * 121)
    assert error.field == "title"


async def test_a_missing_title_is_required(db: None) -> None:
    error = await _refused(ErrorCode.REQUIRED, title="   ")
    assert error.field == "title"


async def test_a_summary_of_300_characters_is_accepted(db: None) -> None:
    challenge = await make_challenge(summary="s" * 300)
    assert len((await Challenge.get(id=challenge.id)).summary) == 300


async def test_a_summary_of_301_characters_is_too_long(db: None) -> None:
    error = await _refused(ErrorCode.TOO_LONG, summary="s" * 301)
    assert error.field == "summary"


async def test_a_body_of_20000_visible_characters_is_accepted(db: None) -> None:
    challenge = await make_challenge(body="<p>" + "b" * 20_000 + "</p>")
    assert len((await Challenge.get(id=challenge.id)).body) == 20_007


async def test_a_body_of_20001_visible_characters_is_too_long(db: None) -> None:
    error = await _refused(ErrorCode.TOO_LONG, body="b" * 20_001)
    assert error.field == "body"


async def test_a_short_text_buried_in_megabytes_of_markup_is_too_long(db: None) -> None:
    error = await _refused(ErrorCode.TOO_LONG, body="<p>" + "<b></b>" * 200_000 + "Un texte assez long.</p>")
    assert error.field == "body"


async def test_a_body_that_is_only_script_is_required(db: None) -> None:
    error = await _refused(ErrorCode.REQUIRED, body="<script>alert('un long texte caché ici')</script>")
    assert error.field == "body"


async def test_an_unknown_territory_is_refused(db: None) -> None:
    error = await _refused(ErrorCode.UNKNOWN_TERRITORY, territory_id=999_999)
    assert error.field == "territoryId"


async def test_a_missing_territory_is_required(db: None) -> None:
    error = await _refused(ErrorCode.REQUIRED, territory_id=None)
    assert error.field == "territoryId"


async def test_an_unknown_theme_is_refused(db: None) -> None:
    error = await _refused(ErrorCode.UNKNOWN_THEME, theme_ids=[(await theme("energie")).id, 999_999])
    assert error.field == "themeIds"


async def test_no_theme_is_refused(db: None) -> None:
    error = await _refused(ErrorCode.REQUIRED, theme_ids=[])
    assert error.field == "themeIds"


async def test_more_than_five_themes_are_refused(db: None) -> None:
    slugs = ["mobilite", "energie", "numerique", "culture", "sport", "tourisme"]
    error = await _refused(ErrorCode.INVALID, theme_ids=[(await theme(s)).id for s in slugs])
    assert error.field == "themeIds"


async def test_no_need_is_refused(db: None) -> None:
    error = await _refused(ErrorCode.NEEDS_REQUIRED, needs=[])
    assert error.field == "needs"


async def test_an_idea_window_in_the_past_is_refused(db: None) -> None:
    error = await _refused(ErrorCode.DATE_IN_PAST, ideas_open_until=utcnow() - timedelta(minutes=1))
    assert error.field == "ideasOpenUntil"


async def test_a_missing_idea_window_is_required(db: None) -> None:
    error = await _refused(ErrorCode.REQUIRED, ideas_open_until=None)
    assert error.field == "ideasOpenUntil"


async def test_every_input_error_is_reported_together_and_nothing_is_written(db: None) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    bad = await draft(title="", summary="s" * 301, territory_id=999_999, theme_ids=[999_999], needs=[])
    with pytest.raises(ColabErrors) as caught:
        await post_challenge(actor_of(member), org.id, bad)
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("title", ErrorCode.REQUIRED),
        ("summary", ErrorCode.TOO_LONG),
        ("territoryId", ErrorCode.UNKNOWN_TERRITORY),
        ("themeIds", ErrorCode.UNKNOWN_THEME),
        ("needs", ErrorCode.NEEDS_REQUIRED),
    }
    assert await Challenge.all().count() == 0
    assert await challenge_theme_rows() == 0


async def test_script_in_the_body_is_removed_on_write(db: None) -> None:
    body = (
        '<p>Nous cherchons des idées <script>alert("x")</script>pour nos gares.</p>'
        '<img src="x" onerror="alert(1)"><p onclick="voler()">Écrivez-nous '
        '<a href="javascript:alert(1)">ici</a>.</p>'
    )
    challenge = await make_challenge(body=body)
    stored = (await Challenge.get(id=challenge.id)).body
    for dangerous in ("<script", "alert", "onerror", "onclick", "javascript:", "<img"):
        assert dangerous not in stored
    assert stored.startswith("<p>Nous cherchons des idées pour nos gares.</p>")
    assert '<a rel="noopener noreferrer nofollow ugc">ici</a>' in stored


async def test_a_plain_text_body_becomes_paragraphs(db: None) -> None:
    challenge = await make_challenge(body="Premier paragraphe assez long.\n\nSecond & dernier paragraphe.")
    stored = (await Challenge.get(id=challenge.id)).body
    assert stored == "<p>Premier paragraphe assez long.</p><p>Second &amp; dernier paragraphe.</p>"
