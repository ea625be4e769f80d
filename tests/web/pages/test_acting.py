"""Crowdacting pages for citizens: the list near Namur this weekend, a call's page (pledge, waitlist, offer),
its calendar file, and "Mon engagement" with its CSV and attestation."""

from __future__ import annotations

from datetime import timedelta

import httpx
from icalendar import Calendar

from colab.acting.attendance import mark_attendance
from colab.acting.listing import weekend_window
from colab.acting.models import PledgeStatus, TimePledge, VolunteerCall
from colab.acting.pledges import pledge_time
from colab.validation import utcnow
from tests.acting.factories import make_call
from tests.conftest import SQLCounter, actor_of, make_user, territory
from tests.web.conftest import csrf, log_in


async def test_this_weekend_near_namur_lists_the_call(web: httpx.AsyncClient) -> None:
    saturday = weekend_window(utcnow())[0] + timedelta(hours=10)
    namur = await make_call(starts_at=saturday, title="Ramassage de déchets à Jambes")
    await make_call(starts_at=saturday, title="Potager à Liège", commune_id=(await territory("62063")).id)
    await make_call(starts_at=saturday + timedelta(days=10), title="Plus tard à Namur")
    page = await web.get("/benevolat", params={"province": "90000", "quand": "weekend"})
    assert page.status_code == 200
    assert "Ramassage de déchets à Jambes" in page.text and f'href="/actions/{namur.id}"' in page.text
    assert "Potager à Liège" not in page.text and "Plus tard à Namur" not in page.text
    assert "1 action à venir" in page.text


async def test_the_list_costs_the_same_whatever_the_number_of_calls(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    await make_call()
    sql.reset()
    await web.get("/benevolat")
    one = sql.count
    for day in range(5):
        await make_call(starts_at=utcnow() + timedelta(days=day + 1))
    sql.reset()
    await web.get("/benevolat")
    assert sql.count == one


async def test_a_volunteer_pledges_from_the_page_and_joins_the_waitlist(web: httpx.AsyncClient) -> None:
    call = await make_call(capacity=1)
    await pledge_time(actor_of(await make_user()), call.id)
    volunteer = await make_user()
    await log_in(web, volunteer)
    page = await web.get(f"/actions/{call.id}")
    assert "M'inscrire sur la liste d'attente" in page.text
    token = await csrf(web, f"/actions/{call.id}")
    answer = await web.post(f"/actions/{call.id}/engagement", data={"csrf_token": token})
    assert answer.status_code == 303
    page = await web.get(f"/actions/{call.id}")
    assert "en position 1" in page.text
    assert (await TimePledge.get(volunteer_id=volunteer.id)).status is PledgeStatus.WAITLISTED


async def test_an_offered_place_is_accepted_from_the_page(web: httpx.AsyncClient) -> None:
    call = await make_call(capacity=1)
    first = await make_user()
    held = await pledge_time(actor_of(first), call.id)
    volunteer = await make_user()
    waiting = await pledge_time(actor_of(volunteer), call.id)
    from colab.acting.pledges import cancel_time_pledge

    await cancel_time_pledge(actor_of(first), held.id)
    await log_in(web, volunteer)
    page = await web.get(f"/actions/{call.id}")
    assert "Une place s'est libérée pour vous" in page.text
    token = await csrf(web, f"/actions/{call.id}")
    await web.post(f"/actions/{call.id}/offre/accepter", data={"csrf_token": token, "pledge": str(waiting.id)})
    assert (await TimePledge.get(id=waiting.id)).status is PledgeStatus.CONFIRMED


async def test_someone_elses_pledge_cannot_be_cancelled_from_a_form(web: httpx.AsyncClient) -> None:
    call = await make_call()
    other = await pledge_time(actor_of(await make_user()), call.id)
    await log_in(web, await make_user())
    token = await csrf(web, f"/actions/{call.id}")
    answer = await web.post(f"/actions/{call.id}/desinscription", data={"csrf_token": token, "pledge": str(other.id)})
    assert answer.status_code == 404
    assert (await TimePledge.get(id=other.id)).status is PledgeStatus.CONFIRMED


async def test_an_anonymous_pledge_goes_to_the_login_page(web: httpx.AsyncClient) -> None:
    call = await make_call()
    answer = await web.post(f"/actions/{call.id}/engagement", data={})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion")


async def test_the_calendar_file_downloads(web: httpx.AsyncClient) -> None:
    call = await make_call()
    answer = await web.get(f"/actions/{call.id}.ics")
    assert answer.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(answer.content).walk("VEVENT")
    assert str(event["summary"]) == call.title and event.decoded("dtstart") == call.starts_at


async def test_my_engagement_lists_hours_exports_csv_and_prints(web: httpx.AsyncClient) -> None:
    call = await make_call(starts_at=utcnow() + timedelta(minutes=5), title="=Nettoyage du parc")
    volunteer = await make_user(name="Inès Dubois")
    pledge = await pledge_time(actor_of(volunteer), call.id)
    holder = await (await call.project).holder
    await VolunteerCall.filter(id=call.id).update(starts_at=utcnow() - timedelta(hours=3), ends_at=utcnow())
    await mark_attendance(actor_of(holder), pledge.id, PledgeStatus.ATTENDED)
    assert (await web.get("/mon-engagement")).status_code == 303
    await log_in(web, volunteer)
    page = await web.get("/mon-engagement")
    assert "3,0 heures" in page.text and "Présent·e" in page.text
    export = await web.get("/mon-engagement.csv")
    assert export.headers["content-type"].startswith("text/csv")
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Action;Projet") and lines[1].startswith("'=Nettoyage du parc;")
    assert lines[-1].endswith(";3,00")
    attestation = await web.get("/mon-engagement/attestation")
    assert "Inès Dubois" in attestation.text and "acting.css" in attestation.text and "3,00 h" in attestation.text


async def test_a_notification_about_a_call_leads_to_its_page(web: httpx.AsyncClient) -> None:
    call = await make_call(capacity=1)
    first, second = await make_user(), await make_user()
    held = await pledge_time(actor_of(first), call.id)
    await pledge_time(actor_of(second), call.id)
    from colab.acting.pledges import cancel_time_pledge
    from colab.notifications.models import Notification

    await cancel_time_pledge(actor_of(first), held.id)
    notice = await Notification.get(user_id=second.id)
    await log_in(web, second)
    page = await web.get("/notifications")
    assert "Une place vous est proposée pour « Nettoyage des berges de la Meuse »" in page.text
    opened = await web.post(f"/notifications/{notice.id}", data={"csrf_token": await csrf(web, "/notifications")})
    assert opened.headers["location"] == f"/actions/{call.id}"


async def test_the_projects_activity_links_a_posted_call(web: httpx.AsyncClient) -> None:
    call = await make_call(title="Plantation d'une haie à Bouge")
    page = await web.get(f"/projets/{call.project_id}/activite")
    assert (
        f'<a href="/actions/{call.id}">Nouvel appel à bénévoles : « Plantation d&#39;une haie à Bouge »</a>'
        in page.text
    )
