"""Helpers for planting mutants: the claim's objects with a hypothesis taken away."""

from __future__ import annotations

import dataclasses

import sympy as sp

from .model import Derivation


def relax(expr, *symbols: sp.Symbol, **assumptions):
    """``expr`` with each of ``symbols`` replaced by one with other assumptions.

    Used to plant "missing hypothesis" mutants: ``relax(e, beta, real=True)``
    forgets that ``beta > 0``.

    >>> beta = sp.Symbol("beta", positive=True)
    >>> relax(sp.exp(-beta), beta).free_symbols.pop().is_positive is None
    True
    """
    def swap(s):
        return sp.Symbol(s.name, **(assumptions or {"real": True}))

    mapping = {s: swap(s) for s in symbols}
    if isinstance(expr, sp.core.relational.Relational):
        return type(expr)(expr.lhs.xreplace(mapping), expr.rhs.xreplace(mapping), evaluate=False)
    if isinstance(expr, Derivation):
        return Derivation(expr.start.xreplace(mapping), tuple(
            dataclasses.replace(st, expr=st.expr.xreplace(mapping)) for st in expr.steps))
    if isinstance(expr, (tuple, list)):
        return tuple(relax(e, *symbols, **assumptions) for e in expr)
    if isinstance(expr, dict):
        return {k.xreplace(mapping): v.xreplace(mapping) for k, v in expr.items()}
    return expr.xreplace(mapping)
