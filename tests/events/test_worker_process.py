"""A real `colab worker` process killed with SIGKILL mid-delivery: restarted, it delivers the event again and the
idempotent consumer acts once (SQLite file or PostgreSQL database)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tortoise import Tortoise

from colab.config import ROOT
from colab.db import migrate, tortoise_config
from colab.events.models import Delivery, DeliveryStatus
from tests.events.conftest import happened
from tests.fresh_database import fresh_database


async def _worker(url: str, effects: Path, *, kill: bool) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COLAB_TEST_EFFECTS": str(effects),
        "COLAB_TEST_KILL": "1" if kill else "0",
        "WORKER_LEASE_SECONDS": "1",
        "MAIL_BACKEND": "console",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.events.crashing_consumer", "worker", "--drain", cwd=ROOT, env=env
    )
    return await asyncio.wait_for(process.wait(), timeout=60)


async def _delivery() -> Delivery:
    return await Delivery.get(consumer="test.crashing")


async def test_a_worker_killed_mid_delivery_delivers_again_after_restart(tmp_path: Path) -> None:
    effects = tmp_path / "effects.txt"
    async with fresh_database(tmp_path) as url:
        await migrate(url)
        await Tortoise.init(config=tortoise_config(url))
        try:
            event = await happened(1)
            assert await _worker(url, effects, kill=True) == -signal.SIGKILL
            killed = await _delivery()
            assert (killed.status, killed.attempts) == (DeliveryStatus.PENDING, 1)
            assert effects.read_text().split() == [str(event.id)]
            await asyncio.sleep(1.1)  # the dead worker's lease runs out
            assert await _worker(url, effects, kill=False) == 0
            done = await _delivery()
            assert (done.status, done.attempts) == (DeliveryStatus.DONE, 2)
            assert effects.read_text().split() == [str(event.id)]  # acted on once
        finally:
            await Tortoise.close_connections()
