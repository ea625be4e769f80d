"""Project pages: the public list with filters, a project's page with its needs board, without N+1."""

import httpx

from colab.accounts.models import User
from colab.challenges.models import Challenge, Need
from colab.projects.models import Project
from moderation.decisions import decide_review
from moderation.models import Decision
from moderation.queue import claim_next
from tests.conftest import SQLCounter, actor_of, make_challenge, make_user, territory
from tests.ideas.factories import make_moderator, submitted_idea
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
