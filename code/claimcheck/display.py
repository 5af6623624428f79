"""Writing a display form (:attr:`claimcheck.Claim.display`): sums, products and differences kept as written.

SymPy evaluates ``b - a`` into ``-a + b`` and ``(a + b)/2`` into ``a/2 + b/2``;
these build the same objects unevaluated, so that a claim's display form
prints in the author's order and grouping (the checker still proves it equal
to the checked statement).

>>> import sympy as sp
>>> from claimcheck.printing import tex
>>> a, b = sp.symbols("a b")
>>> tex(over(written(b, minus(a)), 2), order="none")
'\\\\frac{b - a}{2}'
>>> tex(times(sp.Rational(1, 2), written(a, b)), order="none")
'\\\\frac{a + b}{2}'
>>> tex(scaled(sp.Rational(1, 2), written(a, minus(b))), order="none")
'\\\\frac{1}{2} \\\\left(a - b\\\\right)'
"""

from __future__ import annotations

import sympy as sp


def written(*terms) -> sp.Expr:
    """The sum of ``terms`` in the order given."""
    return sp.Add(*terms, evaluate=False)


def times(*factors) -> sp.Expr:
    """The product of ``factors`` in the order given (a number is not multiplied into a sum)."""
    return sp.Mul(*factors, evaluate=False)


def minus(term) -> sp.Expr:
    """``-term``, a sum kept in its parentheses: ``minus(written(b, a))`` is ``-(b + a)``."""
    return sp.Mul(-1, term, evaluate=False)


def over(numerator, denominator) -> sp.Expr:
    """The fraction ``numerator / denominator``, neither side evaluated."""
    return sp.Mul(numerator, sp.Pow(denominator, -1, evaluate=False), evaluate=False)


def scaled(number, expr) -> sp.Expr:
    """``number · expr`` with the number in front as a factor, ``½ (a - b)``, not a fraction bar over ``expr``."""
    return sp.Mul(sp.UnevaluatedExpr(sp.sympify(number)), expr, evaluate=False)
