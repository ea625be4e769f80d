"""Shared fixtures: a real database per test (SQLite, or PostgreSQL by DATABASE_URL), factories."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher

import colab.domains  # noqa: F401  (registers the review subjects and the event subscribers)
from colab.accounts.models import User
from colab.accounts.passwords import use_hasher
from colab.accounts.service import sign_up
from colab.actors import Actor, Role
from colab.challenges.models import Challenge, Need
from colab.challenges.service import ChallengeDraft, post_challenge
from colab.db import is_postgres, normalize_url
from colab.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from colab.organizations.service import register_organization
from colab.territories.models import Territory, Theme
from colab.territories.reference import forget as forget_reference_data
from colab.territories.reference import reference as reference_data
from colab.validation import utcnow
from tests.databases import PostgresTemplate, SqliteTemplate
from tests.smtp_server import smtp  # noqa: F401  (the SMTP server fixture, for every test package)

DATABASE_URL = normalize_url(os.environ.get("DATABASE_URL", "sqlite://:memory:"))
ON_POSTGRES = is_postgres(DATABASE_URL)
PASSWORD = "motdepasse-solide"

# Argon2 at full cost would make each sign-up take ~50 ms; the algorithm is the same.
use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


CHROMIUM = shutil.which("chromium")
# CI sets COLAB_REQUIRE_BROWSER=1: there a missing Chromium fails the browser tests instead of skipping them
REQUIRE_BROWSER = os.environ.get("COLAB_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("postgres") and not ON_POSTGRES:
            item.add_marker(pytest.mark.skip(reason="runs on PostgreSQL only (set DATABASE_URL)"))
        if item.get_closest_marker("browser") and CHROMIUM is None and not REQUIRE_BROWSER:
            item.add_marker(pytest.mark.skip(reason="Chromium absent (apt-get install chromium)"))


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteTemplate | PostgresTemplate]:
    """The schema, reference data and guards, built once per session (see tests/databases.py)."""
    if not ON_POSTGRES:
        yield SqliteTemplate(tmp_path_factory.mktemp("template"))
        return
    template = PostgresTemplate(DATABASE_URL)
    try:
        yield template
    finally:
        template.drop()


@pytest.fixture
async def db(database_template: SqliteTemplate | PostgresTemplate) -> AsyncIterator[None]:
    """A database of the test's own, in the state the template starts with."""
    forget_reference_data()
    async with database_template.database():
        await reference_data()  # as a running server has it after its first request: statement counts compare
        yield
    forget_reference_data()


class SQLCounter(logging.Handler):
    """Counts the SQL statements Tortoise sends (its db_client logger logs each one)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.statements.append(record.getMessage())

    @property
    def count(self) -> int:
        return len(self.statements)

    def reset(self) -> None:
        self.statements.clear()


@pytest.fixture
def sql() -> Iterator[SQLCounter]:
    logger = logging.getLogger("tortoise.db_client")
    handler = SQLCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


async def make_user(role: Role = Role.CITIZEN, email: str | None = None, name: str = "Camille Dupont") -> User:
    return await sign_up(email or f"personne{_next()}@exemple.be", PASSWORD, name, role=role)


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, role=user.role)


async def make_org(
    verified: bool = True,
    name: str | None = None,
    kind: OrganizationKind = OrganizationKind.COMMUNE,
    members: dict[User, MembershipRole] | None = None,
) -> Organization:
    org = await register_organization(
        name=name or f"Commune de Test {_next()}",
        kind=kind,
        description="Une organisation de test.",
        verified=verified,
    )
    for user, role in (members or {}).items():
        await Membership.create(organization=org, user=user, role=role)
    return org


async def territory(nis: str) -> Territory:
    return await Territory.get(nis_code=nis)


async def theme(slug: str) -> Theme:
    return await Theme.get(slug=slug)


async def draft(**overrides: Any) -> ChallengeDraft:
    values: dict[str, Any] = {
        "title": "Des vélos partagés pour la vallée",
        "summary": "Relier les villages aux gares par un service de vélos partagés.",
        "body": "<p>Nous cherchons des idées pour relier nos villages aux gares.</p>",
        "territory_id": (await territory("92094")).id,  # Namur
        "theme_ids": [(await theme("mobilite")).id],
        "needs": [Need.TEAM, Need.ADVICE],
        "ideas_open_until": utcnow() + timedelta(days=30),
    }
    values.update(overrides)
    return ChallengeDraft(**values)


async def make_challenge(org: Organization | None = None, author: User | None = None, **overrides: Any) -> Challenge:
    if author is None:
        author = await make_user()
    if org is None:
        org = await make_org(members={author: MembershipRole.MEMBER})
    elif not await Membership.exists(organization=org, user=author):
        await Membership.create(organization=org, user=author, role=MembershipRole.MEMBER)
    return await post_challenge(actor_of(author), org.id, await draft(**overrides))
