"""Imports run one way: gateway <- records (events) <- time (timeline) <- reminders
(timeline.reminders) <- seeds, and config wires them all. Read with `ast` from the
source, lazy imports inside functions included: a cycle hidden in a function is still
a cycle. Migrations are left out: they are a frozen record, which may name a callable
wherever it lives today."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A layer may import its own modules and those of the layers before it.
LAYERS = ["chronology", "gateway", "events", "timeline", "timeline.reminders", "seeds", "config"]


def layer_of(module: str) -> int:
    return max(
        i for i, layer in enumerate(LAYERS) if module == layer or module.startswith(layer + ".")
    )


def project_modules() -> dict[str, Path]:
    modules = {}
    for top in ("chronology", "gateway", "events", "timeline", "seeds", "config"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `path` imports (a name imported from a package counts as its
    submodule when there is one)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return {name for name in found if name in modules}


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, modules) - {name} for name, path in modules.items()}


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


def test_the_graph_is_read():
    graph = import_graph()
    assert "timeline.reminders.planner" in graph["timeline.reminders.tasks"]
    assert "chronology.dates" in graph["chronology.date_text"]


def test_no_module_imports_a_later_layer():
    back_edges = [
        f"{module} imports {target}"
        for module, targets in sorted(import_graph().items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert back_edges == []


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_the_checks_catch_what_they_look_for():
    graph = {"events.a": {"events.b"}, "events.b": {"events.a"}, "events.c": set()}
    assert cycles(graph) == [["events.a", "events.b"]]
    assert layer_of("timeline.reminders.planner") > layer_of("timeline.views")
    assert layer_of("events.models") < layer_of("timeline.models")
