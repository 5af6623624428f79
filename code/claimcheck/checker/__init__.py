"""The checker: a claim's verdict from its relations.

Every module of this package is part of each claim's fingerprint
(:data:`claimcheck.model.VERDICT_SOURCES`): editing any of them invalidates
the cached verdicts.
"""

from __future__ import annotations

import time

import sympy as sp

from ..model import FAILS, HOLDS, SYMBOLIC, UNDECIDED, Claim, ClaimResult, Derivation, Mutant, Result
from .applications import instance_verdict
from .relations import CHECK_TIME_LIMIT_S, check_relation


def check(claim: Claim) -> ClaimResult:
    """Check every part of a claim, and that its display form is the checked statement; the claim holds only
    if every part holds.  A derivation's step that applies a rule by substitution holds when it is an instance
    of the rule (:mod:`.applications`).

    >>> import sympy as sp
    >>> from claimcheck import Claim, relation
    >>> x = sp.Symbol("x", positive=True)
    >>> check(Claim("demo.exp", "exp is positive", relation(sp.exp(x), ">", 0))).status
    'holds'
    """
    t0 = time.perf_counter()
    applied = claim.statement.applications() if isinstance(claim.statement, Derivation) else []
    parts = tuple(
        (label, _check_application(rel, applied[k]) if k < len(applied) and applied[k] else
         check_relation(rel, claim.method, claim.where, claim.instance))
        for k, (label, rel) in enumerate(claim.parts() + claim.display_parts())
    )
    statuses = {r.status for _, r in parts}
    status = FAILS if FAILS in statuses else UNDECIDED if UNDECIDED in statuses else HOLDS
    return ClaimResult(claim.name, status, claim.method, time.perf_counter() - t0, parts)


def _check_application(rel, application) -> Result:
    """The verdict on a step that applies a rule: whether it is the rule's instance under its substitution."""
    t0 = time.perf_counter()
    if not isinstance(rel, sp.Eq):
        return Result(FAILS, SYMBOLIC, 0.0, f"a rule applied by substitution gives an equality, not {rel.rel_op}")
    status, detail = instance_verdict(rel.lhs, rel.rhs, application)
    return Result(status, SYMBOLIC, time.perf_counter() - t0, detail)


def check_mutants(claim: Claim) -> list[tuple[Mutant, ClaimResult]]:
    """Check every mutant of a claim; each should come out not ``holds``.

    >>> import sympy as sp
    >>> from claimcheck import Claim, Mutant, relation
    >>> x = sp.Symbol("x", real=True)
    >>> demo = Claim("demo.square", "(x+1)² expanded", relation((x + 1) ** 2, "=", x**2 + 2*x + 1),
    ...              mutants=(Mutant("dropped factor", "2x becomes x", relation((x + 1) ** 2, "=", x**2 + x + 1)),))
    >>> [(m.kind, r.status) for m, r in check_mutants(demo)]
    [('dropped factor', 'fails')]
    """
    return [(m, check(claim.mutant(m))) for m in claim.mutants]


__all__ = ["CHECK_TIME_LIMIT_S", "check", "check_mutants", "check_relation"]
