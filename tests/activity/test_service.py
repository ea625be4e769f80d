"""Activity feeds: public events only, newest first, per challenge, per project and for the lab."""

from __future__ import annotations

import pytest

from colab.activity.service import activity, activity_of_many
from tests.activity.factories import public_history
from tests.conftest import SQLCounter
from tests.ideas.factories import submitted_idea

pytestmark = pytest.mark.usefixtures("db")


async def test_the_lab_feed_tells_public_facts_only_newest_first() -> None:
    history = await public_history()
    await submitted_idea(challenge=history.challenge, title="Une idée encore en attente")
    items, total = await activity()
    assert [i.sentence for i in items] == [
        "L'idée « Un atelier de réparation de vélos » est admise et devient un projet.",
        "Le défi « Un marché de producteurs locaux » est clôturé : il ne reçoit plus d'idées.",
        "Nouveau défi publié : « Un marché de producteurs locaux »",
        "Nouveau défi publié : « Des vélos partagés pour la vallée »",
    ]
    assert total == 4
    text = repr(items)
    for private in (history.rejected_title, "Motif privé", "message privé", "en attente"):
        assert private not in text


async def test_a_challenge_and_a_project_have_their_own_feed() -> None:
    history = await public_history()
    on_challenge, total = await activity("challenge", history.challenge.id)
    assert [(i.kind, i.subject_type) for i in on_challenge] == [
        ("project.opened", "project"),
        ("challenge.published", "challenge"),
    ]
    assert total == 2
    on_project, _ = await activity("project", history.project.id)
    assert [(i.kind, i.subject_id) for i in on_project] == [("project.opened", history.project.id)]


async def test_pages_follow_each_other() -> None:
    await public_history()
    first, total = await activity(offset=0, limit=3)
    rest, _ = await activity(offset=3, limit=3)
    assert (len(first), len(rest), total) == (3, 1, 4)
    assert first[-1].id > rest[0].id


async def test_many_feeds_at_once_cost_two_statements(sql: SQLCounter) -> None:
    one, two = await public_history(), await public_history()
    ids = [one.challenge.id, one.closed.id, two.challenge.id, two.closed.id]
    sql.reset()
    feeds = await activity_of_many("challenge", ids, offset=0, limit=1)
    assert sql.count == 2
    assert [(len(feeds[i][0]), feeds[i][1]) for i in ids] == [(1, 2), (1, 2), (1, 2), (1, 2)]
    assert feeds[one.closed.id][0][0].kind == "challenge.closed"
    later = await activity_of_many("challenge", ids, offset=5, limit=1)
    assert [later[i] for i in ids] == [([], 2)] * 4
