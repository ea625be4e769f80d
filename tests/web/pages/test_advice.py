"""The advice page: the order, giving advice, replies, "utile", reports, the team's answers, the card; no N+1."""

import httpx

from colab.accounts.models import User
from colab.actors import Actor, ProjectRole
from colab.advice.answers import AdviceAnswer, answer_advice
from colab.advice.credentials import request_credential
from colab.advice.models import CREDENTIAL_REVIEW_KIND, Advice, AdviceKind, AdviceStatus, HelpfulVote
from colab.advice.service import reply_to_advice, vote_helpful
from colab.projects.models import ProjectUpdate
from colab.projects.updates import UpdateDraft
from moderation.models import Decision, ReportReason, ReviewItem
from moderation.reports import ReportRule, report_content
from tests.advice.factories import make_advice
from tests.conftest import SQLCounter, actor_of, make_user, theme
from tests.ideas.factories import make_moderator
from tests.moderation.factories import decided, established
from tests.projects.factories import make_project, team_member
from tests.web.conftest import log_in, post_form


async def test_the_page_shows_open_questions_first_with_replies_votes_and_labels(web: httpx.AsyncClient) -> None:
    project = await make_project()
    expert = await make_user(name="Ingénieure Lambert")
    mobility = (await theme("mobilite")).id
    credential = await request_credential(actor_of(expert), mobility, "Douze ans de mobilité douce à la commune.")
    item = await ReviewItem.get(kind=CREDENTIAL_REVIEW_KIND, subject_id=credential.id)
    await decided(actor_of(await make_moderator()), item, Decision.ADMIT)
    helpful = await make_advice(project, expert, body="<p>Parlez aux TEC <script>alert(1)</script></p>")
    question = await make_advice(project, kind=AdviceKind.QUESTION, body="Quel budget pour la salle ?")
    for i in range(2):
        await vote_helpful(actor_of(await make_user(name=f"Votant {i}")), helpful.id)
    await reply_to_advice(Actor(user_id=project.holder_id), helpful.id, "Merci, nous les appelons.")
    page = await web.get(f"/projets/{project.id}/conseils")
    assert page.status_code == 200
    text = page.text
    assert text.index(f'id="conseil-{question.id}"') < text.index(f'id="conseil-{helpful.id}"')
    assert "Expertise reconnue : Mobilité" in text
    assert "2 personnes ont trouvé cela utile" in text
    assert "Merci, nous les appelons." in text and "<script>alert" not in text
    assert "Connectez-vous</a> pour donner un conseil" in text


async def test_a_citizen_gives_advice_and_errors_come_back_on_the_form(web: httpx.AsyncClient) -> None:
    project = await make_project()
    citizen = await make_user(name="Citoyenne Dubois")
    await log_in(web, citizen)
    page = f"/projets/{project.id}/conseils"
    bad = await post_form(web, f"{page}/donner", {"kind": "RESOURCE", "body": "Un guide", "url": "ftp://x"}, page)
    assert bad.status_code == 400 and "commençant par http:// ou https://" in bad.text
    done = await post_form(web, f"{page}/donner", {"kind": "QUESTION", "body": "Quel horaire pour l'atelier ?"}, page)
    advice = await Advice.get(project_id=project.id)
    assert done.status_code == 303 and done.headers["location"] == f"{page}#conseil-{advice.id}"
    assert advice.kind is AdviceKind.QUESTION and advice.author_id == citizen.id


async def test_votes_replies_and_reports_through_the_forms(web: httpx.AsyncClient) -> None:
    project = await make_project()
    advice = await make_advice(project)
    reader = await established("Lectrice établie")
    await log_in(web, reader)
    page = f"/projets/{project.id}/conseils"
    voted = await post_form(web, f"/conseils/{advice.id}/utile", {}, page)
    assert voted.status_code == 303 and await HelpfulVote.exists(advice_id=advice.id, voter_id=reader.id)
    assert "Retirer mon « utile »" in (await web.get(page)).text
    await post_form(web, f"/conseils/{advice.id}/utile", {"action": "retirer"}, page)
    assert not await HelpfulVote.exists(advice_id=advice.id)
    replied = await post_form(web, f"/conseils/{advice.id}/repondre", {"body": "Je connais la responsable."}, page)
    assert replied.status_code == 303 and await Advice.exists(parent_id=advice.id)
    reply = await Advice.get(parent_id=advice.id)
    deeper = await post_form(web, f"/conseils/{reply.id}/repondre", {"body": "Une réponse à la réponse"}, page)
    assert deeper.status_code == 303
    assert "On répond au conseil d&#39;origine" in (await web.get(page)).text
    reported = await post_form(web, "/signaler", {"kind": "ADVICE", "subject_id": advice.id, "reason": "SPAM"}, page)
    assert reported.headers["location"] == f"{page}#conseil-{advice.id}"


async def test_the_holder_adopts_through_a_new_update_and_the_author_sees_it(web: httpx.AsyncClient) -> None:
    project = await make_project()
    author = await make_user(name="Autrice du conseil")
    advice = await make_advice(project, author)
    await log_in(web, await User.get(id=project.holder_id))
    page = f"/projets/{project.id}/conseils"
    assert "Répondre au nom de l'équipe" in (await web.get(page)).text
    answered = await post_form(
        web,
        f"/conseils/{advice.id}/reponse-equipe",
        {"status": "ADOPTED", "update_title": "Nous changeons de salle", "update_body": "Grâce à un conseil reçu."},
        page,
    )
    assert answered.status_code == 303
    update = await ProjectUpdate.get(project_id=project.id)
    text = (await web.get(page)).text
    assert f'<a href="#nouvelle-{update.id}">« Nous changeons de salle »</a>' in text
    assert f'id="nouvelle-{update.id}"' in text and "Adopté par l&#39;équipe" in text


async def test_a_member_answers_but_posts_no_update_and_outsiders_get_403(web: httpx.AsyncClient) -> None:
    project = await make_project()
    advice = await make_advice(project)
    member = await team_member(project, ProjectRole.MEMBER)
    await log_in(web, member)
    page = f"/projets/{project.id}/conseils"
    text = (await web.get(page)).text
    assert "Répondre au nom de l'équipe" in text and 'name="update_title"' not in text
    declined = await post_form(web, f"/conseils/{advice.id}/reponse-equipe", {"status": "DECLINED"}, page)
    assert declined.status_code == 303
    assert "Dites pourquoi le conseil n&#39;est pas retenu." in (await web.get(page)).text
    outsider = httpx.AsyncClient(transport=web._transport, base_url="http://test")
    async with outsider:
        await log_in(outsider, await make_user(name="Passant"))
        assert "Répondre au nom de l'équipe" not in (await outsider.get(page)).text
        refused = await post_form(outsider, f"/conseils/{advice.id}/reponse-equipe", {"status": "ACKNOWLEDGED"}, page)
        assert refused.status_code == 403


async def test_links_to_advice_lead_to_its_place_and_hidden_advice_says_so(web: httpx.AsyncClient) -> None:
    project = await make_project()
    advice = await make_advice(project)
    found = await web.get(f"/conseils/{advice.id}")
    assert found.status_code == 303
    assert found.headers["location"] == f"/projets/{project.id}/conseils#conseil-{advice.id}"
    rule = ReportRule(threshold=1)
    await report_content(actor_of(await established()), "ADVICE", advice.id, ReportReason.SPAM, rule=rule)
    hidden = await web.get(f"/conseils/{advice.id}")
    assert hidden.status_code == 200 and "en cours d'examen" in hidden.text
    assert f'id="conseil-{advice.id}"' not in (await web.get(f"/projets/{project.id}/conseils")).text
    assert (await web.get("/conseils/999999")).status_code == 404


async def test_the_project_page_shows_the_advice_card(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await make_advice(project, kind=AdviceKind.QUESTION, body="Quel budget pour la salle ?")
    text = (await web.get(f"/projets/{project.id}")).text
    assert "1 conseil reçu · 1 question ouverte" in text
    assert f'href="/projets/{project.id}/conseils">Donner un conseil</a>' in text


async def test_the_page_costs_the_same_whatever_the_number_of_advice(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    small, large = await make_project(), await make_project(title="Un projet très conseillé")
    viewer = await make_user(name="Lectrice")
    for project, count in ((small, 1), (large, 6)):
        for i in range(count):
            advice = await make_advice(project, body=f"Conseil numéro {i} pour ce projet.")
            await reply_to_advice(actor_of(viewer), advice.id, "Une réponse à ce conseil.")
            await vote_helpful(actor_of(viewer), advice.id)
            update = UpdateDraft(f"Nouvelle {i}", "<p>Ce qui change grâce au conseil.</p>")
            await answer_advice(
                Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, new_update=update)
            )
    await log_in(web, viewer)
    sql.reset()
    await web.get(f"/projets/{small.id}/conseils")
    one = sql.count
    sql.reset()
    page = await web.get(f"/projets/{large.id}/conseils")
    assert page.text.count('class="advice"') == 6
    assert sql.count == one


async def test_the_project_activity_tells_of_new_and_adopted_advice(web: httpx.AsyncClient) -> None:
    project = await make_project(title="Un jardin partagé")
    advice = await make_advice(project)
    news = UpdateDraft("Un nouveau potager", "<p>Grâce à un conseil, un nouveau potager.</p>")
    await answer_advice(
        Actor(user_id=project.holder_id), advice.id, AdviceAnswer(AdviceStatus.ADOPTED, new_update=news)
    )
    page = await web.get(f"/projets/{project.id}/activite")
    assert page.status_code == 200
    assert "Le projet « Un jardin partagé » adopte un conseil de la communauté" in page.text
    assert f'href="/conseils/{advice.id}"' in page.text


async def test_the_team_sees_how_to_ask_for_advice_when_none_came(web: httpx.AsyncClient) -> None:
    project = await make_project()
    assert "Pour votre équipe" not in (await web.get(f"/projets/{project.id}")).text
    await log_in(web, await User.get(id=project.holder_id))
    text = (await web.get(f"/projets/{project.id}")).text
    assert "Pour votre équipe : posez une question précise" in text
    assert "Aucun conseil pour l&#39;instant" in text


async def test_an_anonymous_post_leads_to_log_in_then_back_to_the_advice(web: httpx.AsyncClient) -> None:
    project = await make_project()
    advice = await make_advice(project)
    page = f"/projets/{project.id}/conseils"
    # the session's token, from a page showing a form (the advice page shows none to anonymous visitors)
    given = await post_form(web, f"{page}/donner", {"kind": "ADVICE", "body": "Un conseil anonyme."}, "/connexion")
    assert (
        given.status_code == 303 and given.headers["location"] == f"/connexion?suivant=/projets/{project.id}/conseils"
    )
    voted = await post_form(web, f"/conseils/{advice.id}/utile", {}, "/connexion")
    assert voted.headers["location"] == f"/connexion?suivant=/conseils/{advice.id}"
    assert not await Advice.filter(project_id=project.id).exclude(id=advice.id).exists()
