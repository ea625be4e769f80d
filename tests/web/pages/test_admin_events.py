"""/admin/evenements: admins see parked deliveries and relaunch them; nobody else does."""

from __future__ import annotations

from datetime import timedelta

import httpx

from colab.actors import Role
from colab.events.consumers import CONSUMERS, Consumer
from colab.events.models import Delivery, DeliveryStatus, Event
from colab.events.worker import Worker, WorkerSettings
from colab.validation import utcnow
from tests.conftest import make_user
from tests.events.conftest import Happened, happened
from tests.web.conftest import log_in, post_form


async def _parked() -> Delivery:
    async def broken(event: Happened, row: Event) -> None:
        raise ConnectionError("serveur SMTP injoignable")

    CONSUMERS["test.broken"] = Consumer("test.broken", broken, frozenset({Happened.kind}), "start")
    try:
        await happened(1)
        await Worker(WorkerSettings(max_attempts=1)).run_once(utcnow() + timedelta(seconds=1))
    finally:
        CONSUMERS.pop("test.broken")
    return await Delivery.get(consumer="test.broken")


async def test_an_admin_sees_a_parked_delivery_and_relaunches_it(web: httpx.AsyncClient) -> None:
    parked = await _parked()
    await log_in(web, await make_user(Role.ADMIN))
    page = await web.get("/admin/evenements")
    assert page.status_code == 200
    assert "test.broken" in page.text and "serveur SMTP injoignable" in page.text
    done = await post_form(web, f"/admin/evenements/{parked.id}/relancer", {}, "/admin/evenements")
    assert (done.status_code, done.headers["location"]) == (303, "/admin/evenements")
    assert (await Delivery.get(id=parked.id)).status is DeliveryStatus.PENDING
    after = await web.get("/admin/evenements")
    assert "La livraison est relancée" in after.text and "Aucune livraison en échec" in after.text


async def test_others_cannot_see_or_relaunch(web: httpx.AsyncClient) -> None:
    parked = await _parked()
    anonymous = await web.get("/admin/evenements")
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/connexion?suivant=/admin/evenements")
    await log_in(web, await make_user(Role.MODERATOR))
    assert (await web.get("/admin/evenements")).status_code == 403
    refused = await post_form(web, f"/admin/evenements/{parked.id}/relancer", {}, "/")
    assert refused.status_code == 403
    assert (await Delivery.get(id=parked.id)).status is DeliveryStatus.PARKED
