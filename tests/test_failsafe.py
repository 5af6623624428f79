"""A build that fails, then one without the fault: the second exits 0 and its page is right.

Each case builds a one-page Sphinx project twice, through Sphinx's command
line (``sphinx.cmd.build.build_main``, in this process, each build a new
Sphinx application as in a new ``make html``), with ``-W --keep-going``.  The first build has a fault that
spoils the page; the second has none and nothing in the sources changed, so
Sphinx would keep the spoiled page.  ``coursebook.failsafe`` must
make the second build redo it.  Each case also runs without the extension and
must then show the spoiled page after a build that exits 0: the bug the
extension exists for, so that this test can fail.
"""

import re
import sys
import sysconfig
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

ROOT = Path(__file__).resolve().parent.parent
GRAPHVIZ = Path(sysconfig.get_path("scripts")) / "graphviz-pure"

CONF = """\
import sys
sys.path[:0] = [{here!r}]  # the sample book's own flaky.py
extensions = ["sphinx.ext.graphviz", "flaky"] + (["coursebook.failsafe"] if {failsafe!r} else [])
graphviz_output_format = "svg"
graphviz_dot = "dot"
"""

# A stand-in for a page whose reading fails once (a kernel that died, a claim
# check that timed out): with FLAKY set, the doctree gets an error paragraph
# and a warning, as MyST-NB's failed cell output does.
FLAKY = """\
import os
import re
from docutils import nodes
from sphinx.util import logging

def mark(app, doctree):
    if os.environ.get("FLAKY"):
        doctree += nodes.paragraph(text="READ FAILED")
        logging.getLogger(__name__).warning("the page could not be read", location=app.env.docname)

def setup(app):
    app.connect("doctree-read", mark)
    return {"parallel_read_safe": True}
"""

INDEX = """\
Graph
=====

.. graphviz::

   digraph legend { a -> b }
"""


def _project(tmp_path, failsafe):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF.format(here=str(src), failsafe=failsafe))
    (src / "flaky.py").write_text(FLAKY)
    (src / "index.rst").write_text(INDEX)
    # `dot` on PATH only when this folder is on it: graphviz-pure under that name.
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "dot").symlink_to(GRAPHVIZ)
    return src


def _build(tmp_path, src, monkeypatch, *, dot, flaky=False):
    """Exit code and page of one build; the fault is in the environment only (PATH, FLAKY)."""
    with monkeypatch.context() as m:
        m.setenv("PATH", str(tmp_path / "bin") if dot else str(tmp_path))  # else no `dot` at all
        if flaky:
            m.setenv("FLAKY", "1")
        else:
            m.delenv("FLAKY", raising=False)
        # conf.py extends sys.path and imports flaky.py: both as if in a new process.
        m.setattr(sys, "path", list(sys.path))
        m.delitem(sys.modules, "flaky", raising=False)
        code = build_main(["-q", "-W", "--keep-going", str(src), str(tmp_path / "html")])
    return code, (tmp_path / "html" / "index.html").read_text()


FAULTS = {
    # Found by a new user: no `dot` while writing, so the page shows the graph's source.
    "no dot while writing": (dict(dot=False), "digraph legend"),
    # A fault while reading: the saved doctree itself is spoiled.
    "a page that failed to read": (dict(dot=True, flaky=True), "READ FAILED"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_build_after_a_failed_one_redoes_the_spoiled_page(tmp_path, monkeypatch, fault):
    first, spoiled = FAULTS[fault]
    src = _project(tmp_path, failsafe=True)
    code, page = _build(tmp_path, src, monkeypatch, **first)
    assert code != 0 and spoiled in page, "the planted fault must fail the first build and spoil the page"
    code, page = _build(tmp_path, src, monkeypatch, dot=True)
    assert code == 0
    drawn = re.sub(r"<object .*?</object>", "", page, flags=re.S)  # the object's own fallback text aside
    assert spoiled not in drawn and '<object data="_images/graphviz-' in page


@pytest.mark.parametrize("fault", FAULTS)
def test_without_the_extension_the_spoiled_page_is_served(tmp_path, monkeypatch, fault):
    first, spoiled = FAULTS[fault]
    src = _project(tmp_path, failsafe=False)
    assert _build(tmp_path, src, monkeypatch, **first)[0] != 0
    code, page = _build(tmp_path, src, monkeypatch, dot=True)
    assert code == 0 and spoiled in page
