"""Checking one relation: an equality by normal forms, an inequality by sign tactics,
either by probes at random points when the methods call for it.

A symbolic check first tries the first few probe points: a counterexample
there settles the verdict (fails) without the normal forms, which are the
slow part; a wrong statement nearly always fails at the first point.
"""

from __future__ import annotations

import cmath
import time
from functools import lru_cache

import sympy as sp

from ..model import FAILS, HOLDS, INSTANCE, NUMERIC, SYMBOLIC, UNDECIDED, Result
from ..printing import tex
from .probes import (NUMERIC_TOL, PROBE_POINTS, QUICK_POINTS, free_symbols, numeric, probe, show,
                     show_number, show_tex, sides_tex)
from .tactics import decide_sign, zero_by_normal_forms
from .timelimit import Timeout, time_limit

#: A single check that runs longer than this is reported as undecided.
CHECK_TIME_LIMIT_S = 20


def _sides(rel, where: dict, instance: dict):
    """Both sides with the substitutions applied and Limits, Derivatives, Sums evaluated.

    Sides are substituted one at a time: rebuilding the relational would let
    SymPy evaluate it to True or False and lose the residual.
    """
    substitutions = (frozenset(where.items()), frozenset(instance.items()))
    return _evaluated(rel.lhs, *substitutions), _evaluated(rel.rhs, *substitutions)


# A claim and its mutants mostly share sides (a mutant changes one), so a side
# is evaluated once per process.  Only this deterministic rewriting is shared,
# never a verdict.
@lru_cache(maxsize=1024)
def _evaluated(expr, where: frozenset, instance: frozenset):
    expr = expr.xreplace(dict(where)).xreplace(dict(instance))
    # Twice: a derivative of a Sum evaluates to a Sum of KroneckerDeltas first.
    return expr.doit().doit()


def check_relation(rel, method: str = SYMBOLIC, where: dict | None = None, instance: dict | None = None) -> Result:
    """Check one relational with the given method (see :mod:`claimcheck.model`).

    >>> from claimcheck import relation
    >>> x = sp.Symbol("x", real=True)
    >>> check_relation(relation((x + 1) ** 2, "=", x**2 + 2 * x + 1)).status
    'holds'
    >>> check_relation(relation((x + 1) ** 2, "=", x**2 + 1)).status
    'fails'
    """
    t0 = time.perf_counter()

    def done(status, residual_of=str, detail="", point=None, sides=("", "")):
        """The result; ``residual_of()`` gives the residual, worked out only if asked for; ``sides`` are both
        sides' values at ``point`` (or, with no point, the values of constant sides)."""
        return Result(status, method, time.perf_counter() - t0, detail, show_tex(point) if point else "",
                      sides_tex(*sides), residual_of)

    try:
        with time_limit(CHECK_TIME_LIMIT_S):
            try:
                lhs, rhs = _sides(rel, where or {}, instance or {})
            except (NotImplementedError, ValueError, TypeError) as exc:
                return _refute_pointwise(rel, where, instance, done, f"SymPy could not decide: {exc}".splitlines()[0])
            if lhs.has(sp.Limit) or rhs.has(sp.Limit):
                return _refute_pointwise(rel, where, instance, done, "SymPy left a limit unevaluated")
            undefined = [name for name, side in (("left", lhs), ("right", rhs)) if side.has(sp.zoo, sp.nan)]
            if undefined:  # a substitution divided by zero: the statement says nothing that holds
                return done(FAILS, lambda: lhs - rhs, f"the {' and '.join(undefined)} side undefined after the "
                                                      "substitutions (a division by zero)")
            if isinstance(rel, sp.Eq):
                return _check_equality(lhs, rhs, method, done)
            strict = isinstance(rel, (sp.Lt, sp.Gt))
            g = rhs - lhs if isinstance(rel, (sp.Le, sp.Lt)) else lhs - rhs
            return _check_inequality(g, strict, method, done, lhs, rhs)
    except Timeout:
        return done(UNDECIDED, detail=f"no decision within {CHECK_TIME_LIMIT_S} s")
    except (NotImplementedError, ValueError, TypeError) as exc:
        return done(UNDECIDED, detail=f"SymPy could not decide: {exc}".splitlines()[0])


def _refute_pointwise(rel, where, instance, done, why: str) -> Result:
    """Sides SymPy cannot evaluate in general (a limit whose value depends on a sign): evaluated at the probe
    points, where every symbol is a number.  A point where the relation breaks refutes it; else undecided (why)."""
    lhs, rhs = (side.xreplace(where or {}).xreplace(instance or {}) for side in (rel.lhs, rel.rhs))
    if isinstance(rel, sp.Eq):
        strict, diff = None, lhs - rhs

        def value_of(point):
            return _scaled(diff, lhs, rhs, point)
    else:
        strict = isinstance(rel, (sp.Lt, sp.Gt))
        diff = rhs - lhs if isinstance(rel, (sp.Le, sp.Lt)) else lhs - rhs

        def value_of(point):
            return _gap(diff, point)
    found = _first_break(value_of, free_symbols(diff), strict, PROBE_POINTS)
    if not found:
        return done(UNDECIDED, detail=f"{why}; no counterexample found at {PROBE_POINTS} points")
    what = "difference nonzero" if strict is None else f"gap {found[1].real:.3g}"
    return done(FAILS, lambda: diff, _where(f"{what}, evaluated at the point", found), found[0],
                _side_values(lhs, rhs, found[0]))


def _check_equality(lhs, rhs, method, done) -> Result:
    diff = lhs - rhs
    symbols = free_symbols(diff)

    def value_of(point):
        return _scaled(diff, lhs, rhs, point)

    def counterexample(points: int) -> Result | None:
        found = _first_break(value_of, symbols, None, points)
        return found and done(FAILS, lambda: sp.expand(diff), _where("difference nonzero", found), found[0],
                              _side_values(lhs, rhs, found[0]))

    if method == NUMERIC:
        return _numeric_verdict(value_of, symbols, done, "values differ", lambda pt: _side_values(lhs, rhs, pt))
    if method == SYMBOLIC and symbols and (failed := counterexample(QUICK_POINTS)):
        return failed
    name = zero_by_normal_forms(diff)
    if name:
        return done(HOLDS, lambda: 0, f"difference is 0 after {name}")
    residual = sp.expand(diff)  # entry by entry for a matrix
    if method == INSTANCE and not residual.free_symbols:
        return done(FAILS, lambda: residual, "exact values differ", sides=_side_values(lhs, rhs, {}))
    # Nonzero normal form: a counterexample makes it a failure, else undecided.
    return counterexample(PROBE_POINTS) or done(
        UNDECIDED, lambda: residual, "no normal form reached 0, no counterexample found")


def _where(what: str, found: tuple[dict, complex]) -> str:
    """``what`` at the point found, or, where no symbol was drawn (constant sides), ``what`` alone."""
    point, _ = found
    return f"{what} at {show(point)}" if point else what


def _side_values(lhs, rhs, point: dict) -> tuple[str, str]:
    """Both sides' values at ``point`` as LaTeX: exact where they are rational numbers (an exact instance's
    counts), else 4 digits; ("", "") for a matrix, or where a side is undefined."""
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return "", ""
    shown = []
    for side in (lhs, rhs):
        exact = side.xreplace(point)
        value = numeric(side, dict(point))
        if value is None:
            return "", ""
        shown.append(tex(exact) if isinstance(exact, sp.Rational) else show_number(value))
    return tuple(shown)


def _scaled(diff, lhs, rhs, point):
    """The difference at ``point`` and the scale it is compared at (1 + the sides' sizes).

    A difference within the tolerance passes at any scale >= 1, so the sides
    are evaluated only for a larger one.
    """
    value = numeric(diff, point)
    if value is None or abs(value) <= NUMERIC_TOL:
        return None if value is None else (value, 1.0)
    sizes = [numeric(side, point) for side in (lhs, rhs)]
    return value, 1.0 + sum(abs(s) for s in sizes if s is not None)


def _check_inequality(g, strict, method, done, lhs, rhs) -> Result:
    want = "> 0" if strict else ">= 0"
    symbols = free_symbols(g)

    def value_of(point):
        return _gap(g, point)

    def counterexample(points: int) -> Result | None:
        found = _first_break(value_of, symbols, strict, points)
        return found and done(FAILS, lambda: sp.factor_terms(g), _where(f"gap {found[1].real:.3g}", found),
                              found[0], _side_values(lhs, rhs, found[0]))

    if method == NUMERIC:
        return _numeric_verdict(value_of, symbols, done, f"gap not {want}", lambda pt: _side_values(lhs, rhs, pt),
                                inequality=strict)
    if method == SYMBOLIC and symbols and (failed := counterexample(QUICK_POINTS)):
        return failed
    verdict, tactic = decide_sign(g, strict)
    if verdict:
        return done(HOLDS, lambda: 0, f"gap {want} by assumptions ({tactic})")
    residual = sp.factor_terms(g)
    if verdict is False and (method == INSTANCE or not residual.free_symbols):
        return done(FAILS, lambda: residual, f"gap is not {want}", sides=_side_values(lhs, rhs, {}))
    return counterexample(PROBE_POINTS) or done(
        UNDECIDED, lambda: residual, "sign of gap not decided, no counterexample found")


def _gap(g, point):
    value = numeric(g, point)
    if value is None or abs(value.imag) > NUMERIC_TOL * (1 + abs(value)):
        return None
    return value, 1.0


def _breaks(value, scale, strict: bool | None) -> bool:
    """Whether a probed value breaks the relation: an equality's difference (``strict`` None) beyond the
    tolerance at its scale, an inequality's gap below 0, or at 0 when strict."""
    if strict is None:  # an infinite difference (one side ±∞, or a division by zero) breaks it at any scale
        return not cmath.isfinite(value) or abs(value) > NUMERIC_TOL * scale
    return value.real < -NUMERIC_TOL or (strict and value.real <= 0)


def _first_break(value_of, symbols, strict: bool | None, points: int) -> tuple[dict, complex] | None:
    """The first probe point where the relation breaks, with its value; None if it holds at every one."""
    return next(((point, value) for point, value, scale in probe(value_of, symbols, points=points)
                 if _breaks(value, scale, strict)), None)


def _numeric_verdict(value_of, symbols, done, what, sides_at, inequality: bool | None = None) -> Result:
    checked = 0
    for point, value, scale in probe(value_of, symbols):
        checked += 1
        if _breaks(value, scale, inequality):
            return done(FAILS, lambda: value, _where(what, (point, value)), point, sides_at(point))
    if checked == 0:
        return done(UNDECIDED, str, "no random point could be evaluated")
    return done(HOLDS, lambda: 0, f"agrees at {checked} random points")
