"""The web layer's shape: no import cycles, and packages import only what they may."""
import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[1] / "web"
# Which packages of web/ each package may import (besides itself and the standard ones).
ALLOWED = {
    "core": set(),
    "privacy": {"core"},
    "accounts": {"core", "privacy"},
    "scheduling": {"core", "privacy"},
    # The volunteers' support stands on its own: other features link to its pages, never import it.
    "support": {"core", "privacy", "accounts", "scheduling"},
}


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of web/ by dotted name, and whether it is a package's __init__."""
    found = {}
    for path in WEB.rglob("*.py"):
        parts = path.relative_to(WEB.parent).with_suffix("").parts
        is_pkg = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return found


def _imports(name: str, path: Path, is_pkg: bool, modules, top_only: bool) -> set[str]:
    """The web modules that one module imports (at its top, or anywhere)."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_only else list(ast.walk(tree))
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                full = f"{target}.{alias.name}"
                found.add(full if full in modules else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {dep for dep in found if dep in modules and dep != name}


def _graph(top_only: bool) -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, is_pkg, modules, top_only)
            for name, (path, is_pkg) in modules.items()}


def _cycle(graph) -> list[str] | None:
    """One import cycle of ``graph``, or None."""
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return trail[trail.index(dep):] + [dep]
            if dep not in state and (found := visit(dep, trail + [dep])):
                return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def test_the_graph_sees_the_imports():
    """The checks below would pass on nothing: make sure the graph is real."""
    graph = _graph(top_only=True)
    assert "web.core.db" in graph["web.accounts.login"]
    assert "web.accounts.sessions" in graph["web.accounts.two_factor"]


def test_no_import_cycle():
    assert _cycle(_graph(top_only=True)) is None


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_packages_import_only_what_they_may(package):
    graph = _graph(top_only=False)
    used = {dep.split(".")[1] for name, deps in graph.items()
            if name.startswith(f"web.{package}.") or name == f"web.{package}"
            for dep in deps if dep != "web"}
    assert used - {package} <= ALLOWED[package], used - {package} - ALLOWED[package]


def test_every_module_belongs_to_a_package():
    """Only the factory and the blueprint registry sit at the top of web/."""
    top = {p.name for p in WEB.glob("*.py")}
    assert top == {"__init__.py", "views.py"}
