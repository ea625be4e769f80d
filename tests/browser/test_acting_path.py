"""Crowdacting in real headless Chromium: the holder posts a one-place action from the needs board; a volunteer
takes it; another finds it this weekend near Namur, pledges and is waitlisted; the first cancels, the place is
offered (never given silently) and accepted; after the action the holder marks attendance and the hours show
in "Mon engagement"."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from colab.acting.calendar import BRUSSELS
from colab.acting.listing import weekend_window
from colab.validation import utcnow

pytestmark = pytest.mark.browser

PASSWORD = "demo-colab-2026"
ACTION = "Gonflage et réglage des vélos au marché"
#: the action took place: the test moves it into the past, as time would
BACKDATE = """
import asyncio, sys
from datetime import timedelta
from tortoise import Tortoise
from colab.config import load_settings
from colab.db import tortoise_config
from colab.acting.models import VolunteerCall
from colab.validation import utcnow

async def main() -> None:
    await Tortoise.init(config=tortoise_config(load_settings().database_url))
    ago = utcnow() - timedelta(hours=3)
    await VolunteerCall.filter(title=sys.argv[1]).update(starts_at=ago, ends_at=ago + timedelta(hours=2))
    await Tortoise.close_connections()

asyncio.run(main())
"""


def _env() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": os.environ["COLAB_LIVE_DATABASE_URL"]}


def _run(*args: str) -> None:
    done = subprocess.run([sys.executable, *args], env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


async def _person(browser: Browser, base: str, email: str) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(locale="fr-BE")
    page = await context.new_page()
    await page.goto(base + "/connexion")
    await page.get_by_label("Adresse e-mail").fill(email)
    await page.get_by_label("Mot de passe").fill(PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return context, page


async def test_pledge_waitlist_offer_accept_and_attendance(live_lab: str, browser: Browser) -> None:
    _run("-m", "colab.cli", "seed-demo")
    saturday, _ = weekend_window(utcnow())
    start = max(saturday + timedelta(hours=15), utcnow() + timedelta(hours=2)).astimezone(BRUSSELS)

    # the holder posts a one-place action from the project's needs board
    _, holder = await _person(browser, live_lab, "citoyen@colab.example")
    await holder.get_by_role("link", name="Projets", exact=True).click()
    await holder.get_by_role("link", name="Un atelier vélo itinérant dans les villages").click()
    await holder.get_by_role("link", name="Publier un appel à bénévoles").click()
    await holder.get_by_label("Titre de l'action").fill(ACTION)
    await holder.get_by_label("Description").fill("Un stand au marché pour gonfler et régler les vélos des passants.")
    await holder.get_by_label("Commune").select_option(label="Namur")
    await holder.get_by_label("Lieu de rendez-vous").fill("Marché de Namur, place Maurice Servais")
    await holder.get_by_label("Date de l'action").fill(start.date().isoformat())
    await holder.get_by_label("Début", exact=True).fill(f"{start:%H:00}")
    await holder.get_by_label("Fin", exact=True).fill(f"{start + timedelta(hours=1):%H:00}")
    await holder.get_by_label("Nombre de places").fill("1")
    await holder.get_by_role("button", name="Publier l'appel").click()
    await expect(holder.get_by_text("L'appel est publié")).to_be_visible()
    action_url = holder.url

    # a first volunteer takes the only place
    _, lea = await _person(browser, live_lab, "lea@colab.example")
    await lea.goto(action_url)
    await lea.get_by_role("button", name="Je m'engage").click()
    await expect(lea.get_by_text("Vous êtes inscrit·e.")).to_be_visible()

    # a second one looks for something near Namur this weekend, finds it and is waitlisted
    _, samir = await _person(browser, live_lab, "samir@colab.example")
    await samir.get_by_role("link", name="Bénévolat").click()
    await samir.get_by_label("Province").select_option(label="Namur")
    await samir.get_by_label("Quand").select_option(label="Ce week-end")
    await samir.get_by_role("button", name="Filtrer").click()
    await samir.get_by_role("link", name=ACTION).click()
    await samir.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    await expect(samir.get_by_text("en position 1")).to_be_visible()

    # the first cancels: the place is offered to the second, who accepts it
    await lea.reload()
    await lea.get_by_role("button", name="Je ne peux plus venir").click()
    await expect(lea.get_by_text("Votre inscription est annulée.")).to_be_visible()
    await samir.reload()
    await expect(samir.get_by_text("Une place s'est libérée pour vous !")).to_be_visible()
    await samir.get_by_role("button", name="J'accepte la place").click()
    await expect(samir.get_by_text("La place est à vous")).to_be_visible()

    # after the action, the holder marks attendance and the hours count for the volunteer
    _run("-c", BACKDATE, ACTION)
    await holder.goto(action_url)
    await holder.get_by_role("link", name="Inscrits et présences").click()
    row = holder.get_by_role("row").filter(has_text="Samir Benali")
    await row.get_by_role("button", name="Présent·e").click()
    await expect(holder.get_by_text("Présence notée.")).to_be_visible()
    await samir.get_by_role("link", name="Mon engagement").click()
    await expect(samir.get_by_role("row").filter(has_text=ACTION)).to_contain_text("Présent·e")


async def test_crowdacting_pages_have_no_wcag_aa_violations(live_lab: str, browser: Browser) -> None:
    from axe_playwright_python.async_playwright import Axe

    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    _run("-m", "colab.cli", "seed-demo")
    found: dict[str, list[str]] = {}

    async def check(page: Page, path: str, context: str | None = None) -> None:
        await page.goto(live_lab + path)
        results = await Axe().run(page, context=context, options=wcag)
        found[path] = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]

    anonymous = await browser.new_page()
    for path in ("/benevolat", "/benevolat?province=90000&quand=weekend", "/actions/1", "/actions/2"):
        await check(anonymous, path)
    _, volunteer = await _person(browser, live_lab, "nora@colab.example")  # waitlisted on the Sunday action
    for path in ("/actions/2", "/mon-engagement", "/mon-engagement/attestation"):
        await check(volunteer, path)
    _, holder = await _person(browser, live_lab, "citoyen@colab.example")
    # the project page as its holder: the needs board (the HANDS card's invitation); the page's own report
    # section, for its author, is the project domain's (tests/browser/test_accessibility.py)
    await check(holder, "/projets/1", ".needs-board")
    for path in ("/projets/1/actions/nouvelle", "/actions/1/deplacer", "/actions/4/presences"):
        await check(holder, path)
    assert {path: v for path, v in found.items() if v} == {}
