"""A project's page in real headless Chromium: the holder edits the story and uploads a cover, a visitor follows
the project, the holder posts news, and the visitor is told and reads it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page, expect

from colab.demo import DEMO_PASSWORD
from colab.projects.demo import PROJECT_TITLE
from tests.test_images import gps_jpeg

pytestmark = pytest.mark.browser
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

STORY = (
    "La commune nous prête un garage à Jambes pour la camionnette.\n\n"
    "Nous cherchons encore deux mécaniciens bénévoles pour les tournées du samedi."
)
NEWS = "Première tournée à Wépion ce samedi"


def _seed_demo() -> None:
    env = {**os.environ, "DATABASE_URL": os.environ["COLAB_LIVE_DATABASE_URL"]}
    done = subprocess.run([sys.executable, "-m", "colab.cli", "seed-demo"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def _violations(page: Page, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        await page.goto(path)
        results = await Axe().run(page, options=WCAG)
        found[path] = [f"{v['id']}: {[n['html'] for n in v['nodes']][:2]}" for v in results.response["violations"]]
    return {path: v for path, v in found.items() if v}


async def _log_in(page: Page, base: str, email: str, password: str) -> None:
    await page.goto(base + "/connexion")
    await page.get_by_label("Adresse e-mail").fill(email)
    await page.get_by_label("Mot de passe").fill(password)
    await page.get_by_role("button", name="Se connecter").click()


async def test_edit_the_page_follow_and_read_the_news(live_lab: str, browser: Browser, tmp_path: Path) -> None:
    _seed_demo()
    photo = tmp_path / "photo-avec-gps.jpg"
    photo.write_bytes(gps_jpeg())

    # given the holder of the demo project, on its page
    holder = await browser.new_page(locale="fr-BE")
    await _log_in(holder, live_lab, "citoyen@colab.example", DEMO_PASSWORD)
    await holder.goto(live_lab + "/projets")
    await holder.get_by_role("link", name=PROJECT_TITLE).click()

    # when she edits the story and uploads a cover, forgetting its alt text first
    await holder.get_by_role("link", name="Modifier la page").click()
    await holder.get_by_label("L'histoire du projet").fill(STORY)
    await holder.get_by_label("Remplacer l'image").set_input_files(str(photo))
    await holder.get_by_label("Texte alternatif").fill("")
    await holder.get_by_role("button", name="Enregistrer").click()
    await expect(holder.get_by_role("alert")).to_contain_text("texte alternatif")
    await holder.get_by_label("Remplacer l'image").set_input_files(str(photo))
    await holder.get_by_label("Texte alternatif").fill("La camionnette-atelier devant son garage")
    await holder.get_by_role("button", name="Enregistrer").click()

    # then the page tells the new story under the new cover, which the browser decodes
    await expect(holder.get_by_text("La page du projet est mise à jour.")).to_be_visible()
    await expect(holder.get_by_text("deux mécaniciens bénévoles")).to_be_visible()
    cover = holder.get_by_role("img", name="La camionnette-atelier devant son garage")
    await expect(cover).to_be_visible()
    assert await cover.evaluate("img => img.complete && img.naturalWidth > 0")

    # when a newcomer signs up and follows the project
    visitor = await (await browser.new_context(locale="fr-BE")).new_page()
    await visitor.goto(live_lab + "/inscription")
    await visitor.get_by_label("Nom affiché").fill("Nora Visiteuse")
    await visitor.get_by_label("Adresse e-mail").fill("nora@exemple.be")
    await visitor.get_by_label("Mot de passe").fill("un-mot-de-passe-long")
    await visitor.get_by_role("button", name="Créer mon compte").click()
    await visitor.goto(live_lab + "/projets")
    await visitor.get_by_role("link", name=PROJECT_TITLE).click()
    await visitor.get_by_role("button", name="Suivre ce projet").click()
    await expect(visitor.get_by_text("3 personnes suivent ce projet")).to_be_visible()
    await expect(visitor.get_by_role("button", name="Ne plus suivre")).to_be_visible()

    # and the holder posts news
    await holder.get_by_role("link", name="Publier une nouvelle").first.click()
    await holder.get_by_label("Titre").fill(NEWS)
    await holder.get_by_label("Texte").fill("Rendez-vous sur la place à 10 heures avec vos vélos.")
    await holder.get_by_role("button", name="Publier").click()
    await expect(holder.get_by_role("heading", name=NEWS, level=1)).to_be_visible()

    # then the visitor is told, opens the notification and reads the news; it is on the project page too
    await visitor.goto(live_lab + "/notifications")
    await visitor.get_by_role("button", name=f"Nouvelle du projet « {PROJECT_TITLE} » : « {NEWS} »").click()
    await expect(visitor.get_by_role("heading", name=NEWS, level=1)).to_be_visible()
    await expect(visitor.get_by_text("Rendez-vous sur la place à 10 heures")).to_be_visible()
    await visitor.get_by_role("link", name=PROJECT_TITLE).first.click()
    await expect(visitor.get_by_role("region", name="Dernière nouvelle")).to_contain_text(NEWS)
    await visitor.get_by_role("link", name="Projets suivis").first.click()
    await expect(visitor.get_by_role("heading", name=PROJECT_TITLE)).to_be_visible()

    # and every page of this path passes axe's WCAG 2.1 AA rules, for the leads and for a follower
    project_page = holder.url.split("/nouvelles/")[0]
    leads = [project_page, project_page + "/modifier", project_page + "/nouvelles", project_page + "/nouvelles/publier"]
    assert await _violations(holder, leads) == {}
    assert await _violations(visitor, [project_page, live_lab + "/compte/suivis", holder.url]) == {}
