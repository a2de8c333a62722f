"""The package's modules import one another in one direction, and only the interface imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "mbcstats"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function: `from mbcstats import limits` imports the
    module mbcstats.limits, not the package's __init__."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & set(MODULES)
            found |= submodules or {node.module}
    return found


def graph() -> dict[str, set[str]]:
    return {name: {other for other in imports(path) if other in MODULES and other != name} for name, path in MODULES.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the modules along it, or None."""
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> list[str] | None:
        state[name] = "open"
        for other in sorted(edges[name]):
            if state.get(other) == "open":
                return path[path.index(other):] + [other]
            if other not in state and (found := visit(other, path + [other])):
                return found
        state[name] = "done"
        return None

    for name in sorted(edges):
        if name not in state and (found := visit(name, [name])):
            return found
    return None


def test_no_module_imports_one_that_imports_it_back():
    assert cycle(graph()) is None


def test_the_cycle_finder_finds_a_circle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_only_the_interface_imports_streamlit():
    importers = {module_name(path) for path in PACKAGE.rglob("*.py")
                 if any(name == "streamlit" or name.startswith("streamlit.") for name in imports(path))}
    assert importers <= {"mbcstats.ui"} | {name for name in importers if name.startswith("mbcstats.ui.")}
