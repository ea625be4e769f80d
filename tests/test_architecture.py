"""Structure a test enforces does not rot: import direction, no Python in graphql/, migrations only."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = {"starlette", "strawberry", "jinja2", "httpx", "uvicorn", "graphql"}
CLI = ROOT / "colab" / "cli.py"  # the command starts uvicorn and exports the GraphQL schema
API = ROOT / "colab" / "api"
# settings are read with starlette.config (the design's choice): that and nothing else of starlette
ALLOWED = {
    ROOT / "colab" / "config.py": {"starlette.config", "starlette.datastructures"},
    # the Mollie client: the adapter behind colab.payments.gateway's interface, installed by the composition root
    ROOT / "colab" / "payments" / "mollie_http.py": {"httpx"},
}


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _domain_modules() -> list[Path]:
    paths = [*ROOT.joinpath("colab").rglob("*.py"), *ROOT.joinpath("moderation").rglob("*.py")]
    return [p for p in paths if not p.is_relative_to(API) and p != CLI]


def _top(name: str) -> str:
    return name.split(".")[0]


def _frameworks(path: Path) -> list[str]:
    extra = _imports(path) - ALLOWED.get(path, set())
    return sorted(name for name in extra if _top(name) in FRAMEWORKS)


def test_the_domain_imports_no_web_or_graphql_framework() -> None:
    offenders = {str(p.relative_to(ROOT)): _frameworks(p) for p in _domain_modules()}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) > 10


def test_settings_use_only_starlette_config() -> None:
    config = ROOT / "colab" / "config.py"
    assert {name for name in _imports(config) if name.startswith("starlette")} <= ALLOWED[config]


def test_the_domain_does_not_import_the_web_layer_or_the_api() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in _domain_modules() if any(_top(n) == "web" for n in _imports(p))]
    api_users = [str(p.relative_to(ROOT)) for p in _domain_modules() if "colab.api" in p.read_text(encoding="utf-8")]
    assert offenders == [] and api_users == []


def test_graphql_folder_holds_no_python() -> None:
    folder = ROOT / "graphql"
    assert (folder / "schema.graphql").exists()
    assert [str(p) for p in folder.rglob("*.py")] == []


def test_only_tests_generate_schemas() -> None:
    sources = [
        *ROOT.joinpath("colab").rglob("*.py"),
        *ROOT.joinpath("web").rglob("*.py"),
        *ROOT.joinpath("moderation").rglob("*.py"),
    ]
    assert [str(p.relative_to(ROOT)) for p in sources if "generate_schemas" in p.read_text(encoding="utf-8")] == []


def test_modules_stay_small() -> None:
    sources = [
        *ROOT.joinpath("colab").rglob("*.py"),
        *ROOT.joinpath("web").rglob("*.py"),
        *ROOT.joinpath("moderation").rglob("*.py"),
    ]
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in sources
        if "migrations" not in p.parts
    }
    assert {k: v for k, v in sizes.items() if v > 500} == {}


def test_user_html_is_sanitized_in_one_place() -> None:
    sources = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "tests" not in p.parts]
    importers = [str(p.relative_to(ROOT)) for p in sources if "import nh3" in p.read_text(encoding="utf-8")]
    assert importers == ["moderation/sanitize.py"]


TESTS = ROOT / "tests"
#: top-level source packages besides colab/ (tests/<package>/ mirrors <package>/; anything else mirrors colab/)
OTHER_PACKAGES = ("moderation", "web")
#: test files that test no single module, each with its reason; keep this list short
CROSS_CUTTING = {
    "tests/test_architecture.py": "the structure of the whole tree",
    "tests/test_databases.py": "the test harness's own per-test database (tests/databases.py)",
    "tests/browser": "a newcomer's paths through the running lab, in Chromium",
}


def _mirrored_folder(test: Path) -> Path:
    parts = test.relative_to(TESTS).parts[:-1]
    if parts and parts[0] in OTHER_PACKAGES:
        return ROOT.joinpath(*parts)
    return ROOT.joinpath("colab", *parts)


def _mirrors_a_module(test: Path) -> bool:
    """tests/x/test_<name>.py (or test_<name>_<aspect>.py) tests x/<name>.py, a package x/<name>/ or a file."""
    folder, name = _mirrored_folder(test), test.stem.removeprefix("test_")
    if not folder.is_dir():
        return False
    names = {p.stem for p in folder.iterdir() if p.stem not in ("__init__", "__pycache__")}
    return any(name == module or name.startswith(module + "_") for module in names)


def _cross_cutting(test: Path) -> bool:
    relative = test.relative_to(ROOT).as_posix()
    return any(relative == entry or relative.startswith(entry + "/") for entry in CROSS_CUTTING)


def test_tests_mirror_the_source_tree() -> None:
    tests = sorted(TESTS.rglob("test_*.py"))
    strays = [str(t.relative_to(ROOT)) for t in tests if not _cross_cutting(t) and not _mirrors_a_module(t)]
    assert strays == [], (
        "name each test file after the module it tests: tests/<package>/test_<module>[_<aspect>].py "
        "(tests/web/ mirrors web/, tests/moderation/ moderation/, every other folder colab/)"
    )
    assert len(tests) > 50


def test_the_cross_cutting_list_names_what_exists() -> None:
    assert [entry for entry in CROSS_CUTTING if not (ROOT / entry).exists()] == []


def test_a_stray_test_file_is_caught() -> None:
    assert _mirrors_a_module(TESTS / "web" / "pages" / "test_accounts.py")
    assert _mirrors_a_module(TESTS / "challenges" / "test_service_listing.py")
    assert _mirrors_a_module(TESTS / "test_migrations.py")  # the colab/migrations package
    assert not _mirrors_a_module(TESTS / "web" / "test_accounts.py")  # web/accounts.py does not exist
    assert not _mirrors_a_module(TESTS / "challenges" / "test_listing.py")
    assert not _mirrors_a_module(TESTS / "nowhere" / "test_service.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _unit(module: str) -> str | None:
    """The package a module belongs to in the dependency graph: `colab.<name>` (a domain, the API, or a core
    module such as colab.errors), `moderation`, `web`; None outside the lab."""
    parts = module.split(".")
    if parts[0] == "colab":
        return ".".join(parts[:2]) if len(parts) > 1 else "colab"
    return parts[0] if parts[0] in ("moderation", "web") else None


def _package_graph() -> dict[str, set[str]]:
    """Which package imports which (every import, at the top or inside a function or TYPE_CHECKING block)."""
    graph: dict[str, set[str]] = {}
    for root in ("colab", "moderation", "web"):
        for path in ROOT.joinpath(root).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # migrations are a snapshot of every model, not a dependency
            source = _unit(_module_name(path))
            assert source is not None
            targets = {_unit(name) for name in _imports(path)}
            graph.setdefault(source, set()).update(t for t in targets if t is not None and t != source)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle's smallest member once, found by a depth-first search from each package."""
    found: set[tuple[str, ...]] = set()

    def visit(start: str, node: str, path: list[str]) -> None:
        for target in sorted(graph.get(node, ())):
            if target == start:
                cycle = path[path.index(min(path)) :] + path[: path.index(min(path))]
                found.add(tuple(cycle))
            elif target not in path and target > start:
                visit(start, target, [*path, target])

    for start in sorted(graph):
        visit(start, start, [start])
    return [list(c) for c in sorted(found)]


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for target in graph.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def test_no_package_imports_one_that_imports_it_back() -> None:
    graph = _package_graph()
    assert {"moderation", "colab.ideas", "colab.challenges", "colab.projects"} <= set(graph)
    assert _cycles(graph) == []


def test_the_cycle_finder_sees_an_indirect_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_moderation_reaches_no_domain_even_indirectly() -> None:
    """Moderation reaches a subject through the registry its domain fills in, never by importing it."""
    reached = _reachable(_package_graph(), "moderation")
    domains = {"colab.ideas", "colab.challenges", "colab.projects", "colab.organizations", "colab.notifications"}
    assert reached & domains == set()
    assert reached & {"web", "colab.api", "colab.cli", "colab.domains"} == set()


def test_the_domain_reaches_no_web_layer_or_api_even_indirectly() -> None:
    graph = _package_graph()
    outer = {"web", "colab.api", "colab.cli"}
    offenders = {p: sorted(_reachable(graph, p) & outer) for p in graph if p not in outer}
    assert {p: o for p, o in offenders.items() if o} == {}
