"""Time pledges on one hot volunteer call, on PostgreSQL: 100 volunteers at once for 20 places.

.venv/bin/python bench/time_pledges.py                 # drops and recreates the database colab_bench_acting
.venv/bin/python bench/time_pledges.py --rounds 5 --workers 2

Each round posts a fresh call with 20 places and fires 100 pledges at it at the same moment: at the service
level (colab.acting.pledges.pledge_time, 100 concurrent tasks in this process on the connection pool) and
through GraphQL (`pledgeTime` over HTTP against the lab served by uvicorn in its own processes, 100 concurrent
clients with their own tokens). After each round the end state is checked: exactly 20 CONFIRMED, the 80 others
WAITLISTED at positions 1..80 in arrival order (the order their rows were written under the call's lock), the
counter equal to the places held, and nobody lost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from argon2 import PasswordHasher
from tortoise import Tortoise

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import colab.domains  # noqa: E402, F401
from colab.accounts.models import User  # noqa: E402
from colab.accounts.passwords import use_hasher  # noqa: E402
from colab.accounts.service import issue_token, sign_up  # noqa: E402
from colab.acting.models import PledgeStatus, TimePledge, VolunteerCall  # noqa: E402
from colab.acting.pledges import pledge_time  # noqa: E402
from colab.acting.service import CallDraft, post_volunteer_call  # noqa: E402
from colab.actors import Actor, Role  # noqa: E402
from colab.db import migrate, tortoise_config  # noqa: E402
from colab.ideas.service import IdeaDraft, propose_idea, submit_idea  # noqa: E402
from colab.needs import Need  # noqa: E402
from colab.projects.models import Project  # noqa: E402
from colab.territories.models import Territory, Theme  # noqa: E402
from colab.validation import utcnow  # noqa: E402
from moderation.decisions import decide_review  # noqa: E402
from moderation.models import Decision  # noqa: E402
from moderation.queue import claim_next  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/colab_bench_acting")
VOLUNTEERS, PLACES = 100, 20
PLEDGE = """mutation($id: ID!) { pledgeTime(input: {callId: $id}) { timePledge { id status waitlistPosition }
  errors { code } } }"""


def _recreate_database() -> None:
    name = URL.rsplit("/", 1)[1]
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "test",
            "-qc",
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        ]
        + ["-c", f"CREATE DATABASE {name}"],
        check=True,
    )


async def _project() -> tuple[Project, Actor]:
    """A project through the real path: an idea proposed, submitted and admitted by a moderator."""
    holder = await sign_up("porteuse@bench.example", "motdepasse-bench", "Porteuse", role=Role.CITIZEN)
    moderator = await sign_up("moderateur@bench.example", "motdepasse-bench", "Modérateur", role=Role.MODERATOR)
    author = Actor(user_id=holder.id, role=holder.role)
    namur = await Territory.get(nis_code="92094")
    idea = await propose_idea(
        author,
        IdeaDraft(
            title="Un atelier vélo pour le banc d'essai",
            summary="Un projet pour mesurer les engagements de bénévoles sur une action très demandée.",
            body="<p>Une action de terrain qui attire beaucoup de monde en même temps.</p>",
            territory_id=namur.id,
            theme_ids=[(await Theme.get(slug="mobilite")).id],
            needs=[Need.HANDS],
        ),
    )
    await submit_idea(author, idea.id)
    deciding = Actor(user_id=moderator.id, role=moderator.role)
    item = await claim_next(deciding)
    assert item is not None
    await decide_review(deciding, item.id, Decision.ADMIT)
    return await Project.get(idea_id=idea.id), author


async def _volunteers() -> list[tuple[User, str]]:
    found = []
    for i in range(VOLUNTEERS):
        user = await sign_up(f"benevole{i}@bench.example", "motdepasse-bench", f"Bénévole {i}", role=Role.CITIZEN)
        found.append((user, (await issue_token(user)).raw))
    return found


async def _hot_call(project: Project, holder: Actor, n: int) -> VolunteerCall:
    start = utcnow() + timedelta(days=3, hours=n * 4)  # rounds never overlap: no TIME_CONFLICT between them
    draft = CallDraft(
        title=f"Action très demandée n° {n}",
        description="<p>Vingt places, cent volontaires en même temps.</p>",
        commune_id=(await Territory.get(nis_code="92094")).id,
        meeting_point="Place d'Armes",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        capacity=PLACES,
    )
    [call] = await post_volunteer_call(holder, project.id, draft)
    return call


async def _check(call_id: int) -> None:
    """Exactly PLACES confirmed, the rest waitlisted 1..n in arrival (row) order, the counter right, nobody lost."""
    call = await VolunteerCall.get(id=call_id)
    pledges = await TimePledge.filter(call_id=call_id).order_by("id")
    confirmed = [p for p in pledges if p.status is PledgeStatus.CONFIRMED]
    waiting = [p for p in pledges if p.status is PledgeStatus.WAITLISTED]
    assert len(pledges) == VOLUNTEERS and len({p.volunteer_id for p in pledges}) == VOLUNTEERS, "a volunteer lost"
    assert len(confirmed) == PLACES == call.confirmed_count, (len(confirmed), call.confirmed_count)
    assert [p.position for p in waiting] == list(range(1, VOLUNTEERS - PLACES + 1)), "waitlist out of order"
    assert max(p.id for p in confirmed) < min(p.id for p in waiting), "a later arrival got a place"


def _stats(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.99) - 1)]


async def _timed(samples: list[float], pledge: asyncio.Future[object] | object) -> None:
    start = time.perf_counter()
    await pledge  # type: ignore[misc]
    samples.append((time.perf_counter() - start) * 1000)


async def _service_round(call: VolunteerCall, volunteers: list[tuple[User, str]], latencies: list[float]) -> float:
    actors = [Actor(user_id=user.id, role=Role.CITIZEN) for user, _ in volunteers]
    start = time.perf_counter()
    await asyncio.gather(*(_timed(latencies, pledge_time(a, call.id)) for a in actors))
    return time.perf_counter() - start


async def _graphql_round(
    client: httpx.AsyncClient, call: VolunteerCall, volunteers: list[tuple[User, str]], latencies: list[float]
) -> float:
    from colab.api.ids import encode

    body = {"query": PLEDGE, "variables": {"id": encode("VolunteerCall", call.id)}}

    async def one(token: str) -> None:
        response = await client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.json()["data"]["pledgeTime"]["errors"] == [], response.text

    start = time.perf_counter()
    await asyncio.gather(*(_timed(latencies, one(token)) for _, token in volunteers))
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": URL, "ENVIRONMENT": "test", "DEBUG": "false"}
    env["GRAPHQL_COST_LIMIT"] = "1000000000 per minute"  # a hundred clients at once: no 429 here
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "web.app:create_app", "--factory", "--port", str(port)]
        + ["--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(base + "/").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the lab did not start")


async def run(rounds: int, workers: int) -> None:
    use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))  # sign-ups are not what is measured
    _recreate_database()
    await migrate(URL)
    rows: list[tuple[str, int, float, float, float]] = []
    await Tortoise.init(config=tortoise_config(URL))
    try:
        project, holder = await _project()
        volunteers = await _volunteers()
        latencies: list[float] = []
        walls = []
        for n in range(rounds):
            call = await _hot_call(project, holder, n)
            walls.append(await _service_round(call, volunteers, latencies))
            await _check(call.id)
        rows.append(
            ("service `pledge_time`", len(latencies), *_stats(latencies), VOLUNTEERS / statistics.median(walls))
        )
        calls = [await _hot_call(project, holder, rounds + n) for n in range(rounds)]
    finally:
        await Tortoise.close_connections()
    server, base = _serve(workers)
    try:
        limits = httpx.Limits(max_connections=VOLUNTEERS)
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
            latencies, walls = [], []
            for call in calls:
                walls.append(await _graphql_round(client, call, volunteers, latencies))
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)  # a loaded machine takes a while to stop two workers
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    await Tortoise.init(config=tortoise_config(URL))
    try:
        for call in calls:
            await _check(call.id)
    finally:
        await Tortoise.close_connections()
    rows.append(
        ("GraphQL `pledgeTime` over HTTP", len(latencies), *_stats(latencies), VOLUNTEERS / statistics.median(walls))
    )
    print(f"\n{2 * rounds} hot calls checked: {PLACES} confirmed, {VOLUNTEERS - PLACES} waitlisted in arrival order")
    print(f"uvicorn workers: {workers}; CPU cores: {os.cpu_count()}\n")
    print("| layer | pledges | median ms | p99 ms | pledges/s (100 at once) |\n|---|---|---|---|---|")
    for name, n, p50, p99, rate in rows:
        print(f"| {name} | {n} | {p50:.1f} | {p99:.1f} | {rate:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="hot calls per layer (100 pledges each)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes (one per core)")
    args = parser.parse_args()
    asyncio.run(run(args.rounds, args.workers))


if __name__ == "__main__":
    main()
