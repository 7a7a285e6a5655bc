"""The package's layers, lowest first, and no import cycles between its modules (issue 21): every
import, at the top of a module or inside a function, counts."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "contractkit"
# (from, to): a module under the first prefix never imports one under the second.
FORBIDDEN = [
    ("contractkit.model", "contractkit.state"), ("contractkit.model", "contractkit.render"),
    ("contractkit.model", "contractkit.store"), ("contractkit.model", "contractkit.flows"),
    ("contractkit.state", "contractkit.render"), ("contractkit.state", "contractkit.store"),
    ("contractkit.state", "contractkit.flows"),
    ("contractkit.render", "contractkit.store"), ("contractkit.render", "contractkit.flows"),
    ("contractkit.store", "contractkit.render"), ("contractkit.store", "contractkit.flows"),
    *[(lower, "contractkit.cli") for lower in ("contractkit.model", "contractkit.state", "contractkit.render",
                                               "contractkit.store", "contractkit.flows")],
]


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    edges[name].add(target)
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def _layering(cycles: list[list[str]]) -> list[list[str]]:
    """Cycles between modules, less a package whose __init__ re-exports its own submodules that
    import it back (one package, not a layering cycle)."""
    packages = {".".join(p.relative_to(PACKAGE.parent).parts[:-1]) for p in PACKAGE.rglob("__init__.py")}
    return [c for c in cycles
            if not any(all(x == h or x.startswith(h + ".") for x in c) for h in c if h in packages)]


def test_no_import_cycles():
    assert _layering(_cycles(_graph())) == []


def test_each_layer_imports_only_layers_below_it():
    edges = _graph()
    bad = sorted(f"{a} -> {b}" for a, targets in edges.items() for b in targets
                 for low, high in FORBIDDEN
                 if (a == low or a.startswith(low + ".")) and (b == high or b.startswith(high + ".")))
    assert bad == []


def test_the_checks_see_a_cycle_and_an_upward_import():
    """The checks themselves: a made-up graph with a cycle and an upward edge is caught."""
    edges = {"contractkit.a": {"contractkit.b"}, "contractkit.b": {"contractkit.a"}, "contractkit.c": set()}
    assert _layering(_cycles(edges)) == [["contractkit.a", "contractkit.b"]]
    real = _graph()
    assert "contractkit.flows.output" in real and "contractkit.render.documents" in real["contractkit.flows.output"]
