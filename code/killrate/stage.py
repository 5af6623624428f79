"""The folder mutmut runs in, and mutmut's runs there.

``_build/mutation`` holds links to the packages under test, to what their
tests read (``derivations``, ``docs``, ``tests``) and to ``pyproject.toml``
(whose ``[tool.mutmut]`` section is mutmut's configuration).  mutmut copies
them into ``_build/mutation/mutants``, mutates the copies and runs the tests
there; it never writes to the linked originals (``mutmut apply`` would: do not
run it in the stage).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STAGE = ROOT / "_build" / "mutation"
#: What the stage links to, by the name it has there.
LINKS = {
    "mfdnn": "code/mfdnn",
    "claimcheck": "code/claimcheck",
    "derivations": "derivations",
    "docs": "docs",
    "tests": "tests",
    "pyproject.toml": "pyproject.toml",
}


def prepare(stage: Path = STAGE) -> Path:
    """Create (or repair) the stage's links; return the stage."""
    stage.mkdir(parents=True, exist_ok=True)
    for name, target in LINKS.items():
        link, source = stage / name, ROOT / target
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        if link.is_symlink() or link.is_file():
            link.unlink()
        elif link.exists():
            raise FileExistsError(f"{link}: a real folder where the stage needs a link to {target}; remove it")
        link.symlink_to(source)
    return stage


def prune(stage: Path) -> list[Path]:
    """Delete mutmut's copies of modules that are gone from the source (moved or removed), and its copies of
    the tests and what they read (copied again by the run); return the modules.

    mutmut never deletes a copy: a module moved into a package would otherwise be imported twice, by its
    old name from the stale copy and by its new one.
    """
    mutants = stage / "mutants"
    for copied in ("tests", "derivations", "docs"):  # mutmut copies these afresh, over what is there
        shutil.rmtree(mutants / copied, ignore_errors=True)
    stale = []
    for package in ("mfdnn", "claimcheck"):
        for copy in sorted((mutants / package).rglob("*.py")) if (mutants / package).is_dir() else []:
            if not (stage / copy.relative_to(mutants)).exists():
                for leftover in (copy, copy.with_name(copy.name + ".meta"), copy.with_name(copy.name + ".spans")):
                    leftover.unlink(missing_ok=True)
                stale.append(copy.relative_to(mutants))
    return stale


def module_file(module: str) -> str:
    """The file that holds a module, relative to the stage: ``mfdnn/costs/__init__.py`` for ``mfdnn.costs``."""
    path = module.replace(".", "/")
    return f"{path}/__init__.py" if (ROOT / "code" / path).is_dir() else f"{path}.py"


def tests_importing(modules: list[str]) -> list[str]:
    """The test files (``tests/test_*.py``) that import one of ``modules``, and the modules' own files
    (their doctests), relative to the stage: the tests a run limited to these modules needs."""
    patterns = []
    for module in modules:
        package, _, leaf = module.rpartition(".")
        patterns += [rf"^\s*(import|from) {re.escape(module)}\b",
                     rf"^\s*from {re.escape(package)} import [^\n]*\b{re.escape(leaf)}\b"]
    found = re.compile("|".join(patterns), re.MULTILINE)
    tests = [f"tests/{path.name}" for path in sorted((ROOT / "tests").glob("test_*.py"))
             if found.search(path.read_text())]
    return tests + [module_file(m) for m in modules]


def environment() -> dict[str, str]:
    """mutmut's environment: one math thread per test process (a forked torch waits forever on a thread pool
    it inherited otherwise, and the machine's cores are shared), and the data the tests read."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.setdefault("MFDNN_DATA_DIR", str(ROOT.parent / "shared" / "data" / "mnist"))
    return env


def generate(stage: Path, children: int) -> None:
    """Write the mutated copies (mutmut's first step alone), so that their names can be read before any run."""
    script = ("from killrate.selection import configure\n"
              "from mutmut.__main__ import copy_src_dir, copy_also_copy_files, create_mutants\n"
              f"configure(); copy_src_dir(); copy_also_copy_files(); create_mutants({children})\n")
    subprocess.run([sys.executable, "-c", script], cwd=stage, env=environment(), check=True,
                   stdout=subprocess.DEVNULL)


def run(stage: Path, names: list[str], children: int, budget: float) -> int:
    """``mutmut run`` for the mutants matching ``names`` (globs; all if empty), each with the fastest tests
    that reach its function up to ``budget`` seconds of them (:mod:`killrate.selection`); its exit status."""
    command = [sys.executable, "-m", "killrate.selection", str(budget),
               "run", "--max-children", str(children), *names]
    return subprocess.run(command, cwd=stage, env=environment()).returncode
