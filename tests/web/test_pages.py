"""Public pages render in French with their landmarks; unknown addresses get the French 404 page."""

import re

import httpx

from colab.organizations.models import MembershipRole
from tests.conftest import make_challenge, make_org, make_user
from tests.web.conftest import csrf, log_in


async def test_home_shows_the_latest_open_challenges(web: httpx.AsyncClient) -> None:
    await make_challenge(title="Un défi tout neuf")
    page = await web.get("/")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert 'href="#contenu"' in page.text and "<main" in page.text and "<nav" in page.text and "<footer" in page.text
    assert "Un défi tout neuf" in page.text
    assert "1 défi ouvert aux idées" in page.text


async def test_organizations_list_and_page(web: httpx.AsyncClient) -> None:
    org = await make_org(name="Ville de Namur")
    await make_org(name="Association En Attente", verified=False)
    await make_challenge(org=org, title="Un défi namurois")
    listing = await web.get("/organisations")
    assert "Ville de Namur" in listing.text and "En cours de vérification" in listing.text
    page = await web.get("/organisations/ville-de-namur")
    assert page.status_code == 200
    assert "Un défi namurois" in page.text and "Vérifiée" in page.text and "Commune" in page.text


async def test_unknown_pages_get_a_french_404(web: httpx.AsyncClient) -> None:
    for path in ("/nulle-part", "/organisations/inconnue", "/defis/999999"):
        response = await web.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable" in response.text


async def test_an_id_beyond_any_table_is_not_found_rather_than_an_error(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user())
    for path in ("/defis/99999999999999", "/defis/99999999999999/modifier"):
        response = await web.get(path)
        assert response.status_code == 404, path
        assert "Page introuvable" in response.text
    token = await csrf(web, "/defis")
    closing = await web.post("/defis/99999999999999/cloturer", data={"csrf_token": token})
    assert closing.status_code == 404


async def test_every_form_field_has_a_label(web: httpx.AsyncClient) -> None:
    for path in ("/inscription", "/connexion", "/defis"):
        page = (await web.get(path)).text
        ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
        assert ids, path
        assert [i for i in ids if f'for="{i}"' not in page] == [], path


async def test_an_organization_shows_its_pending_challenges_to_its_members_only(web: httpx.AsyncClient) -> None:
    member = await make_user()
    org = await make_org(name="Hub En Attente", verified=False, members={member: MembershipRole.MEMBER})
    await make_challenge(org=org, author=member, title="Un défi pas encore validé")
    public = await web.get("/organisations/hub-en-attente")
    assert public.status_code == 200 and "Un défi pas encore validé" not in public.text
    await log_in(web, member)
    own = await web.get("/organisations/hub-en-attente")
    assert "En attente de validation (1)" in own.text and "Un défi pas encore validé" in own.text


async def test_error_pages_keep_the_header_of_the_logged_in_user(web: httpx.AsyncClient) -> None:
    await log_in(web, await make_user(name="Alix Renard"))
    page = await web.get("/nulle-part")
    assert page.status_code == 404
    assert "Connecté·e : <strong>Alix Renard</strong>" in page.text
