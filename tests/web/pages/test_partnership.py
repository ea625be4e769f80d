"""« Proposer un défi » only for those who act for an organization; the others learn how an institution joins."""

import html

import httpx

from colab.actors import Role
from colab.notifications.models import Notification
from colab.organizations.models import MembershipRole
from colab.partnership.models import PartnershipRequest
from tests.conftest import SQLCounter, make_org, make_user
from tests.web.conftest import csrf, log_in, post_form
from web.pages.notifications import link_of

HEADER_LINK = '<a href="/defis/nouveau"'
REQUEST = {
    "organization_name": "Commune de Gesves",
    "kind": "COMMUNE",
    "contact_name": "Anne Lambert",
    "email": "anne.lambert@gesves.be",
    "message": "Nous aimerions confier au Colab un défi sur la mobilité <script>alert(1)</script>.\n\nMerci !",
}


async def test_the_header_offers_a_challenge_only_to_members_of_an_organization(web: httpx.AsyncClient) -> None:
    assert HEADER_LINK not in (await web.get("/")).text
    citizen = await make_user()
    await log_in(web, citizen)
    assert HEADER_LINK not in (await web.get("/defis")).text
    await make_org(members={citizen: MembershipRole.MEMBER})
    assert HEADER_LINK in (await web.get("/defis")).text


async def test_a_citizen_sent_to_post_a_challenge_finds_the_way_to_join(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    page = await web.get("/defis/nouveau")
    assert page.status_code == 403
    assert 'href="/institutions"' in page.text


async def test_the_footer_and_the_home_page_lead_to_the_institutions_page(web: httpx.AsyncClient) -> None:
    home = await web.get("/")
    assert home.text.count('href="/institutions"') == 2
    page = await web.get("/institutions")
    assert page.status_code == 200
    assert "Votre institution veut rejoindre le Colab ?" in page.text
    assert 'name="csrf_token"' in page.text and 'action="/institutions"' in page.text


async def test_an_institution_writes_and_the_admins_read_it(web: httpx.AsyncClient) -> None:
    admin = await make_user(Role.ADMIN, name="Alice Admin")
    sent = await post_form(web, "/institutions", REQUEST)
    assert (sent.status_code, sent.headers["location"]) == (303, "/institutions")
    assert "Votre demande est transmise" in (await web.get("/institutions")).text
    stored = await PartnershipRequest.get()
    assert stored.message.endswith("mobilité <script>alert(1)</script>.\n\nMerci !")  # plain text, as typed
    notification = await Notification.get(user_id=admin.id)
    assert link_of(notification) == "/institutions/demandes"

    await log_in(web, admin)
    listed = await web.get("/institutions/demandes")
    assert listed.status_code == 200
    assert "Commune de Gesves" in listed.text and 'href="mailto:anne.lambert@gesves.be"' in listed.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listed.text and "<script>alert" not in listed.text
    handled = await post_form(
        web, f"/institutions/demandes/{stored.id}/traitee", {}, form_page="/institutions/demandes"
    )
    assert handled.status_code == 303
    assert (await PartnershipRequest.get(id=stored.id)).handled_at is not None
    assert "Aucune demande à traiter." in (await web.get("/institutions/demandes")).text
    assert "Commune de Gesves" in (await web.get("/institutions/demandes?traitees=1")).text


async def test_only_admins_open_the_requests_page(web: httpx.AsyncClient) -> None:
    anonymous = await web.get("/institutions/demandes")
    assert anonymous.headers["location"] == "/connexion?suivant=/institutions/demandes"
    await log_in(web, await make_user(Role.MODERATOR))
    assert (await web.get("/institutions/demandes")).status_code == 403
    refused = await post_form(web, "/institutions/demandes/1/traitee", {}, form_page="/institutions")
    assert refused.status_code == 403


async def test_the_form_needs_its_csrf_token(web: httpx.AsyncClient) -> None:
    await csrf(web, "/institutions")
    response = await web.post("/institutions", data=REQUEST)
    assert response.status_code == 403
    assert await PartnershipRequest.all().count() == 0


async def test_bad_and_oversized_input_keeps_the_form(web: httpx.AsyncClient) -> None:
    response = await post_form(
        web, "/institutions", {**REQUEST, "email": "x@", "message": "m" * 100_000, "kind": "CASTLE"}
    )
    assert response.status_code == 422
    assert "Le message ne peut dépasser 2000 caractères" in response.text
    assert "Cette adresse e-mail n'est pas valide." in html.unescape(response.text)
    assert 'value="Commune de Gesves"' in response.text
    assert await PartnershipRequest.all().count() == 0


async def test_a_nul_character_in_the_form_is_a_bad_request(web: httpx.AsyncClient) -> None:
    response = await post_form(web, "/institutions", {**REQUEST, "email": "x\x00@gesves.be"})
    assert response.status_code == 400
    assert await PartnershipRequest.all().count() == 0


async def test_a_source_that_writes_too_often_is_told_to_wait(web: httpx.AsyncClient) -> None:
    for n in range(3):
        sent = await post_form(web, "/institutions", {**REQUEST, "email": f"p{n}@gesves.be"})
        assert sent.status_code == 303
    refused = await post_form(web, "/institutions", {**REQUEST, "email": "p9@gesves.be"})
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.text
    assert await PartnershipRequest.all().count() == 3


async def test_the_requests_page_costs_the_same_for_3_or_12_requests(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    admin = await make_user(Role.ADMIN)
    await log_in(web, admin)
    counts = []
    for total in (3, 12):
        await PartnershipRequest.all().delete()
        await PartnershipRequest.bulk_create(
            [
                PartnershipRequest(
                    organization_name=f"Institution {n}",
                    contact_name="A",
                    email=f"{n}@x.be",
                    message="m" * 30,
                    source=f"s{n}",
                )
                for n in range(total)
            ]
        )
        sql.reset()
        page = await web.get("/institutions/demandes")
        assert page.text.count('class="request"') == total
        counts.append(sql.count)
    assert counts[0] == counts[1]
