"""Challenge pages: list with filters, the challenge page, posting, editing and closing from forms."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from colab.challenges.models import Challenge, ChallengeStatus, Need
from colab.organizations.models import MembershipRole, Organization
from colab.validation import utcnow
from tests.conftest import SQLCounter, make_challenge, make_org, make_user, territory, theme
from tests.web.conftest import log_in, post_form


async def _form(org: Organization, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organization": str(org.id),
        "title": "Des potagers partagés à Liège",
        "summary": "Transformer les friches urbaines en potagers partagés entre voisins.",
        "body": "Nous avons des terrains.\n\nIl nous manque des bras <script>alert(1)</script>.",
        "territory": str((await territory("62063")).id),
        "themes": [str((await theme("alimentation-agriculture")).id)],
        "needs": ["HANDS", "FUNDS"],
        "ideas_open_until": (utcnow() + timedelta(days=40)).date().isoformat(),
    }
    values.update(overrides)
    return values


async def test_the_list_filters_by_province_commune_theme_need_and_text(web: httpx.AsyncClient) -> None:
    culture = (await theme("culture")).id
    await make_challenge(title="Vélos à Namur", territory_id=(await territory("92094")).id)
    await make_challenge(title="Énergie à Dinant", territory_id=(await territory("91034")).id)
    await make_challenge(
        title="Musique à Liège", territory_id=(await territory("62063")).id, theme_ids=[culture], needs=[Need.FUNDS]
    )

    async def titles(query: str) -> set[str]:
        page = await web.get("/defis" + query)
        assert page.status_code == 200
        return {t for t in ("Vélos à Namur", "Énergie à Dinant", "Musique à Liège") if t in page.text}

    assert await titles("") == {"Vélos à Namur", "Énergie à Dinant", "Musique à Liège"}
    assert await titles("?province=90000") == {"Vélos à Namur", "Énergie à Dinant"}
    assert await titles("?province=90000&commune=91034") == {"Énergie à Dinant"}
    assert await titles("?theme=culture") == {"Musique à Liège"}
    assert await titles("?besoin=FUNDS") == {"Musique à Liège"}
    assert await titles("?q=ENERGIE") == {"Énergie à Dinant"}
    assert "2 défis dans la province de Namur" in (await web.get("/defis?province=90000")).text


async def test_the_list_pages_by_twenty_and_keeps_the_filters(web: httpx.AsyncClient) -> None:
    org, author = await make_org(), await make_user()
    for n in range(23):
        await make_challenge(org=org, author=author, title=f"Défi numéro {n:02d}")
    first = await web.get("/defis?besoin=TEAM")
    assert "23 défis" in first.text and "page 1 sur 2" in first.text
    assert "Défi numéro 22" in first.text and "Défi numéro 02" not in first.text
    assert 'href="?besoin=TEAM&amp;page=2"' in first.text
    second = await web.get("/defis?besoin=TEAM&page=2")
    assert "Défi numéro 02" in second.text and "Défi numéro 22" not in second.text


async def test_the_list_costs_the_same_statements_for_5_or_25_challenges(
    web: httpx.AsyncClient, sql: SQLCounter
) -> None:
    org, author = await make_org(), await make_user()
    for n in range(5):
        await make_challenge(org=org, author=author, title=f"Premier lot {n}")
    sql.reset()
    await web.get("/defis")
    five = sql.count
    for n in range(20):
        await make_challenge(org=await make_org(), author=author, title=f"Second lot {n}")
    sql.reset()
    await web.get("/defis")
    assert sql.count == five


async def test_the_challenge_page_shows_the_sanitized_body(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge(
        body='<p>Bonjour <img src=x onerror="alert(1)"> à <em>tous</em> les voisins</p><script>alert(2)</script>'
    )
    page = await web.get(f"/defis/{challenge.id}")
    assert page.status_code == 200
    assert "<p>Bonjour" in page.text and "<em>tous</em>" in page.text
    assert "onerror" not in page.text and "<script" not in page.text and "alert(" not in page.text
    assert "Idées acceptées jusqu&#39;au" in page.text or "Idées acceptées jusqu'au" in page.text


async def test_a_pending_challenge_is_hidden_from_the_public_but_shown_to_members(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=member, title="Un défi en attente")
    public = await web.get(f"/defis/{challenge.id}")
    assert public.status_code == 404
    assert "Page introuvable" in public.text
    await log_in(web, member)
    own = await web.get(f"/defis/{challenge.id}")
    assert own.status_code == 200 and "attend la validation" in own.text


async def test_a_member_posts_a_challenge_from_the_form(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    await log_in(web, member)
    response = await post_form(web, "/defis/nouveau", await _form(org))
    assert response.status_code == 303
    challenge = await Challenge.get()
    assert response.headers["location"] == f"/defis/{challenge.id}"
    assert challenge.status is ChallengeStatus.PUBLISHED
    assert "<script>" not in challenge.body and "<p>Nous avons des terrains.</p>" in challenge.body
    page = await web.get(response.headers["location"])
    assert "Votre défi est publié." in page.text
    assert "Des potagers partagés à Liège" in (await web.get("/defis")).text


async def test_a_bad_post_keeps_every_value_and_writes_nothing(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    await log_in(web, member)
    values = await _form(org, title="T" * 121, territory="999999")
    response = await post_form(web, "/defis/nouveau", values)
    assert response.status_code == 422
    assert "Le titre ne peut dépasser 120 caractères" in response.text
    assert "Ce territoire n&#39;existe pas." in response.text
    assert f'value="{"T" * 121}"' in response.text
    assert "Transformer les friches urbaines" in response.text
    assert f'value="{values["themes"][0]}" checked' in response.text
    assert 'value="HANDS" checked' in response.text
    assert "des bras &lt;script&gt;alert(1)&lt;/script&gt;" in response.text and "<script>" not in response.text
    assert await Challenge.all().count() == 0


async def test_anonymous_visitors_are_sent_to_log_in(web: httpx.AsyncClient) -> None:
    response = await web.get("/defis/nouveau")
    assert response.status_code == 303
    assert response.headers["location"] == "/connexion?suivant=/defis/nouveau"
    challenge = await make_challenge()
    edit = await web.get(f"/defis/{challenge.id}/modifier")
    assert edit.headers["location"] == f"/connexion?suivant=/defis/{challenge.id}/modifier"


async def test_an_anonymous_post_writes_nothing(web: httpx.AsyncClient) -> None:
    org = await make_org()
    response = await post_form(web, "/defis/nouveau", await _form(org), form_page="/connexion")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/connexion?suivant=")
    assert await Challenge.all().count() == 0


async def test_the_post_form_offers_the_member_organizations_and_places(web: httpx.AsyncClient) -> None:
    member = await make_user()
    await make_org(name="Ville de Dinant", members={member: MembershipRole.MEMBER})
    await make_org(name="Une autre commune")
    await log_in(web, member)
    page = await web.get("/defis/nouveau")
    assert page.status_code == 200
    assert ">Ville de Dinant</option>" in page.text and "Une autre commune" not in page.text
    assert '<optgroup label="Communes — Namur">' in page.text and ">Province : Luxembourg</option>" in page.text
    assert "Mobilité" in page.text and "> Bras (bénévoles)</label>" in page.text


async def test_a_date_from_the_form_is_the_end_of_that_day_in_brussels(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    await log_in(web, member)
    await post_form(web, "/defis/nouveau", await _form(org, ideas_open_until="2027-03-15"))
    challenge = await Challenge.get()
    assert challenge.ideas_open_until == datetime(2027, 3, 15, 22, 59, tzinfo=UTC)  # 23:59 in Brussels (CET)
    assert "15 mars 2027" in (await web.get(f"/defis/{challenge.id}")).text


async def test_someone_without_an_organization_is_told_why(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    response = await web.get("/defis/nouveau")
    assert response.status_code == 403
    assert "n'est membre d'aucune organisation" in response.text.replace("&#39;", "'")


async def test_a_plain_member_cannot_edit(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    challenge = await make_challenge(org=org, author=member)
    await log_in(web, member)
    assert (await web.get(f"/defis/{challenge.id}/modifier")).status_code == 403
    assert "Modifier" not in (await web.get(f"/defis/{challenge.id}")).text
    values = await _form(org, title="Un titre détourné")
    response = await post_form(web, f"/defis/{challenge.id}/modifier", values, form_page=f"/defis/{challenge.id}")
    assert response.status_code == 403
    assert "Seuls les gestionnaires" in response.text
    assert (await Challenge.get(id=challenge.id)).title == challenge.title


async def test_a_bad_edit_keeps_the_values_and_changes_nothing(web: httpx.AsyncClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    await log_in(web, manager)
    values = await _form(org, title="T" * 121, summary="Un résumé revu qui reste affiché.")
    response = await post_form(web, f"/defis/{challenge.id}/modifier", values)
    assert response.status_code == 422
    assert "Le titre ne peut dépasser 120 caractères" in response.text
    assert "Un résumé revu qui reste affiché." in response.text
    stored = await Challenge.get(id=challenge.id)
    assert (stored.title, stored.summary) == (challenge.title, challenge.summary)


async def test_a_manager_edits_and_closes(web: httpx.AsyncClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    await log_in(web, manager)
    form = await web.get(f"/defis/{challenge.id}/modifier")
    assert form.status_code == 200 and challenge.title in form.text
    values = await _form(org, title="Un titre revu et corrigé")
    edited = await post_form(web, f"/defis/{challenge.id}/modifier", values)
    assert edited.status_code == 303
    assert (await Challenge.get(id=challenge.id)).title == "Un titre revu et corrigé"
    closed = await post_form(web, f"/defis/{challenge.id}/cloturer", {}, form_page=f"/defis/{challenge.id}")
    assert closed.status_code == 303
    assert (await Challenge.get(id=challenge.id)).status is ChallengeStatus.CLOSED
    page = await web.get(f"/defis/{challenge.id}")
    assert "Le défi est clôturé" in page.text and "Ce défi est clôturé" in page.text
    assert f'href="/defis/{challenge.id}/modifier"' not in page.text


async def test_closing_without_csrf_is_refused(web: httpx.AsyncClient) -> None:
    manager = await make_user()
    org = await make_org(members={manager: MembershipRole.MANAGER})
    challenge = await make_challenge(org=org, author=manager)
    await log_in(web, manager)
    response = await web.post(f"/defis/{challenge.id}/cloturer")
    assert response.status_code == 403
    assert (await Challenge.get(id=challenge.id)).status is ChallengeStatus.PUBLISHED


async def test_the_count_line_names_every_filter(web: httpx.AsyncClient) -> None:
    await make_challenge(title="Vélos à Namur", territory_id=(await territory("92094")).id, needs=[Need.TEAM])
    page = await web.get("/defis?province=90000&theme=mobilite&besoin=TEAM&q=velos")
    assert "1 défi dans la province de Namur · thème Mobilité · besoin : équipe · « velos »" in page.text


async def test_a_body_nested_too_deep_is_refused_on_the_form(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(members={member: MembershipRole.MEMBER})
    await log_in(web, member)
    nested = "<div>" * 15_000 + "Des terrains enfouis." + "</div>" * 15_000
    response = await post_form(web, "/defis/nouveau", await _form(org, body=nested))
    assert response.status_code == 422
    assert "imbrique plus de 20 éléments" in response.text
    assert await Challenge.all().count() == 0
