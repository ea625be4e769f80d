"""The `colab` command, in-process, against a fresh database."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from tortoise import Tortoise

from colab.accounts.models import User
from colab.actors import Role
from colab.challenges.models import Challenge, ChallengeStatus
from colab.cli import main
from colab.db import tortoise_config
from colab.organizations.models import Membership, MembershipRole, Organization
from tests.fresh_database import create_database, drop_database


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of a fresh database of the suite's backend (mixing backends in one process confuses Tortoise)."""
    url = asyncio.run(create_database(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        yield url
    finally:
        asyncio.run(drop_database(url))


async def _read(url: str, query):  # type: ignore[no-untyped-def]
    await Tortoise.init(config=tortoise_config(url))
    try:
        return await query()
    finally:
        await Tortoise.close_connections()


def _run(*argv: str) -> int:
    return main(list(argv))


def test_operator_commands_create_users_and_organizations(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = database
    assert _run("migrate") == 0
    assert (
        _run(
            "user",
            "create",
            "--email",
            "Ana@Exemple.be",
            "--name",
            "Ana Admin",
            "--password",
            "motdepasse-long",
            "--role",
            "ADMIN",
        )
        == 0
    )
    assert _run("user", "grant", "--email", "ana@exemple.be", "--role", "MODERATOR") == 0
    assert _run("org", "create", "--name", "Ville de Wavre", "--kind", "COMMUNE", "--territory", "25112") == 0
    assert _run("org", "verify", "--slug", "ville-de-wavre") == 0
    assert _run("org", "add-member", "--org", "ville-de-wavre", "--email", "ana@exemple.be", "--role", "MANAGER") == 0
    assert "gestionnaire de Ville de Wavre" in capsys.readouterr().out

    async def facts() -> tuple[Role, bool, str, MembershipRole]:
        user = await User.get(email="ana@exemple.be")
        org = await Organization.get(slug="ville-de-wavre").prefetch_related("territory")
        membership = await Membership.get(user=user, organization=org)
        return user.role, org.verified, org.territory.nis_code, membership.role

    assert asyncio.run(_read(url, facts)) == (Role.MODERATOR, True, "25112", MembershipRole.MANAGER)


def test_errors_exit_with_2_and_print_the_code(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("migrate") == 0
    args = ("user", "create", "--email", "a@exemple.be", "--name", "Ana", "--password", "motdepasse-long")
    assert _run(*args) == 0
    assert _run(*args) == 2
    assert "EMAIL_TAKEN" in capsys.readouterr().err
    assert _run("user", "create", "--email", "b@exemple.be", "--name", "Bo", "--password", "court") == 2
    assert "PASSWORD_TOO_SHORT" in capsys.readouterr().err
    assert _run("org", "verify", "--org", "inconnue") == 2
    assert "NOT_FOUND" in capsys.readouterr().err
    assert _run("org", "create", "--name", "X Y", "--kind", "COMMUNE", "--territory", "99999") == 2
    assert "UNKNOWN_TERRITORY" in capsys.readouterr().err


def test_org_verify_by_id_and_twice_is_refused(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("migrate") == 0
    assert _run("org", "create", "--name", "Commune de Gouvy", "--kind", "COMMUNE", "--territory", "82037") == 0

    async def org_id() -> int:
        return (await Organization.get(slug="commune-de-gouvy")).id

    identifier = asyncio.run(_read(database, org_id))
    assert _run("org", "verify", "--id", str(identifier)) == 0
    assert "Organisation vérifiée : Commune de Gouvy." in capsys.readouterr().out
    assert _run("org", "verify", "--slug", "commune-de-gouvy") == 2
    assert "ALREADY_VERIFIED" in capsys.readouterr().err
    assert _run("org", "verify", "--id", str(identifier + 1000)) == 2
    assert "NOT_FOUND" in capsys.readouterr().err


def test_membership_and_role_errors(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("migrate") == 0
    assert _run("org", "create", "--name", "Ville de Wavre", "--kind", "COMMUNE", "--verified") == 0
    assert _run("org", "add-member", "--org", "ville-de-wavre", "--email", "personne@exemple.be") == 2
    assert "NOT_FOUND" in capsys.readouterr().err
    assert _run("user", "grant", "--email", "personne@exemple.be", "--role", "ADMIN") == 2
    assert "NOT_FOUND" in capsys.readouterr().err
    assert _run("user", "create", "--email", "lea@exemple.be", "--name", "Léa", "--password", "motdepasse-long") == 0
    assert _run("org", "add-member", "--org", "ville-de-wavre", "--email", "lea@exemple.be") == 0
    assert _run("org", "add-member", "--org", "ville-de-wavre", "--email", "lea@exemple.be") == 2
    assert "ALREADY_MEMBER" in capsys.readouterr().err


def test_user_create_asks_the_password_when_not_given(
    database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "tape-au-clavier")
    assert _run("migrate") == 0
    assert _run("user", "create", "--email", "zoe@exemple.be", "--name", "Zoé") == 0
    assert "Compte créé : zoe@exemple.be (CITIZEN)." in capsys.readouterr().out

    async def logs_in() -> str:
        from colab.accounts.service import authenticate

        return (await authenticate("zoe@exemple.be", "tape-au-clavier")).email

    assert asyncio.run(_read(database, logs_in)) == "zoe@exemple.be"


def test_seed_demo_is_idempotent(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = database
    assert _run("migrate") == 0
    assert _run("seed-demo") == 0
    printed = capsys.readouterr().out
    assert "admin@colab.example (ADMIN)" in printed and "demo-colab-2026" in printed

    async def counts() -> tuple[int, int, int, int, int]:
        return (
            await User.all().count(),
            await Organization.all().count(),
            await Challenge.all().count(),
            await Organization.filter(verified=True).count(),
            await Challenge.filter(status=ChallengeStatus.PENDING_REVIEW).count(),
        )

    first = asyncio.run(_read(url, counts))
    assert _run("seed-demo") == 0
    assert asyncio.run(_read(url, counts)) == first
    users, orgs, challenges, verified, pending = first
    assert orgs >= 5 and challenges >= 10 and verified == orgs - 1 and pending == 1 and users >= orgs + 3


def test_export_schema_check_detects_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "schema.graphql"
    assert _run("export-schema", "--output", str(target)) == 0
    assert _run("export-schema", "--output", str(target), "--check") == 0
    target.write_text("type Query { stale: Int }\n")
    assert _run("export-schema", "--output", str(target), "--check") == 1


def test_no_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        _run()
    assert exit_info.value.code == 2


def test_the_operator_blocks_and_unblocks_an_account(database: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("migrate") == 0
    assert _run("user", "create", "--email", "bo@exemple.be", "--name", "Bo", "--password", "motdepasse-long") == 0

    async def issue() -> None:
        from colab.accounts.service import issue_token

        await issue_token(await User.get(email="bo@exemple.be"), "app")

    asyncio.run(_read(database, issue))
    assert _run("user", "block", "--email", "bo@exemple.be") == 0
    assert "bloqué ; ses sessions et jetons sont révoqués" in capsys.readouterr().out

    async def state() -> tuple[bool, int]:
        from colab.accounts.models import ApiToken

        user = await User.get(email="bo@exemple.be")
        return user.is_active, await ApiToken.filter(user_id=user.id, revoked_at=None).count()

    assert asyncio.run(_read(database, state)) == (False, 0)
    assert _run("user", "unblock", "--email", "bo@exemple.be") == 0
    assert asyncio.run(_read(database, state)) == (True, 0)
