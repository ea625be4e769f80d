"""The `colab` command: serve, migrate, demo data and the operator's account/organization admin."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import colab.domains  # noqa: F401  (registers the review subjects and the event subscribers)
from colab.actors import Role
from colab.config import ROOT, load_settings
from colab.errors import ColabError, ErrorCode
from colab.french import de
from colab.organizations.models import MembershipRole, OrganizationKind

SCHEMA_FILE = ROOT / "graphql" / "schema.graphql"


def _with_db(action: Callable[[argparse.Namespace], Awaitable[None]]) -> Callable[[argparse.Namespace], int]:
    """Run an async command inside an initialised Tortoise; a ColabError exits with 2."""

    def run(args: argparse.Namespace) -> int:
        async def main() -> None:
            from tortoise import Tortoise

            from colab.db import tortoise_config

            await Tortoise.init(config=tortoise_config(load_settings().database_url))
            try:
                await action(args)
            finally:
                await Tortoise.close_connections()

        try:
            asyncio.run(main())
        except ColabError as error:
            for e in error.errors:
                field = f" [{e.field}]" if e.field else ""
                print(f"Erreur {e.code.value}{field} : {e.message}", file=sys.stderr)
            return 2
        return 0

    return run


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    workers = max(1, args.workers)
    if workers > 1 and args.reload:
        print("--reload ne s'emploie qu'avec un seul processus.", file=sys.stderr)
        return 2
    settings = load_settings()
    if workers > 1 and not settings.redis_url:
        print(
            f"{workers} processus sans REDIS_URL : chacun garde ses propres limites de débit et son cache. "
            "En production, définissez REDIS_URL pour qu'ils les partagent.",
            file=sys.stderr,
        )
    uvicorn.run("web.app:create_app", factory=True, host=args.host, port=args.port, reload=args.reload, workers=workers)
    return 0


async def _worker(args: argparse.Namespace) -> None:
    from colab.payments.mollie_http import install_from_settings
    from colab.worker import run_worker

    settings = load_settings()
    install_from_settings(settings)  # online refunds run in the worker
    await run_worker(settings, drain=args.drain)


async def _replay(args: argparse.Namespace) -> None:
    from colab.events.replay import replay

    count = await replay(args.consumer, args.from_event)
    print(f"{count} livraison(s) programmée(s) pour {args.consumer}.")


def _migrate(args: argparse.Namespace) -> int:
    from colab.db import migrate

    url = load_settings().database_url
    asyncio.run(migrate(url))
    print(f"Base de données à jour ({url}).")
    return 0


def _makemigrations(args: argparse.Namespace) -> int:
    from colab.db import make_migrations

    asyncio.run(make_migrations(args.name))
    return 0


async def _seed_demo(args: argparse.Namespace) -> None:
    from colab.demo import ACCOUNTS, DEMO_PASSWORD, ORGANIZATIONS, seed_demo

    report = await seed_demo()
    print(report)
    print("Comptes de démonstration :")
    for email, _, role in ACCOUNTS:
        print(f"  {email} ({role.value})")
    for spec in ORGANIZATIONS:
        print(f"  {spec.manager} (gestionnaire {de(spec.name)})")
    print(f"Mot de passe de ces comptes : {DEMO_PASSWORD}")


async def _user_create(args: argparse.Namespace) -> None:
    from colab.accounts.service import sign_up

    password = args.password or getpass.getpass("Mot de passe (10 caractères minimum) : ")
    user = await sign_up(args.email, password, args.name, role=Role(args.role))
    print(f"Compte créé : {user.email} ({user.role.value}).")


async def _user_block(args: argparse.Namespace) -> None:
    from colab.accounts.service import set_active

    user = await set_active(args.email, args.action == "unblock")
    state = "débloqué : il peut se reconnecter" if user.is_active else "bloqué ; ses sessions et jetons sont révoqués"
    print(f"Compte {user.email} {state}.")


async def _user_grant(args: argparse.Namespace) -> None:
    from colab.accounts.service import set_role

    user = await set_role(args.email, Role(args.role))
    print(f"{user.email} a maintenant le rôle {user.role.value}.")


async def _org_create(args: argparse.Namespace) -> None:
    from colab.organizations.service import register_organization
    from colab.territories.models import Territory

    territory_id = None
    if args.territory:
        territory = await Territory.get_or_none(nis_code=args.territory)
        if territory is None:
            message = f"Aucun territoire avec le code INS {args.territory}."
            raise ColabError(ErrorCode.UNKNOWN_TERRITORY, message, "territory")
        territory_id = territory.id
    org = await register_organization(
        name=args.name,
        kind=OrganizationKind(args.kind),
        territory_id=territory_id,
        description=args.description,
        website=args.website,
        verified=args.verified,
    )
    state = "vérifiée" if org.verified else "non vérifiée"
    print(f"Organisation créée : {org.name} (/{org.slug}, {state}).")


async def _organization(slug: str) -> int:
    from colab.organizations.service import get_by_slug

    org = await get_by_slug(slug)
    if org is None:
        raise ColabError(ErrorCode.NOT_FOUND, f"Aucune organisation « {slug} ».", "org")
    return org.id


async def _org_verify(args: argparse.Namespace) -> None:
    from colab.organizations.service import mark_verified

    org = await mark_verified(args.id if args.id is not None else await _organization(args.org))
    print(f"Organisation vérifiée : {org.name}.")


async def _org_add_member(args: argparse.Namespace) -> None:
    from colab.organizations.service import enrol_member, get_organization

    org = await get_organization(await _organization(args.org))
    await enrol_member(org, args.email, MembershipRole(args.role))
    label = {"MEMBER": "membre", "MANAGER": "gestionnaire"}[args.role]
    print(f"{args.email} est maintenant {label} {de(org.name)}.")


def _export_schema(args: argparse.Namespace) -> int:
    from colab.api.schema import export_schema

    sdl = export_schema()
    target = Path(args.output)
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != sdl:
            print(f"{target} n'est pas à jour : lancez `colab export-schema`.", file=sys.stderr)
            return 1
        print(f"{target} est à jour.")
        return 0
    target.write_text(sdl, encoding="utf-8")
    print(f"Schéma écrit dans {target}.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="colab", description="Colab Wallonie : le laboratoire de co-création.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="servir le laboratoire (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--reload", action="store_true")
    serve.add_argument(
        "--workers", type=int, default=1, help="processus uvicorn (sessions, travaux et limites sont partagés)"
    )
    serve.set_defaults(run=_serve)

    commands.add_parser("migrate", help="appliquer les migrations et les données de référence").set_defaults(
        run=_migrate
    )
    make = commands.add_parser("makemigrations", help="créer une migration depuis les modèles")
    make.add_argument("--name", default=None)
    make.set_defaults(run=_makemigrations)
    commands.add_parser("seed-demo", help="charger les données de démonstration (idempotent)").set_defaults(
        run=_with_db(_seed_demo)
    )

    user = commands.add_parser("user", help="comptes").add_subparsers(dest="action", required=True)
    create = user.add_parser("create", help="créer un compte")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--password", help="sinon demandé au clavier")
    create.add_argument("--role", choices=[r.value for r in Role], default=Role.CITIZEN.value)
    create.set_defaults(run=_with_db(_user_create))
    grant = user.add_parser("grant", help="donner un rôle")
    grant.add_argument("--email", required=True)
    grant.add_argument("--role", choices=[r.value for r in Role], required=True)
    grant.set_defaults(run=_with_db(_user_grant))
    blocks = (("block", "bloquer un compte (fin immédiate des sessions et jetons)"), ("unblock", "débloquer"))
    for action, label in blocks:
        blocking = user.add_parser(action, help=label)
        blocking.add_argument("--email", required=True)
        blocking.set_defaults(run=_with_db(_user_block))

    org = commands.add_parser("org", help="organisations").add_subparsers(dest="action", required=True)
    org_create = org.add_parser("create", help="créer une organisation")
    org_create.add_argument("--name", required=True)
    org_create.add_argument("--kind", choices=[k.value for k in OrganizationKind], required=True)
    org_create.add_argument("--territory", help="code INS (NIS) du territoire, p. ex. 92094")
    org_create.add_argument("--description", default="")
    org_create.add_argument("--website", default="")
    org_create.add_argument("--verified", action="store_true")
    org_create.set_defaults(run=_with_db(_org_create))
    verify = org.add_parser("verify", help="vérifier une organisation")
    which = verify.add_mutually_exclusive_group(required=True)
    which.add_argument("--slug", "--org", dest="org", help="slug de l'organisation")
    which.add_argument("--id", type=int, help="identifiant numérique de l'organisation")
    verify.set_defaults(run=_with_db(_org_verify))
    add = org.add_parser("add-member", help="ajouter un membre")
    add.add_argument("--org", required=True, help="slug de l'organisation")
    add.add_argument("--email", required=True)
    add.add_argument("--role", choices=[r.value for r in MembershipRole], default=MembershipRole.MEMBER.value)
    add.set_defaults(run=_with_db(_org_add_member))

    worker = commands.add_parser("worker", help="livrer les événements et lancer les tâches planifiées")
    worker.add_argument("--drain", action="store_true", help="s'arrêter quand il n'y a plus rien à faire")
    worker.set_defaults(run=_with_db(_worker))
    replay = commands.add_parser("replay-events", help="relivrer les événements à un consommateur")
    replay.add_argument("consumer")
    replay.add_argument("--from-event", type=int, default=1, help="à partir de cet événement (défaut : le premier)")
    replay.set_defaults(run=_with_db(_replay))

    export = commands.add_parser("export-schema", help="écrire graphql/schema.graphql")
    export.add_argument("--output", default=str(SCHEMA_FILE))
    export.add_argument("--check", action="store_true", help="échouer si le fichier n'est pas à jour")
    export.set_defaults(run=_export_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
