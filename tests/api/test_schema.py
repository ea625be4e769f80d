"""The committed contract: graphql/schema.graphql matches the code, operations validate against it."""

import importlib
import pkgutil
from pathlib import Path

import colab.api
from colab.api.domain import Domain
from colab.api.schema import DOMAINS, export_schema
from graphql import build_schema, parse, validate
from tests.api.conftest import OPERATIONS, OPERATIONS_DIR

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


def test_committed_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == export_schema(), (
        "graphql/schema.graphql is stale: run `colab export-schema`"
    )


def test_every_operation_file_validates_against_the_schema() -> None:
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    for path in OPERATIONS_DIR.glob("*.graphql"):
        errors = validate(schema, parse(path.read_text(encoding="utf-8")))
        assert errors == [], f"{path.name}: {errors}"


def test_the_operations_cover_every_mutation() -> None:
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    mutation_type = schema.mutation_type
    assert mutation_type is not None
    used = " ".join(OPERATIONS.values())
    assert [name for name in mutation_type.fields if f"{name}(" not in used and f"{name} " not in used] == []


def test_every_domain_module_is_in_the_schema() -> None:
    declared = []
    for module in pkgutil.iter_modules(colab.api.__path__):
        domain = getattr(importlib.import_module(f"colab.api.{module.name}"), "DOMAIN", None)
        if isinstance(domain, Domain):
            declared.append(domain.name)
    assert sorted(declared) == sorted(d.name for d in DOMAINS)
    assert len(set(declared)) == len(declared) >= 8
