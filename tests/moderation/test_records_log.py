"""The moderation log is append-only: the model refuses edits, the database refuses UPDATE and DELETE."""

import pytest
from tortoise import connections

from colab.actors import Role
from colab.errors import ColabError, ErrorCode
from moderation.decisions import decide_review
from moderation.models import AppendOnlyError, Decision, LogAction, ModerationLogEntry, ReasonCode
from moderation.queue import claim_next, release
from moderation.records import LogFilter, list_log
from tests.conftest import actor_of, make_user
from tests.ideas.factories import make_moderator, submitted_idea


async def _decided_log() -> list[ModerationLogEntry]:
    idea = await submitted_idea()
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await release(moderator, item.id)
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.REJECT, ReasonCode.OFF_TOPIC, "Sans lien avec le défi.")
    entries, total = await list_log(moderator, LogFilter(item_id=item.id))
    assert total == 5 and idea.id == item.subject_id
    return entries


async def test_every_act_is_logged_with_who_what_and_why(db: None) -> None:
    entries = await _decided_log()
    assert [e.action for e in reversed(entries)] == [
        LogAction.SUBMITTED,
        LogAction.CLAIMED,
        LogAction.RELEASED,
        LogAction.CLAIMED,
        LogAction.DECIDED,
    ]
    decided = entries[0]
    assert (decided.decision, decided.reason, decided.message) == (
        Decision.REJECT,
        ReasonCode.OFF_TOPIC,
        "Sans lien avec le défi.",
    )


async def test_the_model_refuses_to_edit_or_delete_an_entry(db: None) -> None:
    entry = (await _decided_log())[0]
    entry.message = "Réécrit."
    with pytest.raises(AppendOnlyError):
        await entry.save()
    with pytest.raises(AppendOnlyError):
        await entry.delete()
    assert (await ModerationLogEntry.get(id=entry.id)).message == "Sans lien avec le défi."


async def test_the_database_refuses_updates_and_deletes(db: None) -> None:
    entry = (await _decided_log())[0]
    with pytest.raises(Exception, match="append-only"):
        await ModerationLogEntry.filter(id=entry.id).update(message="Réécrit.")
    with pytest.raises(Exception, match="append-only"):
        await ModerationLogEntry.filter(id=entry.id).delete()
    with pytest.raises(Exception, match="append-only"):
        await connections.get("default").execute_query("DELETE FROM moderation_log")
    assert await ModerationLogEntry.filter(id=entry.id, message="Sans lien avec le défi.").exists()


@pytest.mark.parametrize("role", [Role.CITIZEN, None])
async def test_only_moderators_read_the_log(db: None, role: Role | None) -> None:
    await _decided_log()
    from colab.actors import ANONYMOUS

    actor = ANONYMOUS if role is None else actor_of(await make_user(role))
    with pytest.raises(ColabError) as refused:
        await list_log(actor)
    assert refused.value.code is (ErrorCode.UNAUTHENTICATED if role is None else ErrorCode.FORBIDDEN)
