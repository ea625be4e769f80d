"""Matching fund pages: the fund's public page, the managers' form, their buttons, the organization's list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from colab.funding.fund_models import FundStatus, MatchingFund
from colab.organizations.models import Membership, MembershipRole
from colab.projects.models import Project
from colab.validation import utcnow
from moderation.models import ReportedContent, Visibility
from tests.conftest import SQLCounter, make_org, make_user, territory, theme
from tests.funding.fund_factories import live_campaign, make_fund, matched, pledge_row
from tests.web.conftest import log_in, post_form


def _form(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Fonds namurois des initiatives citoyennes",
        "description": "La Province double vos soutiens.",
        "budget": "25 000",
        "factor": "1/1",
        "cap_pledge": "100",
        "cap_project": "",
        "cap_backer": "250,50",
        "territory": "",
        "opens": "",
        "closes": (utcnow() + timedelta(days=60)).date().isoformat(),
        **overrides,
    }


async def _manager(web: httpx.AsyncClient, verified: bool = True) -> Any:
    user = await make_user()
    org = await make_org(verified=verified, members={user: MembershipRole.MANAGER})
    await log_in(web, user)
    return org


async def test_a_manager_opens_a_fund_from_the_organization_page(web: httpx.AsyncClient) -> None:
    org = await _manager(web)
    page = await web.get(f"/organisations/{org.slug}")
    assert f'href="/organisations/{org.slug}/fonds/nouveau"' in page.text
    namur, energy = await territory("90000"), await theme("energie")
    path = f"/organisations/{org.slug}/fonds/nouveau"
    response = await post_form(web, path, _form(territory=str(namur.id), themes=[str(energy.id)]))
    assert response.status_code == 303
    fund = await MatchingFund.get(organization_id=org.id)
    assert response.headers["location"] == f"/fonds/{fund.id}"
    assert (fund.budget_cents, fund.cap_per_pledge_cents, fund.cap_per_project_cents, fund.cap_per_backer_cents) == (
        2_500_000,
        10_000,
        None,
        25_050,
    )
    assert [t.id for t in await fund.territories.all()] == [namur.id]
    shown = await web.get(response.headers["location"])
    assert "Le fonds est ouvert" in shown.text and "Namur" in shown.text and "Énergie" in shown.text
    listed = await web.get(f"/organisations/{org.slug}")
    assert f'href="/fonds/{fund.id}"' in listed.text


async def test_a_bad_form_comes_back_with_its_errors(web: httpx.AsyncClient) -> None:
    org = await _manager(web)
    path = f"/organisations/{org.slug}/fonds/nouveau"
    response = await post_form(web, path, _form(name="", budget="beaucoup", cap_pledge="-3", closes=""))
    assert response.status_code == 422
    assert 'id="e-name"' in response.text and 'id="e-budgetCents"' in response.text
    assert 'id="e-capPerPledgeCents"' in response.text and 'id="e-closesAt"' in response.text
    assert 'value="beaucoup"' in response.text
    assert await MatchingFund.all().count() == 0


async def test_an_unverified_organization_s_manager_is_told_why(web: httpx.AsyncClient) -> None:
    org = await _manager(web, verified=False)
    response = await post_form(web, f"/organisations/{org.slug}/fonds/nouveau", _form())
    assert response.status_code == 422 and "organisation vérifiée" in response.text


async def test_the_form_is_for_managers_only(web: httpx.AsyncClient) -> None:
    org = await make_org()
    anonymous = await web.get(f"/organisations/{org.slug}/fonds/nouveau")
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/connexion")
    await log_in(web, await make_user())
    assert (await web.get(f"/organisations/{org.slug}/fonds/nouveau")).status_code == 403
    assert (await web.get("/organisations/nulle-part/fonds/nouveau")).status_code == 404
    assert "Ouvrir un fonds" not in (await web.get(f"/organisations/{org.slug}")).text


async def test_the_public_page_shows_what_the_fund_matched_and_where(web: httpx.AsyncClient) -> None:
    fund = await make_fund(budget_cents=10_000)
    campaign = await live_campaign()
    await matched(await pledge_row(campaign, amount_cents=2_500))
    page = await web.get(f"/fonds/{fund.id}")
    assert page.status_code == 200
    text = page.text
    assert fund.name in text and "Campagne de test" in text and f'href="/projets/{campaign.project_id}"' in text
    assert "Engagé : 25 € sur 100 €" in text and "75 €" in text  # committed and left
    assert "toute la Wallonie" in text and "Mettre en pause" not in text
    assert "<script" not in text


async def test_a_missing_fund_is_a_404(web: httpx.AsyncClient) -> None:
    assert (await web.get("/fonds/999999")).status_code == 404
    assert (await web.get("/fonds/99999999999")).status_code == 404


async def test_managers_pause_resume_and_close_with_buttons(web: httpx.AsyncClient) -> None:
    fund = await make_fund()
    user = await make_user()
    await Membership.create(organization_id=fund.organization_id, user=user, role=MembershipRole.MANAGER)
    await log_in(web, user)
    page = f"/fonds/{fund.id}"
    assert (await post_form(web, f"{page}/pause", {}, page)).status_code == 303
    assert (await MatchingFund.get(id=fund.id)).status is FundStatus.PAUSED
    assert "Reprendre" in (await web.get(page)).text
    await post_form(web, f"{page}/reprendre", {}, page)
    await post_form(web, f"{page}/cloturer", {}, page)
    assert (await MatchingFund.get(id=fund.id)).status is FundStatus.CLOSED
    assert "Gérer le fonds" not in (await web.get(page)).text


async def test_a_stranger_s_button_press_is_refused(web: httpx.AsyncClient) -> None:
    fund = await make_fund()
    await log_in(web, await make_user())
    page = f"/fonds/{fund.id}"
    assert (await post_form(web, f"{page}/pause", {}, page)).status_code == 403
    assert (await post_form(web, f"{page}/ailleurs", {}, page)).status_code == 404
    assert (await MatchingFund.get(id=fund.id)).status is FundStatus.ACTIVE


async def test_the_page_costs_the_same_whatever_the_number_of_campaigns(
    web: httpx.AsyncClient, sql: SQLCounter
) -> None:
    fund = await make_fund()
    await matched(await pledge_row(await live_campaign()))
    sql.reset()
    await web.get(f"/fonds/{fund.id}")
    few = sql.count
    for _ in range(3):
        await matched(await pledge_row(await live_campaign()))
    sql.reset()
    await web.get(f"/fonds/{fund.id}")
    assert sql.count == few


async def test_a_manager_edits_the_budget_caps_and_end(web: httpx.AsyncClient) -> None:
    fund = await make_fund(cap_per_pledge_cents=5_000)
    user = await make_user()
    await Membership.create(organization_id=fund.organization_id, user=user, role=MembershipRole.MANAGER)
    await log_in(web, user)
    path = f"/fonds/{fund.id}/modifier"
    form = await web.get(path)
    assert form.status_code == 200 and 'value="1 000"' in form.text and 'value="50"' in form.text
    assert 'name="factor"' not in form.text
    closes = (utcnow() + timedelta(days=90)).date().isoformat()
    response = await post_form(
        web,
        path,
        {
            "name": "Fonds élargi",
            "description": "",
            "budget": "2 000",
            "cap_pledge": "",
            "cap_project": "500",
            "cap_backer": "",
            "closes": closes,
        },
    )
    assert response.status_code == 303
    edited = await MatchingFund.get(id=fund.id)
    assert (edited.name, edited.budget_cents, edited.cap_per_pledge_cents, edited.cap_per_project_cents) == (
        "Fonds élargi",
        200_000,
        None,
        50_000,
    )
    assert edited.factor_numerator == edited.factor_denominator == 1


async def test_the_edit_form_refuses_a_budget_under_what_is_committed(web: httpx.AsyncClient) -> None:
    fund = await make_fund()
    await matched(await pledge_row(await live_campaign(), amount_cents=3_000))
    user = await make_user()
    await Membership.create(organization_id=fund.organization_id, user=user, role=MembershipRole.MANAGER)
    await log_in(web, user)
    path = f"/fonds/{fund.id}/modifier"
    closes = (utcnow() + timedelta(days=20)).date().isoformat()
    data = {
        "name": fund.name,
        "description": "",
        "budget": "10",
        "cap_pledge": "",
        "cap_project": "",
        "cap_backer": "",
        "closes": closes,
    }
    response = await post_form(web, path, data)
    assert response.status_code == 422 and 'id="e-budgetCents"' in response.text
    assert (await MatchingFund.get(id=fund.id)).budget_cents == 100_000


async def test_only_managers_reach_the_edit_form(web: httpx.AsyncClient) -> None:
    fund = await make_fund()
    assert (await web.get(f"/fonds/{fund.id}/modifier")).status_code == 303
    await log_in(web, await make_user())
    assert (await web.get(f"/fonds/{fund.id}/modifier")).status_code == 403
    assert (await web.get("/fonds/999999/modifier")).status_code == 404


async def test_a_project_hidden_by_moderation_shows_without_its_title(web: httpx.AsyncClient) -> None:
    fund = await make_fund()
    campaign = await live_campaign()
    await matched(await pledge_row(campaign))
    project = await Project.get(id=campaign.project_id)
    await ReportedContent.create(
        kind="PROJECT",
        subject_id=project.id,
        author_id=project.holder_id,
        title=project.title,
        visibility=Visibility.HIDDEN,
        created_at=utcnow(),
    )
    page = (await web.get(f"/fonds/{fund.id}")).text
    assert "Projet masqué par la modération" in page and project.title not in page
