"""The house's layers, read from the source. Imports run one way, down LAYERS: a module
may import its own app's modules and those of the layers before its own, never a later
layer nor a sibling of its own layer. Read with `ast`, lazy imports inside functions and
relative imports included (a cycle hidden in a function is still a cycle), and bench/
too. So are the edges written as strings: the app labels a migration depends on or
points a foreign key to, and the task names the beat schedule runs.

Migrations are left out of the import graph: they are a frozen record, which may name a
callable wherever it lives today; their string edges are checked instead.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each layer is a set of packages that may not import each other; a later layer may
# import any earlier one.
LAYERS = [
    {"chronology"},
    {"gateway"},
    {"events"},
    {"events.exchange", "events.drafting", "events.geography"},
    {"timeline"},
    {"timeline.anniversaries", "timeline.analysis"},
    {"timeline.reminders", "pages"},
    {"seeds"},
    {"config"},
    {"bench"},
]
TOPS = ("chronology", "gateway", "events", "timeline", "pages", "seeds", "config", "bench")


def package_of(module: str) -> str:
    """The deepest layer package a module belongs to."""
    found = [p for layer in LAYERS for p in layer if module == p or module.startswith(p + ".")]
    assert found, f"{module} is in no layer"
    return max(found, key=len)


def layer_of(module: str) -> int:
    package = package_of(module)
    return next(i for i, layer in enumerate(LAYERS) if package in layer)


def project_modules() -> dict[str, Path]:
    modules = {}
    for top in TOPS:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports (a name imported from a package counts as its
    submodule when there is one). Relative imports are read from the module's package;
    bench's scripts import each other by bare name (bench/ is on their path)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1] if node.level > 1 else base
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                found.add(submodule if submodule in modules else module)
    if name.startswith("bench."):
        found |= {f"bench.{m}" for m in list(found) if f"bench.{m}" in modules}
    return {module for module in found if module in modules}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(name, path, modules) - {name} for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def wrong_way(source: str, target: str) -> bool:
    """Whether `source` may not depend on `target`: a later layer, or a sibling."""
    if package_of(source) == package_of(target):
        return False
    return layer_of(target) >= layer_of(source)


def test_the_graph_is_read():
    graph = import_graph()
    assert "timeline.reminders.planner" in graph["timeline.reminders.tasks"]
    assert "chronology.dates" in graph["chronology.date_text"]
    assert "events.exchange.export" in graph["events.exchange.views"]
    assert "bench.generate" in graph["bench.surface"]


def test_no_module_imports_a_later_layer_or_a_sibling():
    back_edges = [
        f"{module} imports {target}"
        for module, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if wrong_way(module, target)
    ]
    assert back_edges == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def _app_packages() -> dict[str, str]:
    from django.apps import apps

    return {config.label: config.name for config in apps.get_app_configs()}


def test_migrations_depend_and_point_only_one_way():
    """A migration's dependencies and foreign keys name apps by label: those too must be
    its own app's, or of an earlier layer."""
    packages = _app_packages()
    wrong = []
    for path in ROOT.glob("**/migrations/0*.py"):
        if ".venv" in path.parts:
            continue
        owner = ".".join(path.relative_to(ROOT).parts[:-2])
        text = path.read_text()
        labels = set(re.findall(r"\(\s*['\"](\w+)['\"],\s*['\"]0\d{3}\w*['\"]\s*\)", text))
        labels |= set(re.findall(r"to=['\"](\w+)\.\w+['\"]", text))
        for label in labels:
            target = packages.get(label, "")
            if not target.startswith(TOPS):  # Django's own apps (auth, contenttypes)
                continue
            if wrong_way(owner, target):
                wrong.append(f"{path.relative_to(ROOT)} names {label}")
    assert wrong == []


def test_the_beat_runs_tasks_of_the_apps_that_define_them():
    from django.conf import settings

    from config.celery_app import app

    app.loader.import_default_modules()
    packages = _app_packages()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = app.tasks[entry["task"]]  # registered
        label = entry["task"].split(".")[0]
        assert task.__module__.startswith(packages[label]), (entry["task"], task.__module__)


def test_no_test_module_imports_another():
    """Shared test helpers live in fixtures (conftest.py) or helper modules, never in a
    test module another one imports."""
    found = []
    for path in (ROOT / "tests").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in [module or "", *names]:
                if re.search(r"(^|\.)test_\w+$", name):
                    found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert found == []


def test_the_checks_catch_what_they_look_for():
    graph = {"events.a": {"events.b"}, "events.b": {"events.a"}, "events.c": set()}
    assert cycles(graph) == [["events.a", "events.b"]]
    assert wrong_way("events.models", "timeline.models")
    assert wrong_way("timeline.analysis.api", "timeline.anniversaries.listing")  # siblings
    assert not wrong_way("timeline.reminders.planner", "timeline.anniversaries.listing")
    assert not wrong_way("events.exchange.importing", "events.models")
    assert wrong_way("events.models", "events.exchange.importing")
    modules = {"events.exchange": Path(), "events.exchange.export": Path()}
    source = "from .export import csv_cells\nfrom . import export\n"
    relative = ROOT / "var" / "relative_import_probe.py"
    relative.parent.mkdir(exist_ok=True)
    relative.write_text(source)
    assert imports_of("events.exchange.views", relative, modules) == {"events.exchange.export"}


# --- Rooms: size, names, and tests that follow the code -------------------------------------

# Modules named for their role in a Django app (or in bench's small project): the same
# name means the same kind of thing wherever it sits.
ROLES = {
    "admin",
    "api",
    "apps",
    "context_processors",
    "models",
    "serializers",
    "settings",
    "tasks",
    "urls",
    "views",
    "wsgi",
}
OUTSIDE = (".venv", "tests", "var", "node_modules", "static")


def source_files() -> list[Path]:
    return [
        path for path in ROOT.rglob("*.py") if not set(path.relative_to(ROOT).parts) & set(OUTSIDE)
    ]


def app_folders() -> list[Path]:
    return sorted(path.parent for path in source_files() if path.name == "apps.py")


def owner_of(path: Path, apps: list[Path]) -> str:
    """The deepest folder with an apps.py holding `path`, else its top folder."""
    owners = [app for app in apps if app in path.parents]
    owner = max(owners, key=lambda app: len(app.parts)) if owners else None
    return str((owner or ROOT / path.relative_to(ROOT).parts[0]).relative_to(ROOT))


def line_shares() -> dict[str, float]:
    apps = app_folders()
    lines: dict[str, int] = {}
    for path in source_files():
        owner = owner_of(path, apps)
        lines[owner] = lines.get(owner, 0) + len(path.read_text().splitlines())
    total = sum(lines.values())
    return {owner: count / total for owner, count in lines.items()}


def test_no_app_holds_more_than_30_percent_of_the_lines():
    """Every .py outside tests/ counts, migrations and bench/ included, toward the
    deepest folder with an apps.py (or its top folder: chronology, gateway, config, ...)."""
    shares = line_shares()
    assert {"events", "timeline", "timeline/reminders", "chronology"} <= set(shares)
    assert max(shares.values()) <= 0.30, sorted(shares.items(), key=lambda kv: -kv[1])[:3]


def test_no_two_modules_share_a_name_for_different_things():
    """Outside the Django roles, a module's base name says what it holds in one place only
    (bench's scripts are named for the part they measure)."""
    apps = app_folders()
    owners: dict[str, set[str]] = {}
    for path in source_files():
        if "migrations" in path.parts or path.parts[len(ROOT.parts)] == "bench":
            continue
        if path.stem in ROLES or path.stem.startswith("__"):
            continue
        owners.setdefault(path.stem, set()).add(owner_of(path, apps))
    assert {name: sorted(where) for name, where in owners.items() if len(where) > 1} == {}


def test_tests_mirror_the_apps():
    """Every app, and the kernel, has a test package of the same name (tests/<label>/)."""
    from django.apps import apps

    ours = [c for c in apps.get_app_configs() if c.name.startswith(TOPS)]
    missing = [c.label for c in ours if not (ROOT / "tests" / c.label / "__init__.py").exists()]
    assert len(ours) >= 9 and missing == []
    assert (ROOT / "tests" / "chronology" / "test_purity.py").exists()


def drawn_edges() -> set[tuple[str, str]]:
    """The arrows of the README's drawing of the house (`a_b` is the package a.b)."""
    readme = (ROOT / "README.md").read_text()
    drawing = readme.split("```mermaid", 1)[1].split("```", 1)[0]
    edges = set()
    for line in drawing.splitlines():
        if "-->" in line:
            left, right = line.split("-->")
            for target in right.split("&"):
                edges.add((left.strip().replace("_", "."), target.strip().replace("_", ".")))
    return edges


def test_the_readmes_drawing_is_the_house():
    """Every arrow drawn points down the layers and is an import (config wires every app
    by name, so its arrows may be string edges); every import between apps follows the
    arrows, directly or through others."""
    drawn = drawn_edges()
    assert len(drawn) >= 10
    actual: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        for target in targets:
            source, goal = package_of(module), package_of(target)
            if source != goal and source != "bench":
                actual.setdefault(source, set()).add(goal)
    for source, target in drawn:
        assert not wrong_way(source, target), f"{source} --> {target} points up or across"
        assert source == "config" or target in actual.get(source, set()), (source, target)

    def reachable(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            for a, b in drawn:
                if a == node and b not in seen:
                    seen.add(b)
                    todo.append(b)
        return seen

    undrawn = [(a, b) for a, goals in actual.items() for b in goals if b not in reachable(a)]
    assert undrawn == []
