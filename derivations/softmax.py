"""The "true softmax": bounds, limits and gradient of the log-sum-exp.

For ``x ∈ ℝⁿ`` and ``β > 0``, ``ν_β(x) = (1/β) log Σᵢ exp(β xᵢ)``.

How hypotheses are encoded.  Let ``M = max x``, attained by ``m ≥ 1``
coordinates, and ``k = n - m`` coordinates below it.  Factor
``Σᵢ exp(β xᵢ) = exp(β M) (m + r)`` with ``r = Σ_{xᵢ < M} exp(β (xᵢ - M))``.
By :func:`lse_term_bound` each term of ``r`` lies in ``(0, 1]``, so
``0 ≤ r ≤ k``; the checks write this as ``n = m + r + s`` with slack ``s ≥ 0``.
With that bookkeeping every claim below is general in ``n`` and ``m``: no
claim in this module is checked only for a particular size.
"""

import sympy as sp

from claimcheck import Claim, Domain, Mutant, claim, definition, derivation, erratum, relation, relax

definition("def.lse", "Log-sum-exp ν_β(x) = (1/β) log Σᵢ exp(βxᵢ)", label="def-lse")
definition("def.softmax", "softmax(βx)ᵢ = exp(βxᵢ)/Σⱼ exp(βxⱼ)", label="def-softmax")

beta = sp.Symbol("beta", positive=True)
M = sp.Symbol("M", real=True)
c = sp.Symbol("c", real=True)
n = sp.Symbol("n", integer=True, positive=True)
m = sp.Symbol("m", integer=True, positive=True)
k = sp.Symbol("k", integer=True, nonnegative=True)
r = sp.Symbol("r", nonnegative=True)
s = sp.Symbol("s", nonnegative=True)
d = sp.Symbol("d", nonnegative=True)
w = sp.Symbol("w", nonnegative=True)
eta = sp.Symbol("eta", nonnegative=True)
delta = sp.Symbol("delta", positive=True)
x_i = sp.Symbol("x_i", real=True)
x_j = sp.Symbol("x_j", real=True)

x = sp.IndexedBase("x", real=True)
i = sp.Symbol("i", integer=True, positive=True)
j = sp.Symbol("j", integer=True, positive=True)


def lse(values, b=beta):
    """``ν_b`` of an explicit list of SymPy values."""
    return sp.log(sum(sp.exp(b * v) for v in values)) / b


def _sum_exp(shift=0, b=beta):
    return sp.Sum(sp.exp(b * (x[i] + shift)), (i, 1, n))


#: ν_β(x) written as the factored form used by the bound chains.
nu_factored = sp.log(sp.exp(beta * M) * (m + r)) / beta


@claim
def lse_shift() -> Claim:
    """Shifting every coordinate by ``c`` shifts ``ν_β`` by ``c`` (general in ``n``)."""
    nu = sp.log(_sum_exp()) / beta
    chain = derivation(
        sp.log(_sum_exp(c)) / beta,
        ("=", sp.log(sp.exp(beta * c) * _sum_exp()) / beta, "exp of a sum; factor out exp(βc)"),
        ("=", c + nu, "log of a product of positive factors"),
    )
    return Claim(
        name="softmax.shift",
        title="Shift equivariance of log-sum-exp",
        statement=chain,
        domains=(Domain(x, "n"),),
        scope="general in n",
        uses=("def.lse",),
        mutants=(
            Mutant("dropped factor", "shift by βc instead of c", chain.with_step(2, expr=beta * c + nu)),
            Mutant("flipped sign", "factor exp(−βc) out of the sum",
                   chain.with_step(1, expr=sp.log(sp.exp(-beta * c) * _sum_exp()) / beta)),
        ),
    )


@claim
def lse_term_bound() -> Claim:
    """Each term ``exp(β(xᵢ − M))`` with ``xᵢ ≤ M`` lies in ``(0, 1]``; needs ``β > 0``."""
    term = sp.exp(beta * (x_i - M))
    statement = (relation(term, ">", 0), relation(term, "<=", 1))
    where = {x_i: M - d}
    return Claim(
        name="softmax.term_bound",
        title="Each normalised term lies in (0, 1]",
        statement=statement,
        where=where,
        hypotheses=(r"x_i \le M = \max x, \text{ written } x_i = M - d",),
        scope="general (one coordinate)",
        uses=("def.lse",),
        mutants=(
            Mutant("missing hypothesis", "β allowed to be negative", relax(statement, beta),
                   where=relax(where, beta)),
            Mutant("flipped sign", "term bounded below by 1", (relation(term, ">", 0), relation(term, ">=", 1))),
        ),
    )


@claim
def lse_upper_bound() -> Claim:
    """``ν_β(x) ≤ max x + (log n)/β``: each of the ``n`` terms is at most ``exp(βM)``."""
    chain = derivation(
        nu_factored,
        ("=", M + sp.log(m + r) / beta, "log of a product; β > 0"),
        ("<=", M + sp.log(m + r + s) / beta, "log is increasing and s ≥ 0"),
        ("=", M + sp.log(n) / beta, "n = m + r + s"),
    )
    return Claim(
        name="softmax.upper_bound",
        title=r"Upper bound: $\nu_\beta(x) \le \max x + (\log n)/\beta$",
        statement=chain,
        where={n: m + r + s},
        hypotheses=(r"0 \le r \le n - m \text{ (each of the } n-m \text{ terms of } r \text{ is in } (0,1])",),
        scope="general in n",
        uses=("softmax.term_bound",),
        mutants=(
            Mutant("dropped factor", "log n without the 1/β", chain.with_step(3, expr=M + sp.log(n))),
            Mutant("missing hypothesis", "slack s may be negative (r > n − m)", relax(chain, s),
                   where={n: m + r + relax(s, s)}),
            Mutant("swapped order", "≥ in place of ≤", chain.with_step(2, rel=">=")),
        ),
    )


@claim
def lse_lower_bound() -> Claim:
    """``ν_β(x) ≥ max x + (log m)/β ≥ max x`` when ``m`` coordinates tie at the max."""
    chain = derivation(
        nu_factored,
        ("=", M + sp.log(m + r) / beta, "log of a product; β > 0"),
        (">=", M + sp.log(m) / beta, "log is increasing and r ≥ 0"),
        (">=", M, "m ≥ 1, so log m ≥ 0"),
    )
    return Claim(
        name="softmax.lower_bound",
        title=r"Lower bound with ties: $\nu_\beta(x) \ge \max x + (\log m)/\beta$",
        statement=chain,
        hypotheses=(r"m \text{ coordinates equal } M = \max x",),
        scope="general in n and m",
        uses=("softmax.term_bound",),
        mutants=(
            Mutant("swapped order", "≤ in the monotonicity step", chain.with_step(2, rel="<=")),
            Mutant("missing hypothesis", "m any positive real (m < 1 allowed)",
                   relax(chain, m, positive=True)),
            Mutant("wrong constant", "log(m + 1) in place of log m",
                   chain.with_step(2, expr=M + sp.log(m + 1) / beta)),
        ),
    )


@claim
def lse_limit() -> Claim:
    """Both bounds tend to ``max x`` as ``β → ∞``, so ``ν_β(x) → max x`` (squeeze)."""
    upper = sp.Limit(M + sp.log(n) / beta, beta, sp.oo)
    lower = sp.Limit(M + sp.log(m) / beta, beta, sp.oo)
    return Claim(
        name="softmax.limit",
        title=r"$\nu_\beta(x) \to \max x$ as $\beta \to \infty$",
        statement=(relation(upper, "=", M), relation(lower, "=", M)),
        scope="general in n",
        uses=("softmax.upper_bound", "softmax.lower_bound"),
        mutants=(
            Mutant("wrong constant", "limit of the upper bound taken as max x + log n",
                   (relation(upper, "=", M + sp.log(n)), relation(lower, "=", M))),
            Mutant("swapped order", "β → 0⁺ instead of β → ∞",
                   (relation(sp.Limit(M + sp.log(n) / beta, beta, 0), "=", M), relation(lower, "=", M))),
        ),
    )


@claim
def lse_gradient() -> Claim:
    """``∂ν_β/∂x_j = exp(βx_j) / Σᵢ exp(βxᵢ)``, i.e. ``∇ν_β(x) = softmax(βx)``, for ``1 ≤ j ≤ n``."""
    nu = sp.log(_sum_exp()) / beta
    grad = relation(sp.Derivative(nu, x[j]), "=", sp.exp(beta * x[j]) / _sum_exp())
    where = {n: j + k}
    return Claim(
        name="softmax.gradient",
        title=r"The gradient of $\nu_\beta$ is $\operatorname{softmax}(\beta x)$",
        statement=grad,
        where=where,
        domains=(Domain(x, "n"),),
        hypotheses=(r"1 \le j \le n, \text{ written } n = j + k",),
        scope="general in n",
        uses=("def.lse", "def.softmax"),
        mutants=(
            Mutant("dropped factor", "softmax(x) in place of softmax(βx)",
                   relation(sp.Derivative(nu, x[j]), "=", sp.exp(x[j]) / sp.Sum(sp.exp(x[i]), (i, 1, n)))),
            Mutant("missing hypothesis", "j not restricted to 1..n", where={}),
        ),
    )


@claim
def lse_softmax_squeeze() -> Claim:
    """Bounds on ``softmax(βx)`` from the factored form (``δ`` = gap to the runner-up)."""
    where = {r: k * sp.exp(-beta * delta) / (1 + w), x_j: M - delta - eta}
    tied = 1 / (m + r)
    below = sp.exp(beta * (x_j - M)) / (m + r)
    statement = (
        relation(tied, ">=", 1 / (m + k * sp.exp(-beta * delta))),
        relation(tied, "<=", 1 / m),
        relation(below, "<=", sp.exp(beta * (x_j - M)) / m),
        relation(sp.exp(beta * (x_j - M)) / m, "<=", sp.exp(-beta * delta) / m),
    )
    return Claim(
        name="softmax.squeeze",
        title="Squeeze bounds on softmax(βx)",
        statement=statement,
        where=where,
        hypotheses=(
            r"\text{a tied coordinate has } \mathrm{softmax}_i = 1/(m+r)",
            r"0 \le r \le k\,e^{-\beta\delta},\ \text{written } r = k e^{-\beta\delta}/(1+w)",
            r"x_j \le M - \delta \text{ for the others, written } x_j = M - \delta - \eta",
        ),
        scope="general in n and m",
        uses=("softmax.term_bound", "def.softmax"),
        mutants=(
            Mutant("dropped factor", "lower bound without the k", (
                relation(tied, ">=", 1 / (m + sp.exp(-beta * delta))),) + statement[1:]),
            Mutant("missing hypothesis", r"$x_j$ above $M - \delta$ allowed",
                   where={r: where[r], x_j: M - delta + eta}),
        ),
    )


@claim
def lse_gradient_limit() -> Claim:
    """As ``β → ∞``: tied coordinates of ``softmax(βx)`` tend to ``1/m``, the rest to 0.

    With a unique argmax (``m = 1``) this is ``e_{i_max}``; with ties the limit
    spreads mass ``1/m`` over the tied coordinates.  Needs ``δ > 0``: at ``δ = 0``
    the lower bound tends to ``1/(m + k)``, which the ``δ ≥ 0`` mutant's counterexample shows.
    """
    lower = sp.Limit(1 / (m + k * sp.exp(-beta * delta)), beta, sp.oo)
    below = sp.Limit(sp.exp(-beta * delta) / m, beta, sp.oo)
    statement = (relation(lower, "=", 1 / m), relation(below, "=", 0))
    return Claim(
        name="softmax.gradient_limit",
        title="Limit of the gradient: mass 1/m on each tied maximum",
        statement=statement,
        scope="general in n and m",
        uses=("softmax.gradient", "softmax.squeeze"),
        mutants=(
            Mutant("wrong constant", r"limit $e_{i_{\max}}$ (mass 1) even with ties",
                   (relation(lower, "=", 1), relation(below, "=", 0))),
            Mutant("missing hypothesis", "gap δ ≥ 0 (no strict runner-up gap)",
                   relax(statement, delta, nonnegative=True)),
        ),
    )


erratum(
    where="HW7 (2024) P1(c), the handwritten solution",
    says=r"as $\beta \to \infty$, $\partial\nu_\beta/\partial x_i \to 1$ for $i = i_{\max}$ and $\to 0$ for every "
         r"other $i$, so $\nabla\nu_\beta(x) \to e_{i_{\max}}$; that the maximum is attained at one index only "
         r"is not said (the typed solution of the same problem does say it)",
    correction=r"the limit $e_{i_{\max}}$ needs a unique maximiser; when $m$ coordinates tie at $\max_i x_i$, each of "
               r"them tends to $1/m$ (and every other coordinate to 0)",
    shown_by=("softmax.gradient_limit", "softmax.squeeze"),
    kind="note",
    problem="hw7-2024-p1",
)

erratum(
    where="HW7 (2024) P1(b), the handwritten solution",
    says=r"$\partial\nu_\beta/\partial x_i = \exp(\beta x_i)/\sum_{i=1}^n \exp(\beta x_i)$: the summation index is the "
         r"free index $i$ (as transcribed)",
    correction=r"$\partial\nu_\beta/\partial x_i = \exp(\beta x_i)/\sum_{j=1}^n \exp(\beta x_j)$, a sum over a "
               r"separate index $j$",
    shown_by=("softmax.gradient",),
    kind="typo",
    problem="hw7-2024-p1",
)
