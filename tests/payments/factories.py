"""Live campaigns and pledges for the payment tests (the campaign is written live directly: its review and
opening are the funding tests' business; pledges go through the real `pledge_funds`)."""

from __future__ import annotations

from datetime import timedelta

from colab.accounts.models import User
from colab.actors import Role
from colab.funding.models import Campaign, CampaignStatus, PaymentMethod, Pledge
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.payments.models import TransferInstruction
from colab.validation import utcnow
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project


async def live_campaign(goal_cents: int = 100_000, ceiling_cents: int = 150_000) -> Campaign:
    project = await make_project()
    now = utcnow()
    return await Campaign.create(
        project_id=project.id,
        active_project_id=project.id,
        status=CampaignStatus.LIVE,
        title="Une serre partagée pour le quartier",
        goal_cents=goal_cents,
        ceiling_cents=ceiling_cents,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
    )


async def make_pledge(
    campaign: Campaign | None = None,
    backer: User | None = None,
    amount_cents: int = 2500,
    method: PaymentMethod = PaymentMethod.TRANSFER,
) -> Pledge:
    campaign = campaign or await live_campaign()
    backer = backer or await make_user(name="Marie Dupont")
    return await pledge_funds(actor_of(backer), campaign.id, PledgeDraft(amount_cents=amount_cents, method=method))


async def reference_of(pledge: Pledge) -> str:
    return (await TransferInstruction.get(pledge_id=pledge.id)).reference


async def make_admin() -> User:
    return await make_user(Role.ADMIN, name="Admin Colab")
