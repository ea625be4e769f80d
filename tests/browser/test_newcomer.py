"""What a newcomer tried, in real Chromium: back to the challenge after signing up, the way for an institution
to join (read by an admin), and a description edited as it was typed. Screenshots go to var/screenshots."""

from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.test_accessibility import _log_in, _seed_demo, _violations

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


async def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


async def _sign_up(page: Page, name: str, email: str) -> None:
    await page.get_by_label("Nom affiché").fill(name)
    await page.get_by_label("Adresse e-mail").fill(email)
    await page.get_by_label("Mot de passe").fill("un-mot-de-passe-long")
    await page.get_by_role("button", name="Créer mon compte").click()


async def test_a_visitor_signs_up_from_a_challenge_and_proposes_an_idea(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")
    await page.goto(live_lab + "/defis/1")
    title = await page.locator("h1").inner_text()
    await page.get_by_role("link", name="Proposer une idée").last.click()
    await expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    await page.get_by_role("link", name="S'inscrire").last.click()
    await _sign_up(page, "Nora Petit", "nora@exemple.be")
    await expect(page.get_by_role("heading", name="Proposer une idée")).to_be_visible()
    await expect(page.locator(".notice")).to_contain_text(title)
    assert page.url.endswith("/idees/nouvelle?defi=1")


async def test_an_institution_writes_and_an_admin_reads_it(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")
    await page.goto(live_lab + "/inscription")
    await _sign_up(page, "Anne Lambert", "anne@gesves.be")
    # a citizen's header has no « Proposer un défi »; the footer leads to the institutions' page
    await expect(page.get_by_role("link", name="Proposer un défi")).to_have_count(0)
    await page.get_by_role("link", name="Institutions : rejoindre le Colab").click()
    await page.get_by_role("button", name="Envoyer la demande").click()
    await expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient")
    errors = await _violations(page)
    await page.get_by_label("Nom de l'institution").fill("Commune de Gesves")
    await page.get_by_label("Type d'organisation").select_option("COMMUNE")
    await page.get_by_label("Votre message").fill("Nous aimerions publier un défi sur la mobilité douce.\n\nMerci !")
    await page.get_by_role("button", name="Envoyer la demande").click()
    await expect(page.get_by_text("Votre demande est transmise")).to_be_visible()
    await _shot(page, "institutions-sent")
    await page.get_by_role("button", name="Se déconnecter").click()

    await _log_in(page, live_lab, "admin@colab.example")
    await page.get_by_role("link", name="Notifications").click()
    await page.get_by_role("button", name="Une institution veut rejoindre le Colab : Commune de Gesves").click()
    await expect(page.get_by_role("heading", name="Commune de Gesves")).to_be_visible()
    await expect(page.locator(".request-message")).to_contain_text("la mobilité douce.")
    listed = await _violations(page)
    await _shot(page, "institutions-requests")
    await page.get_by_role("button", name="Marquer comme traitée").click()
    await expect(page.get_by_text("Aucune demande à traiter.")).to_be_visible()
    assert (errors, listed) == ([], [])


async def test_a_manager_edits_a_description_as_it_was_typed(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")
    await _log_in(page, live_lab, "namur@colab.example")
    await page.goto(live_lab + "/defis/1/modifier")
    body = page.get_by_label("Description")
    typed = await body.input_value()
    assert "<p>" not in typed and "\n\n" in typed
    await _shot(page, "challenge-edit")
    await body.fill(typed + "\n\nUn ajout du lundi.")
    await page.get_by_role("button", name="Enregistrer").click()
    await expect(page.get_by_text("Le défi est mis à jour.")).to_be_visible()
    await expect(page.locator(".body p").last).to_have_text("Un ajout du lundi.")
