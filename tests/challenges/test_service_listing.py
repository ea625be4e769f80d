"""Reading challenges: the public list (order, filters, search, pages), who sees pending ones, themes in one query."""

from __future__ import annotations

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS, Actor, Role
from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.challenges.service import (
    ChallengeFilter,
    ChallengeOrder,
    close_challenge,
    find_challenge,
    get_challenge,
    list_challenges,
    themes_by_challenge,
)
from colab.errors import ColabError, ErrorCode
from colab.organizations.models import MembershipRole
from colab.validation import utcnow
from tests.conftest import SQLCounter, actor_of, make_challenge, make_org, make_user, territory, theme


async def _titles(filters: ChallengeFilter, actor: Actor = ANONYMOUS, **page: int) -> list[str]:
    items, _ = await list_challenges(actor, filters, **page)
    return [c.title for c in items]


async def _in(nis: str, title: str) -> Challenge:
    return await make_challenge(title=title, territory_id=(await territory(nis)).id)


async def test_the_list_shows_the_newest_first(db: None) -> None:
    for title in ("Premier défi", "Deuxième défi", "Troisième défi"):
        await make_challenge(title=title)
    assert await _titles(ChallengeFilter()) == ["Troisième défi", "Deuxième défi", "Premier défi"]


async def test_the_list_can_show_the_ideas_closing_soonest_first(db: None) -> None:
    for title, days in (("Dans dix jours", 10), ("Dans trois jours", 3), ("Dans vingt jours", 20)):
        await make_challenge(title=title, ideas_open_until=utcnow() + timedelta(days=days))
    assert await _titles(ChallengeFilter(order=ChallengeOrder.CLOSING_SOON)) == [
        "Dans trois jours",
        "Dans dix jours",
        "Dans vingt jours",
    ]


async def test_filtering_by_a_province_includes_its_communes(db: None) -> None:
    await _in("92094", "À Namur")
    await _in("90000", "Toute la province de Namur")
    await _in("62063", "À Liège")
    await _in("03000", "Toute la Wallonie")
    province = await territory("90000")
    assert sorted(await _titles(ChallengeFilter(territory_id=province.id))) == ["Toute la province de Namur", "À Namur"]


async def test_filtering_by_the_region_includes_everything(db: None) -> None:
    for nis, title in (("92094", "À Namur"), ("62063", "À Liège"), ("52011", "À Charleroi"), ("03000", "Partout")):
        await _in(nis, title)
    region = await territory("03000")
    assert len(await _titles(ChallengeFilter(territory_id=region.id))) == 4


async def test_filtering_by_a_commune_keeps_that_commune_only(db: None) -> None:
    await _in("52011", "À Charleroi")
    await _in("92094", "À Namur")
    await _in("50000", "Tout le Hainaut")
    charleroi = await territory("52011")
    assert await _titles(ChallengeFilter(territory_id=charleroi.id)) == ["À Charleroi"]


async def test_filtering_by_an_unknown_territory_finds_nothing(db: None) -> None:
    await _in("92094", "À Namur")
    assert await _titles(ChallengeFilter(territory_id=999_999)) == []


async def test_filtering_by_theme(db: None) -> None:
    energy, sport = await theme("energie"), await theme("sport")
    await make_challenge(title="Du sport", theme_ids=[sport.id])
    await make_challenge(title="Sport et énergie", theme_ids=[sport.id, energy.id])
    await make_challenge(title="De l'énergie", theme_ids=[energy.id])
    items, total = await list_challenges(ANONYMOUS, ChallengeFilter(theme_id=energy.id))
    assert (sorted(c.title for c in items), total) == (["De l'énergie", "Sport et énergie"], 2)


async def test_filtering_by_need(db: None) -> None:
    await make_challenge(title="Il faut des fonds", needs=[Need.FUNDS, Need.TEAM])
    await make_challenge(title="Il faut des bras", needs=[Need.HANDS])
    assert await _titles(ChallengeFilter(need=Need.FUNDS)) == ["Il faut des fonds"]
    assert await _titles(ChallengeFilter(need=Need.HANDS)) == ["Il faut des bras"]
    assert await _titles(ChallengeFilter(need=Need.ADVICE)) == []


async def test_filtering_by_organization(db: None) -> None:
    org = await make_org()
    await make_challenge(org=org, title="Le défi de l'organisation")
    await make_challenge(title="Un autre défi")
    assert await _titles(ChallengeFilter(organization_id=org.id)) == ["Le défi de l'organisation"]


@pytest.mark.parametrize("search", ["energie", "ÉNERGIE", "Énergie", "  renouvelable   energie "])
async def test_text_search_ignores_case_and_accents(db: None, search: str) -> None:
    await make_challenge(title="Transition Énergie renouvelable")
    await make_challenge(title="Des vélos partout")
    assert await _titles(ChallengeFilter(search=search)) == ["Transition Énergie renouvelable"]


async def test_text_search_looks_in_the_summary_and_body(db: None) -> None:
    await make_challenge(title="Un premier défi", summary="Résumé qui parle de compostage collectif.")
    await make_challenge(title="Un second défi", body="<p>Le corps parle de <strong>Ruchers</strong> urbains.</p>")
    assert await _titles(ChallengeFilter(search="compostage")) == ["Un premier défi"]
    assert await _titles(ChallengeFilter(search="ruchers")) == ["Un second défi"]


async def test_text_search_needs_every_word(db: None) -> None:
    await make_challenge(title="Énergie à Namur")
    await make_challenge(title="Énergie à Liège")
    assert await _titles(ChallengeFilter(search="energie liege")) == ["Énergie à Liège"]


@pytest.mark.parametrize("search", ["%", "_", "\\"])
async def test_text_search_treats_wildcards_literally(db: None, search: str) -> None:
    await make_challenge(title="Un défi ordinaire")
    assert await _titles(ChallengeFilter(search=search)) == []


async def test_filtering_by_open_idea_window(db: None) -> None:
    await make_challenge(title="Encore ouvert")
    ended = await make_challenge(title="Fenêtre passée")
    await Challenge.filter(id=ended.id).update(ideas_open_until=utcnow() - timedelta(days=1))
    assert await _titles(ChallengeFilter(accepting_ideas=True)) == ["Encore ouvert"]
    assert await _titles(ChallengeFilter(accepting_ideas=False)) == ["Fenêtre passée"]
    assert len(await _titles(ChallengeFilter())) == 2


async def test_pages_come_with_the_total(db: None) -> None:
    for n in range(5):
        await make_challenge(title=f"Défi numéro {n}")
    items, total = await list_challenges(ANONYMOUS, ChallengeFilter(), offset=2, limit=2)
    assert ([c.title for c in items], total) == (["Défi numéro 2", "Défi numéro 1"], 5)
    last, total = await list_challenges(ANONYMOUS, ChallengeFilter(), offset=4, limit=2)
    assert ([c.title for c in last], total) == (["Défi numéro 0"], 5)


async def test_closed_challenges_leave_the_default_list(db: None) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    await make_challenge(org=org, title="Toujours ouvert")
    closed = await make_challenge(org=org, title="Déjà clôturé")
    await close_challenge(actor_of(manager), closed.id)
    assert await _titles(ChallengeFilter()) == ["Toujours ouvert"]
    assert await _titles(ChallengeFilter(status=ChallengeStatus.CLOSED)) == ["Déjà clôturé"]
    assert await _titles(ChallengeFilter(include_closed=True)) == ["Déjà clôturé", "Toujours ouvert"]


async def test_pending_challenges_are_not_listed_for_the_public(db: None) -> None:
    member = await make_user()
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    await make_challenge(org=org, author=member, title="En attente de revue")
    await make_challenge(title="Publié")
    pending = ChallengeFilter(status=ChallengeStatus.PENDING_REVIEW)
    assert await _titles(ChallengeFilter()) == ["Publié"]
    assert await _titles(pending) == []
    assert await _titles(pending, actor_of(await make_user())) == []
    assert await _titles(pending, actor_of(member)) == ["En attente de revue"]
    assert await _titles(pending, actor_of(await make_user(role=Role.MODERATOR))) == ["En attente de revue"]


async def test_a_member_lists_the_pending_challenges_of_each_of_their_organizations(db: None) -> None:
    member, colleague = await make_user(), await make_user()
    for name in ("Première", "Seconde"):
        org = await make_org(verified=False, members={member: MembershipRole.MEMBER, colleague: MembershipRole.MANAGER})
        await make_challenge(org=org, author=member, title=f"En attente : {name}")
    await make_challenge(org=await make_org(verified=False), title="En attente ailleurs")
    items, total = await list_challenges(actor_of(member), ChallengeFilter(status=ChallengeStatus.PENDING_REVIEW))
    assert ([c.title for c in items], total) == (["En attente : Seconde", "En attente : Première"], 2)


async def test_a_pending_challenge_is_shown_to_its_members_and_moderators_only(db: None) -> None:
    member = await make_user()
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=member)
    for reader in (member, await make_user(role=Role.MODERATOR), await make_user(role=Role.ADMIN)):
        assert (await get_challenge(actor_of(reader), challenge.id)).id == challenge.id
    for stranger in (ANONYMOUS, actor_of(await make_user())):
        with pytest.raises(ColabError) as caught:
            await get_challenge(stranger, challenge.id)
        assert caught.value.code is ErrorCode.NOT_FOUND
        assert await find_challenge(stranger, challenge.id) is None


async def test_a_published_challenge_is_public(db: None) -> None:
    challenge = await make_challenge()
    assert (await get_challenge(ANONYMOUS, challenge.id)).status is ChallengeStatus.PUBLISHED


async def test_an_unknown_challenge_is_not_found(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await get_challenge(ANONYMOUS, 999_999)
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.field == "challengeId"


async def test_themes_by_challenge_reads_every_challenge_in_one_query(db: None, sql: SQLCounter) -> None:
    slugs = {"sport": "sport", "energie": "energie", "mobilite": "mobilite", "culture": "culture"}
    ids = {slug: (await theme(slug)).id for slug in slugs}
    first = await make_challenge(theme_ids=[ids["sport"], ids["mobilite"], ids["energie"]])
    second = await make_challenge(theme_ids=[ids["culture"]])
    sql.reset()
    themes = await themes_by_challenge([first.id, second.id, 999_999])
    assert sql.count == 1
    assert [t.slug for t in themes[first.id]] == ["mobilite", "energie", "sport"]
    assert [t.slug for t in themes[second.id]] == ["culture"]
    assert themes[999_999] == []


async def test_themes_by_challenge_of_nothing_asks_nothing(db: None, sql: SQLCounter) -> None:
    sql.reset()
    assert await themes_by_challenge([]) == {}
    assert sql.count == 0
