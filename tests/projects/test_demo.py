"""The project page's demo: a cover drawn at seed time, news, followers; seeding twice adds nothing."""

from pathlib import Path

from colab.demo import seed_demo
from colab.projects.demo import PROJECT_TITLE, seed_projects
from colab.projects.follows import follower_counts
from colab.projects.models import Project, ProjectUpdate
from colab.storage import DiskStorage


async def test_the_demo_project_has_a_cover_news_and_followers(db: None, tmp_path: Path) -> None:
    await seed_demo()
    project = await Project.get(title=PROJECT_TITLE)
    assert project.cover_path and project.cover_alt
    assert await ProjectUpdate.filter(project_id=project.id).count() == 1
    assert (await follower_counts([project.id]))[project.id] == 2
    storage = DiskStorage(tmp_path)
    await seed_projects(storage)
    again = await Project.get(id=project.id)
    assert again.cover_path == project.cover_path and not (tmp_path / "covers").exists()
    assert await ProjectUpdate.filter(project_id=project.id).count() == 1
    assert (await follower_counts([project.id]))[project.id] == 2
