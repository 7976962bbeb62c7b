"""The layout docs/architecture.md describes holds: no import cycles between the package's modules, and
no product module imports the training toolkit (the CLI may, inside the `train` and `eval` commands)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported pipeline module, at module level?) for every import in the file, TYPE_CHECKING
    blocks left out (they never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue
            if isinstance(child, ast.Import):
                found.extend((a.name, top) for a in child.names if a.name.startswith("pipeline"))
            elif isinstance(child, ast.ImportFrom) and child.module and child.module.startswith("pipeline"):
                found.append((child.module, top))
                # `from pipeline import models` imports the module pipeline.models
                found.extend((f"{child.module}.{a.name}", top) for a in child.names)
            inner = top and not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, inner)

    visit(tree, True)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = {m for m, _ in _imports(path) if m in modules and m != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def _is_package_of(name: str, module: str) -> bool:
    return module.startswith(name + ".")


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package's __init__ importing its own submodules is how packages expose their API, not a cycle.
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not _is_package_of(d, name) and not _is_package_of(name, d)}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_product_module_imports_the_training_toolkit() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        if name.startswith("pipeline.training"):
            continue
        for module, top in _imports(path):
            if module.startswith("pipeline.training") and (name != "pipeline.cli" or top):
                offenders.append(f"{name} imports {module}")
    assert not offenders, offenders
