"""Demo content: verified partners across Wallonia, open challenges, accounts that log in, idempotent."""

import pytest

from colab.accounts.models import User
from colab.accounts.service import authenticate, sign_up
from colab.actors import ANONYMOUS, Role
from colab.challenges.models import Challenge, ChallengeStatus
from colab.challenges.service import ChallengeFilter, list_challenges, themes_by_challenge
from colab.demo import ACCOUNTS, CHALLENGES, DEMO_PASSWORD, ORGANIZATIONS, seed_demo
from colab.demo_ideas import IDEAS
from colab.errors import ColabError, ErrorCode
from colab.funding.demo import PROJECT_IDEAS
from colab.ideas.models import Idea, IdeaStatus
from colab.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from colab.projects.models import Project
from colab.territories.models import Territory, TerritoryLevel
from colab.validation import utcnow
from moderation.models import ReviewItem, ReviewStatus


async def _province_of(territory: Territory) -> str:
    if territory.level is TerritoryLevel.COMMUNE:
        parent = await Territory.get(id=territory.parent_id)  # type: ignore[attr-defined]
        return parent.name
    return territory.name


async def test_demo_partners_are_verified_institutions_of_several_kinds(db: None) -> None:
    await seed_demo()

    verified = await Organization.filter(verified=True)
    kinds = {org.kind for org in verified}

    assert len(verified) >= 5
    assert {OrganizationKind.COMMUNE, OrganizationKind.PROVINCE, OrganizationKind.REGION} <= kinds
    assert {OrganizationKind.UNIVERSITY, OrganizationKind.INCUBATOR} <= kinds


async def test_the_unverified_organization_s_challenge_waits_for_review(db: None) -> None:
    await seed_demo()

    unverified = await Organization.filter(verified=False)
    pending = await Challenge.filter(status=ChallengeStatus.PENDING_REVIEW)

    assert len(unverified) == 1
    assert [c.organization_id for c in pending] == [unverified[0].id]


async def test_the_public_sees_ten_open_challenges_in_every_province(db: None) -> None:
    await seed_demo()

    challenges, total = await list_challenges(ANONYMOUS, ChallengeFilter(), limit=100)
    themes = await themes_by_challenge([c.id for c in challenges])
    provinces = {await _province_of(await Territory.get(id=c.territory_id)) for c in challenges}

    assert total == len(challenges) >= 10
    assert all(c.status is ChallengeStatus.PUBLISHED and c.ideas_open_until > utcnow() for c in challenges)
    assert all(themes[c.id] and c.needs for c in challenges)
    assert {"Namur", "Liège", "Hainaut", "Brabant wallon", "Luxembourg"} <= provinces


async def test_demo_bodies_went_through_the_sanitizer(db: None) -> None:
    await seed_demo()

    challenge = await Challenge.get(title=CHALLENGES[0].title)

    assert challenge.body.startswith("<p>") and "\n\n" not in challenge.body


async def test_demo_accounts_log_in_with_the_demo_password(db: None) -> None:
    await seed_demo()

    roles = {email: (await authenticate(email, DEMO_PASSWORD)).role for email, _, _ in ACCOUNTS}

    assert roles == {
        "admin@colab.example": Role.ADMIN,
        "moderateur@colab.example": Role.MODERATOR,
        "citoyen@colab.example": Role.CITIZEN,
    }


async def test_each_organization_has_its_demo_manager(db: None) -> None:
    await seed_demo()

    managers = await Membership.filter(role=MembershipRole.MANAGER).prefetch_related("user", "organization")

    assert {(m.organization.name, m.user.email) for m in managers} == {(o.name, o.manager) for o in ORGANIZATIONS}
    assert (await authenticate(ORGANIZATIONS[0].manager, DEMO_PASSWORD)).email == ORGANIZATIONS[0].manager


async def test_seeding_twice_adds_nothing(db: None) -> None:
    first = await seed_demo()
    first_items = await ReviewItem.all()
    counts = (await User.all().count(), await Organization.all().count(), await Challenge.all().count())

    second = await seed_demo()

    assert "0 comptes, 0 organisations, 0 défis et 0 idées ajoutés" in second
    assert "défis, 7 idées au total" in second
    assert "0 défis" not in first and "0 idées" not in first
    assert (await User.all().count(), await Organization.all().count(), await Challenge.all().count()) == counts
    assert await Idea.all().count() == len(IDEAS) + len(PROJECT_IDEAS) and await ReviewItem.all().count() == len(
        first_items
    )


async def test_seeding_keeps_an_existing_account_as_it_is(db: None) -> None:
    await sign_up("citoyen@colab.example", "un-autre-mot-de-passe", "Déjà Là")

    await seed_demo()

    user = await User.get(email="citoyen@colab.example")
    assert user.display_name == "Déjà Là"
    with pytest.raises(ColabError) as caught:
        await authenticate("citoyen@colab.example", DEMO_PASSWORD)
    assert caught.value.code is ErrorCode.INVALID_CREDENTIALS


async def test_the_demo_holds_an_idea_in_every_state_a_project_and_a_queue(db: None) -> None:
    await seed_demo()

    statuses = set(await Idea.all().values_list("status", flat=True))
    pending = await ReviewItem.filter(status=ReviewStatus.PENDING).prefetch_related("flags")

    assert {IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, IdeaStatus.CHANGES_REQUESTED, IdeaStatus.ADMITTED} <= statuses
    assert await Project.all().count() == 3  # the demo ideas' one, and two for the funding demo (colab/funding/demo.py)
    assert len(pending) == 3  # two ideas and the unverified organization's challenge
    assert any(flag.code.value == "MANY_LINKS" for item in pending for flag in item.flags)
