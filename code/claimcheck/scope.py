"""A claim's scope as data: the dimensions it is general in, the sizes it fixes, what it is an instance of.

A claim is *general* in a dimension when that dimension is a symbol of its
SymPy objects: the shape of a ``MatrixSymbol`` (``MatrixSymbol("A", n, n)``),
or a bound of a ``Sum`` or ``Product`` (``Sum(x[i], (i, 1, n))``).  This is
read from the objects that are checked, so it cannot say more than the check.
A claim that the course states for every size but that is checked at given
sizes declares them (``Claim.fixed``, e.g. ``{"d": 2}``); when a general claim
covers it, it names that claim (``Claim.instance_of``).
"""

from __future__ import annotations

import sympy as sp

from .model import Claim

GENERAL, INSTANCE_OF, FIXED_ONLY, NO_DIMENSION = (
    "general in its dimensions", "instance of a general claim", "fixed sizes only", "no dimension")
#: The scopes, in the order the status page counts them.
SCOPES = (GENERAL, INSTANCE_OF, FIXED_ONLY, NO_DIMENSION)


def _objects(claim: Claim) -> list:
    relations = [rel for _, rel in claim.parts()]
    return relations + [sp.sympify(v) for v in claim.where.values() if isinstance(v, (sp.Basic, sp.MatrixBase))]


def symbolic_dimensions(claim: Claim) -> tuple[str, ...]:
    """The names of the symbols that give a matrix its shape or a sum its bounds, sorted.

    >>> from claimcheck import Claim, relation
    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> A = sp.MatrixSymbol("A", n, n)
    >>> symbolic_dimensions(Claim("demo.tr", "tr", relation(sp.Trace(A.T), "=", sp.Trace(A))))
    ('n',)
    """
    found: set[sp.Symbol] = set()
    for obj in _objects(claim):
        for matrix in obj.atoms(sp.MatrixSymbol):
            found |= set().union(*(sp.sympify(k).free_symbols for k in matrix.shape))
        ranges = obj.atoms(sp.Sum, sp.Product)
        bound = set().union(*(r.variables for r in ranges))  # an inner range's bound may be an outer index
        for bounded in ranges:
            for _, *bounds in bounded.limits:
                found |= set().union(*(sp.sympify(k).free_symbols for k in bounds)) - bound
    return tuple(sorted(s.name for s in found if isinstance(s, sp.Symbol)))


def scope_of(claim: Claim, holds: dict[str, bool] | None = None) -> str:
    """Which of :data:`SCOPES` a claim has.

    ``holds`` (claim name -> whether it holds) decides whether the general
    claim an instance names covers it; without it, naming one is enough.
    """
    if symbolic_dimensions(claim):
        return GENERAL
    if claim.instance_of and (holds is None or holds.get(claim.instance_of, False)):
        return INSTANCE_OF
    if claim.fixed:
        return FIXED_ONLY
    return NO_DIMENSION


def fixed_text(claim: Claim) -> str:
    """The sizes a claim fixes, as ``d = 2`` or ``n = 2, L = 3``."""
    return ", ".join(f"{k} = {v}" for k, v in claim.fixed.items())
