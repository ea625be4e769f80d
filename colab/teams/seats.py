"""A role's seats: taken and freed by conditional UPDATEs, so no role ever has more confirmed members than seats.

Called inside the confirming transaction: when no seat is left the UPDATE matches no row and the caller's
transaction is rolled back with ROLE_FILLED, whatever the number of concurrent confirmations."""

from __future__ import annotations

from tortoise.expressions import F

from colab.errors import ColabError, ErrorCode
from colab.teams.models import TeamRole, TeamRoleStatus


def role_filled() -> ColabError:
    return ColabError(ErrorCode.ROLE_FILLED, "Toutes les places de ce rôle sont déjà prises.", "roleId")


async def take_seat(role_id: int) -> TeamRole:
    """One more confirmed member on an open role with a seat left; the role is FILLED by its last seat."""
    taken = await TeamRole.filter(id=role_id, status=TeamRoleStatus.OPEN, confirmed_count__lt=F("seats")).update(
        confirmed_count=F("confirmed_count") + 1
    )
    if not taken:
        role = await TeamRole.get(id=role_id)
        if role.status is TeamRoleStatus.CLOSED:
            raise ColabError(ErrorCode.ROLE_CLOSED, "Ce rôle est fermé.", "roleId")
        raise role_filled()
    await TeamRole.filter(id=role_id, status=TeamRoleStatus.OPEN, confirmed_count__gte=F("seats")).update(
        status=TeamRoleStatus.FILLED
    )
    return await TeamRole.get(id=role_id)


async def free_seat(role_id: int) -> None:
    """A confirmed member left: one seat less taken; a filled role opens again."""
    await TeamRole.filter(id=role_id, confirmed_count__gt=0).update(confirmed_count=F("confirmed_count") - 1)
    await TeamRole.filter(id=role_id, status=TeamRoleStatus.FILLED, confirmed_count__lt=F("seats")).update(
        status=TeamRoleStatus.OPEN
    )
