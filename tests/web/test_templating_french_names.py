"""Pages write « de » and « à » before names as French does: d'Incubateur…, des Amis…, du Brabant wallon."""

import html

import httpx

from colab.projects.models import Project
from colab.territories.models import Territory
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import actor_of, make_challenge, make_org
from tests.ideas.factories import make_moderator, submitted_idea


async def test_an_organization_page_elides_de_before_its_name(web: httpx.AsyncClient) -> None:
    org = await make_org(name="Incubateur Meuse Innovation")
    page = await web.get(f"/organisations/{org.slug}/idees")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert "aux défis d'Incubateur Meuse Innovation" in text
    assert "de Incubateur" not in text


async def test_an_organization_page_contracts_de_les(web: httpx.AsyncClient) -> None:
    org = await make_org(name="Les Amis de la Semois")
    page = await web.get(f"/organisations/{org.slug}/idees")
    assert "aux défis des Amis de la Semois" in html.unescape(page.text)


async def test_the_challenge_list_says_province_du_brabant_wallon(web: httpx.AsyncClient) -> None:
    province = await Territory.get(name="Brabant wallon")
    page = await web.get("/defis", params={"province": province.nis_code})
    assert page.status_code == 200
    assert "dans la province du Brabant wallon" in html.unescape(page.text)


async def test_project_pages_link_the_organization_after_an_elided_de(web: httpx.AsyncClient) -> None:
    org = await make_org(name="Incubateur Meuse Innovation")
    idea = await submitted_idea(None, await make_challenge(org))
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.ADMIT)
    project = await Project.get(idea_id=idea.id)
    link = f'd\'<a href="/organisations/{org.slug}">Incubateur Meuse Innovation</a>'
    detail = await web.get(f"/projets/{project.id}")
    assert link in html.unescape(detail.text)
    listing = await web.get("/projets")
    assert "en réponse à un défi " + link in html.unescape(listing.text)
