"""Each page is executed again when a project module it imports changes, and only then (coursebook.pagedeps).

A scratch copy of the tiny book in tests/roots/test-cachebook is built three
times and more: its pages append their name to a log whenever they really run,
so the log tells which pages ran and which came from the execution cache.
"""

import os
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-cachebook"


@pytest.fixture
def book(tmp_path, monkeypatch):
    src = tmp_path / "book"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    monkeypatch.setenv("RUNS_LOG", str(tmp_path / "runs.log"))
    monkeypatch.syspath_prepend(str(src))
    return src


def pages_run(book: Path) -> list[str]:
    """Build the book; the pages that ran their code in this build, in name order."""
    log = Path(os.environ["RUNS_LOG"])
    log.write_text("")
    for name in ("alpha", "beta", "gamma"):  # the kernels import them afresh; so must this process
        __import__("sys").modules.pop(name, None)
    assert build_main(["-q", "-W", str(book), str(book / "_build" / "html")]) == 0
    return sorted(log.read_text().split())


def test_only_the_pages_that_import_a_changed_module_run_again(book):
    assert pages_run(book) == ["one", "two"]
    assert pages_run(book) == []  # nothing changed: both from the cache
    (book / "alpha.py").write_text('"""Edited."""\n\nVALUE = 10\n')
    assert pages_run(book) == ["one"]
    (book / "gamma.py").write_text('"""Edited: beta imports it."""\n\nLIMIT = 4\n')
    assert pages_run(book) == ["two"]


def test_without_the_extension_a_changed_module_runs_nothing(book):
    """The control: jupyter-cache alone keys on code cells, so the edit would go unseen."""
    conf = book / "conf.py"
    conf.write_text(conf.read_text().replace('"coursebook.pagedeps"', ""))
    assert pages_run(book) == ["one", "two"]
    (book / "alpha.py").write_text('"""Edited."""\n\nVALUE = 10\n')
    assert pages_run(book) == []
