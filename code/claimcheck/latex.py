"""LaTeX for statements and hypotheses, rendered from the same SymPy objects that are checked."""

from __future__ import annotations

import sympy as sp

from .model import Claim, Derivation, Domain, Mutant
from .printing import tex

_REL_TEX = {"=": "=", "<=": r"\le", ">=": r"\ge", "<": "<", ">": ">"}
_RELATIONAL_TEX = {sp.Eq: "=", sp.Le: r"\le", sp.Ge: r"\ge", sp.Lt: "<", sp.Gt: ">"}

#: A relation (or a derivation's start) whose LaTeX is longer than this is set on two lines, the relation
#: sign opening the second: on a phone, and in the book's column, one line of it would not fit.
ONE_LINE_MAX = 200


def _on_two_lines(rel, **settings) -> str:
    """A relation as LaTeX, its right side on a line of its own where the whole is long.

    >>> from claimcheck import relation
    >>> x = sp.Symbol("x")
    >>> _on_two_lines(relation(x, "=", 1))
    'x = 1'
    >>> long = sp.Add(*sp.symbols("a:z"))
    >>> print(_on_two_lines(relation(long, "=", long)))
    \\begin{aligned}&a + b + ... + z \\\\ &\\quad= a + b + ... + z\\end{aligned}
    """
    whole = tex(rel, **settings)
    if len(whole) <= ONE_LINE_MAX or type(rel) not in _RELATIONAL_TEX:
        return whole
    return (f"\\begin{{aligned}}&{tex(rel.lhs, **settings)} \\\\ "
            f"&\\quad{_RELATIONAL_TEX[type(rel)]} {tex(rel.rhs, **settings)}\\end{{aligned}}")


def latex(claim_or_statement) -> str:
    """LaTeX for a claim's statement (or a bare statement); a derivation numbers its steps.

    A claim with a display form shows it, its terms in the order written.

    >>> from claimcheck import Claim, derivation, relation
    >>> x = sp.Symbol("x")
    >>> latex(relation(x**2, ">=", 0))
    'x^{2} \\\\geq 0'
    >>> print(latex(derivation(x * (x + 1), ("=", x**2 + x, "expand"))))
    \\begin{aligned}
    x \\left(x + 1\\right) &= x^{2} + x && \\text{(1)}
    \\end{aligned}
    >>> from claimcheck.display import written
    >>> latex(Claim("demo.t", "t", relation(x + 1, "=", 1 + x), display=relation(written(1, x), "=", 1 + x)))
    '1 + x = 1 + x'
    """
    if isinstance(claim_or_statement, Claim):
        s, checked = claim_or_statement.shown(), claim_or_statement.statement
    else:
        s = checked = claim_or_statement

    def show(expr, as_checked) -> str:  # what the author wrote in the order written; the rest as SymPy orders it
        return _on_two_lines(expr) if expr is as_checked else _on_two_lines(expr, order="none")

    if isinstance(s, Derivation):
        rows = [f"{show(s.start, checked.start)} "]
        for k, (step, as_checked) in enumerate(zip(s.steps, checked.steps), 1):
            rows.append(f"&{_REL_TEX[step.rel]} {show(step.expr, as_checked.expr)} && \\text{{({k})}}")
        if len(rows[0]) > ONE_LINE_MAX // 2:  # a long start on a line of its own; the steps below it, indented
            rows = [f"&{rows[0]}"] + [row.replace("&", "&\\quad", 1) for row in rows[1:]]
        else:
            rows[0] += rows.pop(1)
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
    if isinstance(s, (tuple, list)):
        # A part the author wrote is shown as written even where SymPy's cache made it the checked object itself.
        display = getattr(claim_or_statement, "display", None)
        written = display if isinstance(display, (tuple, list)) else [None] * len(s)
        return ("\\begin{gathered}\n" + " \\\\\n".join(
            show(r, None if w is not None else r_checked) for r, r_checked, w in zip(s, checked, written))
            + "\n\\end{gathered}")
    return show(s, checked)


def _number_set(s) -> str | None:
    """The set the symbol's assumptions put it in, as LaTeX (None: no assumption worth saying)."""
    if s.is_integer:
        return ("\\mathbb{Z}_{\\ge 1}" if s.is_positive else
                "\\mathbb{Z}_{\\ge 0}" if s.is_nonnegative else "\\mathbb{Z}")
    for holds, text in ((s.is_positive, "\\mathbb{R}_{>0}"), (s.is_nonnegative, "\\mathbb{R}_{\\ge 0}"),
                        (s.is_negative, "\\mathbb{R}_{<0}"), (s.is_real, "\\mathbb{R}")):
        if holds:
            return text
    return None


def _symbol_condition(s: sp.Symbol) -> str | None:
    """What the symbol's assumptions say about it, as LaTeX (None: nothing worth saying)."""
    t = tex(s)
    if s.is_integer:
        return f"{t} \\in {_number_set(s)}"
    for holds, text in ((s.is_positive, f"{t} > 0"), (s.is_nonnegative, f"{t} \\ge 0"),
                        (s.is_negative, f"{t} < 0"), (s.is_real, f"{t} \\in \\mathbb{{R}}")):
        if holds:
            return text
    return None


def _symbols(claim: Claim) -> set:
    """The symbols and indexed entries the claim's statement and substitutions mention."""
    symbols = set()
    for _, rel in claim.parts():
        symbols |= {a for a in rel.free_symbols if isinstance(a, (sp.Symbol, sp.Indexed))}
        for matrix in rel.atoms(sp.MatrixSymbol):  # the sizes of matrix symbols (d in d × d) are symbols too
            symbols |= {a for k in matrix.shape for a in sp.sympify(k).free_symbols if isinstance(a, sp.Symbol)}
    for k, v in claim.where.items():
        symbols |= {a for a in sp.sympify(v).free_symbols if isinstance(a, (sp.Symbol, sp.Indexed))} | {k}
    return {s for s in symbols if not isinstance(s, (sp.Dummy, sp.MatrixSymbol))}


def _members(domain: Domain, claim: Claim, symbols: set) -> set:
    """The claim's symbols that belong to a domain's family."""
    family = domain.family
    if isinstance(family, sp.IndexedBase):
        return {s for s in symbols if s == family.label or isinstance(s, sp.Indexed) and s.base == family}
    if isinstance(family, sp.MatrixSymbol):
        value = claim.where.get(family)
        return set(value.free_symbols) & symbols if value is not None else set()
    return set(sp.Matrix(family).free_symbols if not isinstance(family, (tuple, list)) else family) & symbols


def _appears_whole(family, claim: Claim) -> bool:
    """Whether ``family`` is a matrix symbol that the claim mentions and gives no entries by ``where``."""
    return isinstance(family, sp.MatrixSymbol) and family not in claim.where and any(
        family in rel.atoms(sp.MatrixSymbol) for _, rel in claim.parts())


def _shape(domain: Domain) -> str:
    family = domain.family
    shape = getattr(family, "shape", None)  # a matrix's, an array's, a shaped IndexedBase's; a tuple has none
    if domain.shape or not shape:
        return domain.shape
    rows = [tex(n) for n in shape if not (len(shape) == 2 and n == 1)]
    return " \\times ".join(rows)  # empty for a 1 × 1 matrix: a number


def domain_text(domain: Domain, claim: Claim, symbols: set) -> tuple[str, set]:
    """A domain's hypothesis, ``shown ∈ S^shape``, and the symbols it covers.

    >>> from claimcheck import Claim, Domain, relation
    >>> x, i, n = sp.IndexedBase("x", real=True), sp.Symbol("i", integer=True), sp.Symbol("n")
    >>> demo = Claim("demo.sum", "t", relation(sp.Sum(x[i] ** 2, (i, 1, n)), ">=", 0))
    >>> domain_text(Domain(x, "n"), demo, _symbols(demo))[0]
    'x \\\\in \\\\mathbb{R}^{n}'
    """
    members = _members(domain, claim, symbols)
    if not members and _appears_whole(domain.family, claim):
        # A matrix symbol the check writes out only at probe points: a real matrix of its shape.
        return f"{domain.shown or sp.latex(domain.family)} \\in \\mathbb{{R}}^{{{_shape(domain)}}}", set()
    if not members:
        raise ValueError(f"claim {claim.name!r}: domain of {domain.family} covers none of its symbols")
    sets = {_number_set(s) for s in members}
    if len(sets) != 1 or None in sets:
        raise ValueError(f"claim {claim.name!r}: the symbols of the domain of {domain.family} have different "
                         f"assumptions ({', '.join(sorted(map(str, members)))}): give each kind a domain of its own")
    if not domain.shown and not isinstance(domain.family, (sp.IndexedBase, sp.MatrixSymbol)):
        raise ValueError(f"claim {claim.name!r}: a domain of symbols {domain.family} needs the name it is shown by")
    shown = domain.shown or tex(domain.family.label if isinstance(domain.family, sp.IndexedBase)
                                     else domain.family)
    shape = _shape(domain)
    return f"{shown} \\in {sets.pop()}" + (f"^{{{shape}}}" if shape else ""), members


def assumption_text(claim: Claim, strict: bool = True) -> list[str]:
    """The hypotheses carried by the symbols' assumptions, as LaTeX.

    A family declared in the claim's ``domains`` shows as one entry; the label
    of an ``IndexedBase`` is a name, not a number: it shows only when no entry
    does (bound by a sum), as "x with entries in ℝ", and none when a domain
    covers every entry.  A domain that does not
    fit the claim's symbols is an error, unless not ``strict`` (a mutant's
    altered symbols): then its symbols show one by one.

    >>> from claimcheck import Claim, relation
    >>> b, n = sp.Symbol("beta", positive=True), sp.Symbol("n", integer=True, positive=True)
    >>> assumption_text(Claim("demo.t", "t", relation(b * n, ">", 0)))
    ['\\\\beta > 0', 'n \\\\in \\\\mathbb{Z}_{\\\\ge 1}']
    """
    symbols = _symbols(claim)
    words = []
    covered = set()
    for domain in claim.domains:
        try:
            text, members = domain_text(domain, claim, symbols)
        except ValueError:
            if strict:
                raise
            continue
        words.append(text)
        symbols -= members
        covered |= members
    labels = {s.base.label for s in symbols if isinstance(s, sp.Indexed)}
    for s in sorted(symbols, key=str):
        if s in labels:
            continue
        entries = {a for a in indexed_entries(claim) if a.base.label == s}
        if entries:
            kind = _number_set(s)
            shown = kind and entries - covered  # a domain that covers every entry says it all
            words.append(f"{tex(s)} \\text{{ with entries in }} {kind}" if shown else None)
        else:
            words.append(_symbol_condition(s))
    return [w for w in words if w]


def indexed_entries(claim: Claim) -> set:
    """Every indexed entry in the claim's objects, bound or free."""
    found = set()
    for _, rel in claim.parts():
        found |= rel.atoms(sp.Indexed)
    for k, v in claim.where.items():
        found |= sp.sympify(v).atoms(sp.Indexed) | ({k} if isinstance(k, sp.Indexed) else set())
    return found


def conditions(claim: Claim, strict: bool = True) -> list[str]:
    """Every hypothesis shown with a claim, as LaTeX: assumptions, substitutions, then prose.

    A matrix symbol that a domain declares (``μ₀ ∈ ℝ²``) is not shown again as
    the matrix of its entries that ``where`` puts in its place: that only names
    them (as a counterexample does).
    """
    declared = {d.family for d in claim.domains if isinstance(d.family, sp.MatrixSymbol)}
    return assumption_text(claim, strict) + [
        f"{tex(k)} = {tex(v)}" for k, v in claim.where.items() if k not in declared
    ] + list(claim.hypotheses)


def instance_text(claim: Claim) -> str:
    """The values an exact-instance claim is evaluated at, as LaTeX (empty if none)."""
    return ", ".join(f"{tex(k)} = {tex(v)}" for k, v in claim.instance.items())


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
    checked = dict(claim.parts())
    # A part that is the claim's own object reads as it does: only the others are printed and compared.
    others = [(label, rel) for label, rel in planted.parts() if label not in checked or checked[label] != rel]
    return [(label, wrong) for label, wrong in ((label, tex(rel)) for label, rel in others)
            if label not in checked or tex(checked[label]) != wrong]


def changed_hypotheses(claim: Claim, mutant: Mutant) -> tuple[list[str], list[str]]:
    """The hypotheses a mutant drops from the claim's, and those it puts in their place, as LaTeX.

    >>> from claimcheck import Claim, Mutant, relation, relax
    >>> b = sp.Symbol("beta", positive=True)
    >>> demo = Claim("demo.exp", "exp(-beta) < 1", relation(sp.exp(-b), "<", 1))
    >>> changed_hypotheses(demo, Mutant("missing hypothesis", "beta real", relax(demo.statement, b)))
    (['\\\\beta > 0'], ['\\\\beta \\\\in \\\\mathbb{R}'])
    """
    before, after = conditions(claim), conditions(claim.mutant(mutant), strict=False)
    return [c for c in before if c not in after], [c for c in after if c not in before]
