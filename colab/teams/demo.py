"""Demo team for `make run`: roles open on the demo projects, an application waiting, a confirmed member.

Idempotent (a role with the same title on the project is kept) and written through the services."""

from __future__ import annotations

from colab.accounts.models import User
from colab.actors import Actor, ProjectRole
from colab.projects.models import Project
from colab.teams.applications import accept, apply_to_role, confirm, shortlist
from colab.teams.models import Application, TeamRole
from colab.teams.service import RoleDraft, open_role

PROJECT_TITLE = "Un atelier vélo itinérant dans les villages"
ROLES = [
    RoleDraft(
        title="Mécanicien·ne vélo bénévole",
        description="Réparer les vélos à bord de la camionnette-atelier et montrer les gestes d'entretien.",
        skills=["mécanique vélo", "pédagogie"],
        hours_per_week=4,
        seats=3,
    ),
    RoleDraft(
        title="Trésorier·ère",
        description="Tenir les comptes du projet et préparer le bilan pour les partenaires.",
        skills=["comptabilité", "tableur"],
        hours_per_week=2,
        seats=1,
        project_role=ProjectRole.FINANCE,
    ),
]
#: (applicant's email, role title, message, how far it goes)
APPLICATIONS = [
    (
        "hugo@colab.example",
        "Mécanicien·ne vélo bénévole",
        "J'entretiens les vélos de toute ma famille et j'ai du temps le samedi.",
        "CONFIRMED",
    ),
    ("lea@colab.example", "Trésorier·ère", "Je suis comptable de métier et j'aimerais aider le projet.", "SHORTLISTED"),
]


async def seed_teams() -> int:
    """Open the demo roles and applications that are missing; returns how many roles were opened."""
    project = await Project.get_or_none(title=PROJECT_TITLE)
    if project is None:
        return 0
    holder = Actor(user_id=project.holder_id)
    opened = 0
    roles: dict[str, TeamRole] = {}
    for draft in ROLES:
        found = await TeamRole.get_or_none(project_id=project.id, title=draft.title)
        if found is None:
            found = await open_role(holder, project.id, draft)
            opened += 1
        roles[found.title] = found
    for email, title, message, goal in APPLICATIONS:
        person = await User.get_or_none(email=email)
        if person is None or await Application.exists(role_id=roles[title].id, applicant_id=person.id):
            continue
        actor = Actor(user_id=person.id, role=person.role)
        application = await apply_to_role(actor, roles[title].id, message)
        await shortlist(holder, application.id)
        if goal == "CONFIRMED":
            await accept(holder, application.id)
            await confirm(actor, application.id)
    return opened
