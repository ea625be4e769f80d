"""Every `ErrorCode` is raised somewhere and documented for API clients; none is dead weight."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from colab.errors import ACCESS_CODES, ColabError, ColabErrors, ErrorCode, ErrorCollector

ROOT = Path(__file__).resolve().parent.parent
ERRORS = ROOT / "colab" / "errors.py"
API_README = ROOT / "graphql" / "README.md"


def _sources() -> list[Path]:
    return [p for folder in ("colab", "moderation", "web") for p in ROOT.joinpath(folder).rglob("*.py")]


def _codes_passed_to_calls(tree: ast.AST) -> set[str]:
    """Names X of every `ErrorCode.X` given as an argument of a call (ColabError(...), errors.add(...))."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "ErrorCode":
                    found.add(arg.attr)
    return found


def _helpers() -> dict[str, set[str]]:
    """The shortcut functions of errors.py (`forbidden()`...) and the codes they build."""
    tree = ast.parse(ERRORS.read_text(encoding="utf-8"))
    return {f.name: _codes_passed_to_calls(f) for f in tree.body if isinstance(f, ast.FunctionDef)}


def _raised(path: Path, helpers: dict[str, set[str]]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    return _codes_passed_to_calls(tree).union(*(helpers[name] for name in called & helpers.keys()))


def test_every_error_code_is_raised_outside_errors_py() -> None:
    helpers = _helpers()
    assert helpers["forbidden"] == {"FORBIDDEN"}
    raised = set().union(*(_raised(path, helpers) for path in _sources() if path != ERRORS))
    assert sorted(code.name for code in ErrorCode if code.name not in raised) == []


def test_every_error_code_is_documented_in_the_api_readme() -> None:
    documented = set(re.findall(r"`([A-Z][A-Z_]+)`", API_README.read_text(encoding="utf-8")))
    assert sorted(code.value for code in ErrorCode if code.value not in documented) == []


def test_access_codes_are_top_level_and_input_codes_are_not() -> None:
    assert ColabError(ErrorCode.TOKEN_EXPIRED, "…").is_access_error
    assert not ColabError(ErrorCode.NOT_FOUND, "…").is_access_error
    # RATE_LIMITED too: a refused attempt is about who asks and how often, not about the input
    assert ACCESS_CODES == {
        ErrorCode.UNAUTHENTICATED,
        ErrorCode.FORBIDDEN,
        ErrorCode.TOKEN_EXPIRED,
        ErrorCode.RATE_LIMITED,
    }


def test_the_collector_raises_one_error_alone_and_several_together() -> None:
    ErrorCollector().raise_if_any()
    one = ErrorCollector()
    one.add(ErrorCode.REQUIRED, "Le titre est obligatoire.", "title")
    with pytest.raises(ColabError) as alone:
        one.raise_if_any()
    assert type(alone.value) is ColabError and (alone.value.code, alone.value.field) == (ErrorCode.REQUIRED, "title")
    several = ErrorCollector()
    several.add(ErrorCode.REQUIRED, "Le titre est obligatoire.", "title")
    several.add(ErrorCode.TOO_LONG, "Le résumé est trop long.", "summary")
    assert several.has("summary") and not several.has("body")
    with pytest.raises(ColabErrors) as together:
        several.raise_if_any()
    assert [(e.code, e.field) for e in together.value.errors] == [
        (ErrorCode.REQUIRED, "title"),
        (ErrorCode.TOO_LONG, "summary"),
    ]
