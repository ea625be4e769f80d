"""Demo crowdacting for `make run`: the admitted bike-workshop project near Namur posts actions this weekend
(one full, with a waitlist), one next week with a threshold, and one past action with attendance marked.

Idempotent (a call with the same title is kept); everything goes through the services. The past action is
posted in the future and then moved back in time directly, since the service rightly refuses a past start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from colab.accounts.models import User
from colab.accounts.service import sign_up
from colab.acting.attendance import mark_attendance
from colab.acting.calendar import BRUSSELS
from colab.acting.listing import weekend_window
from colab.acting.models import PledgeStatus, VolunteerCall
from colab.acting.pledges import pledge_time
from colab.acting.service import CallDraft, post_volunteer_call
from colab.actors import Actor, Role
from colab.ideas.models import Idea
from colab.projects.models import Project
from colab.territories.models import Territory
from colab.validation import utcnow

#: the admitted demo idea whose project posts the calls (colab/demo_ideas.py)
PROJECT_IDEA = "Un atelier vélo itinérant dans les villages"
VOLUNTEERS = [
    ("lea@colab.example", "Léa Lambert"),
    ("hugo@colab.example", "Hugo Henrard"),
    ("nora@colab.example", "Nora Lemaire"),
    ("samir@colab.example", "Samir Benali"),
]


@dataclass(frozen=True)
class DemoCall:
    title: str
    description: str
    nis: str
    meeting_point: str
    capacity: int
    skills: tuple[str, ...]
    what_to_bring: str
    volunteers: tuple[str, ...]


SATURDAY = DemoCall(
    "Atelier réparation de vélos à Jambes",
    "<p>On remet en état les vélos donnés par les habitants, avant de les prêter pour le trajet vers la gare."
    " Débutants bienvenus : les mécaniciens montrent les gestes.</p>",
    "92094",
    "Place de Wallonie, devant la camionnette-atelier",
    8,
    ("mecanique velo", "accueil"),
    "Des vêtements qui ne craignent pas la graisse",
    ("lea@colab.example", "hugo@colab.example"),
)
SUNDAY = DemoCall(
    "Balade d'essai jusqu'à la gare de Namur",
    "<p>Accompagner des habitants qui essaient pour la première fois le trajet à vélo jusqu'à la gare.</p>",
    "92094",
    "Église de Saint-Servais",
    2,
    ("velo", "accompagnement"),
    "Un vélo et un casque",
    ("hugo@colab.example", "lea@colab.example", "nora@colab.example"),  # the third is waitlisted
)
NEXT_WEEK = DemoCall(
    "Nettoyage des abords de la gare",
    "<p>Ranger les arceaux, repeindre le marquage et préparer l'accueil des vélos de prêt."
    " L'action a lieu si au moins cinq personnes s'engagent.</p>",
    "92094",
    "Gare de Namur, sortie Square Léopold",
    12,
    ("bricolage",),
    "Des gants",
    ("samir@colab.example",),
)
PAST = DemoCall(
    "Inventaire des vélos donnés",
    "<p>Trier, étiqueter et photographier les vélos reçus lors de la collecte.</p>",
    "92094",
    "Hangar de la Ville, rue des Bourgeois",
    6,
    ("inventaire",),
    "",
    ("lea@colab.example", "nora@colab.example"),
)


def _at(day: datetime, hour: int) -> datetime:
    local = day.astimezone(BRUSSELS).replace(hour=hour, minute=0, second=0, microsecond=0)
    return local.astimezone(day.tzinfo)


async def _volunteer(email: str, name: str, password: str) -> User:
    return await User.get_or_none(email=email) or await sign_up(email, password, name, role=Role.CITIZEN)


async def _post(
    holder: Actor,
    project: Project,
    spec: DemoCall,
    starts_at: datetime,
    hours: int,
    threshold: int | None = None,
    threshold_deadline: datetime | None = None,
) -> VolunteerCall:
    draft = CallDraft(
        title=spec.title,
        description=spec.description,
        commune_id=(await Territory.get(nis_code=spec.nis)).id,
        meeting_point=spec.meeting_point,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        capacity=spec.capacity,
        skills=spec.skills,
        what_to_bring=spec.what_to_bring,
        threshold=threshold,
        threshold_deadline=threshold_deadline,
    )
    [call] = await post_volunteer_call(holder, project.id, draft)
    return call


async def seed_acting(password: str) -> int:
    """Add the demo calls that are missing (with their pledges); returns how many calls were added."""
    idea = await Idea.get_or_none(title=PROJECT_IDEA)
    project = await Project.get_or_none(idea_id=idea.id) if idea else None
    if project is None:
        return 0
    holder_user = await User.get(id=project.holder_id)
    holder = Actor(user_id=holder_user.id, role=holder_user.role)
    people = {email: await _volunteer(email, name, password) for email, name in VOLUNTEERS}
    now = utcnow()
    saturday, _ = weekend_window(now)
    sunday = saturday + timedelta(days=1)
    next_saturday = _at(saturday + timedelta(days=7), 9)
    saturday_start = max(_at(saturday, 10), now + timedelta(hours=2))
    plans: list[tuple[DemoCall, datetime, int, int | None]] = [
        (SATURDAY, saturday_start, 3, None),
        (SUNDAY, max(_at(sunday, 14), saturday_start + timedelta(hours=4)), 2, None),  # never overlapping
        (NEXT_WEEK, next_saturday, 3, 5),
    ]
    added = 0
    for spec, starts_at, hours, threshold in plans:
        if await VolunteerCall.exists(title=spec.title):
            continue
        deadline = starts_at - timedelta(days=2) if threshold else None
        call = await _post(holder, project, spec, starts_at, hours, threshold, deadline)
        for email in spec.volunteers:
            await pledge_time(Actor(user_id=people[email].id, role=Role.CITIZEN), call.id)
        added += 1
    if not await VolunteerCall.exists(title=PAST.title):
        call = await _post(holder, project, PAST, now + timedelta(days=30), 3)  # clear of the weekend's calls
        pledged = [await pledge_time(Actor(user_id=people[e].id, role=Role.CITIZEN), call.id) for e in PAST.volunteers]
        ago = _at(now - timedelta(days=6), 9)
        await VolunteerCall.filter(id=call.id).update(starts_at=ago, ends_at=ago + timedelta(hours=3))
        await mark_attendance(holder, pledged[0].id, PledgeStatus.ATTENDED)
        await mark_attendance(holder, pledged[1].id, PledgeStatus.EXCUSED)
        added += 1
    return added
