"""The project page's editor: the leads only, the story sanitized, and hostile uploads refused with typed errors."""

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from PIL import Image

from colab.actors import ProjectRole
from colab.config import load_settings
from colab.images import MAX_UPLOAD_BYTES
from colab.needs import Need
from colab.projects.models import Project
from tests.conftest import make_user
from tests.projects.factories import make_project, team_member
from tests.test_images import gps_jpeg, picture, png_bomb
from tests.web.conftest import csrf, log_in
from web.app import create_app


@pytest.fixture
async def site(db: None, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The lab with its uploads in a temporary folder."""
    settings = load_settings(environ={"ENVIRONMENT": "test", "DEBUG": "false", "UPLOAD_DIR": str(tmp_path)})
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def _files(folder: Path) -> list[Path]:
    return list(folder.rglob("*"))


def _fields(project: Project, **changes: str) -> dict[str, str]:
    return {
        "title": project.title,
        "summary": project.summary,
        "story": "Un atelier mobile qui passe dans chaque village de la vallée, deux samedis par mois.",
        "cover_alt": "",
        **changes,
    }


async def _save(
    client: httpx.AsyncClient, project: Project, image: bytes | None = None, name: str = "photo.jpg", **changes: str
) -> httpx.Response:
    path = f"/projets/{project.id}/modifier"
    data = {"csrf_token": await csrf(client, path), "needs": ["HANDS", "TEAM"], **_fields(project, **changes)}
    files = (
        {"cover": (name, image, "image/jpeg")}
        if image is not None
        else {"cover": ("", b"", "application/octet-stream")}
    )
    return await client.post(path, data=data, files=files)


async def test_the_holder_edits_the_story_and_uploads_a_cover_without_gps(site: httpx.AsyncClient) -> None:
    project = await make_project(needs=[Need.HANDS])
    await log_in(site, await project.holder)
    saved = await _save(
        site,
        project,
        gps_jpeg(),
        story="<p>Un atelier <script>alert(1)</script>qui passe dans chaque village.</p>",
        cover_alt="Trois vélos cargo devant la maison de village",
    )
    assert saved.status_code == 303, saved.text
    edited = await Project.get(id=project.id)
    assert "<script>" not in edited.story and "qui passe dans chaque village" in edited.story
    assert set(edited.needs) == {Need.HANDS, Need.TEAM} and edited.cover_path
    page = await site.get(f"/projets/{project.id}")
    found = re.search(r'<img src="(/fichiers/covers/[0-9a-f]{32}\.webp)" alt="Trois vélos cargo', page.text)
    assert found, page.text
    image = await site.get(found.group(1))
    assert image.status_code == 200 and image.headers["content-type"] == "image/webp"
    assert "immutable" in image.headers["cache-control"] and image.headers["x-content-type-options"] == "nosniff"
    served = Image.open(io.BytesIO(image.content))
    assert not served.getexif() and b"Appareil" not in image.content


async def test_a_cover_without_alt_text_is_refused_and_the_form_keeps_what_was_typed(site: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(site, await project.holder)
    refused = await _save(site, project, picture(), title="Un titre tout neuf pour le projet")
    assert refused.status_code == 422
    assert 'id="e-coverAlt"' in refused.text and 'value="Un titre tout neuf pour le projet"' in refused.text
    assert (await Project.get(id=project.id)).cover_path is None


@pytest.mark.parametrize(
    ("image", "name", "code_message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.jpg", "JPEG, PNG ou WebP"),
        (b"%PDF-1.7 pas une image", "photo.png", "JPEG, PNG ou WebP"),
        (png_bomb(), "bombe.png", "trop de pixels"),
    ],
    ids=["svg-named-jpg", "not-an-image", "png-bomb"],
)
async def test_hostile_uploads_are_refused_with_the_form_again(
    site: httpx.AsyncClient, tmp_path: Path, image: bytes, name: str, code_message: str
) -> None:
    project = await make_project()
    await log_in(site, await project.holder)
    refused = await _save(site, project, image, name=name, cover_alt="Une image")
    assert refused.status_code == 422 and 'id="e-cover"' in refused.text and code_message in refused.text
    assert (await Project.get(id=project.id)).cover_path is None and _files(tmp_path) == []


async def test_an_image_over_5_mib_is_refused_as_too_large(site: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(site, await project.holder)
    refused = await _save(site, project, b"\xff\xd8\xff" + b"\x00" * MAX_UPLOAD_BYTES, cover_alt="Une image")
    assert refused.status_code == 422 and "image dépasse 5 Mio." in refused.text


async def test_a_huge_body_is_refused_before_it_is_read(site: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(site, await project.holder)
    refused = await _save(site, project, b"\x00" * (20 * 1024 * 1024), cover_alt="Une image")
    assert refused.status_code == 413


async def test_only_the_leads_edit_the_page(site: httpx.AsyncClient) -> None:
    project = await make_project()
    path = f"/projets/{project.id}/modifier"
    assert (await site.get(path)).headers["location"].startswith("/connexion")
    await log_in(site, await team_member(project, ProjectRole.MEMBER))
    assert (await site.get(path)).status_code == 403
    assert "Modifier la page" not in (await site.get(f"/projets/{project.id}")).text


async def test_a_co_lead_removes_the_cover(site: httpx.AsyncClient, tmp_path: Path) -> None:
    project = await make_project()
    await log_in(site, await team_member(project, ProjectRole.CO_LEAD, name="Co-porteur Henry"))
    await _save(site, project, picture("PNG"), name="x.png", cover_alt="Le potager")
    assert (await Project.get(id=project.id)).cover_path
    path = f"/projets/{project.id}/modifier"
    data = {"csrf_token": await csrf(site, path), "needs": ["HANDS"], "remove_cover": "on", **_fields(project)}
    removed = await site.post(path, data=data, files={"cover": ("", b"", "application/octet-stream")})
    assert removed.status_code == 303
    assert (await Project.get(id=project.id)).cover_path is None
    assert _files(tmp_path / "covers") == []


async def test_unknown_stored_files_are_404(site: httpx.AsyncClient) -> None:
    assert (await site.get("/fichiers/covers/" + "0" * 32 + ".webp")).status_code == 404
    assert (await site.get("/fichiers/../colab/config.py")).status_code == 404
    assert (await site.get("/fichiers/covers/%2e%2e/%2e%2e/etc/passwd")).status_code == 404


async def test_a_signed_in_stranger_gets_a_403(site: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(site, await make_user(name="Passant"))
    assert (await site.get(f"/projets/{project.id}/modifier")).status_code == 403


async def test_the_list_shows_the_cover_on_the_project_s_card(site: httpx.AsyncClient) -> None:
    project = await make_project()
    await log_in(site, await project.holder)
    await _save(site, project, picture(), cover_alt="Le potager")
    cover = (await Project.get(id=project.id)).cover_path
    assert f'<img class="card-cover" src="/fichiers/{cover}" alt=""' in (await site.get("/projets")).text
