"""Random points allowed by the symbols' assumptions, to find counterexamples or spot check."""

from __future__ import annotations

import random
from typing import Callable

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from ..printing import tex

#: Random points tried when searching for a counterexample or spot checking.
PROBE_POINTS = 24
#: The first few of those points, tried before any normal form in a symbolic
#: check: a wrong statement nearly always fails at the first point, and the
#: normal forms are the slow part of checking it.
QUICK_POINTS = 2
#: Relative tolerance for numeric comparisons (evaluated with 30 digits).
NUMERIC_TOL = 1e-12


def sample(symbol, rng: random.Random):
    """A random value allowed by the assumptions of a symbol or an indexed entry (unassumed: real)."""
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
    """The free scalar symbols, index symbols included, in a stable order.

    An entry of an indexed family (``x[j]``) is not one of them: once a point
    fixes its indices, :func:`numeric` draws its value.  Neither is a matrix
    symbol; the symbols of its shape are (``n`` of an ``n × n`` matrix), and
    once a point fixes them, :func:`numeric` draws its entries.
    """
    labels = {a.base.label for a in expr.atoms(sp.Indexed)}
    free = set(expr.free_symbols)
    for matrix in expr.atoms(sp.MatrixSymbol):
        free |= set().union(*(sp.sympify(k).free_symbols for k in matrix.shape))
    return sorted((s for s in free if isinstance(s, sp.Symbol) and s not in labels), key=str)


def numeric(expr, point) -> complex | None:
    """``expr`` at ``point`` with 30 digits (a matrix: its largest entry); None where undefined.

    A sum or product whose bounds the point fixes is written out, and a limit
    or derivative left unevaluated is evaluated at the point.  A function that
    names a concrete instance (``probe_instance``, a generic activation σ given
    tanh) is evaluated as that instance: a value found false there refutes a
    claim made for every such function.  An infinite value is ``inf`` (real
    ±∞) or ``complex(inf, inf)`` (SymPy's complex infinity, a division by
    zero).  Entries of
    indexed families whose indices the point fixes (``x[3]``, or those a sum
    brings in) get random values; they are added to ``point``, so that a
    counterexample shows them.  So do the entries of the free matrix symbols
    whose shape the point fixes (``A`` of shape ``n × n`` at ``n = 3``): each
    is written out as a matrix of its entries, and then ``Trace``,
    ``Determinant``, ``Inverse`` and products are evaluated.

    >>> n, i = sp.symbols("n i", integer=True, positive=True)
    >>> x = sp.IndexedBase("x", real=True)
    >>> point = {n: sp.Integer(2)}
    >>> value = numeric(sp.Sum(x[i] ** 2, (i, 1, n)), point)
    >>> sorted(map(str, point)), value == complex(point[x[1]] ** 2 + point[x[2]] ** 2)
    (['n', 'x[1]', 'x[2]'], True)
    """
    if isinstance(expr, sp.MatrixBase):
        values = [numeric(entry, point) for entry in expr]
        return None if None in values else max(values, key=abs, default=0j)
    try:
        value = expr.xreplace(point)
        if value.has(sp.Sum, sp.Product, sp.Limit, sp.Derivative):
            value = value.doit()
        value = _instances(value)
        if value.has(sp.Indexed):
            point.update(_entry_values(value, point))
            value = value.xreplace(point)
        if value.has(sp.MatrixSymbol):
            value = _written_out(value, point)
            if isinstance(value, sp.MatrixBase):
                return numeric(value, point)
        value = value.evalf(30)
        if value.is_infinite:
            return complex(float("inf"), float("inf")) if value == sp.zoo else complex(float(value))
        value = complex(value)
    except (TypeError, ValueError, ZeroDivisionError, NotImplementedError):
        return None
    return None if value != value else value  # NaN


def _written_out(expr, point: dict):
    """``expr`` with each free matrix symbol of numeric shape replaced by random entries (added to ``point``),
    and evaluated."""
    matrices = sorted((m for m in expr.free_symbols if isinstance(m, sp.MatrixSymbol)
                       and all(k.is_number for k in m.shape)), key=str)
    rng = random.Random(show(point))
    for matrix in matrices:
        for entry in matrix.as_explicit():
            point.setdefault(entry, sample(entry, rng))
    explicit = {m: sp.ImmutableMatrix(*m.shape, [point[e] for e in m.as_explicit()]) for m in matrices}
    # Each inverse and determinant once, not once per product it appears in.
    for op, value in ((sp.Inverse, lambda a: a.inv()), (sp.Determinant, lambda a: a.det())):
        explicit.update({e: value(e.arg.xreplace(explicit).doit()) for e in expr.atoms(op)
                         if isinstance(e.arg, sp.MatrixSymbol) and e.arg in explicit})
    return expr.xreplace(explicit).doit()


def _instances(expr):
    """``expr`` with each function that names a concrete instance (a ``probe_instance`` method) replaced by it."""
    return expr.replace(lambda e: isinstance(e, sp.Function) and hasattr(e, "probe_instance"),
                        lambda e: e.probe_instance())


def _entry_values(expr, point: dict) -> dict:
    """Random values, allowed by their family's assumptions, for the entries with numeric indices that
    ``point`` does not fix yet."""
    entries = sorted((a for a in expr.atoms(sp.Indexed) if a not in point and all(k.is_number for k in a.indices)),
                     key=str)
    rng = random.Random(show(point))
    return {a: sample(a, rng) for a in entries}


def probe(value_of: Callable[[dict], tuple[complex, float] | None], symbols, seed: int = 0,
          points: int = PROBE_POINTS):
    """Evaluate at ``points`` random points; yield ``(point, value, scale)`` where defined.

    The points are the same for every call with the same symbols and seed, so
    the first ``k`` of a longer probe are those of ``probe(..., points=k)``.
    """
    rng = random.Random(seed)
    for _ in range(points):
        point = {s: sample(s, rng) for s in symbols}
        got = value_of(point)
        if got is not None:
            yield point, got[0], got[1]


#: A point that drew more entries of indexed families than this names the families, not each entry's value.
ENTRIES_SHOWN_MAX = 6


def _drawn_matrices(point: dict) -> tuple[list, list]:
    """The point's values other than matrix entries (and other than the entries of indexed families, where there
    are more than :data:`ENTRIES_SHOWN_MAX`), and the matrices and families whose entries it drew."""
    many = sum(isinstance(k, sp.Indexed) for k in point) > ENTRIES_SHOWN_MAX
    scalars = [(k, v) for k, v in point.items()
               if not isinstance(k, MatrixElement) and not (many and isinstance(k, sp.Indexed))]
    drawn = {k.parent for k in point if isinstance(k, MatrixElement)}
    drawn |= {k.base for k in point if many and isinstance(k, sp.Indexed)}
    return scalars, sorted(drawn, key=str)


def show(point: dict) -> str:
    """A point as ``x=1.5, y=2``, for failure messages (a matrix's entries: "entries of A drawn")."""
    scalars, matrices = _drawn_matrices(point)
    drawn = [f"entries of {', '.join(map(str, matrices))} drawn at random"] if matrices else []
    return ", ".join([f"{k}={float(v):.4g}" for k, v in scalars] + drawn)


def show_tex(point: dict) -> str:
    """A point as LaTeX, for the page.

    >>> show_tex({sp.Symbol("beta"): sp.Float(0.5), sp.Symbol("n"): sp.Integer(3)})
    '\\\\beta = 0.5,\\\\ n = 3'
    """
    scalars, matrices = _drawn_matrices(point)
    drawn = [r"\text{entries of } %s \text{ drawn at random}" % ", ".join(map(sp.latex, matrices))] if matrices else []
    return ",\\ ".join([f"{tex(k)} = {float(v):.4g}" for k, v in scalars] + drawn)


def show_number(value: complex) -> str:
    """A probed value as LaTeX, 4 significant digits; the imaginary part only where it is not negligible.

    >>> show_number(complex(1.23456, 0)), show_number(complex(0.5, -2))
    ('1.235', '0.5 - 2 i')
    """
    if value.imag == float("inf"):
        return "\\tilde{\\infty}\\ \\text{(undefined: a division by zero)}"
    if value.real in (float("inf"), float("-inf")):
        return "\\infty" if value.real > 0 else "-\\infty"
    if abs(value.imag) <= NUMERIC_TOL * (1 + abs(value)):
        return f"{value.real:.4g}"
    sign = "-" if value.imag < 0 else "+"
    return f"{value.real:.4g} {sign} {abs(value.imag):.4g} i"


def sides_tex(lhs: str, rhs: str) -> str:
    """Both sides' values as LaTeX ("" when either is missing).

    >>> sides_tex("1.5", "2")
    '\\\\text{left side} = 1.5,\\\\ \\\\text{right side} = 2'
    """
    return f"\\text{{left side}} = {lhs},\\ \\text{{right side}} = {rhs}" if lhs and rhs else ""
