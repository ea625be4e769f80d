"""Organizations: created and verified by admins, staffed by members and managers."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from colab.accounts.models import User
from colab.accounts.service import lookup_email
from colab.actors import Actor, may_manage_organization, require_admin, require_login
from colab.errors import ColabError, ErrorCode, ErrorCollector, forbidden
from colab.events import publish
from colab.organizations.events import OrganizationRegistered, OrganizationVerified
from colab.organizations.models import Membership, MembershipRole, Organization, OrganizationKind
from colab.territories.models import Territory
from colab.validation import check_text, clean_line, slugify, utcnow

SLUG_MAX = 140  # the column's length


def _clean_website(errors: ErrorCollector, website: str) -> str:
    value = (website or "").strip()
    if value and not value.startswith(("https://", "http://")):
        errors.add(ErrorCode.INVALID, "L'adresse du site doit commencer par https://.", "website")
    elif len(value) > 300:
        errors.add(ErrorCode.TOO_LONG, "L'adresse du site ne peut dépasser 300 caractères.", "website")
    return value


async def create_organization(
    actor: Actor,
    *,
    name: str,
    kind: OrganizationKind,
    territory_id: int | None = None,
    description: str = "",
    website: str = "",
) -> Organization:
    """Only admins create organizations; names are unique (case- and accent-insensitive slug)."""
    require_admin(actor)
    return await register_organization(
        name=name, kind=kind, territory_id=territory_id, description=description, website=website
    )


async def register_organization(
    *,
    name: str,
    kind: OrganizationKind,
    territory_id: int | None = None,
    description: str = "",
    website: str = "",
    verified: bool = False,
) -> Organization:
    """Create an organization (operator command and admin path); refuses a taken name."""
    errors = ErrorCollector()
    clean_name = clean_line(name)
    check_text(errors, "name", clean_name, max_length=120, min_length=2, label="Le nom")
    text = (description or "").strip()
    check_text(errors, "description", text or "-", max_length=2000, label="La description")
    site = _clean_website(errors, website)
    if territory_id is not None and not await Territory.exists(id=territory_id):
        errors.add(ErrorCode.UNKNOWN_TERRITORY, "Ce territoire n'existe pas.", "territoryId")
    slug = slugify(clean_name)
    if not errors.has("name") and await Organization.exists(slug=slug):
        errors.add(ErrorCode.NAME_TAKEN, "Une organisation porte déjà ce nom.", "name")
    errors.raise_if_any()
    try:
        async with in_transaction():
            organization = await Organization.create(
                name=clean_name,
                slug=slug,
                kind=kind,
                territory_id=territory_id,
                description=text,
                website=site,
                verified=verified,
                verified_at=utcnow() if verified else None,
            )
            await publish(OrganizationRegistered(subject_id=organization.id, name=clean_name, verified=verified))
            return organization
    except IntegrityError:
        raise ColabError(ErrorCode.NAME_TAKEN, "Une organisation porte déjà ce nom.", "name") from None


async def verify_organization(actor: Actor, organization_id: int) -> Organization:
    """Admins verify an organization; its challenges are then published without review."""
    require_admin(actor)
    return await mark_verified(organization_id)


async def mark_verified(organization_id: int) -> Organization:
    """Verify an organization once (admin path and the `colab org verify` operator command)."""
    organization = await get_organization(organization_id)
    if organization.verified:
        raise ColabError(ErrorCode.ALREADY_VERIFIED, "Cette organisation est déjà vérifiée.", "organizationId")
    async with in_transaction():
        updated = await Organization.filter(id=organization.id, verified=False).update(
            verified=True, verified_at=utcnow()
        )
        if updated:
            await publish(OrganizationVerified(subject_id=organization.id, name=organization.name))
    if not updated:
        raise ColabError(ErrorCode.ALREADY_VERIFIED, "Cette organisation est déjà vérifiée.", "organizationId")
    await organization.refresh_from_db()
    return organization


async def get_organization(organization_id: int, field: str = "organizationId") -> Organization:
    organization = await Organization.get_or_none(id=organization_id)
    if organization is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette organisation n'existe pas.", field)
    return organization


async def membership_role(user_id: int | None, organization_id: int) -> MembershipRole | None:
    if user_id is None:
        return None
    membership = await Membership.get_or_none(user_id=user_id, organization_id=organization_id)
    return membership.role if membership else None


async def role_in(actor: Actor, organization_id: int) -> MembershipRole | None:
    """The actor's role in an organization: from the memberships loaded with the actor, else the database."""
    if actor.memberships is not None:
        return actor.memberships.get(organization_id)
    return await membership_role(actor.user_id, organization_id)


async def memberships_of(user_id: int) -> dict[int, MembershipRole]:
    """Every organization the user acts for, with the role there (loaded once per request with the actor)."""
    rows = await Membership.filter(user_id=user_id).values_list("organization_id", "role")
    return {org_id: MembershipRole(role) for org_id, role in rows}


async def is_manager(actor: Actor, organization_id: int) -> bool:
    return may_manage_organization(actor, await role_in(actor, organization_id))


async def add_member(
    actor: Actor, organization_id: int, email: str, role: MembershipRole = MembershipRole.MEMBER
) -> Membership:
    """Admins and the organization's managers add people (who must have an account)."""
    require_login(actor)
    organization = await get_organization(organization_id)
    if not await is_manager(actor, organization.id):
        raise forbidden("Seuls les gestionnaires de l'organisation peuvent ajouter des membres.")
    return await enrol_member(organization, email, role)


async def enrol_member(organization: Organization, email: str, role: MembershipRole) -> Membership:
    """Tie the account with this email to the organization; each person once."""
    user = await User.get_or_none(email=lookup_email(email))
    if user is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Aucun compte avec cette adresse e-mail.", "email")
    if await Membership.exists(organization_id=organization.id, user_id=user.id):
        raise ColabError(ErrorCode.ALREADY_MEMBER, "Cette personne est déjà membre.", "email")
    try:
        async with in_transaction():
            return await Membership.create(organization=organization, user=user, role=role)
    except IntegrityError:
        raise ColabError(ErrorCode.ALREADY_MEMBER, "Cette personne est déjà membre.", "email") from None


async def acts_for_an_organization(actor: Actor) -> bool:
    """Whether a person may post challenges at all: a member of some organization (the memberships the
    authentication step loaded with the actor, else the database)."""
    if actor.user_id is None:
        return False
    if actor.memberships is not None:
        return bool(actor.memberships)
    return await Membership.exists(user_id=actor.user_id)


async def organizations_of(user_id: int | None) -> list[Organization]:
    """The organizations a person acts for, by name."""
    if user_id is None:
        return []
    return await Organization.filter(memberships__user_id=user_id).order_by("name")


def organizations_matching(
    *, verified: bool | None = None, kind: OrganizationKind | None = None
) -> QuerySet[Organization]:
    """The organizations a list shows, in its order (by name)."""
    query = Organization.all()
    if verified is not None:
        query = query.filter(verified=verified)
    if kind is not None:
        query = query.filter(kind=kind)
    return query.order_by("name", "id")


async def list_organizations(
    *, verified: bool | None = None, kind: OrganizationKind | None = None, offset: int = 0, limit: int = 20
) -> tuple[list[Organization], int]:
    query = organizations_matching(verified=verified, kind=kind)
    total = await query.order_by().count()
    return await query.offset(offset).limit(limit), total


async def get_by_slug(slug: str) -> Organization | None:
    if len(slug) > SLUG_MAX:  # longer than the column: no organization has it (a 500 before)
        return None
    return await Organization.get_or_none(slug=slug)


async def members_of(organization_id: int) -> list[Membership]:
    return await Membership.filter(organization_id=organization_id).select_related("user").order_by("id")
