"""Reports and appeals on the pages: the "Signaler" form, the page of hidden content, the author's appeal."""

import httpx

from colab.challenges.models import Challenge
from moderation.appeals import APPEAL
from moderation.models import Appeal, ContentReport, Decision, ReportedContent, ReportReason, ReviewItem
from moderation.reports import REPORT, report_content
from tests.conftest import actor_of, make_challenge, make_user
from tests.ideas.factories import item_of, make_moderator, submitted_idea
from tests.moderation.factories import decided, established
from tests.web.conftest import log_in, post_form


def _unescape(text: str) -> str:
    return text.replace("&#39;", "'").replace("&amp;", "&")


async def _hide(challenge: Challenge, n: int = 3) -> None:
    for i in range(n):
        reporter = actor_of(await established(f"Signaleur {i}"))
        await report_content(reporter, "CHALLENGE", challenge.id, ReportReason.SPAM)


async def test_a_challenge_page_offers_the_report_form_to_signed_in_people_only(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    page = f"/defis/{challenge.id}"
    assert "pour signaler ce contenu" in (await web.get(page)).text
    await log_in(web, await make_user())
    shown = (await web.get(page)).text
    assert "Signaler ce contenu" in shown and 'action="/signaler"' in shown
    author = await Challenge.get(id=challenge.id).prefetch_related("author")
    await web.post("/deconnexion")
    await log_in(web, author.author)
    assert 'action="/signaler"' not in (await web.get(page)).text


async def test_reporting_from_the_page_records_it_once(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    page = f"/defis/{challenge.id}"
    await log_in(web, await make_user())
    given = {"kind": "CHALLENGE", "subject_id": challenge.id, "reason": "OFFENSIVE", "text": "Insultant."}
    first = await post_form(web, "/signaler", given, form_page=page)
    assert (first.status_code, first.headers["location"]) == (303, page)
    assert "votre signalement est transmis aux modérateurs" in _unescape((await web.get(page)).text)
    await post_form(web, "/signaler", given, form_page=page)
    assert "Vous avez déjà signalé ce contenu." in _unescape((await web.get(page)).text)
    assert await ContentReport.all().count() == 1


async def test_hidden_content_says_it_is_under_review_and_who_hid_it(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge(title="Un défi très signalé")
    await _hide(challenge)
    page = await web.get(f"/defis/{challenge.id}")
    text = _unescape(page.text)
    assert page.status_code == 200
    assert "Un défi très signalé" in text and "la règle automatique l'a masqué" in text
    assert "Un défi très signalé" not in _unescape((await web.get("/defis")).text)
    case = await ReportedContent.get(subject_id=challenge.id)
    moderator = actor_of(await make_moderator())
    await decided(moderator, await ReviewItem.get(kind=REPORT, subject_id=case.id), Decision.REJECT)
    assert "retiré par la modération" in _unescape((await web.get(f"/defis/{challenge.id}")).text)


async def test_the_author_of_removed_content_appeals_from_its_page(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    await _hide(challenge)
    case = await ReportedContent.get(subject_id=challenge.id)
    item = await ReviewItem.get(kind=REPORT, subject_id=case.id)
    await decided(actor_of(await make_moderator()), item, Decision.REJECT)
    author = await Challenge.get(id=challenge.id).prefetch_related("author")
    await log_in(web, author.author)
    page = f"/defis/{challenge.id}"
    assert 'action="/appel"' in (await web.get(page)).text
    given = {"kind": "CHALLENGE", "subject_id": challenge.id, "message": "À tort."}
    sent = await post_form(web, "/appel", given, page)
    assert sent.status_code == 303
    appeal = await Appeal.get(kind=REPORT, subject_id=case.id)
    assert await ReviewItem.exists(kind=APPEAL, subject_id=appeal.id)
    again = _unescape((await web.get(page)).text)
    assert "Votre appel est enregistré" in again and 'action="/appel"' not in again


async def test_the_author_of_a_rejected_idea_appeals_from_its_page(web: httpx.AsyncClient) -> None:
    author = await make_user()
    idea = await submitted_idea(author)
    await decided(actor_of(await make_moderator()), await item_of(idea), Decision.REJECT)
    await log_in(web, author)
    page = f"/idees/{idea.id}"
    assert 'action="/appel"' in (await web.get(page)).text
    await post_form(web, "/appel", {"kind": "IDEA", "subject_id": idea.id, "message": "Relisez-la."}, page)
    assert await Appeal.exists(kind="IDEA", subject_id=idea.id)


async def test_bad_report_forms_are_turned_away(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge()
    page = f"/defis/{challenge.id}"
    await log_in(web, await make_user())
    unknown = await post_form(web, "/signaler", {"kind": "NOPE", "subject_id": "1", "reason": "SPAM"}, page)
    assert unknown.status_code == 303 and unknown.headers["location"] == "/"
    huge = await post_form(web, "/signaler", {"kind": "CHALLENGE", "subject_id": "9" * 30, "reason": "SPAM"}, page)
    assert huge.status_code == 303
    no_reason = await post_form(web, "/signaler", {"kind": "CHALLENGE", "subject_id": challenge.id}, page)
    assert no_reason.headers["location"] == page
    assert await ContentReport.all().count() == 0


async def test_a_moderator_reads_a_report_with_its_reasons_and_its_own_decision_words(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge(title="Un défi signalé")
    await _hide(challenge)
    case = await ReportedContent.get(subject_id=challenge.id)
    item = await ReviewItem.get(kind=REPORT, subject_id=case.id)
    moderator = await make_moderator()
    await log_in(web, moderator)
    queue = _unescape((await web.get("/moderation?type=REPORT")).text)
    assert "Un défi signalé" in queue and "Signalements" in queue
    await post_form(web, f"/moderation/elements/{item.id}/prendre", {}, form_page="/moderation")
    page = _unescape((await web.get(f"/moderation/elements/{item.id}")).text)
    assert "Rétablir le contenu" in page and "Retirer le contenu" in page
    assert "Spam ou publicité (3)" in page and "Masqué par la règle automatique" in page
    item_page = f"/moderation/elements/{item.id}"
    decided_now = await post_form(web, f"{item_page}/decision", {"decision": "ADMIT"}, form_page=item_page)
    assert decided_now.status_code == 303
    restored = _unescape((await web.get(f"/defis/{challenge.id}")).text)
    assert "Un défi signalé" in restored and "la règle automatique" not in restored
