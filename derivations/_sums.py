"""Sums and products over a range with symbolic bounds, kept as they are until a point fixes the bounds.

``Sum(β^{K−1−j} g_j, (j, 0, K−1)).doit()`` sends SymPy looking for a closed
form (hypergeometric, then symbolic summation) for seconds, and finds none.
The induction proofs do not need one: their checks align the ranges
(:mod:`claimcheck.checker.bounds`).  :class:`RangeSum` and
:class:`RangeProduct` are SymPy's, except that ``doit`` writes them out only
once their bounds are numbers (at a probe point).
"""

import sympy as sp


def _numeric_bounds(op) -> bool:
    return all(sp.sympify(b).is_number for _, *bounds in op.limits for b in bounds)


class RangeSum(sp.Sum):
    """``Σ_{j=a}^{b} f(j)``, evaluated by ``doit`` only when ``a`` and ``b`` are numbers.

    >>> j, K = sp.symbols("j K", integer=True)
    >>> RangeSum(j, (j, 1, K)).doit()
    Sum(j, (j, 1, K))
    >>> RangeSum(j, (j, 1, K)).subs(K, 3).doit()
    6
    """

    def doit(self, **hints):
        if _numeric_bounds(self):
            return sp.Sum(*self.args).doit(**hints)
        return self


class RangeProduct(sp.Product):
    """``Π_{j=a}^{b} f(j)``, evaluated by ``doit`` only when ``a`` and ``b`` are numbers."""

    def doit(self, **hints):
        if _numeric_bounds(self):
            return sp.Product(*self.args).doit(**hints)
        return self
