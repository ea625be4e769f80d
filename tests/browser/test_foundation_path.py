"""A newcomer's path in real headless Chromium: sign up, get added to an organization, post a challenge, find it."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

pytestmark = pytest.mark.browser


def _colab(*argv: str) -> None:
    """The operator's `colab` command against the live lab's database."""
    env = {**os.environ, "DATABASE_URL": os.environ["COLAB_LIVE_DATABASE_URL"]}
    done = subprocess.run([sys.executable, "-m", "colab.cli", *argv], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def test_sign_up_post_a_challenge_and_find_it(live_lab: str, browser: Browser, tmp_path: Path) -> None:
    page = await browser.new_page(locale="fr-BE")

    # given a newcomer who signs up from the home page
    await page.goto(live_lab + "/")
    await page.get_by_role("link", name="S'inscrire").click()
    await page.get_by_label("Nom affiché").fill("Léa Martin")
    await page.get_by_label("Adresse e-mail").fill("lea@exemple.be")
    await page.get_by_label("Mot de passe").fill("un-mot-de-passe-long")
    await page.get_by_role("button", name="Créer mon compte").click()
    await expect(page.get_by_text("Bienvenue, Léa Martin")).to_be_visible()

    # and an admin who registers her commune and makes her its manager
    _colab("org", "create", "--name", "Ville de Wavre", "--kind", "COMMUNE", "--territory", "25112", "--verified")
    _colab("org", "add-member", "--org", "ville-de-wavre", "--email", "lea@exemple.be", "--role", "MANAGER")

    # when she posts a challenge from the form, making one mistake first
    # (the header offers « Proposer un défi » to members of an organization: she is one from her next page on)
    await page.reload()
    await page.get_by_role("link", name="Proposer un défi").click()
    await page.get_by_label("Titre").fill("Des bancs")
    await page.get_by_role("button", name="Publier le défi").click()
    await expect(page.get_by_role("alert")).to_contain_text("Le résumé est obligatoire.")
    await page.get_by_label("Titre").fill("Des bancs publics dans tous les quartiers de Wavre")
    await page.get_by_label("Résumé").fill("Installer des bancs là où les aînés et les familles en ont besoin.")
    await page.get_by_label("Description").fill(
        "Où manque-t-il des bancs ?\n\nAidez-nous à les repérer et à les installer."
    )
    await page.get_by_label("Territoire concerné").select_option(label="Wavre")
    await page.get_by_label("Logement et aménagement").check()
    await page.get_by_label("Bras (bénévoles)").check()
    await page.get_by_label("Idées acceptées jusqu'au").fill((date.today() + timedelta(days=30)).isoformat())
    await page.get_by_role("button", name="Publier le défi").click()

    # then it is published, and the public finds it by province but not elsewhere
    await expect(page.get_by_text("Votre défi est publié.")).to_be_visible()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Des bancs publics dans tous les quartiers de Wavre"
    )
    challenge_url = page.url
    await page.get_by_role("button", name="Se déconnecter").click()
    await page.goto(live_lab + "/defis")
    await page.get_by_label("Province").select_option(label="Brabant wallon")
    await page.get_by_role("button", name="Filtrer").click()
    await expect(page.get_by_role("link", name="Des bancs publics dans tous les quartiers de Wavre")).to_be_visible()
    await page.get_by_label("Province").select_option(label="Namur")
    await page.get_by_role("button", name="Filtrer").click()
    await expect(page.get_by_text("Aucun défi ne correspond à ces critères.")).to_be_visible()
    await page.goto(challenge_url)
    await expect(page.get_by_text("Wavre, province du Brabant wallon")).to_be_visible()
    await page.screenshot(path=str(tmp_path / "challenge.png"), full_page=True)
