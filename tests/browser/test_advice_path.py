"""Advice in real headless Chromium: a citizen gives advice from the project's needs board, the holder adopts it
through a new update, and the citizen, told by a notification, sees it adopted with the link to the update."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.browser.test_accessibility import _violations
from tests.browser.test_idea_path import _log_in, _seed_demo

pytestmark = pytest.mark.browser

PROJECT = "Un atelier vélo itinérant dans les villages"
ADVICE = "Proposez aux écoles une matinée de réparation avec les élèves de cinquième et sixième."
NEWS = "L'atelier passe aussi dans les écoles"


async def test_an_advice_gets_adopted_through_an_update(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")

    # a citizen gives advice from the project's needs board
    await _log_in(page, live_lab, "lea@colab.example", "demo-colab-2026")
    await page.goto(live_lab + "/projets")
    await page.get_by_role("link", name=PROJECT).first.click()
    await page.get_by_role("link", name="Donner un conseil").click()
    await page.get_by_label("Conseil", exact=True).check()
    await page.get_by_label(re.compile("^Votre texte")).fill(ADVICE)
    await page.get_by_role("button", name="Publier", exact=True).click()
    await expect(page.get_by_text("votre contribution est publiée")).to_be_visible()
    advice_page = page.url.split("#")[0]
    await page.get_by_role("button", name="Se déconnecter").click()

    # the holder adopts it and says what changed in a new update, in the same act
    await _log_in(page, live_lab, "citoyen@colab.example", "demo-colab-2026")
    await page.goto(advice_page)
    mine = page.locator("li.advice").filter(has_text=ADVICE)
    await mine.get_by_label("Adopté par l'équipe", exact=True).check()
    await mine.get_by_label(re.compile("nouvelle à publier maintenant")).fill(NEWS)
    await mine.get_by_label("Ce qui change grâce à ce conseil").fill(
        "Sur le conseil d'une habitante, la camionnette s'arrête un matin par mois dans une école."
    )
    await mine.get_by_role("button", name="Enregistrer la réponse").click()
    await expect(page.get_by_text("La réponse de l'équipe est enregistrée")).to_be_visible()
    await page.get_by_role("button", name="Se déconnecter").click()

    # the citizen is told, and sees the advice adopted with the link to the update
    await _log_in(page, live_lab, "lea@colab.example", "demo-colab-2026")
    await page.goto(live_lab + "/notifications")
    await page.get_by_role("button", name=re.compile(f"a répondu à votre conseil « {ADVICE[:20]}")).click()
    adopted = page.locator("li.advice").filter(has_text=ADVICE)
    await expect(adopted.get_by_text("Adopté par l'équipe")).to_be_visible()
    await adopted.get_by_role("link", name=f"« {NEWS} »").click()
    await expect(page.get_by_role("heading", name=NEWS)).to_be_visible()
    assert re.search(r"/conseils#nouvelle-\d+$", page.url)


async def test_advice_pages_have_no_wcag_aa_violations_and_fit_a_phone(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    found: dict[str, list[str]] = {}
    wider: dict[str, int] = {}

    async def check(name: str) -> None:
        found[name] = await _violations(page)
        width = await page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wider[name] = width

    await page.goto(live_lab + "/projets/1/conseils")
    await check("anonymous")
    # the holder's view: every piece of advice with the team's answer form
    await _log_in(page, live_lab, "citoyen@colab.example", "demo-colab-2026")
    await page.goto(live_lab + "/projets/1/conseils")
    await check("holder")
    await page.get_by_role("button", name="Publier", exact=True).click()
    await check("holder, form with errors")
    await page.goto(live_lab + "/compte/expertise")
    await page.get_by_role("button", name="Envoyer la demande aux modérateurs").click()
    await check("/compte/expertise (erreurs)")
    assert {name: v for name, v in found.items() if v} == {}
    assert wider == {}
