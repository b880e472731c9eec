"""The package's imports form a tree-shaped graph: no module imports, directly or through others, a
module that imports it back.

Every ``import``/``from ... import`` in backend/etiquette/**/*.py counts, at module level and inside
functions alike: an import moved into a function to dodge a cycle at load time still ties the two
modules together, and the cycle comes back the day someone moves it up again.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "backend" / "etiquette"
NAME = "etiquette"


def _module_name(path: Path) -> str:
    parts = [NAME, *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> dict[str, int]:
    """The package's modules that ``name`` imports, each with the first line that does."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            # ``from . import x`` imports the submodule x when there is one, else a name of the package.
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                for alias in node.names
            ]
        for target in targets:
            # ``import etiquette.engine.pack`` names the module itself; a name inside one, its module.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.setdefault(target, node.lineno)
    return found


def _graph() -> dict[str, dict[str, int]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """One cycle (``[a, b, ..., a]``) per strongly connected group of modules (Tarjan's algorithm,
    iterative so a deep package cannot hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph, group: set[str]) -> list[str]:
    """A shortest way round from the group's first module back to itself, for the failure message."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph[node]):
                if child == start:
                    return [*paths[node], start]
                if child in group and child not in paths:
                    paths[child] = [*paths[node], child]
                    following.append(child)
        frontier = following
    return sorted(group)


def _describe(graph, cycle: list[str]) -> str:
    steps = [f"{a} (line {graph[a][b]}) -> {b}" for a, b in itertools.pairwise(cycle)]
    return "\n    ".join(steps)


def test_the_package_has_no_import_cycle():
    graph = _graph()
    cycles = find_cycles(graph)
    assert not cycles, "import cycles in backend/etiquette:\n  " + "\n  ".join(
        _describe(graph, cycle) for cycle in cycles
    )


def test_the_walk_sees_relative_absolute_and_function_level_imports():
    graph = _graph()
    assert "etiquette.vocab" in graph["etiquette.schemas"]  # from .vocab import ...
    assert "etiquette.engine.pack" in graph["etiquette.engine"]  # from .pack import (...)
    assert "etiquette.templates" in graph["etiquette.app"]  # inside create_app
    assert "etiquette.engine" in graph["etiquette.api.check"]  # from .. import engine


def test_a_cycle_is_found_and_named():
    graph = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 3}, "d": {"a": 4}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert _describe(graph, ["a", "b", "c", "a"]) == (
        "a (line 1) -> b\n    b (line 2) -> c\n    c (line 3) -> a"
    )
    assert find_cycles({"a": {"b": 1}, "b": {}}) == []
