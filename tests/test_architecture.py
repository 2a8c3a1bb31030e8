"""The package's boundaries, read from the source: which layer may import which, and file sizes.

Imports are read with `ast`, lazy ones inside functions included (a lazy import hides a cycle, it
does not remove it); names under `if TYPE_CHECKING:` are left out.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "explainer"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports (absolute dotted names), at any depth of the file."""
    tree = ast.parse(path.read_text())
    skipped = _type_checking_nodes(tree)
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            found.add(base)
            # `from . import x` and `from .pkg import module` name modules too
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in files and m != name}
            for name, path in files.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path of modules, or None (depth-first search)."""
    state: dict[str, int] = {}            # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_inside_the_package():
    # a package imports its own __init__ implicitly; only module-to-module edges count here
    edges = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph().items()}
    assert find_cycle(edges) is None


def _importers(pattern) -> dict[str, list[str]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        bad = sorted(m for m in imports_of(path) if pattern(m))
        if bad:
            out[module_name(path)] = bad
    return out


def _top(name: str) -> str:
    return name.split(".")[0]


def test_figures_import_neither_gradio_nor_torch():
    found = _importers(lambda m: _top(m) in {"gradio", "torch"})
    assert {k: v for k, v in found.items() if k.startswith("explainer.figures")} == {}


def test_traces_are_plain_data():
    found = _importers(lambda m: _top(m) in {"gradio", "torch", "plotly"}
                       or m.startswith("explainer."))
    assert {k: v for k, v in found.items() if k.startswith("explainer.traces")} == {}


def test_nothing_outside_bench_imports_bench():
    found = _importers(lambda m: m == "explainer.bench" or m.startswith("explainer.bench."))
    assert {k: v for k, v in found.items() if not k.startswith("explainer.bench")} == {}


def test_the_ui_never_imports_training():
    found = _importers(lambda m: m == "explainer.train" or m.startswith("explainer.train."))
    assert {k: v for k, v in found.items() if k.startswith("explainer.ui")} == {}


@pytest.mark.parametrize("layer", ["models", "figures", "traces", "data", "explain"])
def test_lower_layers_never_import_the_ui(layer):
    found = _importers(lambda m: m == "explainer.ui" or m.startswith("explainer.ui."))
    assert {k: v for k, v in found.items() if k.startswith(f"explainer.{layer}")} == {}


def test_evaluation_never_imports_training():
    found = _importers(lambda m: m == "explainer.train" or m.startswith("explainer.train."))
    assert {k: v for k, v in found.items() if k.startswith("explainer.evaluation")} == {}


def test_every_file_is_under_the_size_limit():
    long = {str(p.relative_to(ROOT)): n for p in [*PACKAGE.rglob("*.py"), ROOT / "app.py"]
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}
