"""Each page's execution is keyed on the project modules it imports, followed transitively.

jupyter-cache keys a notebook on its code cells only, so a page whose code is
unchanged is taken from the cache even when a module it calls has changed.
This extension adds to every executed page, when Sphinx reads it, one hidden
code cell holding a hash of the project's source files that the page's code
imports (the modules its cells import, what those import in turn, their
parent packages, and every module of a package that imports all of its own).
Editing ``code/mfdnn/momentum.py`` therefore changes the key of the momentum
chapter only: Sphinx reads that page again (the key is compared when a build
starts) and only that page runs again; a module no page imports runs no page.
The project's modules are those whose files lie under the folder of conf.py,
outside a virtual environment.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import re
from pathlib import Path

#: A MyST code cell: its opening fence, its body, its closing fence.
CODE_CELL = re.compile(r"^(?P<fence>`{3,})\{code-cell\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)
#: A package whose __init__ imports every module in it (as ``derivations`` does).
IMPORTS_ALL_ITS_MODULES = re.compile(r"pkgutil\.iter_modules\(__path__\)")
#: The hidden cell this extension adds; its one line of code is what jupyter-cache sees change.
MARKER = "```{{code-cell}} ipython3\n:tags: [remove-cell]\n# project modules this page imports: {key}\n```\n"


def cell_code(source: str) -> list[str]:
    """The code of each code cell of a MyST text notebook, without its options.

    >>> cell_code("text\\n```{code-cell} ipython3\\n:tags: [hide-input]\\nimport math\\n```\\n")
    ['import math\\n']
    >>> cell_code("```{code-cell} ipython3\\n---\\ntags: [remove-cell]\\n---\\nx = 1\\n```\\n")
    ['x = 1\\n']
    """
    cells = []
    for match in CODE_CELL.finditer(source):
        lines = match["body"].splitlines(keepends=True)
        if lines and lines[0].strip() == "---":  # options as a YAML block
            end = next((k for k in range(1, len(lines)) if lines[k].strip() == "---"), 0)
            lines = lines[end + 1:]
        while lines and lines[0].startswith(":"):  # options as `:key: value` lines
            lines.pop(0)
        cells.append("".join(lines))
    return cells


def imported_names(code: str, package: str = "") -> set[str]:
    """The absolute names a piece of code imports; ``from a import b`` gives ``a`` and ``a.b``.

    Relative imports are resolved against ``package``; IPython magics and shell lines are skipped.

    >>> sorted(imported_names("import torch\\nfrom mfdnn import momentum as mo\\n%matplotlib inline"))
    ['mfdnn', 'mfdnn.momentum', 'torch']
    >>> sorted(imported_names("from .mlp import sigma", package="derivations.backprop"))
    ['derivations.backprop.mlp', 'derivations.backprop.mlp.sigma']
    """
    code = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()  # the cell cannot run either: its execution fails the build, naming the page
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}
    return names


def _project_file(name: str, root: Path) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError, AttributeError):
        return None  # not a module (an attribute imported with `from a import b`), or not importable
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    path = Path(spec.origin).resolve()
    if not path.is_relative_to(root) or any(part.startswith(".") or part in ("site-packages",)
                                            for part in path.relative_to(root).parts):
        return None
    return path


def project_files(names: set[str], root: Path) -> dict[str, Path]:
    """Every project module that importing ``names`` loads, with its file, followed transitively."""
    found: dict[str, Path] = {}
    todo = sorted(names)
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ first
            module = ".".join(parts[:depth])
            if module in found:
                continue
            path = _project_file(module, root)
            if path is None:
                continue
            found[module] = path
            text = path.read_text(encoding="utf8")
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            todo += sorted(imported_names(text, package))
            if path.name == "__init__.py" and IMPORTS_ALL_ITS_MODULES.search(text):
                todo += sorted(f"{module}.{p.stem}" for p in path.parent.glob("*.py") if p.stem != "__init__")
                todo += sorted(f"{module}.{p.parent.name}" for p in path.parent.glob("*/__init__.py"))
    return found


def page_key(source: str, root: Path) -> str:
    """A hash of the project files that the code cells of ``source`` import, by path and content."""
    names = set().union(*(imported_names(code) for code in cell_code(source)))
    digest = hashlib.sha256()
    for path in sorted(project_files(names, root).values()):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def with_key(source: str, key: str) -> str:
    """The page with the key's hidden cell before its first code cell.

    >>> with_key("# T\\n```{code-cell} ipython3\\nx = 1\\n```\\n", "abc").splitlines()[1:4]
    ['```{code-cell} ipython3', ':tags: [remove-cell]', '# project modules this page imports: abc']
    """
    first = CODE_CELL.search(source)
    return source[:first.start()] + MARKER.format(key=key) + "\n" + source[first.start():]


def _keys(env) -> dict[str, str]:
    if not hasattr(env, "coursebook_page_keys"):
        env.coursebook_page_keys = {}
    return env.coursebook_page_keys


def on_source_read(app, docname: str, content: list[str]) -> None:
    if CODE_CELL.search(content[0]):
        key = page_key(content[0], Path(app.confdir).resolve())
        _keys(app.env)[docname] = key
        content[0] = with_key(content[0], key)


def outdated_by_their_modules(app, env, added, changed, removed) -> list[str]:
    """Pages whose source is unchanged but a module they import has changed: Sphinx must read them again."""
    root = Path(app.confdir).resolve()
    stale = []
    for docname, key in sorted(_keys(env).items()):
        if docname in changed or docname in removed:
            continue
        path = Path(env.doc2path(docname))
        if path.is_file() and page_key(path.read_text(encoding="utf8"), root) != key:
            stale.append(docname)
    return stale


def on_purge_doc(app, env, docname: str) -> None:
    _keys(env).pop(docname, None)


def on_merge_info(app, env, docnames, other) -> None:
    _keys(env).update({name: key for name, key in _keys(other).items() if name in docnames})


def setup(app):
    app.connect("source-read", on_source_read)
    app.connect("env-get-outdated", outdated_by_their_modules)
    app.connect("env-purge-doc", on_purge_doc)
    app.connect("env-merge-info", on_merge_info)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
