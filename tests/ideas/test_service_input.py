"""Bad input gets a clear, typed error and nothing is written; rich text is sanitized on write."""

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ColabErrors, ErrorCode
from colab.ideas.models import Idea
from colab.ideas.service import IdeaDraft, propose_idea, update_idea
from tests.conftest import actor_of, make_user
from tests.ideas.factories import idea_draft, make_idea


async def _refused(**overrides: object) -> list[tuple[ErrorCode, str | None]]:
    author = await make_user()
    with pytest.raises(ColabError) as refused:
        await propose_idea(actor_of(author), await idea_draft(**overrides))
    assert await Idea.all().count() == 0
    return [(e.code, e.field) for e in refused.value.errors]


async def test_every_missing_field_is_reported_at_once(db: None) -> None:
    errors = await _refused(title="", summary=" ", body="", territory_id=None, theme_ids=[], needs=[])
    assert errors == [
        (ErrorCode.REQUIRED, "title"),
        (ErrorCode.REQUIRED, "summary"),
        (ErrorCode.REQUIRED, "body"),
        (ErrorCode.REQUIRED, "territoryId"),
        (ErrorCode.REQUIRED, "themeIds"),
        (ErrorCode.NEEDS_REQUIRED, "needs"),
    ]


async def test_limits_and_unknown_references(db: None) -> None:
    assert await _refused(title="x" * 121) == [(ErrorCode.TOO_LONG, "title")]
    assert await _refused(territory_id=999_999) == [(ErrorCode.UNKNOWN_TERRITORY, "territoryId")]
    assert await _refused(theme_ids=[999_999]) == [(ErrorCode.UNKNOWN_THEME, "themeIds")]
    assert await _refused(challenge_id=999_999) == [(ErrorCode.NOT_FOUND, "challengeId")]


async def test_the_body_is_sanitized_on_write(db: None) -> None:
    idea = await make_idea(
        body='<p onclick="x()">Un atelier <script>alert(1)</script><strong>mobile</strong> '
        "pour réparer les vélos des villages.</p>"
    )
    assert "script" not in idea.body and "onclick" not in idea.body and "<strong>mobile</strong>" in idea.body


async def test_a_bad_edit_changes_nothing(db: None) -> None:
    author = await make_user()
    idea = await make_idea(author)
    with pytest.raises(ColabErrors) as refused:
        await update_idea(actor_of(author), idea.id, IdeaDraft(title="", summary="court"))
    assert [(e.code, e.field) for e in refused.value.errors] == [
        (ErrorCode.REQUIRED, "title"),
        (ErrorCode.TOO_SHORT, "summary"),
    ]
    await idea.refresh_from_db()
    assert idea.title == "Un atelier de réparation de vélos"


async def test_anonymous_people_cannot_propose(db: None) -> None:
    with pytest.raises(ColabError) as refused:
        await propose_idea(ANONYMOUS, await idea_draft())
    assert refused.value.code is ErrorCode.UNAUTHENTICATED
