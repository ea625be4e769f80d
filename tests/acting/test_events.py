"""Crowdacting's events: a posted call is public (the project's activity tells it), the rest stays private."""

from __future__ import annotations

import pytest

from colab.acting.events import CallActivated, CallCalledOff, CallMoved, CallPosted, PlaceOffered, TimePledged
from colab.acting.pledges import pledge_time
from colab.acting.service import call_off_volunteer_call
from colab.activity.service import activity
from tests.acting.factories import make_call
from tests.conftest import actor_of, make_user

pytestmark = pytest.mark.usefixtures("db")


def test_only_a_posted_call_is_public() -> None:
    assert CallPosted.public
    assert not any(e.public for e in (CallMoved, CallCalledOff, CallActivated, TimePledged, PlaceOffered))


async def test_the_projects_activity_tells_a_posted_call_and_nothing_of_its_volunteers() -> None:
    call = await make_call(title="Plantation d'une haie à Bouge")
    volunteer = await make_user(name="Bénévole Discrète")
    await pledge_time(actor_of(volunteer), call.id)
    await call_off_volunteer_call(actor_of(await (await call.project).holder), call.id)
    items, total = await activity("project", call.project_id)
    sentences = [i.sentence for i in items]
    assert "Nouvel appel à bénévoles : « Plantation d'une haie à Bouge »" in sentences
    assert (items[0].subject_type, items[0].subject_id) == ("volunteer_call", call.id)
    assert "Bénévole Discrète" not in repr(items)
