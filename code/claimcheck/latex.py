"""LaTeX for statements and hypotheses, rendered from the same SymPy objects that are checked."""

from __future__ import annotations

import sympy as sp

from .model import Claim, Derivation, Mutant

_REL_TEX = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}


def latex(claim_or_statement) -> str:
    """LaTeX for a claim's statement (or a bare statement); a derivation numbers its steps.

    >>> from claimcheck import derivation, relation
    >>> x = sp.Symbol("x")
    >>> latex(relation(x**2, ">=", 0))
    'x^{2} \\\\geq 0'
    >>> print(latex(derivation(x * (x + 1), ("=", x**2 + x, "expand"))))
    \\begin{aligned}
    x \\left(x + 1\\right) &= x^{2} + x && \\text{(1)}
    \\end{aligned}
    """
    s = claim_or_statement.statement if isinstance(claim_or_statement, Claim) else claim_or_statement
    if isinstance(s, Derivation):
        rows = [f"{sp.latex(s.start)} "]
        for k, step in enumerate(s.steps, 1):
            rows.append(f"&{_REL_TEX[step.rel]} {sp.latex(step.expr)} && \\text{{({k})}}")
        rows[0] += rows.pop(1)
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
    if isinstance(s, (tuple, list)):
        return "\\begin{gathered}\n" + " \\\\\n".join(sp.latex(r) for r in s) + "\n\\end{gathered}"
    return sp.latex(s)


def _symbol_condition(s: sp.Symbol) -> str | None:
    """What the symbol's assumptions say about it, as LaTeX (None: nothing worth saying)."""
    t = sp.latex(s)
    if s.is_integer:
        return (f"{t} \\in \\mathbb{{Z}}_{{\\ge 1}}" if s.is_positive else
                f"{t} \\in \\mathbb{{Z}}_{{\\ge 0}}" if s.is_nonnegative else f"{t} \\in \\mathbb{{Z}}")
    for holds, text in ((s.is_positive, f"{t} > 0"), (s.is_nonnegative, f"{t} \\ge 0"),
                        (s.is_negative, f"{t} < 0"), (s.is_real, f"{t} \\in \\mathbb{{R}}")):
        if holds:
            return text
    return None


def assumption_text(claim: Claim) -> list[str]:
    """The hypotheses carried by the symbols' assumptions, as LaTeX.

    >>> from claimcheck import Claim, relation
    >>> b, n = sp.Symbol("beta", positive=True), sp.Symbol("n", integer=True, positive=True)
    >>> assumption_text(Claim("demo.t", "t", relation(b * n, ">", 0)))
    ['\\\\beta > 0', 'n \\\\in \\\\mathbb{Z}_{\\\\ge 1}']
    """
    symbols = set()
    for _, rel in claim.parts():
        symbols |= {a for a in rel.free_symbols if isinstance(a, sp.Symbol)}
    for k, v in claim.where.items():
        symbols |= set(v.free_symbols) | {k}
    words = [_symbol_condition(s) for s in sorted(symbols, key=str) if not isinstance(s, sp.Dummy)]
    return [w for w in words if w]


def conditions(claim: Claim) -> list[str]:
    """Every hypothesis shown with a claim, as LaTeX: assumptions, substitutions, then prose."""
    return assumption_text(claim) + [
        f"{sp.latex(k)} = {sp.latex(v)}" for k, v in claim.where.items()
    ] + list(claim.hypotheses)


def instance_text(claim: Claim) -> str:
    """The values an exact-instance claim is evaluated at, as LaTeX (empty if none)."""
    return ", ".join(f"{sp.latex(k)} = {sp.latex(v)}" for k, v in claim.instance.items())


def changed_parts(claim: Claim, mutant: Mutant) -> list[tuple[str, str]]:
    """The parts of a mutant's statement that read differently from the claim's, as (label, LaTeX).

    Empty when the mutant's statement reads like the claim's: the mutation is
    then in a hypothesis (see :func:`changed_hypotheses`).

    >>> from claimcheck import Claim, Mutant, derivation
    >>> x = sp.Symbol("x", real=True)
    >>> chain = derivation(x * (x + 1), ("=", x**2 + x, "expand"), ("<=", x**2 + x + 1, "add 1"))
    >>> demo = Claim("demo.chain", "chain", chain)
    >>> changed_parts(demo, Mutant("wrong step", "add 2", chain.with_step(2, expr=x**2 + x - 1)))
    [('step 2: add 1', 'x^{2} + x \\\\leq x^{2} + x - 1')]
    >>> changed_parts(demo, Mutant("missing hypothesis", "x complex", where={x: sp.I}))
    []
    """
    planted = claim.mutant(mutant)
    shown = {label: sp.latex(rel) for label, rel in claim.parts()}
    return [(label, tex) for label, tex in ((label, sp.latex(rel)) for label, rel in planted.parts())
            if shown.get(label) != tex]


def changed_hypotheses(claim: Claim, mutant: Mutant) -> tuple[list[str], list[str]]:
    """The hypotheses a mutant drops from the claim's, and those it puts in their place, as LaTeX.

    >>> from claimcheck import Claim, Mutant, relation, relax
    >>> b = sp.Symbol("beta", positive=True)
    >>> demo = Claim("demo.exp", "exp(-beta) < 1", relation(sp.exp(-b), "<", 1))
    >>> changed_hypotheses(demo, Mutant("missing hypothesis", "beta real", relax(demo.statement, b)))
    (['\\\\beta > 0'], ['\\\\beta \\\\in \\\\mathbb{R}'])
    """
    before, after = conditions(claim), conditions(claim.mutant(mutant))
    return [c for c in before if c not in after], [c for c in after if c not in before]
