"""Rules of matrix algebra and of expectation that the general-dimension proofs apply.

At a symbolic size (``MatrixSymbol("A", n, n)``) SymPy cannot derive these
rules: it cannot write the matrices out.  So each is stated here as a claim of
its own and checked at several concrete sizes with every entry a symbol; the
checker's normal form for matrix expressions
(:mod:`claimcheck.checker.matrices`) and :class:`derivations.moments.Expectation`
apply them at a symbolic size, and a claim whose proof needs them lists them in
``uses``, so the dependency graph shows what rests on them.  A check at a few
sizes is evidence, not a proof for every size; the rules themselves are
standard (linearity of the trace and of expectation, ``tr(AB) = tr(BA)``,
``det(AB) = det A · det B``).
"""

import sympy as sp

from claimcheck import Claim, Domain, Mutant, claim, definition, relation
from .moments import Expectation, QuadForm, gaussian_second_moment

definition("def.covariance", "Mean and covariance: E[x] = μ, E[(x − μ)(x − μ)ᵀ] = Σ, so E[xxᵀ] = Σ + μμᵀ",
           label="def-covariance")

#: The sizes each rule is checked at.
SIZES = (1, 2, 3)
a, b = sp.symbols("a b", real=True)


def _explicit(*matrices) -> dict:
    """Each matrix symbol of concrete shape written out as a matrix of real symbols (for ``where``)."""
    def entry(m, i, j):
        return sp.Symbol(f"{{{sp.latex(m)}}}_{{[{i + 1}{j + 1}]}}", real=True)

    return {m: sp.ImmutableMatrix(*m.shape, lambda i, j: entry(m, i, j)) for m in matrices}


def _square(name: str, k: int) -> sp.MatrixSymbol:
    return sp.MatrixSymbol(name, k, k)


def _at_sizes(build) -> tuple:
    """``build(k)`` -> (relations, matrices) for each size; the relations joined, the matrices written out."""
    relations, where = [], {}
    for k in SIZES:
        rels, matrices = build(k)
        relations += rels
        where.update(_explicit(*matrices))
    return tuple(relations), where


def _symmetric(name: str, k: int) -> sp.ImmutableMatrix:
    """A symmetric ``k × k`` matrix of real symbols: a covariance is symmetric."""
    return sp.ImmutableMatrix(k, k, lambda i, j: sp.Symbol(f"{{{name}}}_{{{min(i, j) + 1}{max(i, j) + 1}}}", real=True))


def _domains(where: dict) -> tuple[Domain, ...]:
    return tuple(Domain(m) for m in where)


@claim
def rules_trace_linear() -> Claim:
    """``tr(aA + bB) = a tr A + b tr B`` and ``tr Aᵀ = tr A``, for square matrices of sizes 1, 2 and 3."""
    def build(k, wrong=False):
        A, B = _square(f"A_{k}", k), _square(f"B_{k}", k)
        rhs = a * sp.Trace(A) + (b if not wrong else a) * sp.Trace(B)
        return [relation(sp.Trace(a * A + b * B), "=", rhs), relation(sp.Trace(A.T), "=", sp.Trace(A))], (A, B)

    statement, where = _at_sizes(build)
    wrong, _ = _at_sizes(lambda k: build(k, wrong=True))
    return Claim(
        name="rules.trace_linear",
        title="The trace is linear and invariant under transposition",
        statement=statement,
        where=where,
        domains=_domains(where),
        hypotheses=(r"a, b \in \mathbb{R}",),
        fixed={"n": "1, 2, 3"},
        scope="checked at sizes 1, 2 and 3 with every entry a symbol; applied at every size",
        mutants=(Mutant("wrong constant", "the coefficient a on both traces", wrong),),
    )


@claim
def rules_trace_cyclic() -> Claim:
    """``tr(AB) = tr(BA)`` for ``A`` of size ``k × l`` and ``B`` of size ``l × k``, (k, l) = (1, 2), (2, 2), (3, 2),
    and ``tr(ABC) = tr(CAB)`` for square ``A, B, C`` of sizes 2 and 3 (a cyclic shift, not any reordering)."""
    def relations(shifted=lambda A, B, C: C * A * B):
        rels, where = [], {}
        for k, l in ((1, 2), (2, 2), (3, 2)):
            A, B = sp.MatrixSymbol(f"A_{{{k}{l}}}", k, l), sp.MatrixSymbol(f"B_{{{l}{k}}}", l, k)
            rels.append(relation(sp.Trace(A * B), "=", sp.Trace(B * A)))
            where.update(_explicit(A, B))
        for k in (2, 3):
            A, B, C = (_square(f"{name}_{k}", k) for name in "ABC")
            rels.append(relation(sp.Trace(A * B * C), "=", sp.Trace(shifted(A, B, C))))
            where.update(_explicit(A, B, C))
        return tuple(rels), where

    statement, where = relations()
    return Claim(
        name="rules.trace_cyclic",
        title="The trace is cyclic: tr(AB) = tr(BA)",
        statement=statement,
        where=where,
        domains=_domains(where),
        fixed={"(k, l)": "(1, 2), (2, 2), (3, 2), (2, 2), (3, 3)"},
        scope="checked at five shapes with every entry a symbol; applied at every size",
        mutants=(Mutant("swapped order", "tr(ABC) = tr(BAC): a reordering that is not a cyclic shift",
                        relations(shifted=lambda A, B, C: B * A * C)[0]),),
    )


@claim
def rules_det_multiplicative() -> Claim:
    """``det(AB) = det A det B`` for sizes 1 and 2, ``det Aᵀ = det A`` and ``det(cA) = cᵏ det A`` for sizes 1 to 3."""
    def build(k, power=None):
        A, B = _square(f"A_{k}", k), _square(f"B_{k}", k)
        # det(AB) at size 3 is a degree-6 polynomial in 18 entries: seconds to expand, so sizes 1 and 2 only.
        product = [relation(sp.Determinant(A * B), "=", sp.Determinant(A) * sp.Determinant(B))] if k < 3 else []
        scaled = a ** (k if power is None else power) * sp.Determinant(A)
        rest = [relation(sp.Determinant(A.T), "=", sp.Determinant(A)), relation(sp.Determinant(a * A), "=", scaled)]
        return product + rest, (A, B) if k < 3 else (A,)

    statement, where = _at_sizes(build)
    return Claim(
        name="rules.det_multiplicative",
        title="The determinant is multiplicative: det(AB) = det A · det B",
        statement=statement,
        where=where,
        domains=_domains(where),
        hypotheses=(r"a \in \mathbb{R}",),
        fixed={"n": "1, 2, 3"},
        scope="checked at sizes 1 and 2 (the product) and 1 to 3 (transpose, scaling) with every entry a symbol; "
              "applied at every size "
              "(with det(A⁻¹) = 1/det A, which SymPy applies itself)",
        mutants=(Mutant("wrong constant", "det(aA) = a det A", _at_sizes(lambda k: build(k, power=1))[0]),),
    )


@claim
def rules_expectation_quadratic() -> Claim:
    """``E[xᵀMx] = tr(M E[xxᵀ])`` and ``E[vᵀx] = vᵀE[x]`` for sizes 1, 2, 3: linearity of expectation.

    The left sides are computed entry by entry from the first two moments
    (:class:`derivations.moments.Expectation`); the right sides are what
    ``Expectation`` computes at a symbolic size.
    """
    def build(k, second_of=None):
        x, v = sp.MatrixSymbol(f"x_{k}", k, 1), sp.MatrixSymbol(f"v_{k}", k, 1)
        M, S, mu = _square(f"M_{k}", k), _square(f"Sigma_{k}", k), sp.MatrixSymbol(f"mu_{k}", k, 1)
        second = gaussian_second_moment(mu, S)
        law = r"(\mu_{%d}, \Sigma_{%d})" % (k, k)
        rhs_second = second if second_of is None else second_of(mu, S)
        return [relation(Expectation(QuadForm(x, M), x, mu, second, law), "=", sp.Trace(M * rhs_second)),
                relation(Expectation(sp.Trace(v.T * x), x, mu, second, law), "=", sp.Trace(v.T * mu))], (v, M, mu)

    statement, where = _at_sizes(build)
    where.update({_square(f"Sigma_{k}", k): _symmetric(rf"\sigma^{{({k})}}", k) for k in SIZES})
    return Claim(
        name="rules.expectation_quadratic",
        title="Linearity of expectation for linear and quadratic forms",
        statement=statement,
        where=where,
        domains=_domains(where),
        hypotheses=(r"x_k \text{ has mean } \mu_k \text{ and covariance } \Sigma_k = \Sigma_k^{\top} "
                    r"\text{ (any law)}",),
        fixed={"d": "1, 2, 3"},
        scope="checked at sizes 1, 2 and 3 with every entry a symbol; applied at every size",
        uses=("def.covariance",),
        mutants=(Mutant("dropped factor", "E[xxᵀ] taken as Σ (the mean's part μμᵀ dropped)",
                        _at_sizes(lambda k: build(k, second_of=lambda mu, S: S))[0]),),
    )
