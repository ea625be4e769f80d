"""Organizations service: admins create and verify, managers add members; refusals leave nothing behind."""

from __future__ import annotations

import pytest

from colab.actors import ANONYMOUS, Actor, Role
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from colab.organizations.service import (
    add_member,
    create_organization,
    get_by_slug,
    is_manager,
    list_organizations,
    members_of,
    organizations_of,
    verify_organization,
)
from colab.validation import utcnow
from tests.conftest import actor_of, make_org, make_user, territory


async def _admin_actor() -> Actor:
    return actor_of(await make_user(role=Role.ADMIN))


async def test_an_admin_creates_an_unverified_organization(db: None) -> None:
    namur = await territory("92094")
    org = await create_organization(
        await _admin_actor(),
        name="  Ville   de Namur ",
        kind=OrganizationKind.COMMUNE,
        territory_id=namur.id,
        description="La capitale wallonne.",
        website="https://www.namur.be",
    )
    stored = await Organization.get(id=org.id)
    assert stored.name == "Ville de Namur"
    assert stored.slug == "ville-de-namur"
    assert stored.kind is OrganizationKind.COMMUNE
    assert stored.territory_id == namur.id
    assert stored.website == "https://www.namur.be"
    assert (stored.verified, stored.verified_at) == (False, None)
    assert (await get_by_slug("ville-de-namur")) == stored


async def test_a_citizen_cannot_create_an_organization(db: None) -> None:
    citizen = await make_user()
    with pytest.raises(ColabError) as caught:
        await create_organization(actor_of(citizen), name="Ville de Namur", kind=OrganizationKind.COMMUNE)
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert await Organization.all().count() == 0


async def test_a_moderator_cannot_create_an_organization(db: None) -> None:
    moderator = await make_user(role=Role.MODERATOR)
    with pytest.raises(ColabError) as caught:
        await create_organization(actor_of(moderator), name="Ville de Namur", kind=OrganizationKind.COMMUNE)
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_anonymous_cannot_create_an_organization(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await create_organization(ANONYMOUS, name="Ville de Namur", kind=OrganizationKind.COMMUNE)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED
    assert await Organization.all().count() == 0


@pytest.mark.parametrize("second", ["ville de namur", "VILLE DE NAMUR", "Ville de Nàmur", "Ville  de  Namur"])
async def test_a_name_taken_in_another_case_or_accent_is_refused(db: None, second: str) -> None:
    admin = await _admin_actor()
    await create_organization(admin, name="Ville de Namur", kind=OrganizationKind.COMMUNE)
    with pytest.raises(ColabError) as caught:
        await create_organization(admin, name=second, kind=OrganizationKind.COMMUNE)
    assert caught.value.code is ErrorCode.NAME_TAKEN
    assert caught.value.field == "name"
    assert await Organization.all().count() == 1


async def test_an_unknown_territory_is_refused(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await create_organization(
            await _admin_actor(), name="Ville de Nulle Part", kind=OrganizationKind.COMMUNE, territory_id=999_999
        )
    assert caught.value.code is ErrorCode.UNKNOWN_TERRITORY
    assert caught.value.field == "territoryId"
    assert await Organization.all().count() == 0


@pytest.mark.parametrize("website", ["www.namur.be", "javascript:alert(1)", "ftp://namur.be"])
async def test_a_website_without_http_is_refused(db: None, website: str) -> None:
    with pytest.raises(ColabError) as caught:
        await create_organization(
            await _admin_actor(), name="Ville de Namur", kind=OrganizationKind.COMMUNE, website=website
        )
    assert caught.value.code is ErrorCode.INVALID
    assert caught.value.field == "website"
    assert await Organization.all().count() == 0


async def test_an_overlong_name_is_refused(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await create_organization(await _admin_actor(), name="N" * 121, kind=OrganizationKind.ASSOCIATION)
    assert caught.value.code is ErrorCode.TOO_LONG
    assert caught.value.field == "name"


async def test_every_input_error_is_reported_together(db: None) -> None:
    with pytest.raises(ColabErrors) as caught:
        await create_organization(
            await _admin_actor(), name="", kind=OrganizationKind.COMMUNE, territory_id=999_999, website="namur.be"
        )
    assert {(e.field, e.code) for e in caught.value.errors} == {
        ("name", ErrorCode.REQUIRED),
        ("territoryId", ErrorCode.UNKNOWN_TERRITORY),
        ("website", ErrorCode.INVALID),
    }
    assert await Organization.all().count() == 0


async def test_verify_marks_the_organization_verified_now(db: None) -> None:
    org = await make_org(verified=False)
    before = utcnow()
    verified = await verify_organization(await _admin_actor(), org.id)
    stored = await Organization.get(id=org.id)
    assert verified.verified and stored.verified
    assert stored.verified_at is not None and stored.verified_at >= before.replace(microsecond=0)


async def test_verify_twice_is_refused(db: None) -> None:
    admin = await _admin_actor()
    org = await make_org(verified=False)
    await verify_organization(admin, org.id)
    first_time = (await Organization.get(id=org.id)).verified_at
    with pytest.raises(ColabError) as caught:
        await verify_organization(admin, org.id)
    assert caught.value.code is ErrorCode.ALREADY_VERIFIED
    assert (await Organization.get(id=org.id)).verified_at == first_time


async def test_a_citizen_cannot_verify(db: None) -> None:
    manager = await make_user()
    org = await make_org(verified=False, members={manager: MembershipRole.MANAGER})
    with pytest.raises(ColabError) as caught:
        await verify_organization(actor_of(manager), org.id)
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert not (await Organization.get(id=org.id)).verified


async def test_verify_an_unknown_organization_is_not_found(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await verify_organization(await _admin_actor(), 999_999)
    assert caught.value.code is ErrorCode.NOT_FOUND


async def test_a_manager_adds_a_member(db: None) -> None:
    manager = await make_user()
    newcomer = await make_user(email="nouvelle@exemple.be")
    org = await make_org(members={manager: MembershipRole.MANAGER})
    membership = await add_member(actor_of(manager), org.id, "Nouvelle@Exemple.be", MembershipRole.MEMBER)
    assert (membership.user_id, membership.role) == (newcomer.id, MembershipRole.MEMBER)
    assert [m.user.email for m in await members_of(org.id)] == [manager.email, "nouvelle@exemple.be"]
    assert [o.id for o in await organizations_of(newcomer.id)] == [org.id]


async def test_an_admin_adds_a_manager_without_being_a_member(db: None) -> None:
    newcomer = await make_user(email="gestion@exemple.be")
    org = await make_org()
    await add_member(await _admin_actor(), org.id, "gestion@exemple.be", MembershipRole.MANAGER)
    assert await is_manager(actor_of(newcomer), org.id)


async def test_a_plain_member_cannot_add_members(db: None) -> None:
    member = await make_user()
    await make_user(email="nouvelle@exemple.be")
    org = await make_org(members={member: MembershipRole.MEMBER})
    with pytest.raises(ColabError) as caught:
        await add_member(actor_of(member), org.id, "nouvelle@exemple.be")
    assert caught.value.code is ErrorCode.FORBIDDEN
    assert await Membership.filter(organization_id=org.id).count() == 1


async def test_anonymous_cannot_add_members(db: None) -> None:
    org = await make_org()
    with pytest.raises(ColabError) as caught:
        await add_member(ANONYMOUS, org.id, "nouvelle@exemple.be")
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


async def test_adding_an_unknown_email_is_not_found(db: None) -> None:
    org = await make_org()
    with pytest.raises(ColabError) as caught:
        await add_member(await _admin_actor(), org.id, "inconnu@exemple.be")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.field == "email"
    assert await Membership.all().count() == 0


async def test_adding_to_an_unknown_organization_is_not_found(db: None) -> None:
    await make_user(email="nouvelle@exemple.be")
    with pytest.raises(ColabError) as caught:
        await add_member(await _admin_actor(), 999_999, "nouvelle@exemple.be")
    assert caught.value.code is ErrorCode.NOT_FOUND
    assert caught.value.field == "organizationId"


async def test_adding_the_same_person_twice_is_refused(db: None) -> None:
    admin = await _admin_actor()
    await make_user(email="nouvelle@exemple.be")
    org = await make_org()
    await add_member(admin, org.id, "nouvelle@exemple.be")
    with pytest.raises(ColabError) as caught:
        await add_member(admin, org.id, "NOUVELLE@exemple.be", MembershipRole.MANAGER)
    assert caught.value.code is ErrorCode.ALREADY_MEMBER
    memberships = await Membership.filter(organization_id=org.id)
    assert [m.role for m in memberships] == [MembershipRole.MEMBER]


async def test_a_manager_of_one_organization_cannot_add_members_to_another(db: None) -> None:
    manager = await make_user()
    await make_user(email="nouvelle@exemple.be")
    await make_org(members={manager: MembershipRole.MANAGER})
    other = await make_org()
    with pytest.raises(ColabError) as caught:
        await add_member(actor_of(manager), other.id, "nouvelle@exemple.be")
    assert caught.value.code is ErrorCode.FORBIDDEN


async def test_list_organizations_filters_and_counts(db: None) -> None:
    await make_org(name="Ville de Namur")
    await make_org(name="Ville d'Arlon", verified=False)
    await make_org(name="Incubateur Liégeois", kind=OrganizationKind.INCUBATOR)
    verified, total = await list_organizations(verified=True)
    assert ([o.name for o in verified], total) == (["Incubateur Liégeois", "Ville de Namur"], 2)
    communes, total = await list_organizations(kind=OrganizationKind.COMMUNE, limit=1)
    assert ([o.name for o in communes], total) == (["Ville d'Arlon"], 2)
