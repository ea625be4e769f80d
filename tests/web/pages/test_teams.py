"""The team pages: the public section, applying, the leads' tools, my applications; forms with CSRF."""

from __future__ import annotations

import httpx

from colab.actors import ProjectRole
from colab.projects.roles import role_in_project
from colab.teams.models import Application, ApplicationStatus, TeamRole, TeamRoleStatus
from tests.conftest import SQLCounter, actor_of, make_user
from tests.projects.factories import make_project, team_member
from tests.teams.factories import accepted, applied, open_team_role
from tests.web.conftest import log_in, post_form


async def test_the_public_sees_members_and_open_roles_with_a_way_to_apply(web: httpx.AsyncClient) -> None:
    project = await make_project(title="Repair café de Ciney")
    await team_member(project, ProjectRole.FINANCE, name="Trésorière Lambot")
    await open_team_role(project, title="Réparateur de vélos", skills=["mécanique"], hours_per_week=3, seats=2)
    page = await web.get(f"/projets/{project.id}/equipe")
    assert page.status_code == 200
    assert 'Trésorière Lambot <span class="tag">Finances</span>' in page.text
    assert "Réparateur de vélos" in page.text and "mécanique" in page.text and "2 sur 2" in page.text
    assert "Connectez-vous pour postuler" in page.text and "Ouvrir un rôle" not in page.text
    detail = await web.get(f"/projets/{project.id}")
    assert "Trésorière Lambot" in detail.text and f'href="/projets/{project.id}/equipe"' in detail.text
    assert "1 rôle ouvert, 2 places restantes." in detail.text and "Rejoindre l'équipe</a>" in detail.text


async def test_the_holder_of_a_project_without_roles_is_shown_how_to_open_one(web: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(web, await project.holder)
    detail = await web.get(f"/projets/{project.id}")
    assert f'href="/projets/{project.id}/equipe#ouvrir-un-role">Ouvrir un rôle' in detail.text
    page = await web.get(f"/projets/{project.id}/equipe")
    assert '<h2 id="ouvrir-un-role">Ouvrir un rôle</h2>' in page.text


async def test_a_citizen_applies_from_the_team_page_and_finds_it_in_my_applications(web: httpx.AsyncClient) -> None:
    project = await make_project()
    role = await open_team_role(project)
    person = await make_user(name="Citoyen Motivé")
    await log_in(web, person)
    path = f"/projets/{project.id}/equipe"
    sent = await post_form(
        web, f"/equipe/roles/{role.id}/postuler", {"message": "Je répare des vélos depuis 10 ans."}, path
    )
    assert sent.status_code == 303 and sent.headers["location"] == path
    page = await web.get(path)
    assert "Votre candidature est envoyée" in page.text and "Votre candidature : Envoyée" in page.text
    mine = await web.get("/mes-candidatures")
    assert mine.status_code == 200 and role.title in mine.text and "Retirer ma candidature" in mine.text


async def test_an_empty_message_comes_back_as_a_message(web: httpx.AsyncClient) -> None:
    project = await make_project()
    role = await open_team_role(project)
    await log_in(web, await make_user())
    path = f"/projets/{project.id}/equipe"
    sent = await post_form(web, f"/equipe/roles/{role.id}/postuler", {"message": ""}, path)
    assert sent.status_code == 303
    assert "Le message est obligatoire." in (await web.get(path)).text
    assert await Application.all().count() == 0


async def test_the_holder_opens_a_role_decides_and_the_applicant_confirms(web: httpx.AsyncClient) -> None:
    project = await make_project()
    holder = await project.holder
    await log_in(web, holder)
    path = f"/projets/{project.id}/equipe"
    form = {
        "title": "Coordinatrice bénévoles",
        "description": "Coordonner les bénévoles du samedi.",
        "skills": "organisation, contact",
        "hours_per_week": "5",
        "seats": "1",
        "project_role": "CO_LEAD",
    }
    opened = await post_form(web, f"/projets/{project.id}/equipe/roles", form, path)
    assert opened.status_code == 303
    role = await TeamRole.get(project_id=project.id)
    assert role.skills == ["organisation", "contact"] and role.project_role is ProjectRole.CO_LEAD
    application = await applied(role)
    await post_form(web, f"/equipe/candidatures/{application.id}", {"action": "accept"}, path)
    assert (await Application.get(id=application.id)).status is ApplicationStatus.ACCEPTED
    applicant = await application.applicant
    web.cookies.clear()
    await log_in(web, applicant)
    done = await post_form(
        web, f"/equipe/candidatures/{application.id}", {"action": "confirm", "back": "mine"}, "/mes-candidatures"
    )
    assert done.headers["location"] == "/mes-candidatures"
    assert await role_in_project(actor_of(applicant), project.id) is ProjectRole.CO_LEAD
    assert (await TeamRole.get(id=role.id)).status is TeamRoleStatus.FILLED


async def test_a_stranger_cannot_decide_an_application(web: httpx.AsyncClient) -> None:
    project = await make_project()
    application = await applied(await open_team_role(project))
    await log_in(web, await make_user(name="Curieux"))
    refused = await post_form(web, f"/equipe/candidatures/{application.id}", {"action": "accept"}, "/mes-candidatures")
    assert refused.status_code == 403
    assert (await Application.get(id=application.id)).status is ApplicationStatus.SUBMITTED


async def test_the_holder_changes_a_members_role(web: httpx.AsyncClient) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    await log_in(web, await project.holder)
    path = f"/projets/{project.id}/equipe"
    await post_form(
        web, f"/projets/{project.id}/equipe/membres/{member.id}", {"action": "role", "role": "FINANCE"}, path
    )
    assert await role_in_project(actor_of(member), project.id) is ProjectRole.FINANCE


async def test_the_leads_team_page_does_not_grow_with_applications(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    project = await make_project()
    role = await open_team_role(project, seats=9)
    await accepted(project, role)
    await log_in(web, await project.holder)
    path = f"/projets/{project.id}/equipe"
    sql.reset()
    await web.get(path)
    few = sql.count
    for n in range(5):
        await applied(role, await make_user(name=f"Candidat {n}"))
        await open_team_role(project, title=f"Autre rôle {n}")
    sql.reset()
    page = await web.get(path)
    assert page.status_code == 200 and page.text.count("Candidat ") >= 5
    assert sql.count == few


async def test_the_holder_invites_by_email_and_closes_a_role(web: httpx.AsyncClient) -> None:
    project = await make_project()
    role = await open_team_role(project)
    invitee = await make_user(email="invitee@exemple.be")
    await log_in(web, await project.holder)
    path = f"/projets/{project.id}/equipe"
    await post_form(web, f"/equipe/roles/{role.id}/inviter", {"email": "inconnu@exemple.be"}, path)
    assert "Aucun compte avec cette adresse." in (await web.get(path)).text
    await post_form(web, f"/equipe/roles/{role.id}/inviter", {"email": "invitee@exemple.be"}, path)
    invitation = await Application.get(applicant_id=invitee.id)
    assert invitation.status is ApplicationStatus.INVITED
    await post_form(web, f"/equipe/roles/{role.id}/fermer", {}, path)
    assert (await TeamRole.get(id=role.id)).status is TeamRoleStatus.CLOSED
    assert (await Application.get(id=invitation.id)).status is ApplicationStatus.DECLINED


async def test_a_member_may_not_open_roles_from_the_page(web: httpx.AsyncClient) -> None:
    project = await make_project()
    member = await team_member(project, ProjectRole.MEMBER)
    await log_in(web, member)
    path = f"/projets/{project.id}/equipe"
    page = await web.get(path)
    assert "Ouvrir un rôle" not in page.text
    form = {
        "title": "Rôle pirate",
        "description": "Un rôle que je n'ai pas le droit d'ouvrir.",
        "hours_per_week": "1",
        "seats": "1",
    }
    refused = await post_form(web, f"/projets/{project.id}/equipe/roles", form, path)
    assert refused.status_code == 403 and await TeamRole.all().count() == 0
