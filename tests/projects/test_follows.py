"""Following a project."""

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.projects.follows import (
    follow,
    follow_project,
    followed_among,
    followed_projects,
    follower_counts,
    followers_of,
    is_following,
    unfollow,
    unfollow_project,
)
from colab.projects.models import REVIEW_KIND
from colab.validation import utcnow
from moderation.models import ReportedContent, Visibility
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project


async def test_following_is_idempotent_and_undoable(db: None) -> None:
    project = await make_project()
    other = await make_project(title="Un deuxième projet pour suivre")
    alice, bob = actor_of(await make_user(name="Alice")), actor_of(await make_user(name="Bob"))
    assert await follow(alice, project.id) is True
    assert await follow(alice, project.id) is False
    await follow(bob, project.id)
    assert await followers_of(project.id) == [alice.user_id, bob.user_id]
    assert await follower_counts([project.id, other.id]) == {project.id: 2, other.id: 0}
    assert await is_following(alice, project.id) and not await is_following(ANONYMOUS, project.id)
    assert await unfollow(alice, project.id) is True
    assert await unfollow(alice, project.id) is False
    assert await followers_of(project.id) == [bob.user_id]


async def test_anonymous_cannot_follow(db: None) -> None:
    project = await make_project()
    with pytest.raises(ColabError) as refused:
        await follow(ANONYMOUS, project.id)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED


async def test_the_followed_projects_list_the_latest_followed_first(db: None) -> None:
    first, second = await make_project(), await make_project(title="Un deuxième projet pour suivre")
    alice = actor_of(await make_user(name="Alice"))
    await follow_project(alice, first.id)
    await follow_project(alice, second.id)
    found, total = await followed_projects(alice)
    assert [p.id for p in found] == [second.id, first.id] and total == 2
    assert await followed_among(alice.user_id, [first.id, second.id, 999]) == {first.id, second.id}
    assert await followed_among(None, [first.id]) == set()
    await unfollow_project(alice, first.id)
    assert [p.id for p in (await followed_projects(alice))[0]] == [second.id]


async def test_following_an_unknown_project_is_not_found(db: None) -> None:
    alice = actor_of(await make_user(name="Alice"))
    with pytest.raises(ColabError) as refused:
        await follow_project(alice, 999_999)
    assert refused.value.code is ErrorCode.NOT_FOUND
    with pytest.raises(ColabError) as anonymous:
        await follow_project(ANONYMOUS, 999_999)
    assert anonymous.value.code is ErrorCode.UNAUTHENTICATED


async def test_a_hidden_project_is_neither_followed_nor_listed(db: None) -> None:
    project = await make_project()
    alice = actor_of(await make_user(name="Alice"))
    await follow_project(alice, project.id)
    await ReportedContent.create(
        kind=REVIEW_KIND,
        subject_id=project.id,
        author_id=project.holder_id,
        title=project.title,
        visibility=Visibility.HIDDEN,
        created_at=utcnow(),
    )
    assert await followed_projects(alice) == ([], 0)
    with pytest.raises(ColabError) as refused:
        await follow_project(alice, project.id)
    assert refused.value.code is ErrorCode.NOT_FOUND
