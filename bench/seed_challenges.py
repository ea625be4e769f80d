"""Seed a database with many published challenges for the benchmarks; with --ideas, ideas too (about 60 %
admitted, each admitted idea opened as a project as colab.projects.service.open_project does) and their authors.

.venv/bin/python bench/seed_challenges.py --database-url sqlite://var/bench.sqlite3 --count 10000
.venv/bin/python bench/seed_challenges.py --database-url sqlite://var/bench.sqlite3 --count 10000 --ideas 10000
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import UTC, datetime, timedelta

from tortoise import Tortoise, connections

from colab.accounts.models import User
from colab.actors import ProjectRole
from colab.challenges.models import Challenge, ChallengeStatus
from colab.db import is_postgres, migrate, tortoise_config
from colab.ideas.models import Idea, IdeaStatus
from colab.organizations.models import Organization, OrganizationKind
from colab.projects.models import Project, ProjectMember
from colab.search import search_text
from colab.territories.models import Territory, TerritoryLevel, Theme

WORDS = (
    "mobilité énergie quartier école vélo solaire potager numérique culture rivière "
    "commune jeunes aînés circuit court tiers-lieu partage réemploi forêt patrimoine"
).split()


async def seed(database_url: str, count: int, ideas: int = 0) -> None:
    await migrate(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        if await Challenge.all().count() >= count:
            print(f"already {await Challenge.all().count()} challenges")
        else:
            await _insert(database_url, count)
        if await Idea.all().count() >= ideas:
            print(f"already {await Idea.all().count()} ideas")
        else:
            await _insert_ideas(database_url, ideas)
        # planner statistics, as a production database would have them after autovacuum
        await connections.get("default").execute_script("ANALYZE")
    finally:
        await Tortoise.close_connections()


async def _insert(database_url: str, count: int) -> None:
    rng = random.Random(42)
    user, _ = await User.get_or_create(
        email="bench@exemple.be", defaults={"display_name": "Bench", "password_hash": "x"}
    )
    communes = await Territory.filter(level=TerritoryLevel.COMMUNE)
    orgs = []
    kinds = list(OrganizationKind)
    for i in range(ORGANIZATIONS):
        org, _ = await Organization.get_or_create(
            slug=f"bench-org-{i}",
            defaults={
                "name": f"Organisation {i}",
                "kind": kinds[i % len(kinds)],
                "verified": i % 5 != 4,
                "territory_id": rng.choice(communes).id if i % 7 else None,
                "description": f"Organisation de banc d'essai n° {i}.",
            },
        )
        orgs.append(org)
    themes = await Theme.all()
    now = datetime.now(UTC)
    batch: list[Challenge] = []
    for i in range(count):
        words = " ".join(rng.sample(WORDS, 5))
        title = f"Défi {i}: {words}"[:120]
        summary = f"Résumé du défi {i} autour de {words}."
        body = f"<p>{summary} Nous cherchons des idées, des bras et des conseils.</p>"
        batch.append(
            Challenge(
                organization_id=rng.choice(orgs).id,
                author_id=user.id,
                title=title,
                summary=summary,
                body=body,
                territory_id=rng.choice(communes).id,
                needs_funds=rng.random() < 0.5,
                needs_team=rng.random() < 0.5,
                needs_advice=True,
                needs_hands=rng.random() < 0.3,
                ideas_open_until=now + timedelta(days=rng.randint(1, 365)),
                status=ChallengeStatus.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                search_text=search_text(title, summary),
            )
        )
    await Challenge.bulk_create(batch, batch_size=1000)
    ids = await Challenge.all().values_list("id", flat=True)
    pairs = [(cid, theme.id) for cid in ids for theme in rng.sample(themes, 2)]
    mark = "$1, $2" if is_postgres(database_url) else "?, ?"
    conn = connections.get("default")
    for start in range(0, len(pairs), 5000):
        await conn.execute_many(
            f"INSERT INTO challenge_theme (challenge_id, theme_id) VALUES ({mark})",
            [list(p) for p in pairs[start : start + 5000]],
        )
    print(f"seeded {len(ids)} challenges, {len(pairs)} theme links")


ORGANIZATIONS = 60
AUTHORS = 200


async def _insert_ideas(database_url: str, count: int) -> None:
    """Ideas by AUTHORS citizens, 60 % answering a challenge; 60 % admitted, each with its project."""
    rng = random.Random(43)
    authors = []
    for i in range(AUTHORS):
        user, _ = await User.get_or_create(
            email=f"citoyen{i}@exemple.be", defaults={"display_name": f"Citoyen·ne {i}", "password_hash": "x"}
        )
        authors.append(user)
    challenges = await Challenge.all().order_by("id").values_list("id", "organization_id", "territory_id")
    communes = await Territory.filter(level=TerritoryLevel.COMMUNE).values_list("id", flat=True)
    themes = await Theme.all()
    now = datetime.now(UTC)
    others = [IdeaStatus.DRAFT, IdeaStatus.SUBMITTED, IdeaStatus.REJECTED, IdeaStatus.WITHDRAWN]
    batch: list[Idea] = []
    for i in range(count):
        words = " ".join(rng.sample(WORDS, 4))
        title = f"Idée {i}: {words}"[:120]
        summary = f"Résumé de l'idée {i} : {words}."
        answered = rng.choice(challenges) if rng.random() < 0.6 else None
        admitted = rng.random() < 0.6
        created = now - timedelta(minutes=2 * i + 1)
        batch.append(
            Idea(
                author_id=rng.choice(authors).id,
                challenge_id=answered[0] if answered else None,
                title=title,
                summary=summary,
                body=f"<p>{summary} Nous proposons de le faire ensemble.</p>",
                territory_id=answered[2] if answered else rng.choice(communes),
                needs_funds=rng.random() < 0.5,
                needs_team=rng.random() < 0.5,
                needs_advice=rng.random() < 0.7,
                needs_hands=rng.random() < 0.3,
                status=IdeaStatus.ADMITTED if admitted else rng.choice(others),
                search_text=search_text(title, summary),
                created_at=created,
                submitted_at=created + timedelta(minutes=1),
                decided_at=created + timedelta(minutes=1, seconds=30) if admitted else None,
            )
        )
    await Idea.bulk_create(batch, batch_size=1000)
    organization_of = {c[0]: c[1] for c in challenges}
    ideas = await Idea.all().order_by("id")
    pairs = [(idea.id, theme.id) for idea in ideas for theme in rng.sample(themes, 2)]
    mark = "$1, $2" if is_postgres(database_url) else "?, ?"
    conn = connections.get("default")
    for start in range(0, len(pairs), 5000):
        await conn.execute_many(
            f"INSERT INTO idea_theme (idea_id, theme_id) VALUES ({mark})",
            [list(p) for p in pairs[start : start + 5000]],
        )
    # what colab.projects.service.open_project writes when an idea is admitted
    admitted = [idea for idea in ideas if idea.status is IdeaStatus.ADMITTED]
    projects = [
        Project(
            idea_id=idea.id,
            challenge_id=idea.challenge_id,
            organization_id=organization_of[idea.challenge_id] if idea.challenge_id is not None else None,
            holder_id=idea.author_id,
            territory_id=idea.territory_id,
            title=idea.title,
            summary=idea.summary,
            story=idea.body,
            needs_funds=idea.needs_funds,
            needs_team=idea.needs_team,
            needs_advice=idea.needs_advice,
            needs_hands=idea.needs_hands,
            created_at=idea.decided_at,
        )
        for idea in admitted
    ]
    await Project.bulk_create(projects, batch_size=1000)
    holders = await Project.all().values_list("id", "holder_id")
    await ProjectMember.bulk_create(
        [ProjectMember(project_id=pid, user_id=uid, role=ProjectRole.HOLDER) for pid, uid in holders], batch_size=1000
    )
    print(f"seeded {len(ideas)} ideas, {len(pairs)} theme links, {len(projects)} projects")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--ideas", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(seed(args.database_url, args.count, args.ideas))


if __name__ == "__main__":
    main()
