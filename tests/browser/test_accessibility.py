"""axe-core (WCAG 2.1 A and AA rules: labels, landmarks, contrast, names, language) on every kind of page."""

import os
import subprocess
import sys

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _seed_demo() -> None:
    env = {**os.environ, "DATABASE_URL": os.environ["COLAB_LIVE_DATABASE_URL"]}
    done = subprocess.run([sys.executable, "-m", "colab.cli", "seed-demo"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def _violations(page: Page) -> list[str]:
    results = await Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


async def _log_in(page: Page, base: str, email: str) -> None:
    await page.goto(base + "/connexion")
    await page.get_by_label("Adresse e-mail").fill(email)
    await page.get_by_label("Mot de passe").fill("demo-colab-2026")
    await page.get_by_role("button", name="Se connecter").click()


async def test_pages_have_no_wcag_aa_violations(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page()
    found: dict[str, list[str]] = {}
    for path in (
        "/",
        "/defis",
        "/defis?province=90000&besoin=TEAM",
        "/defis/1",
        "/organisations",
        "/organisations/ville-de-namur",
        "/inscription",
        "/connexion",
        "/projets",
        "/projets/1",
        "/idees/1",
        "/organisations/service-public-de-wallonie/idees",
        "/transparence",
        "/nulle-part",
    ):
        await page.goto(live_lab + path)
        found[path] = await _violations(page)
    # a signed-in manager's form, with its errors shown
    await _log_in(page, live_lab, "namur@colab.example")
    await page.goto(live_lab + "/defis/nouveau")
    await page.get_by_role("button", name="Publier le défi").click()
    found["/defis/nouveau (erreurs)"] = await _violations(page)
    await page.goto(live_lab + "/defis/1/modifier")
    found["/defis/1/modifier"] = await _violations(page)
    await page.get_by_role("button", name="Se déconnecter").click()
    # a citizen's pages: her ideas, the idea form with its errors, her notifications
    await _log_in(page, live_lab, "citoyen@colab.example")
    for path in ("/compte/jetons", "/compte/mot-de-passe", "/mes-idees", "/notifications", "/idees/nouvelle?defi=1"):
        await page.goto(live_lab + path)
        found[path] = await _violations(page)
    await page.get_by_role("button", name="Enregistrer le brouillon").click()
    found["/idees/nouvelle (erreurs)"] = await _violations(page)
    await page.get_by_role("button", name="Se déconnecter").click()
    # a moderator's pages: the queue, an item under decision with its errors, the log
    await _log_in(page, live_lab, "moderateur@colab.example")
    await page.goto(live_lab + "/moderation")
    found["/moderation"] = await _violations(page)
    await page.get_by_role("button", name="Prendre l'élément suivant").first.click()
    found["/moderation/elements (pris)"] = await _violations(page)
    await page.get_by_label("Refuser").check()
    await page.get_by_role("button", name="Enregistrer la décision").click()
    found["/moderation/elements (erreurs)"] = await _violations(page)
    await page.goto(live_lab + "/moderation/journal")
    found["/moderation/journal"] = await _violations(page)
    assert {path: v for path, v in found.items() if v} == {}


async def test_pages_fit_a_phone_screen(live_lab: str, browser: Browser) -> None:
    """At 390 px no page is wider than the screen (wide tables scroll in their own box)."""
    _seed_demo()
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await _log_in(page, live_lab, "moderateur@colab.example")
    wider: dict[str, int] = {}
    for path in (
        "/",
        "/defis",
        "/defis/1",
        "/projets",
        "/projets/1",
        "/moderation",
        "/moderation/journal",
        "/transparence",
    ):
        await page.goto(live_lab + path)
        width = await page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wider[path] = width
    await page.goto(live_lab + "/moderation")
    await page.get_by_role("button", name="Prendre l'élément suivant").first.click()
    await page.wait_for_url("**/moderation/elements/*")
    width = await page.evaluate("document.documentElement.scrollWidth")
    if width > 390:
        wider["/moderation/elements (pris)"] = width
    assert wider == {}
