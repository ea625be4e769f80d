"""Demo crowdfunding for `make run`: a live campaign with tiers and paid pledges, one that reached its ceiling
(FUNDED), and one that ended short of its goal (FAILED, its backers due a refund). Idempotent: a project that
already has a campaign is left alone."""

from __future__ import annotations

from datetime import timedelta

from colab.accounts.models import User
from colab.accounts.service import sign_up
from colab.actors import Actor, Role
from colab.funding.campaigns import CampaignDraft, open_campaign, set_tiers, submit_campaign
from colab.funding.models import REVIEW_KIND, Campaign, CampaignMode, PaymentMethod
from colab.funding.periods import brussels_day, day_end
from colab.funding.pledges import PledgeDraft, pledge_funds
from colab.funding.settlement import run_clock, settle_campaign
from colab.funding.tiers import TierDraft, tiers_of
from colab.funding.transitions import record_payment
from colab.ideas.models import Idea
from colab.ideas.service import IdeaDraft, propose_idea, submit_idea
from colab.needs import Need
from colab.projects.models import Project
from colab.territories.models import Territory, Theme
from colab.validation import utcnow
from moderation.decisions import decide_review
from moderation.models import Decision, ReviewItem
from moderation.queue import claim

BACKERS = [
    ("soutien.ana@colab.example", "Ana Delvaux"),
    ("soutien.bruno@colab.example", "Bruno Lambotte"),
    ("soutien.chloe@colab.example", "Chloé Renard"),
    ("soutien.david@colab.example", "David Mertens"),
]


#: projects the funding demo needs beyond the demo ideas' one: (author email, name, title, summary, body, NIS, theme)
PROJECT_IDEAS = [
    (
        "lea@colab.example",
        "Léa Lambert",
        "Un potager partagé au pied des immeubles",
        "Des bacs de culture et un compost pour les habitants d'une cité de Charleroi.",
        "<p>Les pelouses entre les immeubles deviennent un potager : des bacs surélevés, un compost, "
        "un abri à outils, et des ateliers avec l'école du quartier.</p>",
        "52011",
        "alimentation-agriculture",
    ),
    (
        "hugo@colab.example",
        "Hugo Henrard",
        "Un répair café permanent à Liège",
        "Un local ouvert chaque semaine pour réparer plutôt que jeter.",
        "<p>Un local loué à l'année, des établis, des outils et des bénévoles pour réparer appareils, "
        "vêtements et vélos avec leurs propriétaires.</p>",
        "62063",
        "economie-locale",
    ),
]


async def _projects(password: str, moderator: Actor) -> None:
    """The demo's projects for the funding examples, admitted the real way (once)."""
    for email, name, title, summary, body, nis, theme in PROJECT_IDEAS:
        if await Idea.exists(title=title):
            continue
        author = await User.get_or_none(email=email) or await sign_up(email, password, name)
        actor = Actor(user_id=author.id, role=author.role)
        idea = await propose_idea(
            actor,
            IdeaDraft(
                title=title,
                summary=summary,
                body=body,
                territory_id=(await Territory.get(nis_code=nis)).id,
                theme_ids=[(await Theme.get(slug=theme)).id],
                needs=[Need.FUNDS],
            ),
        )
        await submit_idea(actor, idea.id)
        item = await ReviewItem.filter(kind="IDEA", subject_id=idea.id).order_by("-id").first()
        assert item is not None
        await claim(moderator, item.id)
        await decide_review(moderator, item.id, Decision.ADMIT, message="Bienvenue dans le Colab !")


async def _backers(password: str) -> list[Actor]:
    found = []
    for email, name in BACKERS:
        user = await User.get_or_none(email=email) or await sign_up(email, password, name)
        found.append(Actor(user_id=user.id, role=user.role))
    return found


async def _live(project: Project, moderator: Actor, draft: CampaignDraft, tiers: list[TierDraft]) -> Campaign:
    """Draft, submit, admit (by the demo moderator) and open a campaign the real way."""
    holder = Actor(user_id=project.holder_id, role=Role.CITIZEN)
    campaign = await open_campaign(holder, project.id, draft)
    if tiers:
        await set_tiers(holder, campaign.id, tiers)
    await submit_campaign(holder, campaign.id)
    item = await ReviewItem.filter(kind=REVIEW_KIND, subject_id=campaign.id).order_by("-id").first()
    assert item is not None
    await claim(moderator, item.id)
    await decide_review(moderator, item.id, Decision.ADMIT, message="Conditions claires, bonne campagne !")
    await run_clock(utcnow())
    return await Campaign.get(id=campaign.id)


def _draft(title: str, goal: int, ceiling: int, days: int, mode: CampaignMode, started_days_ago: int) -> CampaignDraft:
    opens_at = utcnow() - timedelta(days=started_days_ago)
    return CampaignDraft(
        title=title,
        goal_cents=goal,
        ceiling_cents=ceiling,
        opens_at=opens_at,
        closes_at=day_end(brussels_day(opens_at) + timedelta(days=days - 1)),
        mode=mode,
        pitch="Chaque euro sert au matériel et à l'animation des premiers mois. Merci pour votre soutien !",
    )


async def _paid(campaign: Campaign, backer: Actor, amount: int, message: str = "", tier_id: int | None = None) -> None:
    pledge = await pledge_funds(backer, campaign.id, PledgeDraft(amount_cents=amount, tier_id=tier_id, message=message))
    await record_payment(pledge.id, amount, reference=f"demo-{pledge.id}")


async def seed_funding(password: str, moderator: User) -> int:
    """Add the demo campaigns to the first projects without one; returns how many were added."""
    deciding = Actor(user_id=moderator.id, role=moderator.role)
    await _projects(password, deciding)
    projects = [p for p in await Project.all().order_by("id") if not await Campaign.exists(project_id=p.id)][:3]
    if not projects:
        return 0
    backers = await _backers(password)
    added = 0
    if len(projects) >= 1:  # live, with tiers, some paid pledges and one waiting for its transfer
        live = await _live(
            projects[0],
            deciding,
            _draft("Financer l'atelier et ses outils", 300_000, 450_000, 45, CampaignMode.ALL_OR_NOTHING, 10),
            [
                TierDraft("Un grand merci sur notre site", 1_000, "Votre nom parmi nos soutiens."),
                TierDraft("Une séance d'initiation", 4_000, "Deux heures avec un bénévole de l'atelier.", stock=20),
                TierDraft("Parrain ou marraine d'un outil", 15_000, "Votre nom gravé sur un outil.", stock=5),
            ],
        )
        tiers = [t.id for t in await tiers_of(live.id)]
        await _paid(live, backers[0], 5_000, "Bravo pour cette belle initiative !", tiers[1])
        await _paid(live, backers[1], 15_000, "Avec plaisir, longue vie à l'atelier.", tiers[2])
        await _paid(live, backers[2], 2_500, "", tiers[0])
        await pledge_funds(backers[3], live.id, PledgeDraft(amount_cents=10_000, method=PaymentMethod.TRANSFER))
        added += 1
    if len(projects) >= 2:  # funded: the ceiling is reached, the end date stays
        funded = await _live(
            projects[1],
            deciding,
            _draft("Les premiers bacs du potager", 40_000, 60_000, 30, CampaignMode.KEEP_IT_ALL, 12),
            [],
        )
        for backer, amount in zip(backers, (20_000, 20_000, 10_000, 10_000), strict=True):
            await _paid(funded, backer, amount, "On a hâte de voir pousser les légumes !" if amount == 20_000 else "")
        added += 1
    if len(projects) >= 3:  # failed: it ended short of its goal, the paid backers are due a refund
        failed = await _live(
            projects[2],
            deciding,
            _draft("Un local pour le répair café", 500_000, 500_000, 20, CampaignMode.ALL_OR_NOTHING, 5),
            [],
        )
        await _paid(failed, backers[0], 3_000)
        await _paid(failed, backers[2], 7_500, "Dommage, j'y croyais.")
        ended = utcnow() - timedelta(days=6)
        await Campaign.filter(id=failed.id).update(opens_at=ended - timedelta(days=20), closes_at=ended)
        await run_clock(utcnow())  # closes it, then (the grace being over) settles it
        await settle_campaign(failed.id)
        added += 1
    return added
