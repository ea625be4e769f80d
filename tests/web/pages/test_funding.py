"""Backing a project from its pages: the campaign's page, the « Soutenir » form, the pledge's page and
« Mes soutiens » (the team's editor and dashboard: test_funding_team.py)."""

import re

import httpx

from colab.accounts.models import User
from colab.actors import Actor
from colab.funding.models import Campaign, CampaignStatus, PaymentMethod, Pledge, PledgeStatus, RewardTier
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.tiers import TierDraft
from colab.funding.transitions import record_payment
from colab.projects.models import Project
from moderation.models import ReportedContent
from tests.conftest import SQLCounter, make_user
from tests.funding.factories import backer, make_campaign, pledge
from tests.funding.fund_factories import make_fund
from tests.payments.fake_mollie import running
from tests.web.conftest import log_in, post_form

NBSP = "\u00a0"


async def _paid(
    campaign: Campaign, amount: int, *, who: Actor | None = None, anonymous: bool = False, **kwargs: object
) -> Pledge:
    """A pledge paid by transfer (anonymous if asked)."""
    who = who or await backer()
    draft = PledgeDraft(amount_cents=amount, anonymous=anonymous, **kwargs)  # type: ignore[arg-type]
    made = await pledge_funds(who, campaign.id, draft)
    return await record_payment(made.id, amount, reference=f"test-{made.id}")


async def test_the_campaign_page_shows_progress_tiers_and_public_pledges(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign(
        100_000, 150_000, tiers=[TierDraft("Un panier de légumes", 5_000, stock=3), TierDraft("Merci", 1_000)]
    )
    tier = await RewardTier.get(campaign_id=campaign.id, title="Un panier de légumes")
    await _paid(campaign, 5_000, who=await backer("Bastien Soutien"), tier_id=tier.id, message="Bravo <b>à</b> vous !")
    await _paid(campaign, 2_500, who=await backer("Anaïs Discrète"), anonymous=True)
    await pledge(campaign, 4_000, who=await backer("Pierre Pasencore"))  # not paid: not public

    page = await web.get(f"/projets/{campaign.project_id}/financement")

    assert page.status_code == 200
    text = page.text
    assert "<h1>Une serre partagée pour le quartier</h1>" in text
    assert f"75{NBSP}€ payés sur un objectif de 1\u202f000{NBSP}€ (7 %), et 40{NBSP}€ promis en attente" in text
    assert "<dt>Soutiens</dt><dd>3</dd>" in text
    assert "2 restantes sur 3" in text and "Quantité illimitée" in text
    assert "Bastien Soutien" in text and "Bravo à vous !" in text and "<b>" not in text.split("backers-title")[1]
    assert "Anonyme" in text and "Anaïs Discrète" not in text
    assert "Pierre Pasencore" not in text
    assert "Connectez-vous pour soutenir ce projet" in text
    assert re.search(r"<dt>Jours restants</dt><dd>(30|29|31) jours</dd>", text)


async def test_a_draft_campaign_is_not_public(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign(status=CampaignStatus.DRAFT)
    page = await web.get(f"/projets/{campaign.project_id}/financement")
    assert page.status_code == 200
    assert "Ce projet n'a pas encore de campagne de financement." in page.text
    project = await Project.get(id=campaign.project_id)
    await log_in(web, await User.get(id=project.holder_id))
    mine = await web.get(f"/projets/{campaign.project_id}/financement")
    assert "<h1>Une serre partagée pour le quartier</h1>" in mine.text and "Brouillon" in mine.text


async def test_a_citizen_backs_with_an_amount_typed_the_french_way(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign(tiers=[TierDraft("Merci", 1_000)])
    tier = await RewardTier.get(campaign_id=campaign.id)
    citizen = await make_user(name="Léa Martin")
    await log_in(web, citizen)
    path = f"/projets/{campaign.project_id}/financement"

    answer = await post_form(
        web,
        path + "/soutenir",
        {"amount": "12,50", "tier": str(tier.id), "method": "TRANSFER", "anonymous": "on", "message": "Courage !"},
        form_page=path,
    )

    assert answer.status_code == 303
    recorded = await Pledge.get(backer_id=citizen.id)
    assert answer.headers["location"] == f"/mes-soutiens/{recorded.id}"
    assert (recorded.amount_cents, recorded.tier_id, recorded.anonymous) == (1_250, tier.id, True)
    assert recorded.method is PaymentMethod.TRANSFER and recorded.status is PledgeStatus.PENDING_PAYMENT
    page = await web.get(answer.headers["location"])
    assert "Votre soutien est enregistré" in page.text and f"Votre soutien de 12,50{NBSP}€" in page.text
    assert "Payer par virement" in page.text
    assert re.search(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", page.text)
    assert f'src="/soutiens/{recorded.id}/qr.svg"' in page.text and 'alt="Code QR du virement' in page.text
    qr = await web.get(f"/soutiens/{recorded.id}/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml")


async def test_an_unreadable_or_too_small_amount_is_shown_on_the_form(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    await log_in(web, await make_user())
    path = f"/projets/{campaign.project_id}/financement"

    unreadable = await post_form(web, path + "/soutenir", {"amount": "douze", "method": "TRANSFER"}, form_page=path)
    assert unreadable.status_code == 422
    assert "Indiquez un montant en euros, par exemple 25 ou 12,50." in unreadable.text
    assert 'value="douze"' in unreadable.text and 'aria-invalid="true"' in unreadable.text

    small = await post_form(web, path + "/soutenir", {"amount": "2", "method": "TRANSFER"}, form_page=path)
    assert small.status_code == 422 and "Le soutien minimum est de 5 €." in small.text
    assert await Pledge.all().count() == 0


async def test_online_payment_is_not_offered_without_a_provider(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    await log_in(web, await make_user())
    path = f"/projets/{campaign.project_id}/financement"
    assert 'value="ONLINE"' not in (await web.get(path)).text
    answer = await post_form(web, path + "/soutenir", {"amount": "20", "method": "ONLINE"}, form_page=path)
    assert answer.status_code == 422 and "Le paiement en ligne n&#39;est pas disponible." in answer.text


async def test_a_funded_campaign_takes_no_more_pledges(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign(10_000, 10_000)
    await pledge(campaign, 10_000)
    page = await web.get(f"/projets/{campaign.project_id}/financement")
    assert "FINANCÉ" in page.text and "La campagne a atteint son plafond" in page.text
    assert 'action="/projets/' not in page.text


async def test_my_pledges_list_status_in_french_and_cancel(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    me = await backer("Léa Martin")
    waiting = await pledge(campaign, 2_000, who=me)
    await _paid(campaign, 3_000, who=me)
    user = await User.get(id=me.user_id)
    await log_in(web, user)

    page = await web.get("/mes-soutiens")
    assert page.status_code == 200
    assert "En attente de paiement" in page.text and "Payée" in page.text
    assert page.text.count("Annuler ce soutien") == 2 and "Voir les instructions de virement" in page.text

    answer = await post_form(web, f"/mes-soutiens/{waiting.id}/annuler", {}, form_page="/mes-soutiens")
    assert answer.status_code == 303 and answer.headers["location"] == "/mes-soutiens"
    assert (await Pledge.get(id=waiting.id)).status is PledgeStatus.CANCELLED
    assert "Votre soutien est annulé." in (await web.get("/mes-soutiens")).text


async def test_someone_elses_pledge_does_not_exist_for_me(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    theirs = await pledge(campaign, 2_000)
    await log_in(web, await make_user())
    assert (await web.get(f"/mes-soutiens/{theirs.id}")).status_code == 404
    refused = await post_form(web, f"/mes-soutiens/{theirs.id}/annuler", {}, form_page="/mes-soutiens")
    assert refused.status_code == 404
    assert (await Pledge.get(id=theirs.id)).status is PledgeStatus.PENDING_PAYMENT


async def test_my_pledges_ask_for_a_login(web: httpx.AsyncClient) -> None:
    answer = await web.get("/mes-soutiens")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion?suivant=")


async def test_my_pledges_page_does_not_grow_with_the_number_of_pledges(
    web: httpx.AsyncClient, sql: SQLCounter
) -> None:
    me = await backer("Léa Martin")
    await log_in(web, await User.get(id=me.user_id))
    campaigns = [await make_campaign() for _ in range(4)]
    await pledge(campaigns[0], 1_000, who=me)

    async def statements() -> int:
        sql.reset()
        assert (await web.get("/mes-soutiens")).status_code == 200
        return sql.count

    one = await statements()
    for c in campaigns:
        await pledge(c, 1_500, who=me)
    assert await statements() == one


async def test_the_campaign_page_does_not_grow_with_its_pledges(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    campaign = await make_campaign(tiers=[TierDraft("Merci", 1_000)])
    await _paid(campaign, 1_000)
    path = f"/projets/{campaign.project_id}/financement"
    sql.reset()
    await web.get(path)
    one = sql.count
    for _ in range(5):
        await _paid(campaign, 1_000)
    sql.reset()
    await web.get(path)
    assert sql.count == one


async def test_a_public_message_is_reportable(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    paid = await _paid(campaign, 2_000, message="Un message douteux")
    await log_in(web, await make_user())
    path = f"/projets/{campaign.project_id}/financement"
    assert "Signaler ce message" in (await web.get(path)).text
    answer = await post_form(
        web, "/signaler", {"kind": "PLEDGE", "subject_id": str(paid.id), "reason": "SPAM"}, form_page=path
    )
    assert answer.status_code == 303
    assert await ReportedContent.exists(kind="PLEDGE", subject_id=paid.id)


async def test_online_payment_goes_to_the_checkout_when_enabled(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    citizen = await make_user()
    await log_in(web, citizen)
    path = f"/projets/{campaign.project_id}/financement"
    async with running() as mollie:
        assert 'value="ONLINE"' in (await web.get(path)).text
        answer = await post_form(web, path + "/soutenir", {"amount": "20", "method": "ONLINE"}, form_page=path)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("https://www.mollie.com/checkout/")
        assert len(mollie.creates()) == 1
    recorded = await Pledge.get(backer_id=citizen.id)
    assert recorded.method is PaymentMethod.ONLINE and recorded.status is PledgeStatus.PENDING_PAYMENT
    page = await web.get(f"/mes-soutiens/{recorded.id}")
    assert "Payer en ligne" in page.text and "Payer par virement" not in page.text


async def test_a_matching_fund_is_named_with_what_it_adds(web: httpx.AsyncClient) -> None:
    fund = await make_fund(cap_per_pledge_cents=5_000)
    campaign = await make_campaign()
    await _paid(campaign, 2_000)
    page = await web.get(f"/projets/{campaign.project_id}/financement")
    text = page.text
    assert f'<a href="/fonds/{fund.id}">Fonds de doublement provincial</a>' in text
    assert f"ajoute 1 € pour 1 € donnés, jusqu'à 50{NBSP}€ par soutien" in text
    assert f"Déjà 20{NBSP}€ ajoutés à cette campagne." in text
    assert f"<dt>Abondement d'un fonds</dt><dd>20{NBSP}€</dd>" in text


async def test_a_campaign_named_in_the_activity_leads_to_its_project_s_funding_page(web: httpx.AsyncClient) -> None:
    campaign = await make_campaign()
    response = await web.get(f"/campagnes/{campaign.id}", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, f"/projets/{campaign.project_id}/financement")
    assert (await web.get("/campagnes/999999", follow_redirects=False)).status_code == 404
