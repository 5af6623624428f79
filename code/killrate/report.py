"""Kill rates per module from mutmut's results, with the equivalent mutants set apart.

A mutant is *caught* when a test fails on it (or it runs past mutmut's time
limit: an infinite loop is a caught bug).  mutmut also files a test run that
could not report (exit code 255) as a timeout, so the table shows how many of
the caught are timeouts: a rate resting on many of them needs a rerun.  It *survives* when every test that
reaches its function passes, or when no test reaches it at all.  An
*equivalent* mutant behaves exactly as the original for every input a caller
can give; it cannot be caught, so it is listed in the equivalents file with
the reason, and counts neither way.  So do two other kinds listed there, each
by how its reason starts: an *arbitrary* one (``arbitrary:``) changes a choice
that has no right value and that no caller or reader relies on (a random seed,
a figure's line width), so a test that caught it would pin the code's text; a
*GPU-only* one (``needs a GPU:``) is in code that runs only on a GPU, which the
tests here cannot reach.  The kill rate is caught / (caught + survived).
"""

import dataclasses
import json
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

CAUGHT = {"killed", "timeout", "segfault"}
#: How a reason in the equivalents file marks a mutant listed for another reason than equivalence: its kind.
LISTED_KINDS = {"arbitrary:": "arbitrary", "needs a GPU:": "GPU only"}
SURVIVED = {"survived", "no tests", "suspicious"}


@dataclasses.dataclass
class ModuleResult:
    """The mutants of one module by status; ``equivalent`` holds those of the equivalents file, ``kinds`` the
    kind of those of them listed for another reason (:data:`LISTED_KINDS`)."""

    module: str
    status: dict[str, str]
    equivalent: set[str]
    kinds: dict[str, str] = dataclasses.field(default_factory=dict)

    def kind(self, name: str) -> str:
        """``equivalent``, ``arbitrary`` or ``GPU only`` for a listed mutant."""
        return self.kinds.get(name, "equivalent")

    def counts(self) -> Counter:
        return Counter(self.kind(name) if name in self.equivalent else s for name, s in self.status.items())

    @property
    def caught(self) -> int:
        return sum(n for s, n in self.counts().items() if s in CAUGHT)

    @property
    def survived(self) -> list[str]:
        return sorted((n for n, s in self.status.items() if s in SURVIVED and n not in self.equivalent), key=_order)

    @property
    def checked(self) -> int:
        return self.caught + len(self.survived)

    def rate(self) -> float | None:
        return self.caught / self.checked if self.checked else None


def _order(name: str):
    function, _, number = name.rpartition("__mutmut_")
    return function, int(number) if number.isdigit() else 0


def read_equivalents(path: Path) -> dict[str, str]:
    """``mutant name  reason`` per line (``#`` starts a comment); a line without a reason is an error."""
    equivalents = {}
    for number, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"{path}:{number}: {name!r} has no reason; write `<mutant name> <why it is equivalent>`")
        if name in equivalents:
            raise ValueError(f"{path}:{number}: {name!r} is listed twice")
        equivalents[name] = reason.strip()
    return equivalents


def read_results(mutants: Path, equivalents: dict[str, str]) -> list[ModuleResult]:
    """Every mutated module's results under mutmut's ``mutants`` folder."""
    results = []
    for meta in sorted(mutants.rglob("*.py.meta")):
        relative = meta.relative_to(mutants).with_suffix("").with_suffix("")
        if relative.parts[0] not in ("mfdnn", "claimcheck"):
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        module = ".".join(relative.parts).removesuffix(".__init__")
        status = {name: status_by_exit_code[code] for name, code in codes.items()}
        listed = {n for n in status if n in equivalents}
        kinds = {n: kind for n in listed for start, kind in LISTED_KINDS.items() if equivalents[n].startswith(start)}
        results.append(ModuleResult(module, status, listed, kinds))
    return results


def unknown_equivalents(results: list[ModuleResult], equivalents: dict[str, str]) -> list[str]:
    """Names in the equivalents file that are no mutant any more (the code changed): the file needs updating."""
    known = {name for r in results for name in r.status}
    return sorted(set(equivalents) - known)


def caught_equivalents(results: list[ModuleResult]) -> list[str]:
    """Mutants listed as equivalent that a test catches: they were not equivalent, the line should go."""
    return sorted(n for r in results for n in r.equivalent if r.status[n] in CAUGHT)


def total(results: list[ModuleResult], package: str) -> tuple[int, int]:
    """Caught and checked mutants over a package's modules."""
    mine = [r for r in results if r.module.split(".")[0] == package]
    return sum(r.caught for r in mine), sum(r.checked for r in mine)


def table(results: list[ModuleResult]) -> str:
    """The kill rate per module and per package, as a fixed-width table."""
    lines = [f"{'module':<36} {'mutants':>7} {'caught':>6} {'timeout':>7} {'survived':>8} {'equiv.':>6} "
             f"{'arbitr.':>7} {'GPU':>4} {'unrun':>6} {'kill rate':>9}"]
    for r in results:
        c = r.counts()
        rate = r.rate()
        unrun = c["not checked"] + c["skipped"]
        lines.append(f"{r.module:<36} {len(r.status):>7} {r.caught:>6} {c['timeout']:>7} {len(r.survived):>8} "
                     f"{c['equivalent']:>6} {c['arbitrary']:>7} {c['GPU only']:>4} {unrun:>6} "
                     f"{'-' if rate is None else f'{rate:.1%}':>9}")
    for package in ("mfdnn", "claimcheck"):
        caught, checked = total(results, package)
        if checked:
            lines.append(f"{package + ' (all)':<36} {'':>7} {caught:>6} {'':>7} {checked - caught:>8} {'':>6} {'':>7} "
                         f"{'':>4} {'':>6} {caught / checked:>9.1%}")
    return "\n".join(lines)
