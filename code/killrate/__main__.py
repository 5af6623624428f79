"""``python -m killrate [GLOB ...]``: run mutmut on the numerics and the engine's core, print kill rates and survivors.

GLOB selects mutants by name (``mfdnn.softmax.*``, ``claimcheck.latex.x_parse*``); all of
``mfdnn`` and ``claimcheck`` (its Sphinx side aside) by default.  ``--sample K --seed S``
runs K mutants drawn at random instead (CI), ``--per-module K`` K drawn from each module (a
measured rate for every module in a fraction of the time), ``--uncaught`` only the mutants no
test caught last time (after new tests); ``--min-rate R`` fails below a
kill rate R.  ``--budget B`` is the test time, in seconds of the traced run, that each mutant's
tests may take (:mod:`killrate.selection`).
"""

import argparse
import fnmatch
import json
import os
import random
import sys
import time
from pathlib import Path

from mutmut.stats import status_by_exit_code

from . import report, selection, stage

EQUIVALENTS = stage.ROOT / "tests" / "mutation-equivalent.txt"
EVERYTHING = ["mfdnn.*", "claimcheck.*"]


def all_names(mutants: Path) -> list[str]:
    """Every mutant's name, from mutmut's files after generation."""
    names = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        if meta.relative_to(mutants).parts[0] in ("mfdnn", "claimcheck"):
            names += json.loads(meta.read_text())["exit_code_by_key"]
    return sorted(names)


def caught_names(mutants: Path) -> set[str]:
    """The mutants a test failed on in the last run of each (not a timeout: one under load, or a run that could
    not report, may be a survivor)."""
    caught = set()
    for meta in mutants.rglob("*.py.meta"):
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        caught |= {n for n, code in codes.items() if code is not None and status_by_exit_code[code] == "killed"}
    return caught


def module_of(name: str) -> str:
    """The module a mutant is in: ``mfdnn.softmax`` for ``mfdnn.softmax.x_lse__mutmut_3``."""
    return name.rpartition(".")[0]


def draw_per_module(names: list[str], k: int, seed: int) -> list[str]:
    """At most ``k`` names drawn at random from each module's, the same ones for the same seed."""
    by_module: dict[str, list[str]] = {}
    for name in sorted(names):
        by_module.setdefault(module_of(name), []).append(name)
    rng = random.Random(seed)
    return [n for module in sorted(by_module) for n in rng.sample(by_module[module], min(k, len(by_module[module])))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m killrate", description=__doc__)
    parser.add_argument("globs", nargs="*", help="mutant names or globs (default: all)")
    parser.add_argument("--children", type=int, default=1, help="test processes at a time (default 1)")
    parser.add_argument("--sample", type=int, help="run this many mutants drawn at random")
    parser.add_argument("--per-module", type=int, metavar="K", help="run K mutants drawn at random from each module")
    parser.add_argument("--seed", type=int, default=27, help="the seed of --sample's and --per-module's draw")
    parser.add_argument("--budget", type=float, default=2.0,
                        help="seconds of (traced) test time per mutant: its function's fastest tests (default 2)")
    parser.add_argument("--min-rate", type=float, help="exit 1 if the kill rate of the mutants run is below this")
    parser.add_argument("--narrow", action="store_true",
                        help="mutate only the modules that the globs name (MODULE.*) and trace and run only the "
                             "tests that import them (a sample for CI: minutes, not the whole suite's trace)")
    parser.add_argument("--report-only", action="store_true", help="report the last results, run nothing")
    parser.add_argument("--uncaught", action="store_true",
                        help="run only the mutants no test caught last time: survivors, timeouts, and the new ones of "
                             "changed functions (after adding tests, the rest stand)")
    parser.add_argument("--stage", type=Path, default=stage.STAGE,
                        help=f"the folder mutmut runs in (default {stage.STAGE.relative_to(stage.ROOT)})")
    args = parser.parse_args(argv)

    equivalents = report.read_equivalents(EQUIVALENTS)
    if args.narrow:
        modules = [g.removesuffix(".*") for g in args.globs]
        unknown = [g for g, m in zip(args.globs, modules)
                   if g == m or not (stage.ROOT / "code" / stage.module_file(m)).exists()]
        if unknown or not modules:
            parser.error(f"--narrow takes globs of whole modules, such as mfdnn.softmax.*; not {unknown}")
        os.environ[selection.ONLY_MUTATE] = " ".join(stage.module_file(m) for m in modules)
        os.environ[selection.TESTS] = " ".join(stage.tests_importing(modules))
        print(f"killrate: mutating {', '.join(modules)}; tests: {os.environ[selection.TESTS]}")
    folder = stage.prepare(args.stage.resolve())
    globs = args.globs or EVERYTHING
    started = time.monotonic()
    # Not when only reporting: pruning deletes the copies of the tests that a run going on in the stage reads.
    for gone in [] if args.report_only else stage.prune(folder):
        print(f"killrate: {gone} is gone from the source; its mutants were deleted")
    run = globs
    if args.uncaught:  # run those, report the whole selection
        stage.generate(folder, args.children)
        caught = caught_names(folder / "mutants")
        run = [n for n in all_names(folder / "mutants")
               if n not in caught and any(fnmatch.fnmatchcase(n, g) for g in globs)]
        print(f"killrate: {len(run)} mutants not caught last time")
    if args.sample or args.per_module:
        stage.generate(folder, args.children)
        names = [n for n in all_names(folder / "mutants") if n not in equivalents
                 and any(fnmatch.fnmatchcase(n, g) for g in globs)]
        if args.per_module:
            drawn = draw_per_module(names, args.per_module, args.seed)
        else:
            drawn = random.Random(args.seed).sample(names, min(args.sample, len(names)))
        globs = run = sorted(drawn)
        print(f"killrate: {len(globs)} of {len(names)} mutants drawn with seed {args.seed}")
    if not args.report_only and run:
        status = stage.run(folder, run, args.children, args.budget)
        if status not in (0, 1):
            print(f"killrate: mutmut exited with status {status}; the results below may be incomplete", file=sys.stderr)
    elapsed = time.monotonic() - started

    results = report.read_results(folder / "mutants", equivalents)
    for r in results:
        r.status = {n: s for n, s in r.status.items() if any(fnmatch.fnmatchcase(n, g) for g in globs)}
        r.equivalent &= set(r.status)
    results = [r for r in results if r.status]
    if not results:
        print("killrate: no results (run without --report-only first)", file=sys.stderr)
        return 1
    print()
    print(report.table(results))
    survivors = [n for r in results for n in r.survived]
    print(f"\nsurvivors ({len(survivors)}; see one with `cd {folder} && {sys.executable} -m mutmut show NAME`):")
    for r in results:
        for name in r.survived:
            print(f"  {name}: {r.status[name]}")
    for kind in ("equivalent", *report.LISTED_KINDS.values()):
        listed = [n for r in results for n in sorted(r.equivalent, key=report._order) if r.kind(n) == kind]
        print(f"\n{kind} ({len(listed)}, from {EQUIVALENTS.relative_to(stage.ROOT)}):")
        for name in listed:
            print(f"  {name}: {equivalents[name]}")
    problems = 0
    if not args.sample and not args.per_module and not args.globs:
        for name in report.unknown_equivalents(results, equivalents):
            print(f"killrate: {EQUIVALENTS.name} lists {name}, which is no mutant now; remove the line",
                  file=sys.stderr)
            problems += 1
    for name in report.caught_equivalents(results):
        print(f"killrate: {name} is listed as equivalent but a test catches it; remove the line", file=sys.stderr)
        problems += 1
    caught = sum(r.caught for r in results)
    checked = sum(r.checked for r in results)
    if not checked:
        print("killrate: no mutant was checked (mutmut's output above says why)", file=sys.stderr)
        return 1
    rate = caught / checked if checked else 0.0
    print(f"\nkillrate: {caught} of {checked} mutants caught ({rate:.1%}) in {elapsed / 60:.1f} min")
    if args.min_rate is not None and rate < args.min_rate:
        print(f"killrate: kill rate {rate:.1%} is below the floor {args.min_rate:.0%}: tests stopped catching "
              f"bugs they used to catch (the survivors above say where)", file=sys.stderr)
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
