"""Idea pages: proposing from a form, the idea's page, editing, submitting, withdrawing, my ideas, an organization's."""

import re
from datetime import timedelta
from typing import Any

import httpx

from colab.accounts.models import User
from colab.challenges.models import Challenge
from colab.ideas.models import Idea, IdeaStatus
from colab.ideas.service import withdraw_idea
from colab.organizations.models import Organization
from colab.projects.models import Project
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import Decision, ReasonCode, ReviewItem
from moderation.queue import claim
from tests.conftest import SQLCounter, actor_of, make_challenge, make_org, make_user, territory, theme
from tests.ideas.factories import item_of, make_idea, make_moderator, submitted_idea
from tests.web.conftest import csrf, log_in, post_form

_LONG = "Nous proposons un atelier mobile, animé par des bénévoles formés, qui passe dans chaque village."


async def _form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Un atelier vélo itinérant",
        "summary": "Un atelier mobile qui répare les vélos des habitants chaque semaine.",
        "body": f"{_LONG}\n\nIl nous manque des bras <script>alert(1)</script>.",
        "territory": str((await territory("92094")).id),
        "themes": [str((await theme("mobilite")).id)],
        "needs": ["HANDS", "ADVICE"],
        "action": "draft",
    }
    values.update(overrides)
    return values


async def _decide(idea: Idea, decision: Decision, reason: ReasonCode | None = None, message: str = "") -> None:
    moderator = actor_of(await make_moderator())
    item = await claim(moderator, (await item_of(idea)).id)
    await decide_review(moderator, item.id, decision, reason, message)


async def _admitted(author: User | None = None, challenge: Challenge | None = None, **overrides: Any) -> Idea:
    idea = await submitted_idea(author, challenge, **overrides)
    await _decide(idea, Decision.ADMIT)
    return await Idea.get(id=idea.id)


def _flash(page: httpx.Response) -> list[str]:
    """The page's flash messages, but the greeting of the log-in."""
    found = re.findall(r'<p class="flash">([^<]*)</p>', page.text.replace("&#39;", "'"))
    return [m for m in found if not m.startswith("Bonjour, ")]


async def test_the_challenge_page_offers_to_propose_an_idea_only_while_it_accepts_ideas(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    button = f'<a class="button" href="/idees/nouvelle?defi={challenge.id}">Proposer une idée</a>'
    assert button in (await web.get(f"/defis/{challenge.id}")).text
    await Challenge.filter(id=challenge.id).update(ideas_open_until=utcnow() - timedelta(minutes=1))
    page = await web.get(f"/defis/{challenge.id}")
    assert page.status_code == 200 and button not in page.text


async def test_an_idea_proposed_from_the_challenge_page_is_saved_as_a_draft(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge(title="Des vélos pour la vallée", territory_id=(await territory("91034")).id)
    author = await make_user()
    await log_in(web, author)
    path = f"/idees/nouvelle?defi={challenge.id}"
    form = await web.get(path)
    assert form.status_code == 200
    assert f'En réponse au défi <a href="/defis/{challenge.id}">Des vélos pour la vallée</a>' in form.text
    assert f'<option value="{(await territory("91034")).id}" selected>Dinant</option>' in form.text
    response = await post_form(web, path, await _form(territory=str((await territory("91034")).id)))
    assert response.status_code == 303
    idea = await Idea.get()
    assert response.headers["location"] == f"/idees/{idea.id}"
    assert (idea.status, idea.challenge_id, idea.author_id) == (IdeaStatus.DRAFT, challenge.id, author.id)
    assert idea.title == "Un atelier vélo itinérant" and idea.territory_id == (await territory("91034")).id
    assert [n.value for n in idea.needs] == ["ADVICE", "HANDS"]
    page = await web.get(response.headers["location"])
    assert _flash(page) == ["Votre brouillon est enregistré : soumettez-le aux modérateurs quand il est prêt."]
    assert '<span class="badge closed">Brouillon</span>' in page.text
    assert f'<a href="/defis/{challenge.id}">Des vélos pour la vallée</a>' in page.text
    assert await ReviewItem.all().count() == 0


async def test_a_free_standing_idea_may_pick_an_open_challenge(web: httpx.AsyncClient) -> None:
    open_one = await make_challenge(title="Un défi ouvert")
    over = await make_challenge(title="Un défi terminé")
    await Challenge.filter(id=over.id).update(ideas_open_until=utcnow() - timedelta(minutes=1))
    await log_in(web, await make_user())
    form = await web.get("/idees/nouvelle")
    assert f'<option value="{open_one.id}">Un défi ouvert</option>' in form.text
    assert "Un défi terminé" not in form.text
    await post_form(web, "/idees/nouvelle", await _form(challenge=str(open_one.id)))
    assert (await Idea.get()).challenge_id == open_one.id
    refused = await post_form(web, "/idees/nouvelle", await _form(challenge=str(over.id)))
    assert refused.status_code == 422
    assert "Ce défi n&#39;accepte plus d&#39;idées." in refused.text
    assert await Idea.all().count() == 1


async def test_a_challenge_past_its_window_sends_the_author_back(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    await Challenge.filter(id=challenge.id).update(ideas_open_until=utcnow() - timedelta(minutes=1))
    await log_in(web, await make_user())
    await web.get("/")  # shows the greeting: a second flash before a page is lost (web/session.py)
    response = await web.get(f"/idees/nouvelle?defi={challenge.id}")
    assert (response.status_code, response.headers["location"]) == (303, f"/defis/{challenge.id}")
    assert _flash(await web.get(f"/defis/{challenge.id}")) == ["Ce défi n'accepte plus d'idées."]
    # a form sent after the window closed keeps what was typed
    late = await post_form(web, f"/idees/nouvelle?defi={challenge.id}", await _form(), form_page="/mes-idees")
    assert late.status_code == 422
    assert '<p class="field-error" id="e-challengeId">Ce défi n&#39;accepte plus d&#39;idées.</p>' in late.text
    assert 'value="Un atelier vélo itinérant"' in late.text and await Idea.all().count() == 0
    assert (await web.get("/idees/nouvelle?defi=999999")).status_code == 404


async def test_propose_and_submit_sends_the_idea_to_the_moderators(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    await log_in(web, await make_user())
    path = f"/idees/nouvelle?defi={challenge.id}"
    response = await post_form(web, path, await _form(action="submit"))
    idea = await Idea.get()
    assert (response.status_code, response.headers["location"]) == (303, f"/idees/{idea.id}")
    assert idea.status is IdeaStatus.SUBMITTED
    assert (await item_of(idea)).title == "Un atelier vélo itinérant"
    page = await web.get(f"/idees/{idea.id}")
    assert _flash(page) == ["Votre idée est envoyée aux modérateurs."]
    assert '<span class="badge pending">En cours d&#39;examen</span>' in page.text
    assert "Soumettre aux modérateurs" not in page.text and ">Retirer</button>" in page.text


async def test_a_bad_idea_keeps_every_value_and_saves_nothing(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    values = await _form(title="T" * 121, territory="999999", themes=[], action="submit")
    response = await post_form(web, "/idees/nouvelle", values)
    assert response.status_code == 422
    assert "Le titre ne peut dépasser 120 caractères" in response.text
    assert "Ce territoire n&#39;existe pas." in response.text
    assert "Choisissez au moins un thème." in response.text
    assert "<h2>Le formulaire contient 3 erreurs</h2>" in response.text
    assert f'value="{"T" * 121}"' in response.text and 'aria-invalid="true"' in response.text
    assert "Un atelier mobile qui répare" in response.text
    assert 'value="HANDS" checked' in response.text and 'value="FUNDS" checked' not in response.text
    assert "des bras &lt;script&gt;alert(1)&lt;/script&gt;" in response.text and "<script>" not in response.text
    assert await Idea.all().count() == 0 and await ReviewItem.all().count() == 0


async def test_the_body_is_sanitized(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    response = await post_form(web, "/idees/nouvelle", await _form())
    idea = await Idea.get()
    assert "<script" not in idea.body and f"<p>{_LONG}</p>" in idea.body
    page = await web.get(response.headers["location"])
    assert f"<p>{_LONG}</p>" in page.text and "<script>alert" not in page.text


async def test_every_field_of_the_idea_form_has_a_label(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    page = (await web.get("/idees/nouvelle")).text
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
    assert {"challenge", "title", "summary", "body", "territory"} <= set(ids)
    assert [i for i in ids if f'for="{i}"' not in page] == []
    assert ">Enregistrer le brouillon</button>" in page and ">Enregistrer et soumettre</button>" in page


async def test_the_author_edits_a_draft(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    await log_in(web, author)
    form = await web.get(f"/idees/{idea.id}/modifier")
    assert form.status_code == 200 and 'value="Un atelier de réparation de vélos"' in form.text
    path = f"/idees/{idea.id}/modifier"
    response = await post_form(web, path, await _form(title="Un atelier vélo revu"))
    assert (response.status_code, response.headers["location"]) == (303, f"/idees/{idea.id}")
    assert (await Idea.get(id=idea.id)).title == "Un atelier vélo revu"
    assert _flash(await web.get(f"/idees/{idea.id}")) == ["Votre idée est mise à jour."]
    bad = await post_form(web, path, await _form(summary="court"))
    assert bad.status_code == 422 and 'id="e-summary"' in bad.text
    assert (await Idea.get(id=idea.id)).summary.startswith("Un atelier mobile qui répare")


async def test_a_revision_shows_the_request_and_goes_back_to_the_queue_in_one_step(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await _decide(idea, Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Précisez le budget et les partenaires.")
    await log_in(web, author)
    path = f"/idees/{idea.id}/modifier"
    form = await web.get(path)
    assert "Ce que les modérateurs demandent" in form.text
    assert "<blockquote>Précisez le budget et les partenaires.</blockquote>" in form.text
    assert "motif : Incomplet" in form.text
    assert "Enregistrer et renvoyer aux modérateurs" in form.text
    sent = await post_form(web, path, await _form(title="Un atelier vélo chiffré", action="submit"))
    assert (sent.status_code, sent.headers["location"]) == (303, f"/idees/{idea.id}")
    revised = await Idea.get(id=idea.id)
    assert (revised.title, revised.status) == ("Un atelier vélo chiffré", IdeaStatus.SUBMITTED)
    assert await ReviewItem.filter(subject_id=idea.id, status="PENDING").count() == 1
    assert _flash(await web.get(f"/idees/{idea.id}")) == ["Votre idée est envoyée aux modérateurs."]


async def test_a_draft_has_no_moderators_request(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    await log_in(web, author)
    form = await web.get(f"/idees/{idea.id}/modifier")
    assert "Ce que les modérateurs demandent" not in form.text
    assert "Enregistrer et soumettre aux modérateurs" in form.text


async def test_a_submitted_idea_cannot_be_edited(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await log_in(web, author)
    assert "/modifier" not in (await web.get(f"/idees/{idea.id}")).text
    path = f"/idees/{idea.id}/modifier"
    shown = await web.get(path)
    assert (shown.status_code, shown.headers["location"]) == (303, f"/idees/{idea.id}")
    message = "Impossible de modifier une idée dans l'état « En cours d'examen »."
    assert _flash(await web.get(f"/idees/{idea.id}")) == [message]
    posted = await post_form(web, path, await _form(title="Un titre glissé après coup"), form_page="/mes-idees")
    assert (posted.status_code, posted.headers["location"]) == (303, f"/idees/{idea.id}")
    assert (await Idea.get(id=idea.id)).title == "Un atelier de réparation de vélos"


async def test_the_author_submits_then_withdraws_by_post(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    await log_in(web, author)
    page = f"/idees/{idea.id}"
    submitted = await post_form(web, f"/idees/{idea.id}/soumettre", {}, form_page=page)
    assert (submitted.status_code, submitted.headers["location"]) == (303, page)
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.SUBMITTED
    assert _flash(await web.get(page)) == ["Votre idée est envoyée aux modérateurs."]
    withdrawn = await post_form(web, f"/idees/{idea.id}/retirer", {}, form_page=page)
    assert (withdrawn.status_code, withdrawn.headers["location"]) == (303, page)
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.WITHDRAWN
    after = await web.get(page)
    assert _flash(after) == ["Votre idée est retirée : les modérateurs ne l'examineront pas."]
    assert '<span class="badge closed">Retirée</span>' in after.text and ">Retirer</button>" not in after.text
    again = await post_form(web, f"/idees/{idea.id}/soumettre", {}, form_page=page)
    assert again.status_code == 303
    assert _flash(await web.get(page)) == ["Impossible de soumettre une idée dans l'état « Retirée »."]


async def test_a_post_without_the_csrf_token_is_refused(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await make_idea(author)
    await log_in(web, author)
    for action in ("soumettre", "retirer"):
        response = await web.post(f"/idees/{idea.id}/{action}", data={"csrf_token": "forged"})
        assert response.status_code == 403
        assert "Le formulaire a expiré ou ne vient pas de ce site." in response.text.replace("&#39;", "'")
    creating = await web.post("/idees/nouvelle", data=await _form())
    assert creating.status_code == 403
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.DRAFT and await Idea.all().count() == 1


async def test_someone_elses_draft_does_not_exist_for_others(web: httpx.AsyncClient) -> None:
    idea = await make_idea(await make_user())
    assert (await web.get(f"/idees/{idea.id}")).status_code == 404
    await log_in(web, await make_user(name="Quelqu'un d'autre"))
    page = await web.get(f"/idees/{idea.id}")
    assert page.status_code == 404 and "Page introuvable" in page.text
    assert (await web.get(f"/idees/{idea.id}/modifier")).status_code == 404
    token = await csrf(web, "/mes-idees")
    for action in ("soumettre", "retirer"):
        assert (await web.post(f"/idees/{idea.id}/{action}", data={"csrf_token": token})).status_code == 404
    assert (await Idea.get(id=idea.id)).status is IdeaStatus.DRAFT


async def test_the_public_sees_admitted_ideas_and_moderators_see_submitted_ones(web: httpx.AsyncClient) -> None:
    waiting = await submitted_idea(title="Une idée en attente")
    admitted = await _admitted(await make_user(name="Léa Martin"))
    project = await Project.get(idea_id=admitted.id)
    assert (await web.get(f"/idees/{waiting.id}")).status_code == 404
    page = await web.get(f"/idees/{admitted.id}")
    assert page.status_code == 200
    assert '<span class="badge verified">Admise</span>' in page.text and "Léa Martin" in page.text
    assert f'<a class="button" href="/projets/{project.id}">Voir le projet</a>' in page.text
    assert "Messages des modérateurs" not in page.text and ">Retirer</button>" not in page.text
    await log_in(web, await make_moderator())
    assert (await web.get(f"/idees/{waiting.id}")).status_code == 200
    assert (await web.get(f"/idees/{waiting.id}/modifier")).status_code == 403


async def test_an_id_beyond_any_table_is_not_found(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    for path in (f"/idees/{2**31}", f"/idees/{2**31}/modifier"):
        assert (await web.get(path)).status_code == 404, path
    token = await csrf(web, "/mes-idees")
    assert (await web.post(f"/idees/{2**31}/soumettre", data={"csrf_token": token})).status_code == 404


async def test_anonymous_visitors_are_sent_to_log_in(web: httpx.AsyncClient) -> None:
    for path, target in (
        ("/idees/nouvelle", "/idees/nouvelle"),
        ("/idees/nouvelle?defi=3", "/idees/nouvelle%3Fdefi%3D3"),
        ("/mes-idees", "/mes-idees"),
    ):
        response = await web.get(path)
        assert (response.status_code, response.headers["location"]) == (303, f"/connexion?suivant={target}")
    posted = await post_form(web, "/idees/nouvelle", await _form(), form_page="/connexion")
    assert posted.headers["location"] == "/connexion?suivant=/idees/nouvelle"
    assert await Idea.all().count() == 0


async def test_my_ideas_show_every_state_and_the_moderators_message(web: httpx.AsyncClient) -> None:
    author = await make_user()
    await make_idea(author, title="Mon brouillon")
    sent_back = await submitted_idea(author, title="Une idée à revoir")
    await _decide(sent_back, Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Précisez le budget.")
    withdrawn = await make_idea(author, title="Une idée retirée")
    await withdraw_idea(actor_of(author), withdrawn.id)
    await make_idea(await make_user(), title="L'idée d'une autre")
    await log_in(web, author)
    page = await web.get("/mes-idees")
    assert page.status_code == 200
    text = page.text
    assert "3 idées" in text and "L&#39;idée d&#39;une autre" not in text
    assert f'<a href="/idees/{sent_back.id}">Une idée à revoir</a> <span class="badge pending">Modifications' in text
    assert "Précisez le budget." in text and "motif : Incomplet" in text
    assert '<span class="badge closed">Retirée</span>' in text and '<span class="badge closed">Brouillon</span>' in text
    assert f'href="/idees/{sent_back.id}/modifier"' in text and f'action="/idees/{sent_back.id}/soumettre"' in text
    assert f'href="/idees/{withdrawn.id}/modifier"' not in text
    detail = await web.get(f"/idees/{sent_back.id}")
    assert "Messages des modérateurs" in detail.text and "<strong>Demander des modifications</strong>" in detail.text
    assert "Précisez le budget." in detail.text


async def test_my_ideas_is_empty_at_first(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    page = await web.get("/mes-idees")
    assert "Vous n'avez encore proposé aucune idée." in page.text
    assert '<a href="/idees/nouvelle">Proposez votre première idée</a>' in page.text


async def test_my_ideas_pages_by_twenty(web: httpx.AsyncClient) -> None:
    author = await make_user()
    for n in range(21):
        await make_idea(author, title=f"Idée numéro {n:02d}")
    await log_in(web, author)
    first = await web.get("/mes-idees")
    assert "21 idées · page 1 sur 2" in first.text
    assert "Idée numéro 20" in first.text and "Idée numéro 00" not in first.text
    assert 'href="?page=2"' in first.text
    assert "Idée numéro 00" in (await web.get("/mes-idees?page=2")).text


async def test_my_ideas_cost_the_same_statements_for_5_or_25_ideas(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    author = await make_user()
    challenge = await make_challenge()

    async def add(count: int) -> None:
        for n in range(count):
            idea = await submitted_idea(author, challenge if n % 2 else None, title=f"Idée numéro {n:02d}")
            if n % 2:
                await _decide(idea, Decision.REQUEST_CHANGES, ReasonCode.OTHER, "À revoir.")
            else:
                await _decide(idea, Decision.ADMIT)

    await add(5)
    await log_in(web, author)
    sql.reset()
    assert (await web.get("/mes-idees")).status_code == 200
    five = sql.count
    await add(20)
    sql.reset()
    page = await web.get("/mes-idees")
    assert page.text.count('class="my-idea"') == 20
    assert sql.count == five


async def test_the_challenge_page_lists_its_admitted_ideas(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    idea = await _admitted(await make_user(name="Léa Martin"), challenge, title="Une idée admise")
    await submitted_idea(challenge=challenge, title="Une idée en attente")
    await make_idea(challenge=challenge, title="Un brouillon")
    await _admitted(title="Une idée libre admise")
    project = await Project.get(idea_id=idea.id)
    page = await web.get(f"/defis/{challenge.id}")
    assert "Idées admises (1)" in page.text
    assert f'<a href="/idees/{idea.id}">Une idée admise</a>' in page.text and "Proposée par Léa Martin" in page.text
    assert f'<a href="/projets/{project.id}">Voir le projet</a>' in page.text
    assert "Une idée en attente" not in page.text and "Un brouillon" not in page.text
    assert "Une idée libre admise" not in page.text


async def test_the_challenge_page_costs_the_same_statements_for_1_or_4_ideas(
    web: httpx.AsyncClient, sql: SQLCounter
) -> None:
    challenge = await make_challenge()
    await _admitted(challenge=challenge)
    sql.reset()
    await web.get(f"/defis/{challenge.id}")
    one = sql.count
    for _ in range(3):
        await _admitted(challenge=challenge)
    sql.reset()
    assert "Idées admises (4)" in (await web.get(f"/defis/{challenge.id}")).text
    assert sql.count == one


async def test_an_organization_shows_the_ideas_answering_its_challenges(web: httpx.AsyncClient) -> None:
    org: Organization = await make_org(name="Ville de Dinant")
    first = await make_challenge(org=org, title="Des bancs publics")
    second = await make_challenge(org=org, title="Des fontaines")
    one = await _admitted(challenge=first, title="Des bancs en bois local")
    await _admitted(challenge=second, title="Une fontaine restaurée")
    await _admitted(challenge=await make_challenge(), title="Une idée pour une autre commune")
    await submitted_idea(challenge=first, title="Une idée en attente")
    assert f'href="/organisations/{org.slug}/idees"' in (await web.get(f"/organisations/{org.slug}")).text
    page = await web.get(f"/organisations/{org.slug}/idees")
    assert page.status_code == 200 and "2 idées admises" in page.text
    assert f'en réponse au défi <a href="/defis/{first.id}">Des bancs publics</a>' in page.text
    assert "Une fontaine restaurée" in page.text and f'<a href="/idees/{one.id}">' in page.text
    assert "Une idée pour une autre commune" not in page.text and "Une idée en attente" not in page.text
    project = await Project.get(idea_id=one.id)
    assert f'<a href="/projets/{project.id}">Voir le projet</a>' in page.text
    unknown = await web.get("/organisations/inconnue/idees")
    assert unknown.status_code == 404 and "Page introuvable" in unknown.text


async def test_moderators_see_the_review_rounds_on_the_page_as_in_the_api(web: httpx.AsyncClient) -> None:
    sent_back = await submitted_idea(await make_user(), title="Une idée à revoir")
    await _decide(sent_back, Decision.REQUEST_CHANGES, ReasonCode.INCOMPLETE, "Précisez le budget.")
    await log_in(web, await make_user())
    assert (await web.get(f"/idees/{sent_back.id}")).status_code == 404  # a stranger: not even the idea
    await log_in(web, await make_moderator())
    detail = await web.get(f"/idees/{sent_back.id}")
    assert "Messages des modérateurs" in detail.text and "Précisez le budget." in detail.text
    assert ">Retirer</button>" not in detail.text  # the author's controls stay the author's
