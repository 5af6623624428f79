"""Layers point one way, and no two files import each other, directly or in a ring.

The engine's core (``claimcheck`` without ``sphinxext``) imports SymPy and the
standard library only; its Sphinx side imports the core and Sphinx; the book's
own machinery (``coursebook``) imports both; ``derivations`` imports the engine's
core; ``mfdnn`` imports neither the engine nor the claims.  Imports are read
from the source (every ``import``, at module level or inside a function), so a
test fails on the line that points the wrong way.
"""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"claimcheck": ROOT / "code/claimcheck", "coursebook": ROOT / "code/coursebook",
            "mfdnn": ROOT / "code/mfdnn", "derivations": ROOT / "derivations"}
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

#: layer -> the top-level names it may import besides the standard library and itself.
ALLOWED = {
    "claimcheck": {"sympy"},
    "claimcheck.sphinxext": {"sympy", "claimcheck", "sphinx", "docutils", "pygments"},
    "coursebook": {"sympy", "claimcheck", "sphinx", "docutils", "myst_nb", "jupyter_client", "sphinx_mathjax_offline",
                   "sphinx_proof", "jupyter_cache", "sphinx_exercise"},
    "derivations": {"sympy", "numpy", "claimcheck", "mfdnn"},
    "mfdnn": {"torch", "numpy", "sympy", "matplotlib", "IPython"},
}


def module_name(path: Path) -> str:
    for top, folder in PACKAGES.items():
        if path.is_relative_to(folder):
            parts = [top, *path.relative_to(folder).with_suffix("").parts]
            return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    raise ValueError(path)


def imports(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, relative ones resolved.

    ``name`` is the module the file is (by default, read off its path).
    """
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module
            # `from pkg import sub` imports the submodule when there is one.
            subs = [f"{target}.{alias.name}" for alias in node.names]
            found += [(node.lineno, sub if sub in MODULES else target) for sub in subs]
    return found


FILES = sorted(p for folder in PACKAGES.values() for p in folder.rglob("*.py"))
MODULES = {module_name(p): p for p in FILES}


def layer(module: str) -> str:
    return "claimcheck.sphinxext" if module.startswith("claimcheck.sphinxext") else module.split(".")[0]


def wrong_way(path: Path, name: str | None = None) -> list[str]:
    """The imports of a file (standing for module ``name``) that its layer may not make."""
    own = layer(name or module_name(path))
    out = []
    for line, target in imports(path, name):
        top = target.split(".")[0]
        if top in STDLIB or layer(target) == own:
            continue
        # The core may import nothing of the engine's other layers, even though it is "claimcheck" too.
        if top not in ALLOWED[own] or (own == "claimcheck" and top == "claimcheck"):
            out.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{line} imports {target}")
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_one_way(path):
    found = wrong_way(path)
    assert not found, "an import points the wrong way between layers:\n" + "\n".join(found)


def find_ring(graph: dict[str, set[str]]) -> list[str]:
    """A cycle in a directed graph, as the list of its nodes, or [] if there is none.

    >>> find_ring({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    >>> find_ring({"a": {"b"}, "b": set()})
    []
    """
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (ring := visit(nxt)):
                return ring
        state[node] = "done"
        stack.pop()
        return []

    for node in sorted(graph):
        if node not in state and (ring := visit(node)):
            return ring
    return []


def test_no_file_imports_itself_through_others():
    graph = {name: {target for _, target in imports(path) if target in MODULES and target != name}
             for name, path in MODULES.items()}
    # A package's __init__ that imports its own submodules is how a package is made, not a ring.
    for name in graph:
        graph[name] = {t for t in graph[name] if not (MODULES[name].name == "__init__.py" and t.startswith(name + "."))}
    assert find_ring(graph) == []


def test_the_checks_fail_on_a_wrong_import(tmp_path):
    """A core module that imports the Sphinx side or torch, and a ring of three files, are caught."""
    planted = tmp_path / "model.py"
    planted.write_text("import sympy\nfrom .sphinxext import state\n\ndef f():\n    import torch\n")
    assert wrong_way(planted, "claimcheck.model") == ["model.py:2 imports claimcheck.sphinxext.state",
                                                       "model.py:5 imports torch"]
    assert find_ring({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
