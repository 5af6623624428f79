"""The tiny answer book's one claim."""

import sympy as sp

from claimcheck import Claim, Mutant, Registry, relation

BOOK = Registry()
n = sp.Symbol("n", positive=True)


@BOOK.claim
def third() -> Claim:
    """A third of 1/n."""
    return Claim("demo.third", "A third", relation(sp.Rational(1, 3) / n, "=", 1 / (3 * n)),
                 mutants=(Mutant("wrong constant", "a half", relation(sp.Rational(1, 3) / n, "=", 1 / (2 * n))),))
