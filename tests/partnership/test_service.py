"""An institution asks to join the lab: checked plain text, a few requests per source and address, admins told."""

from datetime import timedelta

import pytest

from colab.actors import ANONYMOUS, Role
from colab.errors import ColabError, ErrorCode
from colab.events.models import Event
from colab.notifications.models import Notification, NotificationKind
from colab.notifications.wording import describe
from colab.organizations.models import OrganizationKind
from colab.partnership import service
from colab.partnership.models import PartnershipRequest
from colab.partnership.service import PartnershipDraft, ask_to_join, list_requests, mark_handled
from colab.validation import utcnow
from tests.conftest import actor_of, make_user
from web.pages.notifications import link_of

MESSAGE = "Nous aimerions confier au Colab un défi sur la mobilité douce entre nos villages."


def _draft(**overrides: object) -> PartnershipDraft:
    values: dict[str, object] = {
        "organization_name": "Commune de Gesves",
        "contact_name": "Anne Lambert",
        "email": "anne.lambert@gesves.be",
        "message": MESSAGE,
        "kind": OrganizationKind.COMMUNE,
    }
    values.update(overrides)
    return PartnershipDraft(**values)  # type: ignore[arg-type]


async def test_anyone_asks_and_every_admin_is_told(db: None) -> None:
    admins = [await make_user(Role.ADMIN), await make_user(Role.ADMIN)]
    moderator = await make_user(Role.MODERATOR)
    request = await ask_to_join(ANONYMOUS, _draft(), "source-a")
    stored = await PartnershipRequest.get(id=request.id)
    assert (stored.organization_name, stored.kind, stored.email) == (
        "Commune de Gesves",
        OrganizationKind.COMMUNE,
        "anne.lambert@gesves.be",
    )
    assert stored.sender_id is None and stored.handled_at is None
    told = await Notification.filter(kind=NotificationKind.PARTNERSHIP_REQUEST).order_by("user_id")
    assert [n.user_id for n in told] == sorted(a.id for a in admins)
    await describe(told)
    assert told[0].title == "Une institution veut rejoindre le Colab : Commune de Gesves"
    assert link_of(told[0]) == "/institutions/demandes"
    assert not await Notification.exists(user_id=moderator.id)
    event = await Event.get(kind="partnership.requested")
    assert (event.subject_id, event.actor_id, event.public) == (request.id, None, False)
    assert event.payload == {"organization_name": "Commune de Gesves"}


async def test_a_logged_in_sender_is_remembered(db: None) -> None:
    citizen = await make_user()
    request = await ask_to_join(actor_of(citizen), _draft(), "source-a")
    assert request.sender_id == citizen.id


async def test_every_bad_field_is_reported_and_nothing_is_stored(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await ask_to_join(
            ANONYMOUS,
            _draft(organization_name="  ", contact_name="x" * 81, email="pas-une-adresse", message="Bonjour"),
            "source-a",
        )
    assert {e.field: e.code for e in caught.value.errors} == {
        "organizationName": ErrorCode.REQUIRED,
        "contactName": ErrorCode.TOO_LONG,
        "email": ErrorCode.INVALID_EMAIL,
        "message": ErrorCode.TOO_SHORT,
    }
    assert await PartnershipRequest.all().count() == 0
    assert await Event.all().count() == 0


async def test_a_message_over_its_limit_is_refused(db: None) -> None:
    with pytest.raises(ColabError) as caught:
        await ask_to_join(ANONYMOUS, _draft(message="a" * (service.MESSAGE_MAX + 1)), "source-a")
    assert (caught.value.code, caught.value.field) == (ErrorCode.TOO_LONG, "message")


async def test_control_characters_are_dropped_and_newlines_kept(db: None) -> None:
    request = await ask_to_join(
        ANONYMOUS,
        _draft(organization_name="Commune\x00 de\tGesves", message=f"{MESSAGE}\r\n\r\n\r\n\r\nMerci\x00 !\x07"),
        "source-a",
    )
    stored = await PartnershipRequest.get(id=request.id)
    assert stored.organization_name == "Commune de Gesves"
    assert stored.message == f"{MESSAGE}\n\nMerci !"


async def test_one_source_writes_three_times_an_hour(db: None) -> None:
    for n in range(service.PER_SOURCE):
        await ask_to_join(ANONYMOUS, _draft(email=f"personne{n}@gesves.be"), "source-a")
    with pytest.raises(ColabError) as caught:
        await ask_to_join(ANONYMOUS, _draft(email="autre@gesves.be"), "source-a")
    assert caught.value.code is ErrorCode.RATE_LIMITED
    await ask_to_join(ANONYMOUS, _draft(email="autre@gesves.be"), "source-b")  # another source may still write
    # an hour later the source may write again
    await PartnershipRequest.filter(source="source-a").update(created_at=utcnow() - timedelta(hours=2))
    await ask_to_join(ANONYMOUS, _draft(email="encore@gesves.be"), "source-a")
    assert await PartnershipRequest.all().count() == service.PER_SOURCE + 2


async def test_one_address_writes_three_times_a_day_from_anywhere(db: None) -> None:
    for n in range(service.PER_EMAIL):
        await ask_to_join(ANONYMOUS, _draft(), f"source-{n}")
    with pytest.raises(ColabError) as caught:
        await ask_to_join(ANONYMOUS, _draft(email="ANNE.LAMBERT@gesves.be"), "source-z")
    assert (caught.value.code, caught.value.field) == (ErrorCode.RATE_LIMITED, "email")
    assert await PartnershipRequest.all().count() == service.PER_EMAIL


async def test_a_flood_is_stored_but_tells_the_admins_only_so_often(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = await make_user(Role.ADMIN)
    monkeypatch.setattr(service, "NOTIFIED_PER_DAY", 2)
    for n in range(4):
        await ask_to_join(ANONYMOUS, _draft(email=f"p{n}@gesves.be"), f"source-{n}")
    assert await PartnershipRequest.all().count() == 4
    assert await Notification.filter(user_id=admin.id).count() == 2


async def test_only_admins_read_the_requests(db: None) -> None:
    await ask_to_join(ANONYMOUS, _draft(), "source-a")
    with pytest.raises(ColabError) as anonymous:
        await list_requests(ANONYMOUS)
    assert anonymous.value.code is ErrorCode.UNAUTHENTICATED
    for role in (Role.CITIZEN, Role.MODERATOR):
        with pytest.raises(ColabError) as refused:
            await list_requests(actor_of(await make_user(role)))
        assert refused.value.code is ErrorCode.FORBIDDEN
    items, total = await list_requests(actor_of(await make_user(Role.ADMIN)))
    assert total == 1 and items[0].organization_name == "Commune de Gesves"


async def test_an_admin_marks_a_request_handled_once(db: None) -> None:
    admin = actor_of(await make_user(Role.ADMIN))
    request = await ask_to_join(ANONYMOUS, _draft(), "source-a")
    done = await mark_handled(admin, request.id)
    assert done.handled_at is not None and done.handled_by_id == admin.user_id
    again = await mark_handled(actor_of(await make_user(Role.ADMIN)), request.id)
    assert (again.handled_at, again.handled_by_id) == (done.handled_at, admin.user_id)
    assert (await list_requests(admin))[1] == 0
    assert [r.id for r in (await list_requests(admin, handled=True))[0]] == [request.id]
    with pytest.raises(ColabError) as missing:
        await mark_handled(admin, request.id + 1)
    assert missing.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ColabError) as refused:
        await mark_handled(actor_of(await make_user()), request.id)
    assert refused.value.code is ErrorCode.FORBIDDEN
