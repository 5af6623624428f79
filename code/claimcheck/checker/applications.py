"""A step that applies a named rule by substitution: is it an instance of the rule?

A rule (``tr(AB) = tr(BA)``, a sum reindexed) is stated once at a symbolic size
and checked at several sizes as a claim of its own.  A proof step that applies
it names the rule and what stands for each of its symbols; the step holds when
the rule's two sides, with that substitution, are a part of the step's start
and what the step puts in its place.  A symbol of the rule that the
substitution does not give stands for itself.  The match is structural (``xreplace``,
no normal form), so a substitution that is not the one the step made, or a
step that does more than the rule says, fails, and says which.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import UndefinedFunction

from ..model import FAILS, HOLDS, Application
from ..printing import tex


def substituted(expr, substitution) -> sp.Basic:
    """``expr`` with each symbol of the rule replaced by what stands for it.

    A symbol, matrix symbol or indexed family given an expression is replaced
    as a whole (``xreplace``); an indexed family ``g`` or a function ``f``
    given a ``Lambda`` has each entry ``g[i]`` or value ``f(i)`` replaced by
    the ``Lambda`` at ``i``.

    >>> m, o = sp.symbols("m o", integer=True)
    >>> g, A, x = sp.IndexedBase("g"), sp.IndexedBase("A"), sp.IndexedBase("x")
    >>> substituted(sp.Sum(g[m], (m, 1, 3)), {g: sp.Lambda(m, A[o, m] * x[m])})
    Sum(A[o, m]*x[m], (m, 1, 3))
    """
    pairs = substitution.items() if isinstance(substitution, dict) else substitution
    functions = [(k, v) for k, v in pairs if isinstance(v, sp.Lambda)]
    for family, body in functions:
        if isinstance(family, sp.IndexedBase):
            expr = expr.replace(lambda e, f=family: isinstance(e, sp.Indexed) and e.base == f,
                                lambda e, b=body: b(*e.indices))
        elif isinstance(family, UndefinedFunction):
            expr = expr.replace(family, body)
        else:
            raise ValueError(f"a Lambda can stand for an indexed family or a function, not for {family}")
    expr = expr.xreplace({k: v for k, v in pairs if not isinstance(v, sp.Lambda)})
    # A product put in for a factor of a product is one product, as SymPy writes M P Q (flattened, not nested).
    return expr.replace(lambda e: isinstance(e, (sp.MatMul, sp.MatAdd)), lambda e: e.doit(deep=False))


def _shape_clash(substitution) -> str:
    """Where a matrix symbol of the rule is given a matrix of another shape.  The rule's shape symbols are bound
    by the substitution where it gives them, else by the first matrix that fixes them (``A`` of shape ``k × l``
    given an ``n × n`` matrix binds ``k`` and ``l`` to ``n``)."""
    sizes = {k: v for k, v in substitution if not isinstance(k, sp.MatrixSymbol)}
    for k, v in substitution:
        if not isinstance(k, sp.MatrixSymbol):
            continue
        given = getattr(v, "shape", None)
        if given is None:
            return f"{k} is a matrix in the rule, but the substitution gives {v}"
        for wanted, got in zip(k.shape, given):
            wanted = sp.sympify(wanted)
            if isinstance(wanted, sp.Symbol) and wanted not in sizes:
                sizes[wanted] = got
            elif sp.expand(wanted.xreplace(sizes) - got) != 0:
                return f"{k} is {k.shape[0]} × {k.shape[1]} in the rule, but the substitution gives a {given[0]} × " \
                       f"{given[1]} matrix"
    return ""


def instance_verdict(before, after, application: Application) -> tuple[str, str]:
    """``(status, detail)``: whether the step ``before → after`` is the rule applied with the substitution.

    The rule's relation (one of its parts), with the substitution, must have
    its left side occur in ``before`` (or be all of it) and ``before`` with that
    part replaced by the right side must be ``after``, exactly; a rule is also
    applied from right to left.  Anything else fails, with what differs.
    """
    pattern = application.pattern
    relations = pattern if isinstance(pattern, (tuple, list)) else (pattern,)
    moved = [(k, v) for k, v in application.substitution if k != v]
    given = ", ".join(f"{tex(k)} \\mapsto {tex(v)}" for k, v in moved)
    given = f"${given}$" if moved else "each symbol standing for itself"
    clash = _shape_clash(application.substitution)
    if clash:  # the same for each of the rule's relations: said once
        return FAILS, f"not an instance of {application.rule}: {clash}"
    why = []
    for rel in relations:
        lhs, rhs = (substituted(side, application.substitution) for side in (rel.lhs, rel.rhs))
        for old, new, direction in ((lhs, rhs, ""), (rhs, lhs, " (right to left)")):
            if before == old and after == new or before.has(old) and before.xreplace({old: new}) == after:
                return HOLDS, f"instance of {application.rule}{direction}: {given}"
        # A rule of several relations (the determinant's) says which of them each reason is about.
        part = f"${tex(rel.lhs)} = {tex(rel.rhs)}$ " if len(relations) > 1 else "the rule "
        if not (before.has(lhs) or before.has(rhs)):
            why.append(f"neither side of {part}with {given} occurs in the step's start")
        else:
            why.append(f"{part}with {given} does not turn the step's start into its end")
    return FAILS, f"not an instance of {application.rule}: " + "; ".join(why)
