"""``python -m answerruntime SITE``: put the answer boxes' runtime into the built site's ``_answers/`` folder."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "_build" / "answer-runtime"
LOCK = ROOT / "requirements.lock"
ENGINE = ROOT / "code" / "claimcheck"

#: Pyodide 0.29 runs Python 3.13; its npm package holds the loader, the WebAssembly and the standard library.
PYODIDE = "0.29.3"
PYODIDE_SHA256 = "924f3167d6bf5e553bda392615eaa82edd82a9cffc32a1cc49853a926b148c5c"
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: The wheels the engine's core imports, at the lock's versions.
WHEELS = ("mpmath", "sympy")
#: The part of the engine that imports Sphinx; the browser does not need it.
NOT_IN_CORE = ("sphinxext",)


class RuntimeMissing(RuntimeError):
    """A download failed, or a tool to fetch it is missing; the message says what to do."""


def _run(command: list[str], what: str) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise RuntimeMissing(f"{command[0]} not found: it is needed to fetch {what}") from None
    except subprocess.CalledProcessError as exc:
        raise RuntimeMissing(f"fetching {what} failed ({' '.join(command)}):\n{exc.stderr.strip()}") from None


def pyodide(cache: Path = CACHE) -> Path:
    """The folder of Pyodide's files, from ``npm pack`` (checked against its pinned SHA-256)."""
    folder = cache / f"pyodide-{PYODIDE}"
    if all((folder / f).is_file() for f in PYODIDE_FILES):
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    _run(["npm", "pack", f"pyodide@{PYODIDE}", "--pack-destination", str(cache), "--silent"],
         f"Pyodide {PYODIDE} from npm (Node.js 20 and npm are needed)")
    tgz = cache / f"pyodide-{PYODIDE}.tgz"
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != PYODIDE_SHA256:
        raise RuntimeMissing(f"{tgz}: SHA-256 {digest}, expected {PYODIDE_SHA256} (pyodide@{PYODIDE} on npm)")
    folder.mkdir(exist_ok=True)
    with tarfile.open(tgz) as archive:
        for name in PYODIDE_FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise RuntimeMissing(f"{tgz} has no package/{name}")
            (folder / name).write_bytes(member.read())
    tgz.unlink()
    return folder


def locked_version(package: str, lock: Path = LOCK) -> str:
    """The version of ``package`` pinned in the lock."""
    found = re.search(rf"^{re.escape(package)}==(\S+)$", lock.read_text(), re.MULTILINE)
    if not found:
        raise RuntimeMissing(f"{package} is not pinned in {lock}")
    return found.group(1)


def wheels(cache: Path = CACHE) -> list[Path]:
    """The pure-Python wheels of the engine's dependencies, from PyPI at the lock's versions, compiled to bytecode
    by Pyodide's Python (:func:`precompiled`)."""
    found = []
    for package in WHEELS:
        version = locked_version(package)
        wheel = cache / f"{package}-{version}-py3-none-any.whl"
        if not wheel.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                  "--dest", str(cache), f"{package}=={version}"], f"the {package} {version} wheel from PyPI")
        if not wheel.is_file():
            raise RuntimeMissing(f"pip did not download {wheel.name} (is there a pure-Python wheel?)")
        found.append(wheel)
    return precompiled(found, cache)


def precompiled(wheels: list[Path], cache: Path = CACHE) -> list[Path]:
    """The wheels with bytecode of Pyodide's Python in place of their sources, less their test suites.

    Compiling SymPy is most of the first check's time in the browser; Node runs Pyodide here to compile it
    once, with the same Python (the bytecode is specific to its version).
    """
    compiled = [cache / "compiled" / f"pyodide-{PYODIDE}" / w.name for w in wheels]
    missing = [w for w, c in zip(wheels, compiled) if not c.is_file()]
    if missing:
        scratch = cache / "compiled" / "scratch"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        for wheel in missing:
            shutil.copy2(wheel, scratch / wheel.name)
        _run(["node", str(Path(__file__).with_name("precompile.js")), str(pyodide(cache)), str(scratch),
              *(w.name for w in missing)], "bytecode of the wheels (Node.js runs Pyodide to compile them)")
        for wheel in missing:
            target = cache / "compiled" / f"pyodide-{PYODIDE}" / wheel.name
            target.parent.mkdir(parents=True, exist_ok=True)
            (scratch / "compiled" / wheel.name).replace(target)
        shutil.rmtree(scratch)
    return compiled


def engine_core(destination: Path, engine: Path = ENGINE) -> Path:
    """Zip the engine's core (its Python files, without the parts that import Sphinx), with fixed dates."""
    files = sorted(p for p in engine.rglob("*.py")
                   if "__pycache__" not in p.parts and p.relative_to(engine).parts[0] not in NOT_IN_CORE)
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"claimcheck/{path.relative_to(engine).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return destination


def install(site: Path) -> Path:
    """Fill ``site/_answers``: Pyodide's files, the wheels, the engine's core and the manifest."""
    if not (site / "index.html").is_file():
        raise RuntimeMissing(f"{site} is not a built site (no index.html): build it first")
    target = site / "_answers"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(pyodide(), target / "pyodide")
    names = []
    for wheel in wheels():
        shutil.copy2(wheel, target / wheel.name)
        names.append(wheel.name)
    engine = engine_core(target / "claimcheck-core.zip")
    manifest = {"pyodide": PYODIDE, "sympy": locked_version("sympy"), "wheels": names, "engine": engine.name}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m answerruntime", description=__doc__)
    parser.add_argument("site", type=Path, help="the built site (_build/html)")
    args = parser.parse_args(argv)
    try:
        target = install(args.site)
    except RuntimeMissing as exc:
        print(f"answerruntime: {exc}", file=sys.stderr)
        return 1
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    print(f"answerruntime: {target} ({size / 1e6:.1f} MB: Pyodide {PYODIDE}, {', '.join(WHEELS)}, the engine's core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
