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
from claimcheck.checker import matrices
from claimcheck.checker.applications import substituted
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


#: Each rule at a symbolic size (its ``pattern``): what a proof applies by substitution.  The claims check
#: instances of it, made by the checker's own substitution (square matrices of size n, A of size k × l).
n_, k_, l_ = sp.symbols("n k l", integer=True, positive=True)
A_n, B_n = sp.MatrixSymbol("A", n_, n_), sp.MatrixSymbol("B", n_, n_)
A_kl, B_lk = sp.MatrixSymbol("A", k_, l_), sp.MatrixSymbol("B", l_, k_)
TRACE_LINEAR = (relation(sp.Trace(a * A_n + b * B_n), "=", a * sp.Trace(A_n) + b * sp.Trace(B_n)),
                relation(sp.Trace(A_n.T), "=", sp.Trace(A_n)))
TRACE_CYCLIC = relation(sp.Trace(A_kl * B_lk), "=", sp.Trace(B_lk * A_kl))
assert TRACE_CYCLIC == matrices.TRACE_CYCLIC, "the rule the checker's trace tactic applies is the one checked here"
DET_MULTIPLICATIVE = (relation(sp.Determinant(A_n * B_n), "=", sp.Determinant(A_n) * sp.Determinant(B_n)),
                      relation(sp.Determinant(A_n.T), "=", sp.Determinant(A_n)),
                      relation(sp.Determinant(a * A_n), "=", a ** n_ * sp.Determinant(A_n)))
assert DET_MULTIPLICATIVE == matrices.DET_MULTIPLICATIVE, "the determinant's rules as the checker's tactic applies them"
WHY_RULE = "SymPy cannot write out a matrix of symbolic size"


def _instances(pattern, substitution: dict) -> list:
    """The pattern's relations with the substitution, as the checker applies a rule (so each is an instance)."""
    return [sp.Eq(substituted(r.lhs, substitution), substituted(r.rhs, substitution), evaluate=False)
            for r in (pattern if isinstance(pattern, tuple) else (pattern,))]


@claim
def rules_trace_linear() -> Claim:
    """``tr(aA + bB) = a tr A + b tr B`` and ``tr Aᵀ = tr A``, for square matrices of sizes 1, 2 and 3."""
    def build(k, pattern=TRACE_LINEAR):
        A, B = _square(f"A_{k}", k), _square(f"B_{k}", k)
        return _instances(pattern, {A_n: A, B_n: B, n_: k}), (A, B)

    statement, where = _at_sizes(build)
    wrong = (relation(TRACE_LINEAR[0].lhs, "=", a * sp.Trace(A_n) + a * sp.Trace(B_n)), TRACE_LINEAR[1])
    return Claim(
        name="rules.trace_linear",
        title="The trace is linear and invariant under transposition",
        statement=statement,
        pattern=TRACE_LINEAR,
        where=where,
        domains=_domains(where),
        hypotheses=(r"a, b \in \mathbb{R}",),
        fixed={"n": "1, 2, 3"},
        scope=f"checked at sizes 1, 2 and 3 with every entry a symbol; applied at every size ({WHY_RULE})",
        mutants=(Mutant("wrong constant", "the coefficient a on both traces",
                        _at_sizes(lambda k: build(k, wrong))[0]),),
    )


@claim
def rules_trace_cyclic() -> Claim:
    """``tr(AB) = tr(BA)`` for ``A`` of size ``k × l`` and ``B`` of size ``l × k``, (k, l) = (1, 2), (2, 2), (3, 2),
    and, with ``A ↦ AB``, ``B ↦ C``, ``tr(ABC) = tr(CAB)`` for square ``A, B, C`` of sizes 2 and 3 (a cyclic shift,
    not any reordering)."""
    def relations(shifted=None):
        rels, where = [], {}
        for k, l in ((1, 2), (2, 2), (3, 2)):
            A, B = sp.MatrixSymbol(f"A_{{{k}{l}}}", k, l), sp.MatrixSymbol(f"B_{{{l}{k}}}", l, k)
            rels += _instances(TRACE_CYCLIC, {A_kl: A, B_lk: B})
            where.update(_explicit(A, B))
        for k in (2, 3):
            A, B, C = (_square(f"{name}_{k}", k) for name in "ABC")
            rels += (_instances(TRACE_CYCLIC, {A_kl: A * B, B_lk: C}) if shifted is None else
                     [relation(sp.Trace(A * B * C), "=", sp.Trace(shifted(A, B, C)))])
            where.update(_explicit(A, B, C))
        return tuple(rels), where

    statement, where = relations()
    return Claim(
        name="rules.trace_cyclic",
        title="The trace is cyclic: tr(AB) = tr(BA)",
        statement=statement,
        pattern=TRACE_CYCLIC,
        where=where,
        domains=_domains(where),
        fixed={"(k, l)": "(1, 2), (2, 2), (3, 2), (2, 2), (3, 3)"},
        scope=f"checked at five shapes with every entry a symbol; applied at every size ({WHY_RULE})",
        mutants=(Mutant("swapped order", "tr(ABC) = tr(BAC): a reordering that is not a cyclic shift",
                        relations(shifted=lambda A, B, C: B * A * C)[0]),),
    )


@claim
def rules_det_multiplicative() -> Claim:
    """``det(AB) = det A det B`` for sizes 1 and 2, ``det Aᵀ = det A`` and ``det(cA) = cᵏ det A`` for sizes 1 to 3."""
    def build(k, pattern=DET_MULTIPLICATIVE):
        A, B = _square(f"A_{k}", k), _square(f"B_{k}", k)
        # det(AB) at size 3 is a degree-6 polynomial in 18 entries: seconds to expand, so sizes 1 and 2 only.
        parts = _instances(pattern if k < 3 else pattern[1:], {A_n: A, B_n: B, n_: k})
        return parts, (A, B) if k < 3 else (A,)

    statement, where = _at_sizes(build)
    wrong = DET_MULTIPLICATIVE[:2] + (relation(sp.Determinant(a * A_n), "=", a * sp.Determinant(A_n)),)
    return Claim(
        name="rules.det_multiplicative",
        title="The determinant is multiplicative: det(AB) = det A · det B",
        statement=statement,
        pattern=DET_MULTIPLICATIVE,
        where=where,
        domains=_domains(where),
        hypotheses=(r"a \in \mathbb{R}",),
        fixed={"n": "1, 2, 3"},
        scope="checked at sizes 1 and 2 (the product) and 1 to 3 (transpose, scaling) with every entry a symbol; "
              f"applied at every size, with det(A⁻¹) = 1/det A, which SymPy applies itself ({WHY_RULE}; the "
              "product at size 3 is a polynomial of degree 6 in 18 entries, seconds to expand)",
        mutants=(Mutant("wrong constant", "det(aA) = a det A", _at_sizes(lambda k: build(k, wrong))[0]),),
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
        scope=f"checked at sizes 1, 2 and 3 with every entry a symbol; applied at every size ({WHY_RULE})",
        uses=("def.covariance",),
        mutants=(Mutant("dropped factor", "E[xxᵀ] taken as Σ (the mean's part μμᵀ dropped)",
                        _at_sizes(lambda k: build(k, second_of=lambda mu, S: S))[0]),),
    )


# --------------------------------------------------------------------------
# Flattening a C × H × W tensor, the rule the linear-as-convolution proof applies

#: Channels ``c = 1..C`` (as in the convolution's definition), rows ``u = 0..H−1``, columns ``v = 0..W−1``.
C_, H_, W_ = sp.symbols("C H W", integer=True, positive=True)
c_, m_ = sp.symbols("c m", integer=True, positive=True)
u_, v_ = sp.symbols("u v", integer=True, nonnegative=True)
X_, x_, g_ = sp.IndexedBase("X"), sp.IndexedBase("x"), sp.IndexedBase("g")
#: The sizes the flatten rule is checked at, (C, H, W).
FLATTEN_SIZES = ((1, 1, 1), (2, 2, 3), (3, 3, 2))


def flat_index(row_major=True):
    """Where entry ``(c, u, v)`` lands in ``flatten(X)`` (1-based): ``(c−1)HW + uW + v + 1``, PyTorch's order
    (channel, then row, then column); ``row_major=False`` gives the order with rows and columns exchanged."""
    return (c_ - 1) * H_ * W_ + (u_ * W_ + v_ if row_major else v_ * H_ + u_) + 1


def sum_over_entries(term, height=H_, width=W_):
    """``Σ_{c=1}^{C} Σ_{u=0}^{height−1} Σ_{v=0}^{width−1} term``, nested as it is written."""
    return sp.Sum(sp.Sum(sp.Sum(term, (v_, 0, width - 1)), (u_, 0, height - 1)), (c_, 1, C_))


def flatten_pattern(row_major=True) -> tuple:
    """The rule at every size: the entries of ``x = flatten(X)``, and a sum over them reindexed by (c, u, v)."""
    k = flat_index(row_major)
    return (relation(x_[k], "=", X_[c_, u_, v_]),
            relation(sp.Sum(g_[m_], (m_, 1, C_ * H_ * W_)), "=", sum_over_entries(g_[k])))


def _flatten_instances(pattern) -> tuple[tuple, dict]:
    """The pattern at each of :data:`FLATTEN_SIZES`, the first part for every (c, u, v), and ``x`` (one family
    per size, ``x_{CHW}``) written out as NumPy's (and PyTorch's) ``reshape(-1)`` of the array of ``X``'s entries."""
    import numpy as np

    relations, where = [], {}
    entry, reindexed = pattern
    for C, H, W in FLATTEN_SIZES:
        flat = sp.IndexedBase(f"x_{{{C}{H}{W}}}")
        sizes = {C_: C, H_: H, W_: W, x_: flat}
        image = np.array([[[X_[c, u, v] for v in range(W)] for u in range(H)] for c in range(1, C + 1)], dtype=object)
        where.update({flat[k + 1]: value for k, value in enumerate(image.reshape(-1))})
        relations += [entry.xreplace({**sizes, c_: c, u_: u, v_: v})
                      for c in range(1, C + 1) for u in range(H) for v in range(W)]
        relations.append(reindexed.xreplace(sizes))
    return tuple(relations), where


@claim
def rules_flatten() -> Claim:
    """``flatten(X)`` of a ``C × H × W`` tensor holds entry (c, u, v) at ``(c−1)HW + uW + v + 1``, and a sum over
    its ``CHW`` positions is the sum over (c, u, v) of that position, for the sizes of :data:`FLATTEN_SIZES`."""
    statement, where = _flatten_instances(flatten_pattern())
    return Claim(
        name="rules.flatten",
        title="Flattening a $C \\times H \\times W$ tensor: where each entry lands, and a sum reindexed",
        statement=statement,
        pattern=flatten_pattern(),
        where=where,
        hypotheses=(r"x = \operatorname{flatten}(X) \text{ in PyTorch's order (channel, row, column)}; "
                    r"g \text{ any family indexed by } 1, \dots, C H W",),
        fixed={"(C, H, W)": ", ".join(map(str, FLATTEN_SIZES))},
        scope="checked at three sizes, every entry a symbol and $x$ written out by NumPy's reshape; applied at "
              "every size (that each position $m = 1, \\dots, C H W$ is $(c-1) H W + u W + v + 1$ for exactly one "
              "$(c, u, v)$ is division with remainder, which SymPy cannot carry out on a sum of symbolic length)",
        mutants=(Mutant("swapped order", "rows and columns exchanged: entry (c, u, v) at $(c-1) H W + v H + u + 1$",
                        _flatten_instances(flatten_pattern(row_major=False))[0]),),
    )
