"""Editing and closing challenges: managers and admins only, only the fields given, never once closed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS, Role
from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.challenges.service import ChallengeDraft, close_challenge, update_challenge
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.organizations.models import MembershipRole
from colab.validation import utcnow
from tests.challenges.conftest import challenge_theme_rows
from tests.conftest import actor_of, make_challenge, make_org, make_user, territory, theme


async def test_a_manager_updates_only_the_fields_given(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    before = await Challenge.get(id=challenge.id).prefetch_related("themes")
    await update_challenge(actor_of(manager), challenge.id, ChallengeDraft(title="Des navettes électriques"))
    after = await Challenge.get(id=challenge.id).prefetch_related("themes")
    assert after.title == "Des navettes électriques"
    assert (after.summary, after.body, after.territory_id, after.needs, after.ideas_open_until) == (
        before.summary,
        before.body,
        before.territory_id,
        before.needs,
        before.ideas_open_until,
    )
    assert [t.id for t in after.themes] == [t.id for t in before.themes]
    assert after.status is ChallengeStatus.PUBLISHED
    assert after.search_text.startswith("navet electr ")  # the new title's search terms
    assert not after.search_text.startswith("velo partag")  # the old title's are gone


async def test_an_update_sanitizes_the_new_body(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    updated = await update_challenge(
        actor_of(manager),
        challenge.id,
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
    assert await challenge_theme_rows() == 2


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


async def test_an_update_moves_the_territory_and_the_idea_window(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org)
    liege = await territory("62063")
    until = (utcnow() + timedelta(days=90)).replace(microsecond=0)
    before = (await Challenge.get(id=challenge.id)).updated_at
    moved = ChallengeDraft(territory_id=liege.id, ideas_open_until=until)
    await update_challenge(actor_of(manager), challenge.id, moved)
    stored = await Challenge.get(id=challenge.id)
    assert (stored.territory_id, stored.ideas_open_until) == (liege.id, until)
    assert stored.updated_at >= before
