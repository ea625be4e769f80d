"""Seed a database with many published challenges for the benchmarks.

.venv/bin/python bench/seed_challenges.py --database-url sqlite://var/bench.sqlite3 --count 10000
"""

from __future__ import annotations

import argparse
import asyncio
import random
from datetime import UTC, datetime, timedelta

from tortoise import Tortoise, connections

from colab.accounts.models import User
from colab.challenges.models import Challenge, ChallengeStatus
from colab.db import is_postgres, migrate, tortoise_config
from colab.organizations.models import Organization, OrganizationKind
from colab.search import search_text
from colab.territories.models import Territory, TerritoryLevel, Theme

WORDS = (
    "mobilité énergie quartier école vélo solaire potager numérique culture rivière "
    "commune jeunes aînés circuit court tiers-lieu partage réemploi forêt patrimoine"
).split()


async def seed(database_url: str, count: int) -> None:
    await migrate(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        if await Challenge.all().count() >= count:
            print(f"already {await Challenge.all().count()} challenges")
        else:
            await _insert(database_url, count)
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
    for i in range(20):
        org, _ = await Organization.get_or_create(
            slug=f"bench-org-{i}",
            defaults={"name": f"Organisation {i}", "kind": OrganizationKind.COMMUNE, "verified": True},
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(seed(args.database_url, args.count))


if __name__ == "__main__":
    main()
