"""The expertise page of one's account: asking for a credential, seeing its state."""

import httpx

from colab.advice.models import CREDENTIAL_REVIEW_KIND, CredentialStatus, ExpertCredential
from moderation.models import Decision, ReviewItem
from tests.conftest import actor_of, make_user, theme
from tests.ideas.factories import make_moderator
from tests.moderation.factories import decided
from tests.web.conftest import log_in, post_form

EVIDENCE = "Ingénieure en mobilité douce depuis douze ans au service d'une commune."


async def test_anonymous_visitors_are_sent_to_log_in(web: httpx.AsyncClient) -> None:
    page = await web.get("/compte/expertise")
    assert page.status_code == 303 and page.headers["location"].startswith("/connexion")


async def test_a_person_asks_for_a_credential_and_sees_it_granted(web: httpx.AsyncClient) -> None:
    user = await make_user(name="Ingénieure Lambert")
    await log_in(web, user)
    mobility = await theme("mobilite")
    sent = await post_form(web, "/compte/expertise", {"theme": mobility.id, "evidence": EVIDENCE})
    assert sent.status_code == 303
    credential = await ExpertCredential.get(user_id=user.id)
    assert credential.status is CredentialStatus.REQUESTED
    assert "Demande en cours d&#39;examen" in (await web.get("/compte/expertise")).text
    item = await ReviewItem.get(kind=CREDENTIAL_REVIEW_KIND, subject_id=credential.id)
    await decided(actor_of(await make_moderator()), item, Decision.ADMIT)
    text = (await web.get("/compte/expertise")).text
    assert "<td>Mobilité</td>" in text and "<td>Reconnue</td>" in text


async def test_errors_come_back_on_the_form(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    refused = await post_form(web, "/compte/expertise", {"theme": "", "evidence": "Court", "evidence_url": "ftp://x"})
    assert refused.status_code == 400
    assert "Ce thème n&#39;existe pas." in refused.text and "commençant par http:// ou https://" in refused.text
    assert not await ExpertCredential.exists()


async def test_moderators_read_the_request_in_their_queue(web: httpx.AsyncClient) -> None:
    user = await make_user(name="Ingénieure Lambert")
    await log_in(web, user)
    await post_form(web, "/compte/expertise", {"theme": (await theme("mobilite")).id, "evidence": EVIDENCE})
    credential = await ExpertCredential.get(user_id=user.id)
    item = await ReviewItem.get(kind=CREDENTIAL_REVIEW_KIND, subject_id=credential.id)
    moderating = httpx.AsyncClient(transport=web._transport, base_url="http://test")
    async with moderating:
        await log_in(moderating, await make_moderator())
        page = await moderating.get(f"/moderation/elements/{item.id}")
    assert page.status_code == 200
    assert "Expertise « Mobilité » : Ingénieure Lambert" in page.text and "douze ans" in page.text
