"""The leads' campaign editor: terms, tiers, submit, cancel; only the leads use it."""

from datetime import timedelta

import httpx
import pytest

from colab.accounts.models import User
from colab.actors import ProjectRole
from colab.funding.models import Campaign, CampaignMode, CampaignStatus, RewardTier
from colab.funding.periods import brussels_day, day_end, day_start
from colab.projects.models import Project
from colab.validation import utcnow
from tests.funding.factories import make_campaign, pledge
from tests.projects.factories import make_project, team_member
from tests.web.conftest import log_in, post_form

NBSP = "\u00a0"


def _terms(**overrides: str) -> dict[str, str]:
    start = brussels_day(utcnow()) + timedelta(days=2)
    form = {
        "title": "Une serre pour l'école",
        "pitch": "Des légumes toute l'année.\n\nEt un atelier pour les élèves.",
        "goal": "5 000",
        "ceiling": "7.500,50",
        "start": start.isoformat(),
        "days": "30",
        "mode": "KEEP_IT_ALL",
        "tier-0-title": "Un panier de légumes",
        "tier-0-min": "25",
        "tier-0-stock": "40",
        "tier-0-description": "Un panier livré au printemps.",
        "tier-1-title": "Merci public",
        "tier-1-min": "5",
        "action": "save",
    }
    form.update(overrides)
    return form


async def _holder_logged_in(web: httpx.AsyncClient, project: Project) -> None:
    await log_in(web, await User.get(id=project.holder_id))


async def test_the_holder_opens_a_campaign_with_its_tiers(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await _holder_logged_in(web, project)
    path = f"/projets/{project.id}/financement/campagne"
    assert "Ouvrir une campagne de financement" in (await web.get(path)).text

    answer = await post_form(web, path, _terms())

    assert answer.status_code == 303, answer.text
    campaign = await Campaign.get(project_id=project.id)
    start = brussels_day(utcnow()) + timedelta(days=2)
    assert campaign.status is CampaignStatus.DRAFT and campaign.mode is CampaignMode.KEEP_IT_ALL
    assert (campaign.goal_cents, campaign.ceiling_cents) == (500_000, 750_050)
    assert campaign.opens_at == day_start(start) and campaign.closes_at == day_end(start + timedelta(days=29))
    tiers = await RewardTier.filter(campaign_id=campaign.id).order_by("position")
    assert [(t.title, t.min_amount_cents, t.stock) for t in tiers] == [
        ("Un panier de légumes", 2_500, 40),
        ("Merci public", 500, None),
    ]
    again = await web.get(path)
    assert 'value="7500,50"' in again.text and 'value="30"' in again.text and "Un panier de légumes" in again.text


async def test_the_editor_shows_every_error_on_its_field(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await _holder_logged_in(web, project)
    path = f"/projets/{project.id}/financement/campagne"
    answer = await post_form(web, path, _terms(goal="beaucoup", days="120", **{"tier-1-stock": "plein"}))
    assert answer.status_code == 422
    text = answer.text
    assert "Indiquez l&#39;objectif en euros" in text
    assert "La campagne dure de 1 à 90 jours." in text
    assert "Le stock est un nombre entier" in text
    assert not await Campaign.exists(project_id=project.id)

    ceiling = await post_form(web, path, _terms(goal="5000", ceiling="4000"))
    assert ceiling.status_code == 422 and "Le plafond doit être au moins égal à l&#39;objectif." in ceiling.text


async def test_the_holder_submits_then_the_terms_are_frozen(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await _holder_logged_in(web, project)
    path = f"/projets/{project.id}/financement/campagne"
    answer = await post_form(web, path, _terms(action="submit"))
    assert answer.status_code == 303
    campaign = await Campaign.get(project_id=project.id)
    assert campaign.status is CampaignStatus.IN_REVIEW
    page = await web.get(path)
    assert "La campagne est envoyée aux modérateurs" in page.text
    assert "Les conditions de la campagne ne changent plus" in page.text and 'name="goal"' not in page.text


async def test_the_holder_cancels_a_campaign_without_paid_pledges(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    waiting = await pledge(campaign, 2_000)
    project = await Project.get(id=campaign.project_id)
    await _holder_logged_in(web, project)
    path = f"/projets/{project.id}/financement/campagne"
    answer = await post_form(web, path + "/annuler", {"reason": "Le terrain n'est plus disponible."}, form_page=path)
    assert answer.status_code == 303
    assert (await Campaign.get(id=campaign.id)).status is CampaignStatus.CANCELLED
    assert (await waiting.refresh_from_db()) is None and waiting.status.value == "CANCELLED"
    assert "Le terrain n&#39;est plus disponible." in (await web.get(f"/projets/{project.id}/financement")).text


@pytest.mark.parametrize("role", [ProjectRole.MEMBER, ProjectRole.FINANCE])
async def test_only_the_leads_use_the_editor(web: httpx.AsyncClient, role: ProjectRole) -> None:
    project = await make_project()
    await log_in(web, await team_member(project, role))
    assert (await web.get(f"/projets/{project.id}/financement/campagne")).status_code == 403


async def test_the_editor_asks_for_a_login(web: httpx.AsyncClient) -> None:
    project = await make_project()
    answer = await web.get(f"/projets/{project.id}/financement/campagne")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion")


async def test_a_co_lead_may_open_the_campaign(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(web, await team_member(project, ProjectRole.CO_LEAD))
    answer = await post_form(web, f"/projets/{project.id}/financement/campagne", _terms())
    assert answer.status_code == 303 and await Campaign.exists(project_id=project.id)
