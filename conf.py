"""Sphinx configuration: the one place where the build is configured.

Run as ``sphinx-build -c . docs _build/html`` (see the Makefile).
"""

import hashlib
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Pages and the extension import `derivations` and `mfdnn`; so do the Jupyter
# kernels that MyST-NB starts, which inherit PYTHONPATH from this process.
for path in (ROOT / "code", ROOT):
    sys.path.insert(0, str(path))
os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "code"), os.environ.get("PYTHONPATH", "")])

# Fail now, with a clear message, on an unknown MFDNN_PROFILE.
from mfdnn.config import data_dir  # noqa: E402
from mfdnn.profile import active_profile  # noqa: E402

PROFILE = active_profile()

# Fail now, naming the file, on a corrupt MNIST file: otherwise the build would
# stop only when a page reading it runs, minutes later.
from mfdnn.mnist import FILES, read_split  # noqa: E402

for _split in FILES:
    read_split(data_dir(), _split)

project = "Mathematics of Deep Learning, Executed"
author = "The mfdnn team"
copyright = "2026, " + author

extensions = [
    "myst_nb",
    "sphinx_proof",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "sphinx.ext.graphviz",
    "derivations.sphinxext",
    "derivations.buildguards",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nitpicky = True
suppress_warnings = ["mystnb.unknown_mime_type"]

# --- MyST ------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# --- Execution ---------------------------------------------------------------
# jupyter-cache keys only on code cells.  Everything the pages import or run
# with is hashed here, and the hash names the cache folder.  A second hash
# adds the Sphinx extensions, which the pages' kernels never import; as an
# "env" config value it makes Sphinx re-read every page when anything changes,
# while a change to the extensions alone re-renders from the cache.
SPHINX_SIDE = {ROOT / "derivations" / f"{name}.py" for name in ("sphinxext", "graph", "buildguards", "determinism")}
# Packages that drive a browser over the built site (browser tests, the PDF);
# no page or extension imports them, so they leave both hashes alone.
NOT_IMPORTED_BY_BUILD = {ROOT / "code" / name for name in ("sitebrowser", "bookpdf")}


def _dependency_hash(with_sphinx_side: bool) -> str:
    h = hashlib.sha256()
    files = sorted(
        p for d in ("derivations", "code") for p in (ROOT / d).rglob("*.py")
        if "__pycache__" not in p.parts and (with_sphinx_side or p not in SPHINX_SIDE)
        and not NOT_IMPORTED_BY_BUILD.intersection(p.parents)
    )
    for p in files + [ROOT / "requirements.lock"]:
        h.update(str(p.relative_to(ROOT)).encode())
        h.update(p.read_bytes())
    h.update(f"profile={PROFILE.name};data={data_dir()}".encode())
    return h.hexdigest()[:16]


execution_hash = _dependency_hash(with_sphinx_side=False)
claims_dependency_hash = _dependency_hash(with_sphinx_side=True)
_cache_root = ROOT / "_build" / ".jupyter_cache"
if _cache_root.exists():  # drop caches made for older sources
    for old in _cache_root.iterdir():
        if old.name != execution_hash:
            shutil.rmtree(old, ignore_errors=True)

nb_execution_mode = os.environ.get("NB_EXECUTION_MODE", "cache")
nb_execution_cache_path = str(_cache_root / execution_hash)
if nb_execution_mode == "cache":
    # Create the cache database now: parallel readers (-j) that each find it
    # missing would race to create its tables.
    from jupyter_cache import get_cache

    get_cache(nb_execution_cache_path).list_cache_records()
# A failing cell is logged as a warning with its traceback (and -W fails the
# build, as does the execution guard in derivations.buildguards).  Raising
# instead would lose the traceback under -j: Sphinx reports only the page.
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_execution_timeout = 1800
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs may contain tables

# --- Bibliography --------------------------------------------------------------
bibtex_bibfiles = ["docs/references.bib"]  # relative to this file's directory
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# --- HTML --------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["docs/_static"]
html_css_files = ["claims.css"]
# Without an icon every browser asks the server for /favicon.ico and gets a 404.
html_favicon = "docs/_static/favicon.svg"
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "show_toc_level": 2,
    # sphinx-book-theme empties the pydata theme's top bar, but pydata 0.20 puts
    # a search button back in it unless this is set: a second search box above
    # the one in the sidebar.
    "navbar_persistent": [],
}
html_last_updated_fmt = None
# The pydata theme reads its colour mode from html_context; unset, its script
# logs "Got invalid theme mode" to the console on every page. "auto" follows
# the reader's system setting, which is what the theme did after that error.
html_context = {"default_mode": "auto"}

# --- Graphviz (Debian's graphviz package) -----------------------------------------
# SVG: served from the site itself, and its nodes link to the claims.
graphviz_output_format = "svg"

# --- sphinx-proof --------------------------------------------------------------
proof_minimal_theme = False


def _patch_sphinx_proof():
    """sphinx-proof 0.4.0's ProofDomain lacks merge_domaindata, which ``-j N`` needs.

    Its proofs are kept in ``env.proof_list`` and merged by its own
    env-merge-info handler, so the domain has no data of its own to merge.
    """
    from sphinx_proof.domain import ProofDomain

    if "merge_domaindata" not in ProofDomain.__dict__:
        ProofDomain.merge_domaindata = lambda self, docnames, otherdata: None


_patch_sphinx_proof()


def setup(app):
    """Serve MathJax from the site itself, using the copy vendored by sphinx-mathjax-offline.

    The package is wired in here rather than listed in ``extensions`` because
    it does not declare itself parallel-safe, which would force serial reads.
    """
    import importlib

    offline = importlib.import_module("sphinx-mathjax-offline")
    app.config.mathjax_path = "mathjax/tex-chtml.js"
    app.connect("build-finished", offline.copy_mathjax_files)
    app.connect("html-page-context", _offer_executed_notebook, priority=400)


def _offer_executed_notebook(app, pagename, templatename, context, doctree):
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
