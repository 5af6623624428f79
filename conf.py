"""Sphinx configuration: the one place where the build is configured.

Run as ``sphinx-build -c . docs _build/html`` (see the Makefile).
"""

import os
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parent

# The project's packages (code/*, derivations) are installed into .venv, editable (`make install`),
# so this process and the pages' Jupyter kernels import them with no path set here.

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
    "coursebook.sources",
    "coursebook.guards",
    "coursebook.pagedeps",
    "coursebook.redirects",
    "coursebook.numbering",
    "coursebook.site",
    "coursebook.kernels",
    "coursebook.failsafe",
    "coursebook.buildlog",
    "coursebook.deploy",
    "coursebook.exerciseclaims",
    "coursebook.exectable",
]
# Importing `derivations` registers every claim of the book in this registry.
claimcheck_registry = "derivations:REGISTRY"
# The course this book presents: its problems and printed numbers, as data (course map, exercises).
coursebook_course = "derivations.course"

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
nitpicky = True
suppress_warnings = ["mystnb.unknown_mime_type"]

# --- MyST ------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_heading_anchors = 3

# --- Reading order (coursebook.guards, .reading) -----------------------
# A chapter whose prose mentions one of these topics links at least once to the
# topic's home page (terms match at a word's start, any case, any ending), and
# every chapter has its "Builds on" and "Used next" admonitions.
coursebook_chapters = "chapters/"
coursebook_topic_homes = {
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

# --- Old addresses (coursebook.redirects) --------------------------------------
# Chapters were once named by number; readers' bookmarks of those addresses still land.
coursebook_redirects = {
    "chapters/01-true-softmax": "chapters/softmax",
    "chapters/02-momentum": "chapters/momentum",
    "chapters/03-backpropagation": "chapters/backprop",
    "chapters/04-initialization": "chapters/init",
    "chapters/05-vanishing-gradients": "chapters/vanishing",
    "chapters/06-convolution-filters-pooling": "chapters/convolution",
    "chapters/07-linear-as-conv-bn-fusion": "chapters/fusion",
    "chapters/08-architecture-costs": "chapters/costs",
    "chapters/09-mse-vs-cross-entropy": "chapters/loss",
    "chapters/10-label-memorization": "chapters/memorization",
    "chapters/11-change-of-variables": "chapters/changevar",
    "chapters/12-kl-divergence": "chapters/kl",
}

# --- Execution ---------------------------------------------------------------
# jupyter-cache keys a page only on its code cells.  So coursebook.pagedeps adds
# to each page a hidden cell with a hash of the project modules its code
# imports, followed transitively: editing one module re-executes only the pages
# that import it.  The cache folder itself is named by what every page runs
# with: the lock, the profile and the data folder.  Sphinx re-reads every page
# when any project source changes (claim boxes are drawn from the registry at
# reading time, and coursebook runs inside Sphinx): the "env" config value
# below carries that hash, and a re-read page is executed again only if its
# key changed.
from coursebook.site import execution_cache, source_hash  # noqa: E402

# Packages that drive a browser over the built site (browser tests, the PDF), run the mutation
# tests, or copy the answer boxes' runtime into the site after Sphinx: no page or extension
# imports them, so an edit to them re-reads no page.
NOT_IMPORTED_BY_BUILD = ["code/sitebrowser", "code/bookpdf", "code/answerruntime", "code/killrate"]
execution_hash = source_hash(ROOT, ["requirements.lock"], salt=f"profile={PROFILE.name};data={data_dir()}")
claimcheck_reread_hash = execution_hash + source_hash(ROOT, ["derivations", "code"], exclude=NOT_IMPORTED_BY_BUILD)

nb_execution_mode = os.environ.get("NB_EXECUTION_MODE", "cache")
nb_execution_cache_path = execution_cache(ROOT / "_build" / ".jupyter_cache", execution_hash,
                                          create=nb_execution_mode == "cache")
# A failing cell is logged as a warning with its traceback (and -W fails the
# build, as does the execution guard in coursebook.guards).  Raising
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
html_js_files = [
    # Typesets the math quoted in search results (the search page loads no MathJax of its own).
    "search-math.js",
    # A link to a place inside a closed fold opens the fold, and every fold around it.
    "open-folds.js",
    # Wide math, tables and code scroll in their own box, with a cue (phones).
    "wide-boxes.js",
]
# The site serves what a browser needs: no copies of the page sources (the
# search reads the pages themselves), so no "show source" link either.
html_copy_source = False
html_show_sourcelink = False
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
# (coursebook.site makes it safe under -j)
proof_minimal_theme = False
