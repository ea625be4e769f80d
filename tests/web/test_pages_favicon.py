"""The lab has an icon: /favicon.ico (asked by every browser) and the SVG the pages link."""

import httpx


async def test_favicon_ico_is_served(web: httpx.AsyncClient) -> None:
    response = await web.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO header


async def test_pages_link_the_svg_icon(web: httpx.AsyncClient) -> None:
    home = await web.get("/")
    assert '<link rel="icon" href="http://test/static/favicon.svg" type="image/svg+xml">' in home.text
    icon = await web.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
