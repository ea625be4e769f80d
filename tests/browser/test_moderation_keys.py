"""The moderator's keyboard flow in real headless Chromium: from the queue, N takes an item, A then Enter
admits it, N takes the next one, R picks the reason, Tab reaches the message, Ctrl+Enter sends the decision."""

import re

import pytest
from playwright.async_api import Browser, expect

from tests.browser.test_idea_path import _log_in, _seed_demo

pytestmark = pytest.mark.browser

ITEM = re.compile(r"/moderation/elements/(\d+)$")


async def test_a_decision_and_the_next_item_are_a_few_keys_away(live_lab: str, browser: Browser) -> None:
    _seed_demo()
    page = await browser.new_page(locale="fr-BE")
    await _log_in(page, live_lab, "moderateur@colab.example", "demo-colab-2026")
    await page.goto(live_lab + "/moderation")
    before = int((await page.locator("p.count").inner_text()).split()[0])
    assert before >= 2

    # N on the queue page takes the first item
    await page.keyboard.press("n")
    await expect(page).to_have_url(ITEM)
    first = ITEM.search(page.url).group(1)  # type: ignore[union-attr]

    # A ticks "Admettre" and puts the focus on the submit button: Enter decides
    await page.keyboard.press("a")
    await expect(page.get_by_label("Admettre")).to_be_checked()
    await expect(page.get_by_role("button", name="Enregistrer la décision")).to_be_focused()
    await page.keyboard.press("Enter")
    await expect(page.get_by_text("Décision enregistrée pour")).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/moderation$"))

    # N again: the next item, one key away
    await page.keyboard.press("n")
    await expect(page).to_have_url(ITEM)
    assert ITEM.search(page.url).group(1) != first  # type: ignore[union-attr]

    # R ticks "Refuser" and focuses the reason; a key picks one, Tab reaches the message, Ctrl+Enter sends
    await page.keyboard.press("r")
    await expect(page.get_by_label("Refuser")).to_be_checked()
    reason = page.get_by_label(re.compile("^Motif"))
    await expect(reason).to_be_focused()
    await page.keyboard.press("ArrowDown")
    await expect(reason).not_to_have_value("")
    await page.keyboard.press("Tab")
    message = page.get_by_label(re.compile("^Message à l'auteur"))
    await expect(message).to_be_focused()
    await page.keyboard.type("Cette idée existe déjà dans le lab.")
    await page.keyboard.press("Control+Enter")
    await expect(page.get_by_text("Décision enregistrée pour")).to_be_visible()
    await expect(page.locator("p.count")).to_contain_text(f"{before - 2} élément")
