"""A normal form for sums and products of one term over ranges that differ by a constant.

``Π_{j=i+1}^{L} f(j)`` and ``Π_{j=i+2}^{L} f(j)`` are different objects to
SymPy, so an inductive step, which peels one factor off, never reaches 0.
:func:`align_ranges` writes every sum or product over the ranges that the
others of its term share: ``Π_{j=a}^{b} f(j) = f(a) ⋯ f(a+k−1) Π_{j=a+k}^{b} f(j)``
and the same at the upper end; an empty range (``b = a − 1``) is 0 or 1.  With SymPy's (Karr's) convention for empty
and reversed ranges, ``Π_{j=a}^{b} = 1/Π_{j=b+1}^{a−1}`` when ``b < a − 1``,
this holds for every ``a`` and ``b``, so it needs no hypothesis.  Before
that, each sum is split by linearity, its factors free of the index taken
out (``Σ_j (1 − β^{K−j}) g_j = Σ_j g_j − β^K Σ_j β^{−j} g_j``); a power of the
index is split only where its base is known to be nonzero.
"""

from __future__ import annotations

import sympy as sp

ALIGN_NAME = "ranges aligned"


def _single_range(op) -> bool:
    return isinstance(op, (sp.Sum, sp.Product)) and len(op.limits) == 1


def _offset(a, b) -> int | None:
    """``b − a`` when it is a positive integer constant, else None."""
    gap = sp.expand(b - a)
    return int(gap) if gap.is_Integer and gap > 0 else None


def _aligned(op, lower, upper):
    """``op`` (one range) written over ``[lower, upper]``, with the terms outside it (or inside it) apart."""
    (j, a, b), term = op.limits[0], op.function
    combine = sp.Add if isinstance(op, sp.Sum) else sp.Mul
    inner = type(op)(term, (j, lower, upper))
    head = [term.xreplace({j: a + t}) for t in range(_offset(a, lower) or 0)]
    tail = [term.xreplace({j: upper + 1 + t}) for t in range(_offset(upper, b) or 0)]
    return combine(inner, *head, *tail)


def _split_sum(op):
    """A sum split by linearity: each term's factors free of the index outside the sum.

    ``expand`` writes β^{K−j} as β^K β^{−j} only where that holds, for β > 0: a base that may be 0 stays
    whole inside the sum.
    """
    (j, a, b), term = op.limits[0], op.function
    total = sp.Integer(0)
    for part in sp.Add.make_args(sp.expand(term)):
        factors = sp.Mul.make_args(part)
        inside = [f for f in factors if f.has(j)]
        outside = [f for f in factors if not f.has(j)]
        total += sp.Mul(*outside) * sp.Sum(sp.Mul(*inside), (j, a, b))
    return total


def align_ranges(expr):
    """``expr`` with the sums and products of one term taken over one common range, the rest written out.

    >>> i, L, j = sp.symbols("i L j", integer=True)
    >>> f = sp.Function("f")
    >>> align_ranges(sp.Product(f(j), (j, i + 1, L)) - f(i + 1) * sp.Product(f(j), (j, i + 2, L)))
    0
    """
    expr = expr.replace(lambda e: _single_range(e) and sp.expand(e.limits[0][2] - e.limits[0][1]) == -1,
                        lambda e: sp.Integer(0 if isinstance(e, sp.Sum) else 1))  # an empty range
    expr = expr.replace(lambda e: isinstance(e, sp.Sum) and _single_range(e), _split_sum)
    groups: dict = {}
    for op in expr.atoms(sp.Sum, sp.Product):
        if _single_range(op):
            j = op.limits[0][0]
            groups.setdefault((type(op), op.function, j), []).append(op)
    replacements = {}
    for ops in groups.values():
        lowers = [op.limits[0][1] for op in ops]
        uppers = [op.limits[0][2] for op in ops]
        # The largest lower bound and the smallest upper bound that the others differ from by a constant.
        lower = max(lowers, key=lambda a: sum(_offset(b, a) is not None for b in lowers))
        upper = max(uppers, key=lambda b: sum(_offset(b, a) is not None for a in uppers))
        for op in ops:
            a, b = op.limits[0][1:]
            if _offset(a, lower) or _offset(upper, b):
                replacements[op] = _aligned(op, lower if _offset(a, lower) else a, upper if _offset(upper, b) else b)
    return expr.xreplace(replacements) if replacements else expr
