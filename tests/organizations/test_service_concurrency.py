"""Organizations under concurrency (PostgreSQL): one name, one verification, one membership per person."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from colab.actors import Role
from colab.errors import ColabError, ErrorCode
from colab.organizations.models import Membership, Organization, OrganizationKind
from colab.organizations.service import add_member, register_organization, verify_organization
from tests.conftest import actor_of, make_org, make_user

pytestmark = pytest.mark.postgres


async def _race(n: int, attempt: Callable[[int], Awaitable[Any]]) -> list[Any]:
    return await asyncio.gather(*(attempt(i) for i in range(n)), return_exceptions=True)


def _codes(results: list[Any]) -> list[ErrorCode]:
    return [r.code for r in results if isinstance(r, ColabError)]


async def test_ten_registrations_of_one_name_make_one_organization(db: None) -> None:
    spellings = ["Ville de Namur", "ville de namur", "VILLE DE NAMUR", "Ville de Nàmur", "Ville  de Namur"]
    results = await _race(10, lambda i: register_organization(name=spellings[i % 5], kind=OrganizationKind.COMMUNE))
    assert len([r for r in results if isinstance(r, Organization)]) == 1
    assert _codes(results) == [ErrorCode.NAME_TAKEN] * 9
    assert await Organization.filter(slug="ville-de-namur").count() == 1


async def test_ten_verifications_succeed_once(db: None) -> None:
    admin = actor_of(await make_user(role=Role.ADMIN))
    org = await make_org(verified=False)
    results = await _race(10, lambda _: verify_organization(admin, org.id))
    assert len([r for r in results if isinstance(r, Organization)]) == 1
    assert _codes(results) == [ErrorCode.ALREADY_VERIFIED] * 9
    assert (await Organization.get(id=org.id)).verified


async def test_ten_additions_of_one_person_make_one_membership(db: None) -> None:
    admin = actor_of(await make_user(role=Role.ADMIN))
    person = await make_user(email="recrue@exemple.be")
    org = await make_org()
    results = await _race(10, lambda _: add_member(admin, org.id, "recrue@exemple.be"))
    assert len([r for r in results if isinstance(r, Membership)]) == 1
    assert _codes(results) == [ErrorCode.ALREADY_MEMBER] * 9
    assert await Membership.filter(organization_id=org.id, user_id=person.id).count() == 1
