"""Reports and appeals in real headless Chromium: a citizen reports a challenge from its page, a moderator
removes it from the queue with the keyboard, the public page says so, and its author appeals."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.browser.test_idea_path import CHALLENGE, _log_in, _seed_demo

pytestmark = pytest.mark.browser


async def test_report_remove_and_appeal(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")

    # a citizen reports the challenge from its page (a <details>: no script needed)
    await _log_in(page, live_lab, "lea@colab.example", "demo-colab-2026")
    await page.goto(live_lab + "/defis")
    await page.get_by_role("link", name=CHALLENGE).click()
    challenge_url = page.url
    await page.get_by_text("Signaler ce contenu").click()
    await page.get_by_label("Spam ou publicité").check()
    await page.get_by_label(re.compile("^Précisions")).fill("Une publicité pour un installateur.")
    await page.get_by_role("button", name="Envoyer le signalement").click()
    await expect(page.get_by_text("votre signalement est transmis aux modérateurs")).to_be_visible()
    await page.get_by_role("button", name="Se déconnecter").click()

    # a moderator takes the report from the queue and removes the content with the keyboard
    await _log_in(page, live_lab, "moderateur@colab.example", "demo-colab-2026")
    await page.goto(live_lab + "/moderation?type=REPORT")
    row = page.get_by_role("row").filter(has_text=CHALLENGE)
    await row.get_by_role("button", name=re.compile("^Prendre")).click()
    await expect(page.get_by_text("Spam ou publicité (1)")).to_be_visible()
    await page.keyboard.press("r")
    await expect(page.get_by_label("Retirer le contenu")).to_be_checked()
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("Tab")
    await page.keyboard.type("Publicité commerciale.")
    await page.keyboard.press("Control+Enter")
    await expect(page.get_by_text("Décision enregistrée pour")).to_be_visible()
    await page.get_by_role("button", name="Se déconnecter").click()

    # the public page says the content was removed
    await page.goto(challenge_url)
    await expect(page.get_by_text("Ce contenu a été retiré par la modération")).to_be_visible()
    await expect(page.get_by_role("link", name=CHALLENGE)).to_have_count(0)

    # its author appeals from the same page
    await _log_in(page, live_lab, "spw@colab.example", "demo-colab-2026")
    await page.goto(challenge_url)
    await page.get_by_label(re.compile("^Pourquoi la décision")).fill("Ce défi n'est pas une publicité.")
    await page.get_by_role("button", name="Envoyer mon appel").click()
    await expect(page.get_by_text("Votre appel est enregistré").first).to_be_visible()
