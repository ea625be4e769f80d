"""How an institution asks to join the lab: a short message to the admins, sent a few times at most."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

from colab.accounts.service import normalize_email
from colab.actors import Actor, require_admin
from colab.errors import ColabError, ErrorCode, ErrorCollector
from colab.events import publish
from colab.organizations.models import OrganizationKind
from colab.partnership.events import PartnershipRequested
from colab.partnership.models import PartnershipRequest
from colab.validation import check_text, clean_line, utcnow

ORGANIZATION_NAME_MAX = 120
CONTACT_NAME_MAX = 80
MESSAGE_MIN = 20
MESSAGE_MAX = 2000
SOURCE_MAX = 64
#: one network source (or one address) writes this many times in the window, then waits
PER_SOURCE = 3
SOURCE_WINDOW = timedelta(hours=1)
PER_EMAIL = 3
EMAIL_WINDOW = timedelta(days=1)
#: past this many requests in a day the admins are not notified again (the list page shows them all)
NOTIFIED_PER_DAY = 20
LIST_PAGE = 20

# control characters (NUL included) have no place in a message; tabs and newlines stay
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass
class PartnershipDraft:
    organization_name: str
    contact_name: str
    email: str
    message: str
    kind: OrganizationKind | None = None


def _plain(text: str) -> str:
    """Plain text as typed: Unix newlines, no control characters, at most one blank line in a row."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


async def ask_to_join(actor: Actor, draft: PartnershipDraft, source: str) -> PartnershipRequest:
    """Anyone may write, each source and each address a few times only; the admins are told in the same step.

    `source` is an opaque key of where the request comes from (the web hashes the network address).
    """
    errors = ErrorCollector()
    organization_name = clean_line(_plain(draft.organization_name))
    check_text(errors, "organizationName", organization_name, max_length=ORGANIZATION_NAME_MAX, min_length=2,
               label="Le nom de l'institution")  # fmt: skip
    contact_name = clean_line(_plain(draft.contact_name))
    check_text(errors, "contactName", contact_name, max_length=CONTACT_NAME_MAX, label="Votre nom")
    email = normalize_email(_plain(draft.email)[:320], errors)
    message = _plain(draft.message)
    check_text(errors, "message", message, max_length=MESSAGE_MAX, min_length=MESSAGE_MIN, label="Le message")
    errors.raise_if_any()
    source = source[:SOURCE_MAX]
    now = utcnow()
    if await PartnershipRequest.filter(source=source, created_at__gte=now - SOURCE_WINDOW).count() >= PER_SOURCE:
        raise ColabError(ErrorCode.RATE_LIMITED, "Vous avez déjà envoyé plusieurs demandes : réessayez dans une heure.")
    if await PartnershipRequest.filter(email=email, created_at__gte=now - EMAIL_WINDOW).count() >= PER_EMAIL:
        raise ColabError(
            ErrorCode.RATE_LIMITED, "Nous avons déjà reçu plusieurs demandes de cette adresse aujourd'hui.", "email"
        )
    async with in_transaction():
        request = await PartnershipRequest.create(
            organization_name=organization_name,
            kind=draft.kind,
            contact_name=contact_name,
            email=email,
            message=message,
            sender_id=actor.user_id,
            source=source,
        )
        await publish(
            PartnershipRequested(subject_id=request.id, actor_id=actor.user_id, organization_name=organization_name)
        )
    return request


async def list_requests(
    actor: Actor, *, handled: bool = False, offset: int = 0, limit: int = LIST_PAGE
) -> tuple[list[PartnershipRequest], int]:
    """Admins read the requests: those still to answer, or those answered, newest first."""
    require_admin(actor)
    query = PartnershipRequest.filter(handled_at__isnull=not handled)
    total = await query.count()
    return await query.order_by("-created_at", "-id").offset(offset).limit(limit), total


async def mark_handled(actor: Actor, request_id: int) -> PartnershipRequest:
    """An admin records that a request was answered (once: the first answer's date stays)."""
    user_id = require_admin(actor)
    request = await PartnershipRequest.get_or_none(id=request_id)
    if request is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette demande n'existe pas.", "requestId")
    if request.handled_at is None:
        await PartnershipRequest.filter(id=request_id, handled_at__isnull=True).update(
            handled_at=utcnow(), handled_by_id=user_id
        )
        await request.refresh_from_db()
    return request
