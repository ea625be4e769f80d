"""Demo matching fund for `make run`: the Province de Namur doubles citizens' pledges to projects of its
communes, and has already matched a few (some paid).

Idempotent (the organization, its manager, the fund are looked up by name; pledges are added only while the
fund has matched nothing) and written through the services, so the demo obeys the same rules as real use.
Run before the funding demo, the fund matches its pledges to the Namur project as they are recorded; on a
database whose campaigns are already there, it adds a few matched pledges to a live campaign of the province.
"""

from __future__ import annotations

from datetime import timedelta

from colab.accounts.models import User
from colab.accounts.service import sign_up
from colab.actors import Actor, Role
from colab.funding.fund_models import FundMatch, MatchingFund
from colab.funding.funds import FundDraft, create_matching_fund
from colab.funding.models import Campaign, CampaignStatus
from colab.funding.pledges import PledgeDraft, pledge_funds, record_payment
from colab.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from colab.organizations.service import register_organization
from colab.projects.models import Project
from colab.territories.models import Territory
from colab.territories.service import territory_scope
from colab.validation import slugify, utcnow

PROVINCE = "Province de Namur"
PROVINCE_NIS = "90000"
MANAGER = ("province-namur@colab.example", "Gestion Province de Namur")
FUND_NAME = "Fonds namurois des initiatives citoyennes"
#: (email, name, euros pledged, paid by transfer already)
BACKERS = [
    ("soutien-dinant@colab.example", "Jules Dinantais", 50, True),
    ("soutien-gembloux@colab.example", "Inès Gembloutoise", 25, True),
    ("soutien-andenne@colab.example", "Marc Andennais", 40, False),
]


async def _user(email: str, name: str, password: str) -> User:
    return await User.get_or_none(email=email) or await sign_up(email, password, name, role=Role.CITIZEN)


async def _province(manager: User) -> Organization:
    organization = await Organization.get_or_none(slug=slugify(PROVINCE))
    if organization is None:
        territory = await Territory.get(nis_code=PROVINCE_NIS)
        organization = await register_organization(
            name=PROVINCE,
            kind=OrganizationKind.PROVINCE,
            territory_id=territory.id,
            description="La Province soutient les initiatives citoyennes de ses 38 communes.",
            verified=True,
        )
    await Membership.get_or_create(organization=organization, user=manager, defaults={"role": MembershipRole.MANAGER})
    return organization


async def _fund(manager: User, organization: Organization) -> MatchingFund:
    fund = await MatchingFund.get_or_none(name=FUND_NAME, organization_id=organization.id)
    if fund is not None:
        return fund
    territory = await Territory.get(nis_code=PROVINCE_NIS)
    return await create_matching_fund(
        Actor(user_id=manager.id, role=manager.role),
        organization.id,
        FundDraft(
            name=FUND_NAME,
            description="Pour chaque euro donné par un citoyen à un projet d'une commune namuroise, la Province "
            "ajoute un euro, jusqu'à 100 € par soutien et 2 500 € par projet.",
            budget_cents=2_000_000,
            factor_numerator=1,
            factor_denominator=1,
            cap_per_pledge_cents=10_000,
            cap_per_project_cents=250_000,
            cap_per_backer_cents=25_000,
            territory_ids=[territory.id],
            closes_at=utcnow() + timedelta(days=180),
        ),
    )


async def _live_campaign_in_province() -> Campaign | None:
    """A live campaign of a project in the province, with room left."""
    scope = await territory_scope((await Territory.get(nis_code=PROVINCE_NIS)).id)
    projects = Project.filter(territory_id__in=scope or [])
    now = utcnow()
    for campaign in await Campaign.filter(
        status=CampaignStatus.LIVE,
        project_id__in=await projects.values_list("id", flat=True),
        closes_at__gt=now + timedelta(days=2),
    ).order_by("id"):
        if campaign.ceiling_cents - campaign.committed_cents >= 30_000:
            return campaign
    return None


async def seed_matching(password: str) -> int:
    """The province's fund, and a few matched pledges on a live campaign of the province; returns how many
    pledges were added."""
    manager = await _user(*MANAGER, password)
    fund = await _fund(manager, await _province(manager))
    if await FundMatch.exists(fund_id=fund.id):
        return 0
    campaign = await _live_campaign_in_province()
    if campaign is None:
        return 0
    added = 0
    for email, name, amount, paid in BACKERS:
        backer = await _user(email, name, password)
        pledge = await pledge_funds(
            Actor(user_id=backer.id, role=backer.role), campaign.id, PledgeDraft(amount_cents=amount * 100)
        )
        if paid:
            await record_payment(pledge.id, pledge.amount_cents, reference=f"DEMO-FONDS-{pledge.id}")
        added += 1
    return added
