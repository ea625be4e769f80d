"""The worker: every committed event reaches every consumer at least once, in order; failures are retried with
backoff, then parked; a crash mid-delivery delivers again; consumers added later replay; timed jobs run."""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from datetime import timedelta

import pytest

from colab.errors import ColabError, ErrorCode
from colab.events.consumers import FROM_NOW, JOBS, Job
from colab.events.models import Delivery, DeliveryStatus, Event, JobRun
from colab.events.replay import purge_done_deliveries, replay
from colab.events.worker import Worker, WorkerSettings, backoff_after
from colab.validation import utcnow
from tests.conftest import ON_POSTGRES
from tests.events.conftest import Consumers, Happened, happened

pytestmark = pytest.mark.usefixtures("db")
WORKER_NAME: ContextVar[str] = ContextVar("worker_name")
SETTINGS = WorkerSettings(batch=5, max_attempts=3, backoff=timedelta(seconds=10), lease=timedelta(seconds=60))


async def test_each_event_reaches_each_consumer_once_in_order(consumers: Consumers) -> None:
    seen: dict[str, list[int]] = {"a": [], "b": []}
    consumers.add("test.a", lambda e, row: _append(seen["a"], e))
    consumers.add("test.b", lambda e, row: _append(seen["b"], e))
    for n in range(1, 8):
        await happened(n)
    worker = Worker(SETTINGS)
    while await worker.run_once():
        pass
    assert seen == {"a": list(range(1, 8)), "b": list(range(1, 8))}
    assert await Delivery.filter(status=DeliveryStatus.DONE, consumer__startswith="test.").count() == 14
    assert await worker.run_once() == 0


async def _append(into: list[int], event: Happened) -> None:
    into.append(event.n)


async def test_a_failing_consumer_is_retried_with_backoff_then_parked(consumers: Consumers) -> None:
    calls: list[int] = []

    async def broken(event: Happened, row: Event) -> None:
        calls.append(event.n)
        raise ConnectionError("serveur injoignable")

    consumers.add("test.broken", broken)
    await happened(1)
    worker, now = Worker(SETTINGS), utcnow()
    assert await worker.run_once(now) == 1
    delivery = await Delivery.get(consumer="test.broken")
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
        DeliveryStatus.PENDING,
        1,
        now + timedelta(seconds=10),
    )
    assert "ConnectionError: serveur injoignable" in delivery.last_error
    assert await worker.run_once(now + timedelta(seconds=9)) == 0  # not before its time
    assert await worker.run_once(now + timedelta(seconds=10)) == 1
    assert (await Delivery.get(id=delivery.id)).next_attempt_at == now + timedelta(seconds=30)  # 10 s, then 20 s
    assert await worker.run_once(now + timedelta(seconds=30)) == 1
    parked = await Delivery.get(id=delivery.id)
    assert (parked.status, parked.attempts, calls) == (DeliveryStatus.PARKED, 3, [1, 1, 1])
    assert await worker.run_once(now + timedelta(days=1)) == 0


def test_backoff_doubles_up_to_its_cap() -> None:
    settings = WorkerSettings(backoff=timedelta(seconds=10), backoff_cap=timedelta(minutes=1))
    assert [backoff_after(n, settings).total_seconds() for n in (1, 2, 3, 4, 5)] == [10, 20, 40, 60, 60]


class Crash(BaseException):
    """The worker's task dies here (as when its process is killed): nothing after it runs."""


async def test_a_worker_killed_mid_delivery_delivers_again_and_an_idempotent_consumer_acts_once(
    consumers: Consumers,
) -> None:
    effects: list[int] = []  # the side effect (an email sent, say), outside the database
    crash = [True]

    async def idempotent(event: Happened, row: Event) -> None:
        if row.id in effects:
            return  # already done: the consumer keys its side effect by the event
        effects.append(row.id)
        if crash.pop() if crash else False:
            raise Crash  # killed after the side effect, before the delivery is recorded

    consumers.add("test.idempotent", idempotent)
    event = await happened(1)
    now = utcnow()
    with pytest.raises(Crash):
        await Worker(SETTINGS).run_once(now)
    left = await Delivery.get(consumer="test.idempotent")
    assert (left.status, left.attempts, left.locked_until) == (DeliveryStatus.PENDING, 1, now + SETTINGS.lease)
    restarted = Worker(SETTINGS)
    assert await restarted.run_once(now + timedelta(seconds=30)) == 0  # still leased by the dead worker
    assert await restarted.run_once(now + SETTINGS.lease + timedelta(seconds=1)) == 1
    done = await Delivery.get(id=left.id)
    assert (done.status, done.attempts, effects) == (DeliveryStatus.DONE, 2, [event.id])


async def test_a_consumer_added_later_replays_from_the_start_or_takes_only_new_events(consumers: Consumers) -> None:
    await happened(1)
    await happened(2)
    seen: dict[str, list[int]] = {"old": [], "new": []}
    consumers.add("test.old", lambda e, row: _append(seen["old"], e))
    consumers.add("test.new", lambda e, row: _append(seen["new"], e), replay=FROM_NOW)
    worker = Worker(SETTINGS)
    await worker.start_consumers()
    await happened(3)
    while await worker.run_once():
        pass
    assert seen == {"old": [1, 2, 3], "new": [3]}
    await worker.start_consumers()  # a second start replays nothing
    assert await worker.run_once() == 0


async def test_a_due_job_runs_once_per_period_whatever_the_number_of_workers() -> None:
    runs: list[object] = []

    async def tick(now: object) -> None:
        runs.append(now)

    JOBS["test.tick"] = Job("test.tick", timedelta(minutes=1), tick)
    try:
        now = utcnow()
        first, second = Worker(SETTINGS, "w1"), Worker(SETTINGS, "w2")
        await first.run_jobs(now)
        await second.run_jobs(now + timedelta(seconds=30))
        assert runs == [now]
        await second.run_jobs(now + timedelta(seconds=61))
        assert len(runs) == 2
        assert (await JobRun.get(name="test.tick")).last_run_at == now + timedelta(seconds=61)
    finally:
        JOBS.pop("test.tick")


@pytest.mark.postgres
async def test_two_workers_on_postgresql_never_deliver_the_same_row_twice(consumers: Consumers) -> None:
    assert ON_POSTGRES
    deliveries: list[tuple[str, int]] = []
    in_flight: set[int] = set()
    overlaps: list[int] = []

    async def handle(event: Happened, row: Event) -> None:
        if row.id in in_flight:
            overlaps.append(row.id)
        in_flight.add(row.id)
        await asyncio.sleep(0.005)  # let the other worker claim meanwhile
        deliveries.append((WORKER_NAME.get(), row.id))
        in_flight.discard(row.id)

    consumers.add("test.shared", handle)
    events = [await happened(n) for n in range(40)]

    async def work(name: str) -> None:
        WORKER_NAME.set(name)
        worker = Worker(WorkerSettings(batch=3))
        while await worker.run_once():
            pass

    await asyncio.gather(work("w1"), work("w2"))
    assert sorted(event_id for _, event_id in deliveries) == sorted(e.id for e in events)
    assert overlaps == []
    assert {w for w, _ in deliveries} == {"w1", "w2"}


async def test_done_deliveries_are_purged_after_thirty_days(consumers: Consumers) -> None:
    consumers.add("test.a", lambda e, row: _append([], e))
    await happened(1)
    await happened(2)
    now = utcnow()
    worker = Worker(SETTINGS)
    while await worker.run_once(now):
        pass
    old = await Delivery.filter(consumer="test.a").order_by("id").first()
    assert old is not None
    await Delivery.filter(id=old.id).update(delivered_at=now - timedelta(days=31))
    await purge_done_deliveries(now)
    assert await Delivery.filter(consumer="test.a").count() == 1


async def test_replaying_from_a_chosen_event_delivers_those_again(consumers: Consumers) -> None:
    seen: list[int] = []
    consumers.add("test.replayed", lambda e, row: _append(seen, e))
    events = [await happened(n) for n in (1, 2, 3)]
    worker = Worker(SETTINGS)
    while await worker.run_once():
        pass
    assert await replay("test.replayed", events[1].id) == 2
    while await worker.run_once():
        pass
    assert seen == [1, 2, 3, 2, 3]


async def test_replaying_an_unknown_consumer_is_refused() -> None:
    with pytest.raises(ColabError) as refused:
        await replay("personne", 1)
    assert refused.value.code is ErrorCode.NOT_FOUND
