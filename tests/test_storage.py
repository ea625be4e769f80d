"""Stored files: random keys, written whole, and no key reaching outside the storage's folder."""

from pathlib import Path

import pytest

from colab.storage import DiskStorage, new_key, valid_key


async def test_a_saved_file_is_read_back_and_deleted(tmp_path: Path) -> None:
    storage = DiskStorage(tmp_path)
    key = await storage.save("covers", "webp", b"RIFF....WEBP")
    assert valid_key(key) and key.startswith("covers/") and key.endswith(".webp")
    assert await storage.read(key) == b"RIFF....WEBP"
    assert [p.name for p in (tmp_path / "covers").iterdir()] == [key.split("/")[1]]  # no partial file left
    await storage.delete(key)
    assert await storage.read(key) is None
    await storage.delete(key)  # twice is fine


async def test_two_saves_never_share_a_name(tmp_path: Path) -> None:
    storage = DiskStorage(tmp_path)
    assert await storage.save("covers", "webp", b"a") != await storage.save("covers", "webp", b"a")


@pytest.mark.parametrize(
    "key",
    ["../secret.webp", "covers/../../etc/passwd", "/etc/passwd", "covers/abc.webp", "covers/" + "a" * 32 + ".svg"],
)
async def test_malformed_keys_read_nothing(tmp_path: Path, key: str) -> None:
    (tmp_path / "secret.webp").write_bytes(b"secret")
    assert not valid_key(key)
    assert await DiskStorage(tmp_path / "uploads").read(key) is None


def test_keys_are_made_only_for_known_folders_and_types() -> None:
    with pytest.raises(ValueError):
        new_key("../x", "webp")
    with pytest.raises(ValueError):
        new_key("covers", "svg")
