"""Verdicts as plain data, cached on disk by claim fingerprint.

A rebuild with unchanged claims and checker does not re-run SymPy; the
fingerprint covers the claim's objects and the checker's sources
(:meth:`claimcheck.Claim.fingerprint`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.util import logging

from ..checker import check, check_mutants
from ..model import FAILS, HOLDS, UNDECIDED, Claim
from .state import cache_dir, registry_of, shown_pages

logger = logging.getLogger(__name__)

#: The layout of the cached data: part of each cache file's name, so a change
#: to what is stored (bump it) never reads an older file.  2: each mutant keeps
#: what the checker found (its parts that do not hold, residual and counterexample as LaTeX).
#: 3: and both sides' values where a part was found false.
VERDICT_FORMAT = 3


def _found(result) -> list[dict]:
    """The parts of a mutant's verdict that do not hold: what rejected it."""
    return [{"label": label, "status": r.status, "detail": r.detail, "residual_tex": r.residual_tex,
             "counterexample_tex": r.counterexample_tex, "sides_tex": r.sides_tex}
            for label, r in result.parts if not r.holds]


def verdict_data(claim: Claim) -> dict:
    """The claim's check and mutant results as plain (JSON) data."""
    result = check(claim)
    return {
        "status": result.status,
        "method": result.method,
        "seconds": result.seconds,
        "parts": [dict(label=label, **r.as_data()) for label, r in result.parts],
        "report": result.failure_report(),
        "mutants": [
            {"kind": m.kind, "description": m.description, "status": r.status, "found": _found(r)}
            for m, r in check_mutants(claim)
        ],
    }


def verdict(cache: str | Path, claim: Claim) -> dict:
    """:func:`verdict_data` from the cache folder if fresh, else computed and cached (atomically: -j safe)."""
    Path(cache).mkdir(parents=True, exist_ok=True)
    path = Path(cache) / f"{claim.name}-{claim.fingerprint()}-v{VERDICT_FORMAT}.json"
    if path.exists():
        return json.loads(path.read_text())
    data = verdict_data(claim)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(path)
    return data


def rejected(data: dict) -> int:
    """How many of the claim's mutants its check rejected (refuted, or left undecided)."""
    return sum(m["status"] != HOLDS for m in data["mutants"])


def refuted(data: dict) -> int:
    """How many of the claim's mutants its check showed false (a counterexample or a nonzero residual)."""
    return sum(m["status"] == FAILS for m in data["mutants"])


def mutant_tally(data: dict) -> str:
    """The planted errors by outcome: refuted, left undecided (rejected, but not shown false), not rejected.

    >>> mutant_tally({"mutants": [{"status": "fails"}, {"status": "fails"}]})
    '2/2 wrong answers refuted'
    >>> mutant_tally({"mutants": [{"status": "fails"}, {"status": "undecided"}]})
    '1/2 wrong answers refuted, 1 undecided'
    """
    total, shown_false = len(data["mutants"]), refuted(data)
    undecided = sum(m["status"] == UNDECIDED for m in data["mutants"])
    survived = total - shown_false - undecided
    return (f"{shown_false}/{total} wrong answers refuted" + (f", {undecided} undecided" if undecided else "")
            + (f", {survived} not rejected" if survived else ""))


def on_build_finished(app, exc):
    """Runs on every build, even one that re-reads nothing: no failing claim goes unreported."""
    if exc is not None:
        return
    for name, claim in sorted(registry_of(app).claims().items()):
        data = verdict(cache_dir(app), claim)
        if data["status"] != HOLDS:
            pages = ", ".join(shown_pages(app.env, name)) or "no page"
            logger.error(f"claim {name!r} {data['status']} (shown on: {pages}): {data['report']}")


def setup(app):
    app.connect("build-finished", on_build_finished)
