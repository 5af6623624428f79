"""Planted faults make the build fail loudly, naming the page or file (``make test-faults``).

Each case copies the project into a scratch folder, plants one fault, and runs
the same ``sphinx-build -W --keep-going -n`` as ``make html``.  The copy takes
the execution and claim caches of this checkout's build (run ``make html``
first), so a case re-executes only what its fault invalidates, as a
maintainer's next build would; the failing-claim case edits ``derivations/``
and so re-executes every page.  The first case builds the scratch site with no
fault and must pass, so that every failure below is the planted fault's doing.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from mfdnn.config import data_dir

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
SOFTMAX_PAGE = "chapters/softmax"


@dataclass
class Build:
    returncode: int
    log: str

    def assert_fails_naming(self, *needles: str) -> None:
        assert self.returncode != 0, f"the build passed despite the planted fault:\n{self.log[-3000:]}"
        for needle in needles:
            assert needle in self.log, f"the failing build's log does not name {needle!r}:\n{self.log[-3000:]}"


def project_files() -> list[str]:
    """The files of this checkout that a clone would have (tracked, or new and not ignored)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return [f for f in out.split("\0") if f and (ROOT / f).is_file()]


def scratch_project(tmp_path: Path) -> Path:
    """A copy of the project with the caches of this checkout's build."""
    project = tmp_path / "project"
    for name in project_files():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    # Both caches are keyed by content (claim fingerprints; the hash of
    # derivations/, code/, the lock, profile and data folder), so a planted
    # change is re-checked and re-executed, never served stale.
    for cache in (".claim-cache", ".jupyter_cache"):
        if (ROOT / "_build" / cache).is_dir():
            shutil.copytree(ROOT / "_build" / cache, project / "_build" / cache)
    return project


def build(project: Path, **env: str) -> Build:
    """Run the site build of ``project`` the way ``make html`` does."""
    run_env = {**os.environ, "MFDNN_PROFILE": "quick", "MFDNN_DATA_DIR": str(data_dir()),
               "NB_EXECUTION_MODE": "cache", **env}
    # The scratch copy is not installed: .venv's editable install points at this checkout, so the copy's own
    # packages are put first on the path, for Sphinx and for the kernels it starts.
    run_env["PYTHONPATH"] = os.pathsep.join([str(project / "code"), str(project)])
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-c", ".", "-W", "--keep-going", "-n", "-j", "auto", "-q",
         "docs", "_build/html"],
        cwd=project, env=run_env, capture_output=True, text=True, timeout=900)
    return Build(done.returncode, done.stdout + done.stderr)


def plant(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in ``path``."""
    text = path.read_text()
    assert old in text, f"{path}: the text to plant a fault in has changed: {old!r}"
    path.write_text(text.replace(old, new, 1))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + "\n" + text + "\n")


def page_source(project: Path, page: str) -> Path:
    return project / "docs" / f"{page}.md"


def test_scratch_site_without_a_fault_builds(tmp_path):
    result = build(scratch_project(tmp_path))
    assert result.returncode == 0, f"the unmodified scratch site does not build:\n{result.log[-3000:]}"


def test_failing_claim(tmp_path):
    project = scratch_project(tmp_path)
    plant(project / "derivations" / "softmax.py",
          '("=", c + nu, "log of a product of positive factors")',
          '("=", 2 * c + nu, "log of a product of positive factors")')
    build(project).assert_fails_naming("claim 'softmax.shift' fails on page 'chapters/softmax'")


def test_failing_cell(tmp_path):
    project = scratch_project(tmp_path)
    append(page_source(project, SOFTMAX_PAGE),
           "```{code-cell} ipython3\nraise RuntimeError('planted fault in a cell')\n```")
    build(project).assert_fails_naming("softmax.md", "planted fault in a cell")


def test_broken_cross_reference(tmp_path):
    project = scratch_project(tmp_path)
    append(page_source(project, SOFTMAX_PAGE), "See {ref}`planted-missing-label`.")
    build(project).assert_fails_naming("softmax.md", "planted-missing-label")


def test_missing_glue_key(tmp_path):
    project = scratch_project(tmp_path)
    append(page_source(project, SOFTMAX_PAGE), "The value is {glue:text}`planted_missing_key`.")
    build(project).assert_fails_naming("softmax", "planted_missing_key")


def test_glued_key_never_shown(tmp_path):
    project = scratch_project(tmp_path)
    append(page_source(project, SOFTMAX_PAGE),
           "```{code-cell} ipython3\nglue('planted_unused_key', 1.0, display=False)\n```")
    build(project).assert_fails_naming("page 'chapters/softmax' glues keys that no prose shows: "
                                       "planted_unused_key")


def test_page_that_did_not_execute(tmp_path):
    project = scratch_project(tmp_path)
    build(project, NB_EXECUTION_MODE="off").assert_fails_naming(
        "page 'chapters/softmax' should have executed")


def test_unknown_profile(tmp_path):
    project = scratch_project(tmp_path)
    build(project, MFDNN_PROFILE="planted-profile").assert_fails_naming(
        "conf.py", "unknown profile 'planted-profile'")


def test_corrupt_data_file(tmp_path):
    project = scratch_project(tmp_path)
    data = tmp_path / "mnist"
    data.mkdir()
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        source = data_dir() / name
        if not source.exists():
            pytest.fail(f"{source} is missing: set MFDNN_DATA_DIR to the MNIST folder to run this case")
        shutil.copy2(source, data / name)
    corrupt = data / "t10k-images-idx3-ubyte.gz"
    raw = bytearray(gzip.decompress(corrupt.read_bytes()))
    raw[:4] = (0x0BAD).to_bytes(4, "big")  # the IDX magic number
    corrupt.write_bytes(gzip.compress(bytes(raw)))
    build(project, MFDNN_DATA_DIR=str(data)).assert_fails_naming("conf.py", str(corrupt), "magic number")
