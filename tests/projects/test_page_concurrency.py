"""The project page under concurrency (PostgreSQL): covers uploaded at once leave exactly one file, the project's;
following at once makes one follow."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from colab.projects.follows import follow, follower_counts
from colab.projects.models import Project
from colab.projects.page import PageDraft, edit_project
from colab.storage import DiskStorage
from tests.conftest import actor_of, make_user
from tests.projects.factories import make_project
from tests.test_images import picture

pytestmark = pytest.mark.postgres


def _stored(folder: Path) -> list[str]:
    return sorted(f"covers/{p.name}" for p in folder.iterdir()) if folder.exists() else []


async def test_six_covers_uploaded_at_once_leave_only_the_project_s(db: None, tmp_path: Path) -> None:
    storage = DiskStorage(tmp_path)
    project = await make_project()
    holder = actor_of(await project.holder)
    images = [picture("PNG", (200 + 10 * i, 100)) for i in range(6)]
    await asyncio.gather(
        *(
            edit_project(holder, project.id, PageDraft(cover=image, cover_alt=f"Image {i}"), storage)
            for i, image in enumerate(images)
        )
    )
    cover = (await Project.get(id=project.id)).cover_path
    assert cover is not None and _stored(tmp_path / "covers") == [cover]


async def test_ten_follows_at_once_by_one_person_are_one_follow(db: None) -> None:
    project = await make_project()
    fan = actor_of(await make_user(name="Fan pressé"))
    results = await asyncio.gather(*(follow(fan, project.id) for _ in range(10)))
    assert results.count(True) == 1
    assert (await follower_counts([project.id]))[project.id] == 1
