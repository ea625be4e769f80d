"""The token page in real headless Chromium: make a token (secret shown once), use it, revoke it."""

import json
import os
import subprocess
import sys
import urllib.request

import pytest
from playwright.async_api import Browser, expect

pytestmark = pytest.mark.browser


def _viewer(base: str, token: str) -> dict:
    request = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": "{ viewer { email } }"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _seed_demo() -> None:
    env = {**os.environ, "DATABASE_URL": os.environ["COLAB_LIVE_DATABASE_URL"]}
    done = subprocess.run([sys.executable, "-m", "colab.cli", "seed-demo"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def test_make_use_and_revoke_a_token(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    await page.goto(live_lab + "/connexion")
    await page.get_by_label("Adresse e-mail").fill("citoyen@colab.example")
    await page.get_by_label("Mot de passe").fill("demo-colab-2026")
    await page.get_by_role("button", name="Se connecter").click()

    # given the account page, reached from the header
    await page.get_by_role("link", name="Mon compte").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Vos jetons d'API")

    # when she makes a token for her dashboard
    await page.get_by_role("textbox", name="Nom").fill("Mon tableau de bord")
    await page.get_by_label("Contribution").check()
    await page.get_by_label("Expiration").select_option("90")
    await page.get_by_role("button", name="Créer le jeton").click()

    # then its secret is shown once and works against the API
    secret = await page.get_by_label("Jeton", exact=True).input_value()
    assert secret.startswith("colab_")
    assert _viewer(live_lab, secret)["data"]["viewer"]["email"] == "citoyen@colab.example"
    await page.goto(live_lab + "/compte/jetons")
    await expect(page.get_by_role("cell", name="Mon tableau de bord", exact=True)).to_be_visible()
    assert secret not in await page.content()

    # and once revoked it no longer works
    await page.get_by_role("button", name="Révoquer le jeton « Mon tableau de bord »").click()
    await expect(page.get_by_text("Le jeton est révoqué : il ne fonctionne plus.")).to_be_visible()
    assert _viewer(live_lab, secret)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert blocked == []  # the content security policy blocked nothing the page needs
