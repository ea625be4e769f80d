"""Project pages: the public list with filters, a project's page with its needs board, without N+1."""

from collections.abc import Sequence

import httpx
import pytest

from colab.accounts.models import User
from colab.actors import Actor, ProjectRole
from colab.challenges.models import Challenge, Need
from colab.projects import board
from colab.projects.board import Card
from colab.projects.follows import follow
from colab.projects.models import Project
from colab.projects.updates import UpdateDraft, post_update
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import SQLCounter, actor_of, make_challenge, make_user, territory
from tests.ideas.factories import make_moderator, submitted_idea
from tests.projects.factories import make_project, team_member
from tests.web.conftest import log_in


async def _project(author: User | None = None, challenge: Challenge | None = None, **overrides: object) -> Project:
    idea = await submitted_idea(author, challenge, **overrides)
    moderator = actor_of(await make_moderator())
    item = await claim_next(moderator)
    assert item is not None
    await decide_review(moderator, item.id, Decision.ADMIT)
    return await Project.get(idea_id=idea.id)


async def test_the_project_page_tells_the_story_and_shows_the_needs_board(web: httpx.AsyncClient) -> None:
    challenge = await make_challenge(title="Des vélos pour Namur")
    project = await _project(
        await make_user(name="Léa Martin"),
        challenge,
        body="<p>Un atelier qui passe dans chaque village.</p><script>alert(1)</script>" + "<p>Détails.</p>" * 20,
        needs=[Need.HANDS, Need.FUNDS],
    )
    page = await web.get(f"/projets/{project.id}")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Un atelier de réparation de vélos</h1>" in text
    assert "Porté par</dt><dd>Léa Martin" in text
    assert f'<a href="/defis/{challenge.id}">Des vélos pour Namur</a>' in text
    assert "<p>Un atelier qui passe dans chaque village.</p>" in text and "<script>alert" not in text
    # the two needs asked for come first and are marked asked; the other two follow
    board = text[text.index('class="board"') :]
    order = [board.index(label) for label in ("<h3>Financement", "<h3>Bras (bénévoles)", "<h3>Conseils", "<h3>Équipe")]
    assert order[0] < order[2] and order[1] < order[2] and order[1] < order[3]
    assert board.count("Demandé</span>") == 2
    assert board.count("Pas demandé pour l'instant") == 2
    assert "Campagne de financement participatif" in board and "Appels à bénévoles" in board


async def test_the_holder_is_told_the_project_is_theirs(web: httpx.AsyncClient) -> None:
    author = await make_user()
    project = await _project(author)
    assert "Vous portez ce projet" not in (await web.get(f"/projets/{project.id}")).text
    await log_in(web, author)
    assert "Vous portez ce projet" in (await web.get(f"/projets/{project.id}")).text


async def test_an_unknown_project_is_a_404(web: httpx.AsyncClient) -> None:
    assert (await web.get("/projets/999999")).status_code == 404
    assert (await web.get(f"/projets/{2**31}")).status_code == 404


async def test_the_list_filters_by_province_and_need(web: httpx.AsyncClient) -> None:
    await _project(title="Vélos à Namur", territory_id=(await territory("92094")).id, needs=[Need.HANDS])
    await _project(title="Musique à Liège", territory_id=(await territory("62063")).id, needs=[Need.FUNDS])

    async def titles(query: str) -> set[str]:
        page = await web.get("/projets" + query)
        assert page.status_code == 200
        return {t for t in ("Vélos à Namur", "Musique à Liège") if t in page.text}

    assert await titles("") == {"Vélos à Namur", "Musique à Liège"}
    assert await titles("?province=90000") == {"Vélos à Namur"}
    assert await titles("?besoin=FUNDS") == {"Musique à Liège"}
    assert "1 projet dans la province de Namur" in (await web.get("/projets?province=90000")).text
    assert "Aucun projet ne correspond à ces critères." in (await web.get("/projets?province=90000&besoin=FUNDS")).text


async def test_an_empty_lab_says_where_projects_come_from(web: httpx.AsyncClient) -> None:
    page = await web.get("/projets")
    assert "0 projet" in page.text
    assert "les idées admises par les modérateurs apparaîtront ici" in page.text


async def _count(web: httpx.AsyncClient, sql: SQLCounter, expected: int) -> int:
    sql.reset()
    page = await web.get("/projets")
    assert page.text.count('class="card"') == expected
    return sql.count


async def test_the_list_costs_the_same_statements_for_5_or_20_projects(web: httpx.AsyncClient, sql: SQLCounter) -> None:
    challenge = await make_challenge()
    for n in range(5):
        await _project(challenge=challenge, title=f"Projet numéro {n:02d}")
    five = await _count(web, sql, 5)
    for n in range(5, 25):
        await _project(challenge=challenge, title=f"Projet numéro {n:02d}")
    twenty = await _count(web, sql, 20)
    assert five == twenty


async def test_the_leads_see_how_to_ask_for_help_not_asked_for(web: httpx.AsyncClient) -> None:
    project = await make_project(needs=[Need.HANDS])
    page = await web.get(f"/projets/{project.id}")
    assert "Demander ce type d'aide" not in page.text and "Modifier la page" not in page.text
    await log_in(web, await project.holder)
    page = await web.get(f"/projets/{project.id}")
    board = page.text[page.text.index('class="board"') :]
    assert board.count(f'href="/projets/{project.id}/modifier#f-needs">Demander ce type d\'aide') == 3
    assert f'<a href="/projets/{project.id}/modifier">Modifier la page</a>' in page.text


def _fake_cards(monkeypatch: pytest.MonkeyPatch, calls: list[int]) -> None:
    """Four cards, each one query for every project shown (as the domains' batch loaders must be)."""
    for need in Need:

        async def load(ids: Sequence[int], actor: Actor, need: Need = need) -> dict[int, Card]:
            calls.append(len(ids))
            found = await Project.filter(id__in=list(ids)).values_list("id", flat=True)
            return {int(pid): Card(open=True, summary=f"Carte {need.value}") for pid in found}  # type: ignore[call-overload]

        monkeypatch.setitem(board._CARDS, need, load)


async def test_the_project_page_costs_the_same_whatever_the_project_gathered(
    web: httpx.AsyncClient, sql: SQLCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    _fake_cards(monkeypatch, calls)
    quiet, busy = await make_project(), await make_project(title="Un projet très suivi du village")
    await post_update(
        actor_of(await quiet.holder), quiet.id, UpdateDraft("Une seule nouvelle", "<p>Nous démarrons.</p>")
    )
    holder = actor_of(await busy.holder)
    for n in range(5):
        await follow(actor_of(await make_user(name=f"Fan {n}")), busy.id)
        await post_update(
            holder, busy.id, UpdateDraft(f"Nouvelle {n} du projet", "<p>Ce qui avance cette semaine.</p>")
        )
        await team_member(busy, ProjectRole.MEMBER, name=f"Membre {n}")
    viewer = await make_user(name="Visiteuse")
    await log_in(web, viewer)
    await follow(actor_of(viewer), busy.id)
    sql.reset()
    page = await web.get(f"/projets/{quiet.id}")
    few = sql.count
    sql.reset()
    page = await web.get(f"/projets/{busy.id}")
    assert sql.count == few and few <= 30, few
    assert page.text.count("Carte ") == 4 and calls == [1] * 8  # one batch per card and page
    assert "Nouvelle 4 du projet" in page.text and "6 personnes suivent ce projet" in page.text
