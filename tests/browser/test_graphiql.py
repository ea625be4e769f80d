"""GraphiQL renders in Chromium with every request off this machine blocked (the assets are the lab's own)."""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.async_api import Browser, Route, expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


async def test_graphiql_renders_offline(live_dev_lab: str, browser: Browser) -> None:
    page = await browser.new_page()
    blocked: list[str] = []

    async def local_only(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    await page.route("**/*", local_only)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    await page.goto(live_dev_lab + "/graphql")
    await expect(page.locator(".graphiql-container .graphiql-editors")).to_be_visible(timeout=15_000)
    await expect(page.get_by_text("Loading…")).to_have_count(0)
    # the example query runs against the lab
    await page.get_by_role("button", name="Execute query (Ctrl-Enter)").click()
    await expect(page.locator(".result-window")).to_contain_text('"totalCount": 0', timeout=10_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "graphiql-offline.png"))
    assert blocked == [] and errors == []
