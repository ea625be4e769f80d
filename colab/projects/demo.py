"""Demo of the project page for `make run`: the bicycle workshop gets a cover (drawn here with Pillow, no binary
file in the repository), news from its holder, and followers. Idempotent, and written through the services."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from colab.accounts.models import User
from colab.actors import Actor
from colab.config import load_settings
from colab.projects.follows import follow
from colab.projects.models import Project, ProjectUpdate
from colab.projects.page import PageDraft, edit_project
from colab.projects.updates import UpdateDraft, post_update
from colab.storage import DiskStorage, Storage

PROJECT_TITLE = "Un atelier vélo itinérant dans les villages"
FOLLOWERS = ("lea@colab.example", "hugo@colab.example")
UPDATE = UpdateDraft(
    "La camionnette-atelier a trouvé son garage",
    "<p>La commune nous prête un garage à Jambes : la camionnette y dort entre deux tournées.</p>"
    "<p>Premier arrêt samedi prochain sur la place de Wépion. Apportez vos vélos, même ceux qui dorment "
    "depuis des années !</p>",
)
COVER_ALT = "Dessin de deux roues de vélo et d'une camionnette sous un ciel bleu, au-dessus d'une prairie verte"


def cover_picture(width: int = 1200, height: int = 600) -> bytes:
    """A simple drawing: sky, meadow, a van and two wheels (PNG bytes, re-encoded on upload like any image)."""
    image = Image.new("RGB", (width, height), (150, 200, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(110, 170, 90))
    draw.rounded_rectangle((620, 250, 1020, 430), radius=30, fill=(240, 240, 240), outline=(60, 60, 60), width=6)
    draw.rectangle((900, 270, 990, 340), fill=(170, 210, 240), outline=(60, 60, 60), width=4)
    for cx in (700, 940):
        draw.ellipse((cx - 40, 400, cx + 40, 480), fill=(40, 40, 40))
    for cx in (230, 450):
        draw.ellipse((cx - 90, 330, cx + 90, 510), outline=(30, 30, 30), width=12)
    draw.line((230, 420, 340, 330, 450, 420), fill=(200, 50, 50), width=10)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


async def seed_projects(storage: Storage | None = None) -> None:
    """The demo project's cover, news and followers, where they are missing."""
    project = await Project.get_or_none(title=PROJECT_TITLE)
    if project is None:
        return
    holder = Actor(user_id=project.holder_id)
    if project.cover_path is None:
        files = storage or DiskStorage(load_settings().upload_dir)
        await edit_project(holder, project.id, PageDraft(cover=cover_picture(), cover_alt=COVER_ALT), files)
    if not await ProjectUpdate.exists(project_id=project.id, title=UPDATE.title):
        await post_update(holder, project.id, UPDATE)
    for user in await User.filter(email__in=FOLLOWERS):
        await follow(Actor(user_id=user.id, role=user.role), project.id)
