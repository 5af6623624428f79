"""Random points allowed by the symbols' assumptions, to find counterexamples or spot check."""

from __future__ import annotations

import random
from typing import Callable

import sympy as sp

#: Random points tried when searching for a counterexample or spot checking.
PROBE_POINTS = 24
#: Relative tolerance for numeric comparisons (evaluated with 30 digits).
NUMERIC_TOL = 1e-12


def sample(symbol: sp.Symbol, rng: random.Random):
    """A random value allowed by the symbol's assumptions (unassumed: real)."""
    if symbol.is_integer:
        lo = 1 if symbol.is_positive else 0 if symbol.is_nonnegative else -6
        hi = -1 if symbol.is_negative else 0 if symbol.is_nonpositive else 6
        return sp.Integer(rng.randint(lo, hi))
    if symbol.is_positive:
        return sp.Float(rng.uniform(0.05, 4.0))
    if symbol.is_nonnegative:
        return sp.Integer(0) if rng.random() < 0.25 else sp.Float(rng.uniform(0.0, 4.0))
    if symbol.is_negative:
        return sp.Float(-rng.uniform(0.05, 4.0))
    if symbol.is_nonpositive:
        return sp.Integer(0) if rng.random() < 0.25 else sp.Float(-rng.uniform(0.0, 4.0))
    return sp.Float(rng.uniform(-4.0, 4.0))


def free_symbols(expr) -> list:
    """Free symbols and free indexed entries (not those bound by a Sum), in a stable order."""
    atoms = set(expr.free_symbols)
    indexed = {a for a in expr.atoms(sp.Indexed) if set(a.indices) <= atoms}
    atoms -= {a.base.label for a in expr.atoms(sp.Indexed)}
    atoms -= {i for a in indexed for i in a.indices}
    return sorted(atoms | indexed, key=str)


def numeric(expr, point) -> complex | None:
    """``expr`` at ``point`` with 30 digits (a matrix: its largest entry); None where undefined."""
    if isinstance(expr, sp.MatrixBase):
        values = [numeric(entry, point) for entry in expr]
        return None if None in values else max(values, key=abs, default=0j)
    try:
        value = complex(expr.xreplace(point).evalf(30))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return None if value != value else value  # NaN


def probe(value_of: Callable[[dict], tuple[complex, float] | None], symbols, seed: int = 0):
    """Evaluate at random points; yield ``(point, value, scale)`` where defined."""
    rng = random.Random(seed)
    for _ in range(PROBE_POINTS):
        point = {s: sample(s if isinstance(s, sp.Symbol) else sp.Symbol("t", real=True), rng) for s in symbols}
        got = value_of(point)
        if got is not None:
            yield point, got[0], got[1]


def show(point: dict) -> str:
    """A point as ``x=1.5, y=2``, for failure messages."""
    return ", ".join(f"{k}={float(v):.4g}" for k, v in point.items())


def show_tex(point: dict) -> str:
    """A point as LaTeX, for the page.

    >>> show_tex({sp.Symbol("beta"): sp.Float(0.5), sp.Symbol("n"): sp.Integer(3)})
    '\\\\beta = 0.5,\\\\ n = 3'
    """
    return ",\\ ".join(f"{sp.latex(k)} = {float(v):.4g}" for k, v in point.items())
