"""Operators' tools on deliveries: replay the outbox to a consumer; list and retry what was parked (admins)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from colab.actors import Actor, require_admin
from colab.errors import ColabError, ErrorCode
from colab.events.base import load_handlers
from colab.events.consumers import CONSUMERS, job
from colab.events.models import Delivery, DeliveryStatus
from colab.events.worker import schedule_replay
from colab.validation import utcnow


async def replay(consumer_name: str, from_event_id: int = 1) -> int:
    """Deliver again to a consumer every event of its kinds from `from_event_id` on; returns how many."""
    load_handlers()
    consumer = CONSUMERS.get(consumer_name)
    if consumer is None:
        raise ColabError(ErrorCode.NOT_FOUND, f"Aucun consommateur ne s'appelle « {consumer_name} ».", "consumer")
    return await schedule_replay(consumer, max(from_event_id, 1), utcnow())


@dataclass(frozen=True)
class ParkedDelivery:
    id: int
    consumer: str
    event_id: int
    event_kind: str
    subject_type: str
    subject_id: int
    attempts: int
    last_error: str
    event_at: datetime
    failed_at: datetime


async def parked_deliveries(actor: Actor, *, offset: int = 0, limit: int = 20) -> tuple[list[ParkedDelivery], int]:
    """What failed every attempt, oldest event first (admins only)."""
    require_admin(actor)
    query = Delivery.filter(status=DeliveryStatus.PARKED)
    total = await query.count()
    rows = await query.order_by("event_id", "id").offset(offset).limit(limit).select_related("event")
    return [
        ParkedDelivery(
            d.id,
            d.consumer,
            d.event_id,
            d.event.kind,
            d.event.subject_type,
            d.event.subject_id,
            d.attempts,
            d.last_error,
            d.event.created_at,
            d.next_attempt_at,
        )
        for d in rows
    ], total


async def retry_delivery(actor: Actor, delivery_id: int) -> Delivery:
    """An admin sends a parked delivery back to the worker, with a fresh count of attempts."""
    require_admin(actor)
    delivery = await Delivery.get_or_none(id=delivery_id)
    if delivery is None:
        raise ColabError(ErrorCode.NOT_FOUND, "Cette livraison n'existe pas.", "deliveryId")
    if not await Delivery.filter(id=delivery_id, status=DeliveryStatus.PARKED).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=utcnow(), locked_until=None
    ):
        raise ColabError(ErrorCode.ILLEGAL_TRANSITION, "Cette livraison n'est pas en attente d'un nouvel essai.")
    await delivery.refresh_from_db()
    return delivery


#: done deliveries are kept this long (to see what was delivered), then purged; events themselves stay
KEEP_DONE = timedelta(days=30)


@job("events.purge_done_deliveries", every=timedelta(hours=6))
async def purge_done_deliveries(now: datetime) -> None:
    await Delivery.filter(status=DeliveryStatus.DONE, delivered_at__lt=now - KEEP_DONE).delete()
