"""Challenges service: posting, bad input, editing and closing, and who may do each."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise import connections

from colab.actors import ANONYMOUS, Role
from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.challenges.service import ChallengeDraft, close_challenge, post_challenge, update_challenge
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.organizations.models import MembershipRole
from colab.validation import utcnow
from tests.conftest import actor_of, draft, make_challenge, make_org, make_user, territory, theme


async def _challenge_theme_rows() -> int:
    rows = await connections.get("default").execute_query_dict("SELECT COUNT(*) AS n FROM challenge_theme")
    return int(rows[0]["n"])


async def _refused(code: ErrorCode, **overrides: object) -> ColabError:
    """Post a draft with these overrides as a member of a verified organization; it must fail with `code`."""
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    with pytest.raises(ColabError) as caught:
        await post_challenge(actor_of(member), org.id, await draft(**overrides))
    assert caught.value.code is code
    assert await Challenge.all().count() == 0
    assert await _challenge_theme_rows() == 0
    return caught.value


async def test_a_member_of_a_verified_organization_publishes_at_once(db: None) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    before = utcnow()
    challenge = await post_challenge(
        actor_of(member), org.id,
        await draft(needs=[Need.HANDS, Need.FUNDS], theme_ids=[(await theme("energie")).id, (await theme("mobilite")).id]),
    )
    stored = await Challenge.get(id=challenge.id).prefetch_related("themes")
    assert stored.status is ChallengeStatus.PUBLISHED
    assert stored.published_at is not None and stored.published_at >= before.replace(microsecond=0)
    assert (stored.organization_id, stored.author_id) == (org.id, member.id)
    assert stored.territory_id == (await territory("92094")).id
    assert stored.needs == [Need.FUNDS, Need.HANDS]
    assert sorted(t.slug for t in stored.themes) == ["energie", "mobilite"]
    assert "velos partages" in stored.search_text


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
    assert await _challenge_theme_rows() == 0


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


async def test_a_manager_updates_only_the_fields_given(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    before = await Challenge.get(id=challenge.id).prefetch_related("themes")
    await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Des navettes électriques"))
    after = await Challenge.get(id=challenge.id).prefetch_related("themes")
    assert after.title == "Des navettes électriques"
    assert (after.summary, after.body, after.territory_id, after.needs, after.ideas_open_until) == (
        before.summary, before.body, before.territory_id, before.needs, before.ideas_open_until
    )
    assert [t.id for t in after.themes] == [t.id for t in before.themes]
    assert after.status is ChallengeStatus.PUBLISHED
    assert "navettes electriques" in after.search_text
    assert "pour la vallee" not in after.search_text


async def test_an_update_sanitizes_the_new_body(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    updated = await update_challenge(
        actor_of(manager), challenge.id,
        ChallengeDraft(body='<p onmouseover="x()">Un nouveau texte bien plus complet.</p><script>x()</script>'),
    )
    stored = await Challenge.get(id=challenge.id)
    assert stored.body == updated.body == "<p>Un nouveau texte bien plus complet.</p>"


async def test_an_update_replaces_the_themes_and_needs(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    culture, sport = await theme("culture"), await theme("sport")
    await update_challenge(
        actor_of(manager), challenge.id, ChallengeDraft(theme_ids=[sport.id, culture.id], needs=[Need.FUNDS])
    )
    stored = await Challenge.get(id=challenge.id).prefetch_related("themes")
    assert sorted(t.slug for t in stored.themes) == ["culture", "sport"]
    assert stored.needs == [Need.FUNDS]
    assert await _challenge_theme_rows() == 2


async def test_a_refused_update_changes_nothing(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    with pytest.raises(ColabErrors) as caught:
        await update_challenge(
            actor_of(manager), challenge.id, ChallengeDraft(title="Un titre neuf", theme_ids=[999_999], needs=[])
        )
    assert {e.code for e in caught.value.errors} == {ErrorCode.UNKNOWN_THEME, ErrorCode.NEEDS_REQUIRED}
    stored = await Challenge.get(id=challenge.id).prefetch_related("themes")
    assert stored.title == challenge.title
    assert [t.slug for t in stored.themes] == ["mobilite"]


async def test_an_update_may_keep_an_idea_window_that_has_passed(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    past = (utcnow() - timedelta(days=1)).replace(microsecond=0)
    await Challenge.filter(id=challenge.id).update(ideas_open_until=past)
    await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Titre revu", ideas_open_until=past))
    assert (await Challenge.get(id=challenge.id)).title == "Titre revu"
    with pytest.raises(ColabError) as caught:
        await update_challenge(
            actor_of(manager), challenge.id, ChallengeDraft(ideas_open_until=past - timedelta(days=1))
        )
    assert caught.value.code is ErrorCode.DATE_IN_PAST


async def test_a_plain_member_cannot_update(db: None) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=member)
    with pytest.raises(ColabError) as caught:
        await update_challenge(actor_of(member), challenge.id, ChallengeDraft(title="Titre du membre"))
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert (await Challenge.get(id=challenge.id)).title == challenge.title


async def test_anonymous_cannot_update(db: None) -> None:
    challenge = await make_challenge()
    with pytest.raises(ColabError) as caught:
        await update_challenge(ANONYMOUS, challenge.id, ChallengeDraft(title="Titre anonyme"))
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_updating_an_unknown_challenge_is_not_found(db: None) -> None:
    admin = await make_user(role=Role.ADMIN)
    with pytest.raises(ColabError) as caught:
        await update_challenge(actor_of(admin), 999_999, ChallengeDraft(title="Titre perdu"))
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_a_closed_challenge_cannot_be_updated(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    await close_challenge(actor_of(manager), challenge.id)
    with pytest.raises(ColabError) as caught:
        await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Trop tard"))
    assert caught.value.code is ErrorCode.CHALLENGE_CLOSED
    stored = await Challenge.get(id=challenge.id)
    assert (stored.title, stored.status) == (challenge.title, ChallengeStatus.CLOSED)


async def test_a_manager_closes_a_challenge(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    closed = await close_challenge(actor_of(manager), challenge.id)
    stored = await Challenge.get(id=challenge.id)
    assert closed.status is stored.status is ChallengeStatus.CLOSED
    assert stored.closed_at is not None


async def test_closing_twice_is_refused(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    first = await close_challenge(actor_of(manager), challenge.id)
    with pytest.raises(ColabError) as caught:
        await close_challenge(actor_of(manager), challenge.id)
    assert caught.value.code is ErrorCode.CHALLENGE_CLOSED
    assert (await Challenge.get(id=challenge.id)).closed_at == first.closed_at


async def test_a_plain_member_cannot_close(db: None) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=member)
    with pytest.raises(ColabError) as caught:
        await close_challenge(actor_of(member), challenge.id)
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert (await Challenge.get(id=challenge.id)).status is ChallengeStatus.PUBLISHED


async def test_a_manager_of_another_organization_cannot_close(db: None) -> None:
    manager = await make_user()
    await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge()
    with pytest.raises(ColabError) as caught:
        await close_challenge(actor_of(manager), challenge.id)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_an_admin_updates_and_closes_any_challenge(db: None) -> None:
    admin = actor_of(await make_user(role=Role.ADMIN))
    challenge = await make_challenge()
    await update_challenge(admin, challenge.id, ChallengeDraft(summary="Un résumé revu par l'administration."))
    await close_challenge(admin, challenge.id)
    stored = await Challenge.get(id=challenge.id)
    assert stored.summary == "Un résumé revu par l'administration."
    assert stored.status is ChallengeStatus.CLOSED


async def test_a_moderator_cannot_update(db: None) -> None:
    moderator = actor_of(await make_user(role=Role.MODERATOR))
    challenge = await make_challenge()
    with pytest.raises(ColabError) as caught:
        await update_challenge(moderator, challenge.id, ChallengeDraft(title="Titre du modérateur"))
    assert caught.value.code is ErrorCode.FORBIDDEN
