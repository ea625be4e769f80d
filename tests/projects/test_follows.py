"""Following a project."""

import pytest

from colab.actors import ANONYMOUS
from colab.errors import ColabError, ErrorCode
from colab.projects.follows import follow, follower_counts, followers_of, is_following, unfollow
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
