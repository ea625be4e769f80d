"""The money team's dashboard: every pledge with its backer, the SVG chart, the ledger's totals."""

import httpx
import pytest

from colab.actors import ProjectRole
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.transitions import record_payment
from colab.projects.models import Project
from tests.conftest import SQLCounter, make_user
from tests.funding.factories import backer, make_campaign, pledge
from tests.projects.factories import team_member
from tests.web.conftest import log_in

NBSP = "\u00a0"


async def test_the_finance_role_sees_every_pledge_and_the_chart(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign(100_000, 150_000)
    anonymous = await pledge_funds(await backer("Anaïs Discrète"), campaign.id, PledgeDraft(3_000, anonymous=True))
    await record_payment(anonymous.id, 3_000, reference="virement-1")
    await pledge(campaign, 2_000, who=await backer("Bastien Soutien"), message="Allez !")
    project = await Project.get(id=campaign.project_id)
    await log_in(web, await team_member(project, ProjectRole.FINANCE))

    page = await web.get(f"/projets/{project.id}/financement/tableau")

    assert page.status_code == 200
    text = page.text
    assert "Anaïs Discrète" in text and "(anonyme en public)" in text and "Bastien Soutien" in text
    assert "Payée" in text and "En attente de paiement" in text and "Allez !" in text
    assert '<svg viewBox="0 0 640 260"' in text and 'role="img"' in text
    assert f"50{NBSP}€ promis en tout" in text
    assert f'<th scope="row">Reçu des contributeurs</th><td class="amount">30{NBSP}€</td>' in text


@pytest.mark.parametrize("role", [None, ProjectRole.MEMBER])
async def test_the_dashboard_is_for_the_money_team(web: httpx.AsyncClient, role: ProjectRole | None) -> None:
    campaign = await make_campaign()
    project = await Project.get(id=campaign.project_id)
    user = await team_member(project, role) if role else await make_user()
    await log_in(web, user)
    assert (await web.get(f"/projets/{project.id}/financement/tableau")).status_code == 403


async def test_the_dashboard_does_not_grow_with_its_pledges(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    campaign = await make_campaign()
    project = await Project.get(id=campaign.project_id)
    await log_in(web, await team_member(project, ProjectRole.FINANCE))
    await pledge(campaign, 1_000)
    path = f"/projets/{project.id}/financement/tableau"
    sql.reset()
    assert (await web.get(path)).status_code == 200
    one = sql.count
    for _ in range(5):
        await pledge(campaign, 1_000)
    sql.reset()
    await web.get(path)
    assert sql.count == one
