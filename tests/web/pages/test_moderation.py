"""Moderation pages: the queue, an item with its decision form and leases, the log; the public transparency page."""

import re
import shutil
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from colab.accounts.models import User
from colab.actors import Role
from colab.ideas.models import Idea, IdeaStatus
from colab.organizations.models import MembershipRole
from colab.projects.models import Project
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import (
    Decision,
    LogAction,
    ModerationLogEntry,
    ReasonCode,
    ReviewItem,
    ReviewStatus,
)
from moderation.queue import claim
from tests.conftest import SQLCounter, actor_of, make_challenge, make_org, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea
from tests.web.conftest import log_in, post_form
from web.pages.transparency import duration_fr, month_fr

LINKS = "<p>Visitez http://a.example http://b.example http://c.example maintenant, c'est important.</p>"


def _unescape(text: str) -> str:
    return text.replace("&#39;", "'").replace("&amp;", "&")


async def _moderator_in(web: httpx.AsyncClient, name: str = "Modératrice Martin") -> User:
    moderator = await make_moderator(name)
    await log_in(web, moderator)
    return moderator


async def test_moderation_pages_send_anonymous_visitors_to_log_in(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    for path in ("/moderation", "/moderation/journal", f"/moderation/elements/{item.id}"):
        response = await web.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == f"/connexion?suivant={path}"


async def test_moderation_pages_are_forbidden_to_citizens(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    await log_in(web, await make_user())
    for path in ("/moderation", "/moderation/journal", f"/moderation/elements/{item.id}"):
        response = await web.get(path)
        assert response.status_code == 403, path
        assert "Réservé aux modérateurs du Colab." in response.text
    for path in ("/moderation/suivant", f"/moderation/elements/{item.id}/prendre"):
        assert (await post_form(web, path, {}, form_page="/defis")).status_code == 403, path
    decided = await post_form(
        web, f"/moderation/elements/{item.id}/decision", {"decision": "ADMIT"}, form_page="/defis"
    )
    assert decided.status_code == 403
    assert (await ReviewItem.get(id=item.id)).claimed_by_id is None


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.ADMIN])
async def test_moderators_and_admins_open_every_moderation_page(web: httpx.AsyncClient, role: Role) -> None:
    item = await item_of(await submitted_idea(title="Une idée à examiner"))
    await log_in(web, await make_user(role))
    for path in ("/moderation", "/moderation/journal", f"/moderation/elements/{item.id}"):
        response = await web.get(path)
        assert response.status_code == 200, path
        assert "Une idée à examiner" in response.text, path


async def test_an_item_id_beyond_any_table_is_not_found(web: httpx.AsyncClient) -> None:
    await _moderator_in(web)
    assert (await web.get("/moderation/elements/99999999999999")).status_code == 404
    assert (await web.get("/moderation/elements/123456")).status_code == 404
    taking = await post_form(web, "/moderation/elements/99999999999999/prendre", {}, form_page="/moderation")
    assert taking.status_code == 404


async def test_the_queue_runs_by_priority_and_filters_by_kind_and_flag(web: httpx.AsyncClient) -> None:
    await submitted_idea(title="Une idée ordinaire")
    await submitted_idea(title="Une idée pleine de liens", body=LINKS)
    author = await make_user(name="Élise Vandenberghe")
    await make_challenge(org=await make_org(verified=False), author=author, title="Un défi à valider")
    await _moderator_in(web)
    page = await web.get("/moderation")
    text = page.text
    assert "3 éléments en attente" in text
    assert text.index("Une idée pleine de liens") < text.index("Une idée ordinaire")
    assert "Nombreux liens" in text and "Nouveau compte" in text
    assert "Élise Vandenberghe" in text
    ideas = (await web.get("/moderation?type=IDEA")).text
    assert "2 éléments en attente" in ideas and "Un défi à valider" not in ideas
    assert '<option value="IDEA" selected>Idées</option>' in ideas
    challenges = (await web.get("/moderation?type=CHALLENGE")).text
    assert "Un défi à valider" in challenges and "Une idée ordinaire" not in challenges
    linked = (await web.get("/moderation?signal=MANY_LINKS")).text
    assert "1 élément en attente" in linked
    assert "Une idée pleine de liens" in linked and "Une idée ordinaire" not in linked
    assert '<option value="MANY_LINKS" selected>Nombreux liens</option>' in linked


async def test_the_queue_pages_by_twenty(web: httpx.AsyncClient) -> None:
    titles = {f"Idée numéro {n:02d}" for n in range(21)}
    for title in titles:
        await submitted_idea(title=title)
    await _moderator_in(web)
    first = await web.get("/moderation?type=IDEA")
    assert "21 éléments en attente · page 1 sur 2" in first.text
    assert 'href="?type=IDEA&amp;page=2"' in first.text
    second = await web.get("/moderation?type=IDEA&page=2")
    on_first = {t for t in titles if f"{t}</a>" in first.text}
    on_second = {t for t in titles if f"{t}</a>" in second.text}
    assert len(on_first) == 20 and len(on_second) == 1 and on_first | on_second == titles


async def test_taking_the_next_item_claims_it_and_opens_it(web: httpx.AsyncClient) -> None:
    await submitted_idea(title="Une idée ordinaire")
    flagged = await item_of(await submitted_idea(title="Une idée pleine de liens", body=LINKS))
    moderator = await _moderator_in(web)
    response = await post_form(web, "/moderation/suivant", {}, form_page="/moderation")
    assert response.status_code == 303
    assert response.headers["location"] == f"/moderation/elements/{flagged.id}"
    assert (await ReviewItem.get(id=flagged.id)).claimed_by_id == moderator.id
    page = await web.get(response.headers["location"])
    assert "Vous examinez cet élément jusqu'à" in page.text
    assert f'action="/moderation/elements/{flagged.id}/decision"' in page.text
    queue = await web.get("/moderation")
    assert _unescape(queue.text).count("Vous examinez « ") == 1


async def test_taking_the_next_item_keeps_the_filters(web: httpx.AsyncClient) -> None:
    await submitted_idea(title="Une idée pleine de liens", body=LINKS)
    challenge = await make_challenge(org=await make_org(verified=False), title="Un défi à valider")
    item = await ReviewItem.get(kind="CHALLENGE", subject_id=challenge.id)
    await _moderator_in(web)
    response = await post_form(web, "/moderation/suivant", {"type": "CHALLENGE"}, form_page="/moderation")
    assert response.headers["location"] == f"/moderation/elements/{item.id}"
    assert 'name="type" value="CHALLENGE"' in (await web.get("/moderation?type=CHALLENGE")).text


async def test_taking_from_an_empty_queue_says_so(web: httpx.AsyncClient) -> None:
    await _moderator_in(web)
    response = await post_form(web, "/moderation/suivant", {}, form_page="/moderation")
    assert response.status_code == 303 and response.headers["location"] == "/moderation"
    page = await web.get("/moderation")
    assert '<p class="flash">La file est vide.</p>' in page.text
    assert "Aucun élément n'attend de décision." in page.text


async def test_the_item_page_shows_the_submission_flags_history_and_similar_ideas(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge(title="Mobilité douce dans la vallée")
    author = await make_user(name="Noé Lambert")
    twin = await submitted_idea(challenge=challenge, title="Un atelier de réparation de vélos partagé")
    idea = await submitted_idea(author, challenge=challenge, body="<p>Un atelier <strong>mobile</strong>.</p>")
    item = await item_of(idea)
    await _moderator_in(web)
    page = await web.get(f"/moderation/elements/{item.id}")
    text = _unescape(page.text)
    assert "<p>Un atelier <strong>mobile</strong>.</p>" in text
    assert f'href="/defis/{challenge.id}">Mobilité douce dans la vallée</a>' in text
    assert "Mobilité" in text and "Bras (bénévoles)" in text and "Namur" in text
    assert "Description très courte" in text and "(+10)" in text
    assert "Noé Lambert</strong>, inscrit·e aujourd'hui" in text
    assert "<dt>Soumissions</dt><dd>1</dd>" in text
    assert f'<a href="/idees/{twin.id}">Un atelier de réparation de vélos partagé</a> — ' in text
    assert "% de similarité" in text
    assert "Personne n'examine cet élément." in text and "Prendre cet élément" in text
    assert f'action="/moderation/elements/{item.id}/decision"' not in text


async def test_the_item_page_lists_the_shortcuts_and_loads_their_script(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    await _moderator_in(web)
    page = await web.get(f"/moderation/elements/{item.id}")
    assert '<script src="http://test/static/moderation.js" defer></script>' in page.text
    assert "Raccourcis : <kbd>A</kbd> admettre puis <kbd>Entrée</kbd>, <kbd>M</kbd> modifications" in page.text
    assert 'id="next-form"' in page.text
    script = await web.get("/static/moderation.js")
    assert script.status_code == 200 and '"REQUEST_CHANGES"' in script.text


async def test_every_moderation_form_field_has_a_label(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    for path in ("/moderation", "/moderation/journal", f"/moderation/elements/{item.id}"):
        page = (await web.get(path)).text
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
        assert ids, path
        assert [i for i in ids if f'for="{i}"' not in page] == [], path


@pytest.mark.browser
async def test_the_shortcuts_choose_a_decision_and_take_the_next_item(web: httpx.AsyncClient) -> None:
    from playwright.async_api import async_playwright

    item = await item_of(await submitted_idea())
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    html = (await web.get(f"/moderation/elements/{item.id}")).text
    script = Path(__file__).parents[3].joinpath("web/static/moderation.js").read_text(encoding="utf-8")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = await browser.new_page()
        await page.route("**/*", lambda route: route.abort())  # the page alone: no stylesheet, no navigation
        await page.set_content(html.replace('<script src="http://test/static/moderation.js" defer></script>', ""))
        await page.add_script_tag(content=script)
        await page.evaluate(
            "document.getElementById('next-form').addEventListener('submit', e => {"
            " e.preventDefault(); window.nextTaken = true; })"
        )

        async def chosen() -> str | None:
            value: str | None = await page.evaluate(
                "document.querySelector('input[name=decision]:checked')?.value ?? null"
            )
            return value

        await page.keyboard.press("a")
        assert await chosen() == "ADMIT"
        assert await page.evaluate("document.activeElement.id") == "decide-submit"  # Enter decides
        await page.keyboard.press("m")
        assert await chosen() == "REQUEST_CHANGES"
        assert await page.evaluate("document.activeElement.id") == "reason"
        await page.evaluate("document.activeElement.blur()")
        await page.keyboard.press("r")
        assert await chosen() == "REJECT"
        assert await page.evaluate("document.activeElement.id") == "reason"
        await page.keyboard.press("a")  # on the reason select: not a shortcut
        assert await chosen() == "REJECT"
        await page.focus("#message")
        await page.keyboard.type("manque")
        assert await chosen() == "REJECT" and await page.input_value("#message") == "manque"
        await page.evaluate("document.activeElement.blur()")
        await page.keyboard.press("Control+m")
        assert await chosen() == "REJECT"
        assert await page.evaluate("window.nextTaken === true") is False
        await page.keyboard.press("n")
        assert await page.evaluate("window.nextTaken === true") is True
        await browser.close()


async def test_the_decision_form_admits_an_idea_and_opens_its_project(web: httpx.AsyncClient) -> None:
    idea = await submitted_idea(title="Un atelier vélo")
    item = await item_of(idea)
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    page = f"/moderation/elements/{item.id}"
    response = await post_form(web, f"{page}/decision", {"decision": "ADMIT", "message": ""}, form_page=page)
    assert response.status_code == 303 and response.headers["location"] == "/moderation"
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.ADMITTED
    assert await Project.exists(idea_id=idea.id)
    decided = await ReviewItem.get(id=item.id)
    assert decided.status is ReviewStatus.DECIDED and decided.decision is Decision.ADMIT
    queue = await web.get("/moderation")
    assert "Décision enregistrée pour « Un atelier vélo » : admettre." in _unescape(queue.text)
    again = await web.get(page)
    assert "Tranché le" in again.text and "par Modératrice Martin" in again.text
    assert f'action="/moderation/elements/{item.id}/decision"' not in again.text


async def test_a_rejection_without_reason_is_refused_and_keeps_the_values(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    page = f"/moderation/elements/{item.id}"
    message = "Cette idée existe déjà <b>ailleurs</b>."
    values: dict[str, object] = {"decision": "REJECT", "reason": "", "message": message}
    response = await post_form(web, f"{page}/decision", values, form_page=page)
    assert response.status_code == 422
    assert '<p class="field-error" id="e-reason">Choisissez un motif.</p>' in response.text
    assert 'value="REJECT" checked' in response.text
    assert "Cette idée existe déjà &lt;b&gt;ailleurs&lt;/b&gt;.</textarea>" in response.text
    assert (await ReviewItem.get(id=item.id)).status is ReviewStatus.PENDING
    assert (await Idea.get(id=item.subject_id)).status is IdeaStatus.SUBMITTED


async def test_asking_for_changes_needs_a_message(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    page = f"/moderation/elements/{item.id}"
    values: dict[str, object] = {"decision": "REQUEST_CHANGES", "reason": "INCOMPLETE", "message": "  "}
    response = await post_form(web, f"{page}/decision", values, form_page=page)
    assert response.status_code == 422
    assert "Expliquez votre décision à l&#39;auteur." in response.text
    assert '<option value="INCOMPLETE" selected>Incomplet</option>' in response.text
    assert (await ReviewItem.get(id=item.id)).status is ReviewStatus.PENDING


async def test_a_decision_after_the_lease_expired_is_refused(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    page = f"/moderation/elements/{item.id}"
    token_page = await web.get(page)
    assert "Enregistrer la décision" in token_page.text
    await ReviewItem.filter(id=item.id).update(lease_expires_at=utcnow() - timedelta(seconds=1))
    response = await post_form(web, f"{page}/decision", {"decision": "ADMIT"}, form_page="/moderation")
    assert response.status_code == 422
    assert "Votre réservation a expiré : reprenez l&#39;élément." in response.text
    assert (await Idea.get(id=item.subject_id)).status is IdeaStatus.SUBMITTED


async def test_the_holder_extends_then_gives_back_the_item(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea())
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    soon = utcnow() + timedelta(minutes=2)
    await ReviewItem.filter(id=item.id).update(lease_expires_at=soon)
    page = f"/moderation/elements/{item.id}"
    renewed = await post_form(web, f"{page}/prolonger", {}, form_page=page)
    assert renewed.status_code == 303 and renewed.headers["location"] == page
    lease = (await ReviewItem.get(id=item.id)).lease_expires_at
    assert lease is not None and lease > soon + timedelta(minutes=12)
    assert "Réservation prolongée jusqu&#39;à" in (await web.get(page)).text
    released = await post_form(web, f"{page}/rendre", {}, form_page=page)
    assert released.status_code == 303 and released.headers["location"] == "/moderation"
    assert (await ReviewItem.get(id=item.id)).claimed_by_id is None
    assert "L&#39;élément est rendu à la file." in (await web.get("/moderation")).text


async def test_a_second_moderator_sees_the_item_taken_and_cannot_claim_it(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea(title="Une idée convoitée"))
    first = await make_moderator("Modérateur Premier")
    held = await claim(actor_of(first), item.id)
    assert held.lease_expires_at is not None
    await _moderator_in(web, "Modératrice Seconde")
    queue = await web.get("/moderation")
    assert "pris par Modérateur Premier jusqu'à" in queue.text
    page = f"/moderation/elements/{item.id}"
    assert "Pris par Modérateur Premier jusqu'à" in (await web.get(page)).text
    response = await post_form(web, f"{page}/prendre", {}, form_page=page)
    assert response.status_code == 303 and response.headers["location"] == page
    assert '<p class="flash">Un autre modérateur examine cet élément.</p>' in (await web.get(page)).text
    assert (await ReviewItem.get(id=item.id)).claimed_by_id == first.id


async def test_a_moderator_cannot_review_their_own_submission(web: httpx.AsyncClient) -> None:
    moderator = await make_moderator()
    item = await item_of(await submitted_idea(moderator))
    await log_in(web, moderator)
    page = f"/moderation/elements/{item.id}"
    shown = await web.get(page)
    assert "vient de vous ou de votre organisation : un autre modérateur doit la trancher." in shown.text
    assert "Prendre cet élément" not in shown.text
    response = await post_form(web, f"{page}/prendre", {}, form_page=page)
    assert response.status_code == 303
    refused = _unescape((await web.get(page)).text)
    assert "Vous ne pouvez pas trancher une proposition de vous-même ou de votre organisation." in refused
    assert (await ReviewItem.get(id=item.id)).claimed_by_id is None


async def test_the_journal_lists_claims_and_decisions(web: httpx.AsyncClient) -> None:
    item = await item_of(await submitted_idea(title="Une idée journalisée"))
    moderator = await _moderator_in(web)
    await claim(actor_of(moderator), item.id)
    page = f"/moderation/elements/{item.id}"
    values: dict[str, object] = {"decision": "REJECT", "reason": "DUPLICATE", "message": "Déjà proposée par un voisin."}
    assert (await post_form(web, f"{page}/decision", values, form_page=page)).status_code == 303
    journal = await web.get("/moderation/journal")
    text = journal.text
    assert "3 entrées" in text
    assert "<td>Prise en charge</td>" in text and "<td>Décision</td>" in text and "<td>Soumission</td>" in text
    assert "<td>Refuser (Doublon)</td>" in text and "Déjà proposée par un voisin." in text
    assert f'href="/moderation/elements/{item.id}">n° {item.id} · Une idée journalisée</a>' in text
    claims = (await web.get("/moderation/journal?action=CLAIMED")).text
    assert "1 entrée" in claims and "<td>Décision</td>" not in claims
    other = await item_of(await submitted_idea())
    only = (await web.get(f"/moderation/journal?element={other.id}")).text
    assert "1 entrée" in only and "<td>Soumission</td>" in only
    assert await ModerationLogEntry.filter(action=LogAction.DECIDED).count() == 1


async def test_transparency_shows_an_empty_state_then_the_month_and_counts(web: httpx.AsyncClient) -> None:
    empty = await web.get("/transparence")
    assert empty.status_code == 200
    assert "Aucune décision de modération n'a encore été prise." in empty.text
    assert "15 minutes" in empty.text
    item = await item_of(await submitted_idea())
    moderator = await make_moderator()
    await claim(actor_of(moderator), item.id)
    await decide_review(actor_of(moderator), item.id, Decision.REJECT, ReasonCode.OFF_TOPIC, "Hors du sujet du défi.")
    page = _unescape((await web.get("/transparence")).text)
    assert month_fr(utcnow().strftime("%Y-%m")) in page
    assert '<td class="number">1</td>\n        <td class="number">0</td>\n        <td class="number">0</td>' in page
    assert "<li>Hors sujet : 1</li>" in page
    assert "moins d'une heure" in page


def test_months_and_waits_read_in_french() -> None:
    assert month_fr("2026-11") == "novembre 2026"
    assert month_fr("2027-02") == "février 2027"
    assert duration_fr(None) == "—"
    assert duration_fr(0.4) == "moins d'une heure"
    assert duration_fr(1.0) == "1 heure"
    assert duration_fr(3.5) == "3,5 heures"
    assert duration_fr(72.0) == "3 jours"
    assert duration_fr(50.4) == "2,1 jours"


async def test_the_queue_costs_the_same_statements_for_5_or_25_items(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    member = await make_user()
    org = await make_org(verified=False, members={member: MembershipRole.MEMBER})
    await make_challenge(org=org, author=member, body=LINKS)  # flagged: stays on the first page
    for n in range(4):
        await submitted_idea(title=f"Premier lot {n}")
    other = await make_moderator("Modérateur Occupé")
    await claim(actor_of(other), (await ReviewItem.filter(kind="IDEA").first()).id)  # type: ignore[union-attr]
    await _moderator_in(web)
    sql.reset()
    five = await web.get("/moderation")
    assert "5 éléments en attente" in five.text and "pris par Modérateur Occupé" in five.text
    small = sql.count
    for n in range(20):
        await submitted_idea(title=f"Second lot {n}")
    sql.reset()
    many = await web.get("/moderation")
    assert "25 éléments en attente" in many.text
    assert sql.count == small, "\n".join(sql.statements)


async def test_the_queue_offers_no_take_button_for_the_moderators_own_organization(web: httpx.AsyncClient) -> None:
    moderator = await _moderator_in(web)
    co_manager = await make_user()
    managers = {moderator: MembershipRole.MANAGER, co_manager: MembershipRole.MANAGER}
    org = await make_org(verified=False, members=managers)
    await make_challenge(org=org, author=co_manager, title="Un défi de notre commune")
    row = (await web.get("/moderation")).text.split("Un défi de notre commune")[1].split("</tr>")[0]
    assert "Votre organisation" in row and "Prendre" not in row
