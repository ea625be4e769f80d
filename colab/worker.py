"""Starting the worker from the settings: inside the server (WORKER=inprocess, the SQLite default) or as the
`colab worker` process (WORKER=external, several of them on PostgreSQL)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from datetime import timedelta

from colab.acting.settings import ActingSettings, configure_acting
from colab.config import Settings
from colab.events.worker import Worker, WorkerSettings
from colab.mail.transport import MailSettings, configure_mail

log = logging.getLogger("colab.worker")


def acting_of(settings: Settings) -> ActingSettings:
    """Crowdacting's hours (offers, late cancellations, reminders) for its services and jobs."""
    return ActingSettings(
        settings.acting_late_cancel_hours, settings.acting_offer_hours, settings.acting_reminder_hours
    )


def make_worker(settings: Settings, name: str = "worker") -> Worker:
    """A worker with the settings' lease, attempts and polling; the mail transport configured for its consumers."""
    configure_acting(acting_of(settings))
    configure_mail(
        MailSettings(
            backend=settings.mail_backend,
            directory=settings.mail_dir,
            sender=settings.mail_from,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_user=settings.smtp_user,
            smtp_password=str(settings.smtp_password),
            smtp_tls=settings.smtp_tls,
            base_url=settings.base_url,
            secret_key=str(settings.secret_key),
        )
    )
    return Worker(
        WorkerSettings(
            lease=timedelta(seconds=settings.worker_lease_seconds),
            max_attempts=settings.worker_max_attempts,
            poll_seconds=settings.worker_poll_seconds,
        ),
        name=name,
    )


@contextlib.asynccontextmanager
async def inprocess_worker(settings: Settings) -> AsyncIterator[asyncio.Task[None] | None]:
    """Run the worker as a task of the server while the block runs (only with WORKER=inprocess)."""
    if settings.worker != "inprocess":
        yield None
        return
    stop = asyncio.Event()
    task = asyncio.create_task(make_worker(settings, "worker (serveur)").run(stop))
    try:
        yield task
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=10)
        except TimeoutError:  # a consumer stuck on the network: its deliveries are taken again after the lease
            log.warning("in-process worker did not stop in time; cancelled")


async def run_worker(settings: Settings, *, drain: bool = False) -> None:
    """`colab worker`: work until SIGTERM/SIGINT (or, with `drain`, until nothing is left to do now)."""
    worker = make_worker(settings)
    if drain:
        await worker.start_consumers()
        while await worker.run_once():
            pass
        return
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await worker.run(stop)
