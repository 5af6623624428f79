"""Sphinx configuration: the one place where the build is configured.

Run as ``sphinx-build -c . docs _build/html`` (see the Makefile).
"""

import os
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# Pages and the extensions import `derivations`, `mfdnn` and `claimcheck`; so do
# the Jupyter kernels that MyST-NB starts, which inherit PYTHONPATH from this process.
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
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxcontrib.bibtex",
    "sphinx.ext.graphviz",
    "claimcheck.sphinxext",
    "claimcheck.sphinxext.guards",
    "claimcheck.sphinxext.site",
    "claimcheck.sphinxext.kernels",
    "claimcheck.sphinxext.failsafe",
    "claimcheck.sphinxext.buildlog",
]
# Importing `derivations` registers every claim of the book in this registry.
claimcheck_registry = "derivations:REGISTRY"
# The course this book presents: its problems and printed numbers, as data (course map, exercises).
claimcheck_course = "derivations.course"

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nitpicky = True
suppress_warnings = ["mystnb.unknown_mime_type"]

# --- MyST ------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# --- Reading order (claimcheck.sphinxext.guards, .reading) -----------------------
# A chapter whose prose mentions one of these topics links at least once to the
# topic's home page (terms match at a word's start, any case, any ending), and
# every chapter has its "Builds on" and "Used next" admonitions.
claimcheck_chapters = "chapters/"
claimcheck_topic_homes = {
    "AlexNet": "chapters/costs",
    "LeNet": "chapters/costs",
    "KL divergence": "chapters/kl",
    "cross-entropy": "chapters/loss",
    "receptive field": "chapters/convolution",
    "momentum": "chapters/momentum",
    "backpropagation": "chapters/backprop",
    "vanishing gradient": "chapters/vanishing",
    "batch norm": "chapters/fusion",
    "softmax": "chapters/softmax",
    "memoriz": "chapters/memorization",
    "change of variables": "chapters/changevar",
}

# --- Execution ---------------------------------------------------------------
# jupyter-cache keys only on code cells, so the cache folder is named by a hash
# of everything the pages import or run with: the folders derivations/ and
# code/, the lock, the profile and the data folder.  The one exception is
# code/claimcheck/sphinxext, which runs in Sphinx and never in a page's kernel:
# it is hashed into a second key, an "env" config value, so a change to it
# makes Sphinx re-read every page while the executed notebooks come from the cache.
from claimcheck.sphinxext.site import execution_cache, source_hash  # noqa: E402

SPHINX_SIDE = "code/claimcheck/sphinxext"
# Packages that drive a browser over the built site (browser tests, the PDF);
# no page or extension imports them, so they leave both hashes alone.
NOT_IMPORTED_BY_BUILD = ["code/sitebrowser", "code/bookpdf"]
execution_hash = source_hash(ROOT, ["derivations", "code", "requirements.lock"],
                             exclude=[SPHINX_SIDE, *NOT_IMPORTED_BY_BUILD],
                             salt=f"profile={PROFILE.name};data={data_dir()}")
claimcheck_reread_hash = execution_hash + source_hash(ROOT, [SPHINX_SIDE])

nb_execution_mode = os.environ.get("NB_EXECUTION_MODE", "cache")
nb_execution_cache_path = execution_cache(ROOT / "_build" / ".jupyter_cache", execution_hash,
                                          create=nb_execution_mode == "cache")
# A failing cell is logged as a warning with its traceback (and -W fails the
# build, as does the execution guard in claimcheck.sphinxext.guards).  Raising
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
# Typesets the math quoted in search results (the search page loads no MathJax of its own).
html_js_files = ["search-math.js"]
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

# --- Graphviz ------------------------------------------------------------------
# SVG: served from the site itself, and its nodes link to the claims.
graphviz_output_format = "svg"
# Layout by graphviz-pure (PyPI, in requirements.lock): one static program with
# dot's command line, installed into this environment's scripts folder, so that
# `make html` needs no system Graphviz.  Taken from there rather than from PATH,
# so that a system `dot` never stands in for it unnoticed.
graphviz_dot = str(Path(sysconfig.get_path("scripts")) / "graphviz-pure")
if not os.access(graphviz_dot, os.X_OK):
    from sphinx.errors import ConfigError

    raise ConfigError(f"no Graphviz layout program at {graphviz_dot}: "
                      "install the lock (`make install`), which brings graphviz-pure")

# --- sphinx-proof --------------------------------------------------------------
# (claimcheck.sphinxext.site makes it safe under -j)
proof_minimal_theme = False
