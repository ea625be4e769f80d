"""The worker: claims pending deliveries in event order, runs the consumers after the commit, retries with
backoff, parks what keeps failing, and runs the timed jobs.

Claiming is one UPDATE ... RETURNING that moves the delivery's lease forward and counts the attempt; on
PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so several workers share the work and never hold
the same delivery at once. No transaction stays open while a consumer runs (an SMTP exchange must not hold
SQLite's one writer): a worker that dies leaves its deliveries leased, and they are taken again once the lease
has run out; at-least-once, so consumers are idempotent."""

from __future__ import annotations

import asyncio
import logging
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from colab.db import placeholders
from colab.events.base import decode, load_handlers
from colab.events.consumers import CONSUMERS, FROM_NOW, JOBS, Consumer, Job
from colab.events.models import ConsumerStart, Delivery, DeliveryStatus, Event, JobRun
from colab.validation import utcnow

log = logging.getLogger("colab.worker")


@dataclass(frozen=True)
class WorkerSettings:
    batch: int = 20
    #: how long a claimed delivery is the worker's; a consumer is cut off before (4/5 of it)
    lease: timedelta = timedelta(minutes=5)
    #: after this many attempts a delivery is parked
    max_attempts: int = 8
    #: the wait after the first failure, doubled after each next one, up to `backoff_cap`
    backoff: timedelta = timedelta(seconds=10)
    backoff_cap: timedelta = timedelta(hours=6)
    #: how often an idle worker looks for work
    poll_seconds: float = 1.0


def backoff_after(attempts: int, settings: WorkerSettings) -> timedelta:
    """The wait before the next attempt, after `attempts` failed ones: exponential, capped."""
    wait: timedelta = settings.backoff * 2 ** max(attempts - 1, 0)
    return min(wait, settings.backoff_cap)


@dataclass(frozen=True)
class Claim:
    id: int
    consumer: str
    event_id: int
    attempts: int


class Worker:
    def __init__(self, settings: WorkerSettings | None = None, name: str = "worker") -> None:
        self.settings = settings or WorkerSettings()
        self.name = name
        load_handlers()

    async def start_consumers(self, now: datetime | None = None) -> None:
        """A consumer met for the first time replays the outbox (from its start, or from now on)."""
        now = now or utcnow()
        known: set[str] = set(await ConsumerStart.all().values_list("name", flat=True))  # type: ignore[arg-type]
        for consumer in CONSUMERS.values():
            if consumer.name not in known:
                await start_consumer(consumer, now)

    async def run_once(self, now: datetime | None = None) -> int:
        """One round: the due jobs, then one batch of deliveries; returns how many deliveries were handled."""
        now = now or utcnow()
        await self.run_jobs(now)
        claims = await self.claim(now)
        if claims:
            events = {e.id: e for e in await Event.filter(id__in=sorted({c.event_id for c in claims}))}
            for claim in claims:
                await self.deliver(claim, events[claim.event_id], now)
        return len(claims)

    async def run(self, stop: asyncio.Event) -> None:
        """Work until `stop` is set; idle rounds wait `poll_seconds`."""
        await self.start_consumers()
        log.info("%s started: consumers %s, jobs %s", self.name, sorted(CONSUMERS), sorted(JOBS))
        while not stop.is_set():
            try:
                handled = await self.run_once()
            except Exception:  # the database went away, say: keep the worker alive and try again
                log.exception("%s: round failed", self.name)
                handled = 0
            if not handled:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=self.settings.poll_seconds)
                except TimeoutError:
                    pass

    async def claim(self, now: datetime) -> list[Claim]:
        # an idle round only reads: on SQLite an UPDATE takes the file's write lock even when it matches nothing,
        # and an idle worker polls every second beside the server's (and the command line's) writes
        free = Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        if not await Delivery.filter(free, status=DeliveryStatus.PENDING, next_attempt_at__lte=now).exists():
            return []
        connection = connections.get("default")
        postgres = connection.capabilities.dialect == "postgres"
        marks = placeholders(connection, 4)
        rows = await connection.execute_query_dict(
            f"""UPDATE event_delivery SET locked_until = {marks[0]}, attempts = attempts + 1
                WHERE id IN (
                  SELECT id FROM event_delivery
                  WHERE status = 'PENDING' AND next_attempt_at <= {marks[1]}
                    AND (locked_until IS NULL OR locked_until < {marks[2]})
                  ORDER BY event_id, id LIMIT {marks[3]} {"FOR UPDATE SKIP LOCKED" if postgres else ""}
                ) RETURNING id, consumer, event_id, attempts""",
            [_db_time(connection, now + self.settings.lease), *[_db_time(connection, now)] * 2, self.settings.batch],
        )
        claims = [Claim(r["id"], r["consumer"], r["event_id"], r["attempts"]) for r in rows]
        return sorted(claims, key=lambda c: (c.event_id, c.id))

    async def deliver(self, claim: Claim, row: Event, now: datetime) -> None:
        consumer = CONSUMERS.get(claim.consumer)
        try:
            if consumer is None:
                raise LookupError(f"no consumer named {claim.consumer!r} in this version of the lab")
            timeout = self.settings.lease.total_seconds() * 0.8
            await asyncio.wait_for(consumer.handle(decode(row), row), timeout=timeout)
        except Exception as error:
            await self._failed(claim, error, now)
            return
        # only if the claim is still ours: a lease that ran out may have let another worker take it again
        await Delivery.filter(id=claim.id, attempts=claim.attempts, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.DONE, delivered_at=max(now, utcnow()), locked_until=None, last_error=""
        )

    async def _failed(self, claim: Claim, error: Exception, now: datetime) -> None:
        text = "".join(traceback.format_exception_only(error)).strip()[:2000]
        parked = claim.attempts >= self.settings.max_attempts
        log.warning("%s: %s, event %s, attempt %s: %s", self.name, claim.consumer, claim.event_id, claim.attempts, text)
        await Delivery.filter(id=claim.id, attempts=claim.attempts, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.PARKED if parked else DeliveryStatus.PENDING,
            next_attempt_at=now + backoff_after(claim.attempts, self.settings),
            locked_until=None,
            last_error=text,
        )

    async def run_jobs(self, now: datetime) -> None:
        for job in JOBS.values():
            if await _take_turn(job, now):
                try:
                    await job.run(now)
                except Exception as error:
                    log.exception("%s: job %s failed", self.name, job.name)
                    await JobRun.filter(name=job.name).update(last_error=repr(error)[:2000])
                else:
                    await JobRun.filter(name=job.name).update(last_run_at=now, last_error="")


async def _take_turn(job: Job, now: datetime) -> bool:
    """Move the job's next run on by one period if it is due: of several workers, one gets the turn."""
    if not await JobRun.exists(name=job.name):
        connection = connections.get("default")
        marks = placeholders(connection, 2)
        await connection.execute_query(
            f"INSERT INTO worker_job (name, next_run_at, last_error) VALUES ({marks[0]}, {marks[1]}, '')"
            " ON CONFLICT (name) DO NOTHING",
            [job.name, _db_time(connection, now)],
        )
    due = JobRun.filter(name=job.name, next_run_at__lte=now)
    return await due.exists() and bool(await due.update(next_run_at=now + job.every))


async def start_consumer(consumer: Consumer, now: datetime, from_event_id: int | None = None) -> int:
    """Record the consumer and schedule the outbox's past events for it (those from `from_event_id`, or all
    unless it replays from now); returns how many deliveries were added."""
    if from_event_id is None:
        last = await Event.all().order_by("-id").first()
        from_event_id = (last.id + 1 if last else 1) if consumer.replay == FROM_NOW else 1
    _, created = await ConsumerStart.get_or_create(
        name=consumer.name, defaults={"from_event_id": from_event_id, "started_at": now}
    )
    if not created:
        return 0  # another worker started it meanwhile
    return await schedule_replay(consumer, from_event_id, now)


async def schedule_replay(consumer: Consumer, from_event_id: int, now: datetime) -> int:
    """Deliver again to the consumer every event of its kinds from `from_event_id` on (done ones included)."""
    query = Event.filter(id__gte=from_event_id)
    if consumer.kinds is not None:
        query = query.filter(kind__in=sorted(consumer.kinds))
    ids = await query.order_by("id").values_list("id", flat=True)
    existing = set(
        await Delivery.filter(consumer=consumer.name, event_id__gte=from_event_id).values_list("event_id", flat=True)
    )
    await Delivery.filter(consumer=consumer.name, event_id__in=sorted(existing)).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=now, locked_until=None, last_error=""
    )
    missing = [i for i in ids if i not in existing]
    await Delivery.bulk_create(
        [Delivery(consumer=consumer.name, event_id=i, next_attempt_at=now) for i in missing],
        ignore_conflicts=True,
    )
    return len(existing) + len(missing)


def _db_time(connection: BaseDBAsyncClient, moment: datetime) -> object:
    # Tortoise stores SQLite datetimes as ISO text with the offset; raw SQL must compare like with like
    if connection.capabilities.dialect == "sqlite":
        return moment.isoformat(" ")
    return moment
