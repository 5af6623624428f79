"""Helpers for a book's conf.py: cache keys, the execution cache, and site wiring.

``extensions = [..., "coursebook.site"]`` serves MathJax from the
site itself, offers each page's executed notebook for download, and makes
sphinx-proof safe under ``-j``.  :func:`source_hash` and
:func:`execution_cache` key MyST-NB's execution cache on the sources.
"""

from __future__ import annotations

import hashlib
import importlib
import shutil
from pathlib import Path


def source_hash(root: Path, paths, exclude=(), salt: str = "") -> str:
    """A short hash of the Python files under the folders ``paths`` (and of the plain files among them).

    Files under a folder in ``exclude`` are left out; ``salt`` adds settings
    (profile, data folder).  Paths are relative to ``root`` and hashed with
    the contents, so a moved file changes the hash too.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "pkg").mkdir(); _ = (root / "pkg" / "a.py").write_text("x = 1")
    >>> before = source_hash(root, ["pkg"])
    >>> _ = (root / "pkg" / "a.py").write_text("x = 2")
    >>> before != source_hash(root, ["pkg"])
    True
    """
    h = hashlib.sha256()
    excluded = [root / e for e in exclude]
    files = []
    for path in (root / p for p in paths):
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    for f in files:
        if "__pycache__" in f.parts or any(f.is_relative_to(e) for e in excluded):
            continue
        h.update(str(f.relative_to(root)).encode())
        h.update(f.read_bytes())
    h.update(salt.encode())
    return h.hexdigest()[:16]


def execution_cache(cache_root: Path, key: str, create: bool) -> str:
    """The folder of the execution cache for ``key``; caches for other keys are deleted.

    With ``create``, the cache database is made now: parallel readers (-j) that
    each find it missing would race to create its tables.
    """
    if cache_root.exists():
        for old in cache_root.iterdir():
            if old.name != key:
                shutil.rmtree(old, ignore_errors=True)
    path = str(cache_root / key)
    if create:
        from jupyter_cache import get_cache

        get_cache(path).list_cache_records()
    return path


def patch_sphinx_proof() -> None:
    """sphinx-proof 0.4.0's ProofDomain lacks merge_domaindata, which ``-j N`` needs.

    Its proofs are kept in ``env.proof_list`` and merged by its own
    env-merge-info handler, so the domain has no data of its own to merge.
    """
    from sphinx_proof.domain import ProofDomain

    if "merge_domaindata" not in ProofDomain.__dict__:
        ProofDomain.merge_domaindata = lambda self, docnames, otherdata: None


def offer_executed_notebook(app, pagename, templatename, context, doctree):
    """Put the executed notebook of a text-notebook page in the theme's download menu.

    sphinx-book-theme lists ``context["ipynb_source"]`` (a file under
    ``_sources``) among its downloads, but sets it only when launch buttons are
    configured; this site has none, so the notebook is offered here.
    """
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if executed.exists():
        target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed, target)
        context["ipynb_source"] = f"{pagename}.ipynb"


def give_singlehtml_the_html_handlers(app) -> None:
    """Let the singlehtml builder (``make pdf``) render every node the html builder renders.

    Sphinx gives a builder the node handlers registered under its name, and
    only when there are none, those registered under its format.
    sphinx-exercise registers its nodes for "singlehtml" by name, so that
    builder would lose every "html" handler (sphinx-proof's, graphviz's, the
    engine's) and fail on the first such node; it gets the ones it lacks.
    """
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node_name, visit_depart in handlers.get("html", {}).items():
        single.setdefault(node_name, visit_depart)


def setup(app):
    """Serve MathJax from the site (the copy vendored by sphinx-mathjax-offline), offer notebooks, patch sphinx-proof.

    sphinx-mathjax-offline is wired in here rather than listed in
    ``extensions`` because it does not declare itself parallel-safe, which
    would force serial reads.
    """
    patch_sphinx_proof()
    offline = importlib.import_module("sphinx-mathjax-offline")
    app.config.mathjax_path = "mathjax/tex-chtml.js"
    app.connect("build-finished", offline.copy_mathjax_files)
    app.connect("html-page-context", offer_executed_notebook, priority=400)
    app.connect("builder-inited", give_singlehtml_the_html_handlers)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
