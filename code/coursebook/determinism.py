"""Compare the numbers two builds put in the prose: ``python -m coursebook.determinism A B``.

``A`` and ``B`` are build folders (``_build`` and another, each holding the
``jupyter_execute`` folder of MyST-NB).  Every glue key that a page's prose
shows is compared by its text (``text/plain``, ``text/markdown``,
``text/html``; images are not prose).  Keys that are wall-clock measurements
differ from run to run by nature: they are recognised by name
(:data:`MEASURED`), reported, and not compared.  Any other difference is an
error naming page and key, since the pages fix their seeds and the quick
profile runs on the CPU.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .guards import glue_references

#: The pages, by default: run from the project root.
DOCS = Path("docs")
TEXT_TYPES = ("text/plain", "text/markdown", "text/html")

#: Names of glue keys holding timings, or numbers computed from timings (rates,
#: ratios, fitted slopes).  A page names such a key with one of these words;
#: no other key may contain them.
MEASURED = re.compile(r"seconds|timing|speedup|_speed|(^|_)ms(_|$)|per_s|achieved_gflops|floor_fraction")


def shown_glue(build: Path, docs: Path = DOCS) -> dict[tuple[str, str], dict[str, str]]:
    """(page, key) → the text forms of each glued value that a page's prose shows."""
    values = {}
    for source in sorted(docs.rglob("*.md")):
        docname = source.relative_to(docs).with_suffix("").as_posix()
        for page, key in glue_references(source.read_text(encoding="utf8"), docname):
            glued = build / "jupyter_execute" / f"{page}.glue.json"
            if not glued.exists():
                raise SystemExit(f"{glued}: missing; build the site into {build} first")
            data = json.loads(glued.read_text())
            if key not in data:
                raise SystemExit(f"{glued}: no key {key!r}, which {docname} shows")
            values[page, key] = {t: data[key]["data"][t] for t in TEXT_TYPES if t in data[key]["data"]}
    return values


def compare(first: Path, second: Path, docs: Path = DOCS) -> tuple[list[str], list[str], int]:
    """The differing non-measured keys (errors), the measured keys, and how many keys were compared."""
    a, b = shown_glue(first, docs), shown_glue(second, docs)
    errors, measured = [], []
    for page, key in sorted(a.keys() | b.keys()):
        if MEASURED.search(key):
            measured.append(f"{page}::{key}")
        elif a.get((page, key)) != b.get((page, key)):
            errors.append(f"{page}::{key}: {a.get((page, key))} != {b.get((page, key))}")
    return errors, measured, len(a.keys() | b.keys()) - len(measured)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--docs", type=Path, default=DOCS, help="the folder of the pages (default: docs)")
    args = parser.parse_args(argv)
    errors, measured, compared = compare(args.first, args.second, args.docs)
    print(f"determinism: {compared} prose numbers compared between {args.first} and {args.second}; "
          f"{len(measured)} wall-clock measurements not compared")
    for line in errors:
        print(f"  differs: {line}")
    if errors:
        print(f"determinism: {len(errors)} prose numbers differ between two builds from clean: "
              "fix the seed or the nondeterministic operation of each, or, for a timing, name "
              "its key as a measurement (see coursebook.determinism.MEASURED)")
        return 1
    print("determinism: every compared number is identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
