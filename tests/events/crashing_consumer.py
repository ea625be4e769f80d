"""A consumer for the process-kill test, loaded by a `colab worker` subprocess: it does its side effect (a line
in a file, keyed by the event), then the first time kills its own process with SIGKILL before the delivery is
recorded. It is idempotent: an event already in the file is not acted on again."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from colab.cli import main
from colab.events.consumers import consumer
from colab.events.models import Event
from tests.events.conftest import Happened

EFFECTS = Path(os.environ["COLAB_TEST_EFFECTS"])


def _act(event_id: int) -> None:
    done = EFFECTS.read_text().split() if EFFECTS.exists() else []
    if str(event_id) in done:
        return  # idempotent: this event was acted on already
    with EFFECTS.open("a") as out:
        out.write(f"{event_id}\n")
        out.flush()
        os.fsync(out.fileno())
    if os.environ.get("COLAB_TEST_KILL") == "1":
        os.kill(os.getpid(), signal.SIGKILL)  # after the side effect, before the delivery is recorded


@consumer("test.crashing", Happened)
async def act_once(event: Happened, row: Event) -> None:
    _act(row.id)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
