"""The lab's entry gate in real headless Chromium: a newcomer proposes an idea on a challenge, a
moderator admits it from the queue (with the keyboard shortcut), the author is notified and lands
on the project page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

pytestmark = pytest.mark.browser

CHALLENGE = "Des toitures solaires partagées pour les écoles"
IDEA = "Une coopérative d'élèves pour entretenir les panneaux"


def _seed_demo() -> None:
    env = {**os.environ, "DATABASE_URL": os.environ["COLAB_LIVE_DATABASE_URL"]}
    done = subprocess.run([sys.executable, "-m", "colab.cli", "seed-demo"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def _log_in(page: Page, base: str, email: str, password: str) -> None:
    await page.goto(base + "/connexion")
    await page.get_by_label("Adresse e-mail").fill(email)
    await page.get_by_label("Mot de passe").fill(password)
    await page.get_by_role("button", name="Se connecter").click()


async def test_propose_admit_and_find_the_project(live_lab: str, browser: Browser, tmp_path: Path) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")

    # given a newcomer who signs up
    await page.goto(live_lab + "/")
    await page.get_by_role("link", name="S'inscrire").click()
    await page.get_by_label("Nom affiché").fill("Léa Martin")
    await page.get_by_label("Adresse e-mail").fill("lea.martin@exemple.be")
    await page.get_by_label("Mot de passe").fill("un-mot-de-passe-long")
    await page.get_by_role("button", name="Créer mon compte").click()
    await expect(page.get_by_text("Bienvenue, Léa Martin")).to_be_visible()

    # when she answers an open challenge from its page, forgetting the summary first
    await page.get_by_role("link", name="Défis", exact=True).click()
    await page.get_by_role("link", name=CHALLENGE).click()
    await page.get_by_role("link", name="Proposer une idée").last.click()
    await expect(page.get_by_text(CHALLENGE).first).to_be_visible()
    await page.get_by_label("Titre").fill(IDEA)
    await page.get_by_label("Description").fill(
        "Les élèves de rhétorique nettoient et surveillent les panneaux chaque trimestre, encadrés par un "
        "installateur.\n\nIls apprennent un métier et l'école garde un rendement élevé toute l'année."
    )
    await page.get_by_label("Énergie").check()
    await page.get_by_label("Bras (bénévoles)").check()
    await page.get_by_role("button", name="Enregistrer et soumettre").click()
    await expect(page.get_by_role("alert")).to_contain_text("Le résumé est obligatoire.")
    await page.get_by_label("Résumé").fill("Des élèves formés entretiennent les panneaux solaires de leur école.")
    await page.get_by_role("button", name="Enregistrer et soumettre").click()

    # then it waits for the moderators, and she follows it in "my ideas"
    await expect(page.get_by_text("Votre idée est envoyée aux modérateurs.")).to_be_visible()
    await page.get_by_role("banner").get_by_role("link", name="Mes idées").click()
    await expect(page.get_by_text("En cours d'examen").first).to_be_visible()
    await page.get_by_role("button", name="Se déconnecter").click()

    # when a moderator takes it from the queue and admits it with the A shortcut
    await _log_in(page, live_lab, "moderateur@colab.example", "demo-colab-2026")
    await page.get_by_role("link", name="Modération", exact=True).click()
    row = page.get_by_role("row").filter(has_text=IDEA)
    await expect(row).to_contain_text("Nouveau compte")
    await row.get_by_role("button", name=re.compile("^Prendre")).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(IDEA)
    await expect(page.get_by_text("Léa Martin").first).to_be_visible()
    await page.keyboard.press("a")
    await expect(page.get_by_label("Admettre")).to_be_checked()
    await page.get_by_label("Message à l'auteur").fill("Bienvenue dans le lab !")
    await page.get_by_role("button", name="Enregistrer la décision").click()
    await expect(page.get_by_text(f"Décision enregistrée pour « {IDEA} » : admettre.")).to_be_visible()
    await page.get_by_role("button", name="Se déconnecter").click()

    # then the author is told, and the notification leads to her project
    await _log_in(page, live_lab, "lea.martin@exemple.be", "un-mot-de-passe-long")
    notifications = page.get_by_role("link", name=re.compile("^Notifications 1"))
    await expect(notifications).to_be_visible()
    await notifications.click()
    await expect(page.get_by_text("Bienvenue dans le lab !")).to_be_visible()
    await page.get_by_role("button", name=f"Votre idée « {IDEA} » est admise : elle devient un projet.").click()
    await expect(page).to_have_url(re.compile(r"/projets/\d+$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)
    await expect(page.get_by_text("Vous portez ce projet")).to_be_visible()
    await expect(page.get_by_role("link", name=CHALLENGE)).to_be_visible()
    await expect(page.get_by_role("heading", name="Ce dont le projet a besoin")).to_be_visible()
    await page.screenshot(path=str(tmp_path / "project.png"), full_page=True)

    # and the challenge's page lists it among the admitted ideas, for everyone
    await page.get_by_role("button", name="Se déconnecter").click()
    await page.goto(live_lab + "/defis")
    await page.get_by_role("link", name=CHALLENGE).click()
    await expect(page.get_by_role("link", name=IDEA)).to_be_visible()
