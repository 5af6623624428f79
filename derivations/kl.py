"""KL divergence: nonnegativity, additivity, and the Gaussian closed form.

``D_KL(X‖Y) = ∫ f log(f/g)`` for densities ``f`` of ``X`` and ``g`` of ``Y``.

* Nonnegativity rests on ``log t ≤ t − 1`` (``t > 0``).  SymPy cannot decide
  the sign of ``t − 1 − log t`` directly, so the proof is split into two
  checked facts: ``t − 1 − log t = ∫₀¹ (t−1)² r / (1 + (t−1) r) dr`` and the
  integrand is ``≥ 0`` for ``0 < r ≤ 1``.  Monotonicity of the integral joins
  them (general, not re-proved).  The pointwise identity
  ``f log(f/g) − f + g = f (t − 1 − log t)``, ``t = g/f``, carries it to KL.
* Additivity: the logarithm of a product splits (a claim); Fubini and
  ``∫ fᵢ = 1`` do the rest.  Instances and the failure without independence are
  computed through moments (:mod:`derivations.moments`), never ``integrate``.
* The Gaussian closed form is checked step by step for every dimension ``d``
  (matrix symbols of size ``d``; the trace and expectation rules it applies
  are claims of :mod:`derivations.rules`, checked at sizes 1 to 3), and, as
  worked instances, for ``d = 1`` and ``d = 2`` with every mean and covariance
  entry a symbol; there a positive definite covariance is written through its
  Cholesky factor ``Σ = LLᵀ`` with positive diagonal, which is how the
  hypothesis "Σ positive definite" enters.
"""


import sympy as sp

from claimcheck import (Application, Claim, Domain, Mutant, claim, definition, derivation, erratum, minus, relation,
                        relax, scaled, written)
from .moments import Expectation, QuadForm, gaussian_second_moment
from .rules import A_kl, B_lk, TRACE_CYCLIC

definition("def.kl", "Kullback–Leibler divergence", label="def-kl")

t = sp.Symbol("t", positive=True)
r = sp.Symbol("r", positive=True)
z = sp.Symbol("z", nonnegative=True)
f, g = sp.symbols("f g", positive=True)
f1, f2, g1, g2 = sp.symbols("f_1 f_2 g_1 g_2", positive=True)


# --------------------------------------------------------------------------
# (a) Nonnegativity

def _log_gap_integrand(var):
    return (t - 1) ** 2 * var / (1 + (t - 1) * var)


@claim
def kl_log_gap_integral() -> Claim:
    """``t − 1 − log t = ∫₀¹ (t−1)² r/(1 + (t−1) r) dr`` for ``t > 0`` (SymPy evaluates the integral)."""
    integral = sp.Integral(_log_gap_integrand(r), (r, 0, 1))
    return Claim(
        name="kl.log_gap_integral",
        title="The gap t − 1 − log t as an integral",
        statement=relation(t - 1 - sp.log(t), "=", integral),
        scope="general (one real variable)",
        mutants=(
            Mutant("wrong constant", "t − 2 − log t", relation(t - 2 - sp.log(t), "=", integral)),
            Mutant("flipped sign", "log t − t + 1", relation(sp.log(t) - t + 1, "=", integral)),
        ),
    )


@claim
def kl_log_bound() -> Claim:
    """The integrand ``(t−1)² r/(1 + (t−1) r)`` is ``≥ 0`` for ``t > 0`` and ``0 < r ≤ 1``, so ``log t ≤ t − 1``."""
    chain = derivation(
        _log_gap_integrand(r),
        ("=", (t - 1) ** 2 / (t + z), "r = 1/(1 + z): multiply numerator and denominator by 1 + z"),
        (">=", 0, "a square over a positive number"),
    )
    where = {r: 1 / (1 + z)}
    return Claim(
        name="kl.log_bound",
        title="log t ≤ t − 1: the integrand is nonnegative",
        statement=chain,
        where=where,
        hypotheses=(r"0 < r \le 1, \text{ written } r = 1/(1+z),\ z \ge 0",),
        scope="general (one real variable); with kl.log_gap_integral and monotonicity of the integral, "
              r"$\log t \le t - 1$ for every $t > 0$, with equality only at $t = 1$",
        uses=("kl.log_gap_integral",),
        mutants=(
            Mutant("missing hypothesis", "r not restricted to (0, 1] (z may be negative)",
                   relax(chain, z), where=relax(where, z)),
            Mutant("swapped order", "integrand ≤ 0", derivation(
                _log_gap_integrand(r),
                ("=", (t - 1) ** 2 / (t + z), "r = 1/(1 + z)"),
                ("<=", 0, "sign"))),
        ),
    )


@claim
def kl_pointwise_gap() -> Claim:
    """``f log(f/g) − (f − g) = f (t − 1 − log t)`` with ``t = g/f``, for ``f, g > 0``."""
    statement = relation(f * sp.log(f / g) - (f - g), "=", f * (t - 1 - sp.log(t)))
    return Claim(
        name="kl.pointwise_gap",
        title="The KL integrand minus f − g is f·(t − 1 − log t) ≥ 0",
        statement=statement,
        where={g: t * f},
        hypotheses=(r"f, g > 0 \text{ at the point}, \ t = g/f",),
        scope="general (pointwise)",
        uses=("kl.log_bound", "def.kl"),
        mutants=(
            Mutant("flipped sign", "f log(g/f) in place of f log(f/g)",
                   relation(f * sp.log(g / f) - (f - g), "=", f * (t - 1 - sp.log(t)))),
            Mutant("dropped factor", "the factor f dropped",
                   relation(f * sp.log(f / g) - (f - g), "=", t - 1 - sp.log(t))),
        ),
    )


bound_M, slack = sp.symbols("M s", positive=True)
g_small = sp.Symbol("g_M", positive=True)  # a value of g below the threshold f e^{−M/f}


@claim
def kl_disjoint_support() -> Claim:
    """The two conventions of the KL integral are what its integrand ``f log(f/g)`` does at the edges.

    Part 1: where ``f → 0`` (``g > 0`` fixed) the integrand tends to ``0``: the convention ``0 log(0/g) = 0``.
    Part 2: where ``g → 0`` while ``f > 0`` it exceeds every bound ``M`` once ``g < f e^{−M/f}``: a set of
    positive measure where ``g = 0 < f`` makes the divergence ``+∞``, which is still ``≥ 0``.
    """
    where = {g_small: f * sp.exp(-(bound_M + slack) / f)}
    statement = (
        relation(sp.Limit(f * sp.log(f / g), f, 0, "+"), "=", 0),
        relation(f * sp.log(f / g_small), ">", bound_M),
    )
    return Claim(
        name="kl.disjoint_support",
        title="Where f vanishes the KL integrand tends to 0; where g vanishes and f does not, it is unbounded",
        statement=statement,
        where=where,
        hypotheses=(r"f, g > 0 \text{ before the limits; part 1: } g \text{ fixed; part 2: any } M > 0 "
                    r"\text{ and } g_M = f e^{-(M+s)/f} < f e^{-M/f},\ s > 0",),
        scope="general (pointwise, at the edges of the supports of f and g)",
        uses=("def.kl",),
        mutants=(
            Mutant("wrong constant", "0 log(0/g) taken as 1 (as if it were 0⁰)",
                   (relation(sp.Limit(f * sp.log(f / g), f, 0, "+"), "=", 1), statement[1])),
            Mutant("swapped order", "a point where g vanishes contributes a bounded amount (below M)",
                   (statement[0], relation(f * sp.log(f / g_small), "<", bound_M)), where=where),
        ),
    )


erratum(
    where="HW6 (2021) P5, statement: the definition of the KL divergence",
    says="$D_{\\mathrm{KL}}(X \\| Y) = \\int f \\log(f/g)\\,dx$ for densities $f$ and $g$; show it is $\\ge 0$ and "
         "additive over independent coordinates.",
    correction="The integrand is undefined where $f = 0$ or $g = 0$. The statement needs the conventions "
               "$0 \\log(0/g) = 0$ and $D_{\\mathrm{KL}} = +\\infty$ when $g = 0 < f$ on a set of positive measure "
               "(both are the limits of the integrand); with them (a) holds, and (b) holds whenever each "
               "coordinate's divergence is defined.",
    shown_by=("kl.disjoint_support",),
    kind="note", problem="hw6-2021-p5",
)


# --------------------------------------------------------------------------
# (b) Additivity

@claim
def kl_additivity_core() -> Claim:
    """``log(f₁f₂/(g₁g₂)) = log(f₁/g₁) + log(f₂/g₂)`` for positive densities (the integrand splits)."""
    statement = relation(sp.log(f1 * f2 / (g1 * g2)), "=", sp.log(f1 / g1) + sp.log(f2 / g2))
    return Claim(
        name="kl.additivity_core",
        title="The log-ratio of product densities is a sum",
        statement=statement,
        hypotheses=(r"f(x) = f_1(x_1) f_2(x_2),\ g(x) = g_1(x_1) g_2(x_2) \text{ (independent components)}",),
        scope="general (pointwise; any number of factors by induction)",
        uses=("def.kl",),
        mutants=(
            Mutant("flipped sign", "log(f₁/g₁) − log(f₂/g₂)",
                   relation(sp.log(f1 * f2 / (g1 * g2)), "=", sp.log(f1 / g1) - sp.log(f2 / g2))),
            Mutant("missing hypothesis", "values allowed to be negative (not densities)",
                   relax(statement, f1, f2, g1, g2)),
        ),
    )


lam1, lam2, mu1, mu2 = sp.symbols("lambda_1 lambda_2 mu_1 mu_2", positive=True)
u1, u2 = sp.symbols("x_1 x_2", real=True)


def exponential_moments(rates):
    """Mean vector and second-moment matrix of independent ``Exp(rateᵢ)``: ``E xᵢ = 1/λᵢ``, ``E xᵢ² = 2/λᵢ²``."""
    mean = sp.ImmutableMatrix([1 / lam for lam in rates])
    m2 = sp.ImmutableMatrix(len(rates), len(rates),
                            lambda i, j: (2 if i == j else 1) / (rates[i] * rates[j]))
    return mean, m2


def _exp_kl(x, lam, mu):
    """``E_{x∼Exp(λ)}[log f − log g]`` for 1-D exponentials, as an unevaluated Expectation."""
    density_ratio = sp.log(lam * sp.exp(-lam * x)) - sp.log(mu * sp.exp(-mu * x))
    mean, second = exponential_moments((lam,))
    return Expectation(density_ratio, sp.ImmutableMatrix([x]), mean, second, r"\mathrm{Exp}(%s)" % sp.latex(lam))


@claim
def kl_additivity_exponential() -> Claim:
    """For independent exponentials, the joint KL equals the sum of the 1-D KLs (computed through moments)."""
    xs = sp.ImmutableMatrix([u1, u2])
    joint = sp.log(lam1 * lam2 * sp.exp(-lam1 * u1 - lam2 * u2)) - sp.log(mu1 * mu2 * sp.exp(-mu1 * u1 - mu2 * u2))
    law = r"\mathrm{Exp}(\lambda_1) \otimes \mathrm{Exp}(\lambda_2)"
    mean, second = exponential_moments((lam1, lam2))
    closed = lambda lam, mu: sp.log(lam / mu) + mu / lam - 1  # noqa: E731
    statement = (
        relation(Expectation(joint, xs, mean, second, law), "=", _exp_kl(u1, lam1, mu1) + _exp_kl(u2, lam2, mu2)),
        relation(_exp_kl(u1, lam1, mu1), "=", closed(lam1, mu1)),
    )
    wrong_mean = sp.ImmutableMatrix([lam1, lam2])
    return Claim(
        name="kl.additivity_exponential",
        title="Additivity for independent exponentials",
        statement=statement,
        hypotheses=(r"X \sim \mathrm{Exp}(\lambda_1)\otimes\mathrm{Exp}(\lambda_2),\ "
                    r"Y \sim \mathrm{Exp}(\mu_1)\otimes\mathrm{Exp}(\mu_2),\ \mathbb{E}\,x_i = 1/\lambda_i",),
        scope="general in the rates; two factors",
        uses=("kl.additivity_core",),
        mutants=(
            Mutant("wrong step", "mean of Exp(λ) taken as λ", (
                relation(Expectation(joint, xs, wrong_mean, wrong_mean * wrong_mean.T, law), "=",
                         _exp_kl(u1, lam1, mu1) + _exp_kl(u2, lam2, mu2)), statement[1])),
            Mutant("wrong constant", "the −1 of the closed form dropped",
                   (statement[0], relation(_exp_kl(u1, lam1, mu1), "=", sp.log(lam1 / mu1) + mu1 / lam1))),
        ),
    )


# --------------------------------------------------------------------------
# Gaussians: log-densities with symbolic, positive definite covariances

def gaussian_log_density(x, mean, cov):
    """``log N(x; μ, Σ)`` as the log of the density formula (not pre-split)."""
    d = x.shape[0]
    return sp.log((2 * sp.pi) ** (-sp.sympify(d) / 2) * sp.Determinant(cov) ** sp.Rational(-1, 2)
                  * sp.exp(-QuadForm(x - mean, sp.Inverse(cov)) / 2))


class GaussianLogDensity(sp.Expr):
    """``log N(x; μ, Σ)``, shown so; ``doit`` writes out the density (:func:`gaussian_log_density`)."""

    is_commutative = True

    def __new__(cls, x, mean, cov):
        return sp.Expr.__new__(cls, x, mean, cov)

    def doit(self, **hints):
        return gaussian_log_density(*(arg.doit(**hints) for arg in self.args)).doit(**hints)

    def _latex(self, printer, exp=None):
        x, mean, cov = (printer._print(arg) for arg in self.args)
        return rf"\log \mathcal{{N}}\left({x};\, {mean}, {cov}\right)"


def cholesky_covariance(name: str, d: int) -> sp.ImmutableMatrix:
    """``LLᵀ`` with ``L`` lower triangular, diagonal entries positive symbols: every positive definite Σ."""
    prefix = f"{name}," if name else ""
    L = sp.ImmutableMatrix(d, d, lambda i, j: sp.Symbol(f"l_{{{prefix}{i + 1}{j + 1}}}", positive=(i == j), real=True)
                           if j <= i else 0)
    return sp.ImmutableMatrix(L * L.T)


def symbolic_vector(name: str, d: int, index: str = "") -> sp.ImmutableMatrix:
    """A column of ``d`` real symbols ``name_{index,1} … name_{index,d}`` (``name_1 …`` without index)."""
    prefix = f"{index}," if index else ""
    return sp.ImmutableMatrix(d, 1, lambda i, _: sp.Symbol(f"{name}_{prefix}{i + 1}", real=True))


def symbolic_symmetric(name: str, d: int) -> sp.ImmutableMatrix:
    """A symmetric ``d × d`` matrix of real symbols (no definiteness assumed)."""
    return sp.ImmutableMatrix(d, d, lambda i, j: sp.Symbol(f"{name}_{{{min(i, j) + 1}{max(i, j) + 1}}}", real=True))


def _gaussian_symbols(d: int) -> dict:
    x = sp.MatrixSymbol("x", d, 1)
    mu0, mu1 = sp.MatrixSymbol("mu_0", d, 1), sp.MatrixSymbol("mu_1", d, 1)
    S0, S1 = sp.MatrixSymbol("Sigma_0", d, d), sp.MatrixSymbol("Sigma_1", d, d)
    where = {mu0: symbolic_vector("mu", d, "0"), mu1: symbolic_vector("mu", d, "1"),
             S0: cholesky_covariance("0", d), S1: cholesky_covariance("1", d)}
    return dict(x=x, mu0=mu0, mu1=mu1, S0=S0, S1=S1, where=where)


def _under_p0(c, expr):
    return Expectation(expr, c["x"], c["mu0"], gaussian_second_moment(c["mu0"], c["S0"]),
                       r"\mathcal{N}(\mu_0, \Sigma_0)")


def _quadratic_expectation(d: int) -> Claim:
    x = sp.MatrixSymbol("x", d, 1)
    m, M = sp.MatrixSymbol("m", d, 1), sp.MatrixSymbol("M", d, d)
    mu0, S0 = sp.MatrixSymbol("mu_0", d, 1), sp.MatrixSymbol("Sigma_0", d, d)
    lhs = Expectation(QuadForm(x - m, M), x, mu0, gaussian_second_moment(mu0, S0), r"(\mu_0, \Sigma_0)")
    rhs = sp.Trace(M * S0) + QuadForm(mu0 - m, M)
    where = {m: symbolic_vector("m", d), M: symbolic_symmetric("M", d),
             mu0: symbolic_vector("mu", d, "0"), S0: symbolic_symmetric(r"\sigma", d)}
    return Claim(
        name=f"kl.quadratic_expectation_d{d}",
        title=f"E[(x−m)ᵀM(x−m)] = tr(MΣ₀) + (μ₀−m)ᵀM(μ₀−m) (d = {d})",
        statement=relation(lhs, "=", rhs),
        where=where,
        domains=(Domain(m), Domain(M), Domain(mu0), Domain(S0)),
        hypotheses=(r"x \text{ has mean } \mu_0 \text{ and covariance } \Sigma_0 \text{ (any law)},\ M = M^{\top}",),
        scope=f"checked for d = {d} with every entry a symbol; every d: kl.quadratic_expectation",
        fixed={"d": d},
        instance_of="kl.quadratic_expectation",
        mutants=(
            Mutant("dropped factor", "the trace term dropped", relation(lhs, "=", QuadForm(mu0 - m, M))),
            Mutant("flipped sign", "(μ₀ + m) in place of (μ₀ − m)",
                   relation(lhs, "=", sp.Trace(M * S0) + QuadForm(mu0 + m, M))),
        ) + ((Mutant("swapped order", "tr(M) tr(Σ₀) in place of tr(MΣ₀)",
                     relation(lhs, "=", sp.Trace(M) * sp.Trace(S0) + QuadForm(mu0 - m, M))),) if d > 1 else ()),
    )


@claim
def kl_quadratic_expectation_d1() -> Claim:
    """Expectation of a quadratic form through the first two moments, d = 1."""
    return _quadratic_expectation(1)


@claim
def kl_quadratic_expectation_d2() -> Claim:
    """Expectation of a quadratic form through the first two moments, d = 2, symbolic M, m, μ₀, Σ₀."""
    return _quadratic_expectation(2)


def _log_ratio_split(c):
    return (sp.log(sp.Determinant(c["S1"]) / sp.Determinant(c["S0"])) / 2
            - QuadForm(c["x"] - c["mu0"], sp.Inverse(c["S0"])) / 2
            + QuadForm(c["x"] - c["mu1"], sp.Inverse(c["S1"])) / 2)


def _log_ratio_split_shown(c, log_order=(1, 0)):
    """``½(log(det Σ₁/det Σ₀) − (x−μ₀)ᵀΣ₀⁻¹(x−μ₀) + (x−μ₁)ᵀΣ₁⁻¹(x−μ₁))``: the ½ in front (a display form)."""
    S = (c["S0"], c["S1"])
    return scaled(sp.Rational(1, 2), written(
        sp.log(sp.Determinant(S[log_order[0]]) / sp.Determinant(S[log_order[1]])),
        minus(QuadForm(c["x"] - c["mu0"], sp.Inverse(c["S0"]))), QuadForm(c["x"] - c["mu1"], sp.Inverse(c["S1"]))))


def _log_densities_shown(c):
    """``log N(x; μ₀, Σ₀) − log N(x; μ₁, Σ₁)``, the densities by name (a display form)."""
    named = c.get("named", GaussianLogDensity)
    return written(named(c["x"], c["mu0"], c["S0"]), minus(named(c["x"], c["mu1"], c["S1"])))


def _log_density_difference(d: int) -> Claim:
    c = _gaussian_symbols(d)
    x = c["x"]
    lhs = gaussian_log_density(x, c["mu0"], c["S0"]) - gaussian_log_density(x, c["mu1"], c["S1"])
    where = {**c["where"], x: symbolic_vector("x", d)}
    statement = relation(lhs, "=", _log_ratio_split(c))
    return Claim(
        display=relation(_log_densities_shown(c), "=", _log_ratio_split_shown(c)),
        name=f"kl.log_density_difference_d{d}",
        title=f"log N(x; μ₀, Σ₀) − log N(x; μ₁, Σ₁) (d = {d})",
        statement=statement,
        where=where,
        domains=(Domain(x), Domain(c["mu0"]), Domain(c["mu1"])),
        hypotheses=(r"\Sigma_0, \Sigma_1 \succ 0, \text{ written } \Sigma_k = L_k L_k^{\top} "
                    r"\text{ with } (L_k)_{ii} > 0",),
        scope=f"checked pointwise in x for d = {d}, every parameter a symbol; every d: kl.log_density_difference",
        fixed={"d": d},
        instance_of="kl.log_density_difference",
        uses=("def.gaussian",),
        mutants=(
            Mutant("swapped order", "log(det Σ₀/det Σ₁)", relation(lhs, "=", _log_ratio_split(c)
                   - sp.log(sp.Determinant(c["S1"]) / sp.Determinant(c["S0"]))),
                   display=relation(_log_densities_shown(c), "=", _log_ratio_split_shown(c, log_order=(0, 1)))),
        ) + ((Mutant("missing hypothesis", "Σ₀ not positive definite (at d = 1: any real number)",
                     where={**where, c["S0"]: symbolic_symmetric(r"\sigma", d)}),)
             if d == 1 else ()),  # at d = 2 the same rejection costs over a second of complex probing
    )


@claim
def kl_log_density_difference_d1() -> Claim:
    """Difference of Gaussian log-densities, pointwise, d = 1."""
    return _log_density_difference(1)


@claim
def kl_log_density_difference_d2() -> Claim:
    """Difference of Gaussian log-densities, pointwise, d = 2."""
    return _log_density_difference(2)


def gaussian_kl_closed_form(c, d, trace_order=(1, 0), dim_sign=-1, log_order=(1, 0), half=sp.Rational(1, 2)):
    """``½(tr(Σ₁⁻¹Σ₀) + (μ₁−μ₀)ᵀΣ₁⁻¹(μ₁−μ₀) − d + log(det Σ₁/det Σ₀))``; keywords plant the mutants."""
    S = (c["S0"], c["S1"])
    return half * (sp.Trace(sp.Inverse(S[trace_order[0]]) * S[trace_order[1]])
                   + QuadForm(c["mu1"] - c["mu0"], sp.Inverse(c["S1"]))
                   + dim_sign * d
                   + sp.log(sp.Determinant(S[log_order[0]]) / sp.Determinant(S[log_order[1]])))


def gaussian_kl_closed_form_shown(c, d, trace_order=(1, 0), dim_sign=-1, log_order=(1, 0), half=sp.Rational(1, 2)):
    """The closed form as the course writes it, ``½(tr(Σ₁⁻¹Σ₀) + (μ₁−μ₀)ᵀΣ₁⁻¹(μ₁−μ₀) − d + log(det Σ₁/det Σ₀))``:
    the ½ kept outside (SymPy would distribute it); keywords as in :func:`gaussian_kl_closed_form`."""
    S = (c["S0"], c["S1"])
    inside = written(
        sp.Trace(sp.Inverse(S[trace_order[0]]) * S[trace_order[1]]), QuadForm(c["mu1"] - c["mu0"], sp.Inverse(c["S1"])),
        minus(d) if dim_sign < 0 else d, sp.log(sp.Determinant(S[log_order[0]]) / sp.Determinant(S[log_order[1]])))
    return scaled(half, inside) if half != 1 else inside


def _closed_form_shown(c, d, **planted):
    """:func:`_closed_form_chain` as the course writes it: the densities by name, the ½ in front of each step's
    parenthesis."""
    S0, S1, mu0, mu1 = c["S0"], c["S1"], c["mu0"], c["mu1"]
    return derivation(
        _under_p0(c, _log_densities_shown(c)),
        ("=", _under_p0(c, _log_ratio_split_shown(c)), ""),
        ("=", scaled(sp.Rational(1, 2), written(
            sp.log(sp.Determinant(S1) / sp.Determinant(S0)), minus(sp.Trace(sp.Inverse(S0) * S0)),
            sp.Trace(sp.Inverse(S1) * S0), QuadForm(mu0 - mu1, sp.Inverse(S1)))), ""),
        ("=", gaussian_kl_closed_form_shown(c, d, **planted), ""),
    )


def _closed_form_chain(c, d, **planted):
    S0, S1, mu0, mu1 = c["S0"], c["S1"], c["mu0"], c["mu1"]
    lhs = _under_p0(c, gaussian_log_density(c["x"], mu0, S0) - gaussian_log_density(c["x"], mu1, S1))
    return derivation(
        lhs,
        ("=", _under_p0(c, _log_ratio_split(c)), r"difference of the log-densities; $(2\pi)^{-d/2}$ cancels"),
        ("=", sp.log(sp.Determinant(S1) / sp.Determinant(S0)) / 2
         - sp.Trace(sp.Inverse(S0) * S0) / 2
         + (sp.Trace(sp.Inverse(S1) * S0) + QuadForm(mu0 - mu1, sp.Inverse(S1))) / 2,
         "expectation of each quadratic form (M = Σ₀⁻¹, m = μ₀ and M = Σ₁⁻¹, m = μ₁)"),
        ("=", gaussian_kl_closed_form(c, d, **planted), "tr(Σ₀⁻¹Σ₀) = tr I = d; collect"),
    )


def _closed_form_mutant(c, d, kind: str, description: str, **planted) -> Mutant:
    """A planted error in the closed form's last step, shown as the course would write it."""
    return Mutant(kind, description, _closed_form_chain(c, d, **planted),
                  display=_closed_form_shown(c, d, **planted))


def _closed_form(d: int) -> Claim:
    c = _gaussian_symbols(d)
    if d == 1:
        mutants = (
            _closed_form_mutant(c, d, "wrong constant", "+d in place of −d", dim_sign=1),
            _closed_form_mutant(c, d, "swapped order", "log(det Σ₀/det Σ₁)", log_order=(0, 1)),
            _closed_form_mutant(c, d, "dropped factor", "the factor ½ dropped", half=1),
        )
    else:
        # The errors above are rejected at d = 1 already (and, slower, here too); at d = 2 plant the
        # one error that d = 1 cannot show, because there the trace is a product of two numbers.
        mutants = (
            _closed_form_mutant(c, d, "swapped order", "tr(Σ₀⁻¹Σ₁) in place of tr(Σ₁⁻¹Σ₀)", trace_order=(0, 1)),
            _closed_form_mutant(c, d, "wrong constant", "+d in place of −d", dim_sign=1),
        )
    return Claim(
        name=f"kl.gaussian_closed_form_d{d}",
        title=f"KL divergence of Gaussians in closed form (d = {d})",
        statement=_closed_form_chain(c, d),
        display=_closed_form_shown(c, d),
        where=c["where"],
        domains=(Domain(c["mu0"]), Domain(c["mu1"])),
        hypotheses=(r"\Sigma_0, \Sigma_1 \succ 0, \text{ written } \Sigma_k = L_k L_k^{\top} "
                    r"\text{ with } (L_k)_{ii} > 0",),
        scope=f"checked for d = {d}, every mean and covariance entry a symbol; every d: kl.gaussian_closed_form",
        fixed={"d": d},
        instance_of="kl.gaussian_closed_form",
        uses=("def.kl", f"kl.log_density_difference_d{d}", f"kl.quadratic_expectation_d{d}"),
        mutants=mutants,
    )


@claim
def kl_gaussian_closed_form_d1() -> Claim:
    """The Gaussian KL closed form, step by step through moments, d = 1."""
    return _closed_form(1)


@claim
def kl_gaussian_closed_form_d2() -> Claim:
    """The Gaussian KL closed form, step by step through moments, d = 2."""
    return _closed_form(2)


# --------------------------------------------------------------------------
# (b, continued) Without independence: a correlated Gaussian pair

def normal_log_density_1d(x, var):
    """``log N(x; 0, var)`` as the log of the 1-D density formula."""
    return sp.log(sp.exp(-x**2 / (2 * var)) / sp.sqrt(2 * sp.pi * var))


@claim
def kl_correlated_gap() -> Claim:
    """For a correlated Gaussian pair the joint KL exceeds the sum of the marginal KLs by ½ log(σ₁²σ₂²/det Σ).

    Part 1 is the gap against a product reference ``N(0, diag(τ₁², τ₂²))``;
    part 2 shows the gap is ``D_KL(X ‖ X₁ ⊗ X₂)``, the mutual information of
    ``X₁`` and ``X₂``.  Everything is computed through moments.
    """
    s11, s22 = sp.symbols("s_11 s_22", real=True)
    tau1, tau2 = sp.symbols("tau_1 tau_2", positive=True)
    x = sp.ImmutableMatrix([u1, u2])
    Sigma, T = sp.MatrixSymbol("Sigma", 2, 2), sp.MatrixSymbol("T", 2, 2)
    zero = sp.ZeroMatrix(2, 1)
    law = r"\mathcal{N}(0, \Sigma)"

    def joint(expr):
        return Expectation(expr, x, sp.ImmutableMatrix([0, 0]), Sigma, law)

    def marginal(u, var, ref):
        return Expectation(normal_log_density_1d(u, var) - normal_log_density_1d(u, ref), sp.ImmutableMatrix([u]),
                           sp.ImmutableMatrix([0]), sp.ImmutableMatrix([[var]]), r"\mathcal{N}(0, %s)" % sp.latex(var))

    log_p = gaussian_log_density(x, zero, Sigma)
    gap = joint(log_p - gaussian_log_density(x, zero, T)) - marginal(u1, s11, tau1**2) - marginal(u2, s22, tau2**2)
    mutual = joint(log_p - normal_log_density_1d(u1, s11) - normal_log_density_1d(u2, s22))
    info = sp.log(s11 * s22 / sp.Determinant(Sigma)) / 2
    L = cholesky_covariance("", 2)
    where = {Sigma: L, s11: L[0, 0], s22: L[1, 1], T: sp.ImmutableMatrix([[tau1**2, 0], [0, tau2**2]])}
    return Claim(
        name="kl.correlated_gap",
        title="Without independence, additivity fails by the mutual information",
        statement=(relation(gap, "=", info), relation(mutual, "=", info)),
        where=where,
        hypotheses=(r"\Sigma \succ 0, \text{ written through its Cholesky factor } (L_{ii} > 0);"
                    r"\ s_{11}, s_{22} \text{ are the variances of } x_1, x_2;"
                    r"\ Y \sim \mathcal{N}(0, T) \text{ has independent components}",),
        scope="general in the entries of Σ and τ (d = 2)",
        uses=("kl.additivity_core", "kl.log_density_difference_d2"),
        mutants=(
            Mutant("dropped factor", "additivity assumed: gap 0", (relation(gap, "=", 0), relation(mutual, "=", info))),
            Mutant("flipped sign", "gap −½ log(σ₁²σ₂²/det Σ)",
                   (relation(gap, "=", -info), relation(mutual, "=", info))),
        ),
    )


# --------------------------------------------------------------------------
# Every dimension d: matrix symbols of symbolic size, and the rules they need

d_sym = sp.Symbol("d", integer=True, positive=True)
delta0, delta1 = sp.symbols("delta_0 delta_1", positive=True)
RULES = ("rules.expectation_quadratic", "rules.trace_linear", "rules.trace_cyclic")


def _general_symbols() -> dict:
    """Matrix symbols of size ``d``; ``det Σₖ = δₖ > 0`` is how "Σₖ positive definite" enters the logarithms."""
    x = sp.MatrixSymbol("x", d_sym, 1)
    mu0, mu1 = sp.MatrixSymbol("mu_0", d_sym, 1), sp.MatrixSymbol("mu_1", d_sym, 1)
    S0, S1 = sp.MatrixSymbol("Sigma_0", d_sym, d_sym), sp.MatrixSymbol("Sigma_1", d_sym, d_sym)
    where = {sp.Determinant(S0): delta0, sp.Determinant(S1): delta1}
    return dict(x=x, mu0=mu0, mu1=mu1, S0=S0, S1=S1, where=where, named=GeneralGaussianLogDensity)


class GeneralGaussianLogDensity(GaussianLogDensity):
    """``log N(x; μ, Σ)`` of the general-d claims, carrying ``det Σ`` as an argument (not shown): their
    substitution ``det Σₖ = δₖ`` reaches it there, and ``doit`` writes the density with it."""

    def __new__(cls, x, mean, cov, det=None):
        return sp.Expr.__new__(cls, x, mean, cov, sp.Determinant(cov) if det is None else det)

    def doit(self, **hints):
        x, mean, cov, det = (arg.doit(**hints) for arg in self.args)
        return gaussian_log_density(x, mean, cov).xreplace({sp.Determinant(cov): det}).doit(**hints)

    def _latex(self, printer, exp=None):
        x, mean, cov = (printer._print(arg) for arg in self.args[:3])
        return rf"\log \mathcal{{N}}\left({x};\, {mean}, {cov}\right)"


GENERAL_HYPOTHESES = (r"\Sigma_0, \Sigma_1 \succ 0 \text{ (symmetric, invertible, } \det \Sigma_k = \delta_k > 0)",)


@claim
def kl_quadratic_expectation() -> Claim:
    """``E[(x−m)ᵀM(x−m)] = tr(MΣ₀) + (μ₀−m)ᵀM(μ₀−m)`` for every dimension d, any law with mean μ₀, covariance Σ₀."""
    x, m, M = sp.MatrixSymbol("x", d_sym, 1), sp.MatrixSymbol("m", d_sym, 1), sp.MatrixSymbol("M", d_sym, d_sym)
    mu0, S0 = sp.MatrixSymbol("mu_0", d_sym, 1), sp.MatrixSymbol("Sigma_0", d_sym, d_sym)

    def E(expr):
        return Expectation(expr, x, mu0, gaussian_second_moment(mu0, S0), r"(\mu_0, \Sigma_0)")

    def chain(second=gaussian_second_moment(mu0, S0), result=sp.Trace(M * S0) + QuadForm(mu0 - m, M)):
        return derivation(
            E(QuadForm(x - m, M)),
            ("=", E(sp.Trace((x - m).T * M * (x - m))), "a number is its own trace"),
            ("=", E(sp.Trace(M * (x - m) * (x - m).T)), "tr(AB) = tr(BA)",
             Application("rules.trace_cyclic", TRACE_CYCLIC, {A_kl: (x - m).T, B_lk: M * (x - m)})),
            ("=", sp.Trace(M * second) - sp.Trace(M * mu0 * m.T) - sp.Trace(M * m * mu0.T) + sp.Trace(M * m * m.T),
             "linearity of the trace and of expectation"),
            ("=", result, "E[xxᵀ] = Σ₀ + μ₀μ₀ᵀ (definition of covariance); collect, tr(AB) = tr(BA)"),
        )

    def shown(**planted):  # the transpose kept whole, (x − m)ᵀ, not expanded into xᵀ − mᵀ
        diff = sp.MatAdd(x, -m, evaluate=False)
        return (chain(**planted).with_step(1, expr=E(sp.Trace(sp.MatMul(sp.Transpose(diff), M, diff))))
                .with_step(2, expr=E(sp.Trace(sp.MatMul(M, diff, sp.Transpose(diff))))))

    return Claim(
        name="kl.quadratic_expectation",
        title="E[(x−m)ᵀM(x−m)] = tr(MΣ₀) + (μ₀−m)ᵀM(μ₀−m) for every d",
        statement=chain(),
        display=shown(),
        domains=(Domain(m, "d"), Domain(M, r"d \times d"), Domain(mu0, "d")),
        hypotheses=(r"x \text{ has mean } \mu_0 \text{ and covariance } \Sigma_0 = \Sigma_0^{\top} "
                    r"\text{ (any law)};\ d \ge 1",),
        scope="every dimension d (matrix symbols of size d); the rules it applies are checked at sizes 1 to 3",
        uses=RULES + ("def.covariance",),
        mutants=(
            Mutant("dropped factor", "the trace term dropped",
                   chain(result=QuadForm(mu0 - m, M)), display=shown(result=QuadForm(mu0 - m, M))),
            Mutant("flipped sign", "(μ₀ + m) in place of (μ₀ − m)",
                   chain(result=sp.Trace(M * S0) + QuadForm(mu0 + m, M)),
                   display=shown(result=sp.Trace(M * S0) + QuadForm(mu0 + m, M))),
            Mutant("swapped order", "tr(M) tr(Σ₀) in place of tr(MΣ₀)",
                   chain(result=sp.Trace(M) * sp.Trace(S0) + QuadForm(mu0 - m, M)),
                   display=shown(result=sp.Trace(M) * sp.Trace(S0) + QuadForm(mu0 - m, M))),
            Mutant("wrong step", "E[xxᵀ] taken as Σ₀ (the mean's part dropped)", chain(second=S0),
                   display=shown(second=S0)),
        ),
    )


@claim
def kl_log_density_difference() -> Claim:
    """``log N(x; μ₀, Σ₀) − log N(x; μ₁, Σ₁)`` split into its three terms, for every dimension d."""
    c = _general_symbols()
    lhs = gaussian_log_density(c["x"], c["mu0"], c["S0"]) - gaussian_log_density(c["x"], c["mu1"], c["S1"])
    split = _log_ratio_split(c)
    swapped = split - sp.log(sp.Determinant(c["S1"]) / sp.Determinant(c["S0"]))
    return Claim(
        name="kl.log_density_difference",
        title="log N(x; μ₀, Σ₀) − log N(x; μ₁, Σ₁) for every d",
        statement=relation(lhs, "=", split),
        display=relation(_log_densities_shown(c), "=", _log_ratio_split_shown(c)),
        where=c["where"],
        domains=(Domain(c["x"], "d"), Domain(c["mu0"], "d"), Domain(c["mu1"], "d")),
        hypotheses=GENERAL_HYPOTHESES,
        scope="every dimension d (matrix symbols of size d)",
        uses=("def.gaussian",),
        mutants=(
            Mutant("swapped order", "log(det Σ₀/det Σ₁)", relation(lhs, "=", swapped),
                   display=relation(_log_densities_shown(c), "=", _log_ratio_split_shown(c, log_order=(0, 1)))),
            Mutant("missing hypothesis", "Σ₀ not positive definite: det Σ₀ may be negative",
                   where={**c["where"], sp.Determinant(c["S0"]): sp.Symbol("delta_0", real=True)}),
        ),
    )


@claim
def kl_gaussian_closed_form() -> Claim:
    """The Gaussian KL closed form, step by step through moments, for every dimension d."""
    c = _general_symbols()
    d = d_sym
    return Claim(
        name="kl.gaussian_closed_form",
        title="KL divergence of Gaussians in closed form, for every d",
        statement=_closed_form_chain(c, d),
        display=_closed_form_shown(c, d),
        where=c["where"],
        domains=(Domain(c["mu0"], "d"), Domain(c["mu1"], "d")),
        hypotheses=GENERAL_HYPOTHESES,
        scope="every dimension d (matrix symbols of size d); the rules it applies are checked at sizes 1 to 3",
        uses=("def.kl", "kl.log_density_difference", "kl.quadratic_expectation") + RULES,
        mutants=(
            _closed_form_mutant(c, d, "wrong constant", "+d in place of −d", dim_sign=1),
            _closed_form_mutant(c, d, "swapped order", "log(det Σ₀/det Σ₁)", log_order=(0, 1)),
            _closed_form_mutant(c, d, "dropped factor", "the factor ½ dropped", half=1),
            _closed_form_mutant(c, d, "swapped order", "tr(Σ₀⁻¹Σ₁) in place of tr(Σ₁⁻¹Σ₀)", trace_order=(0, 1)),
        ),
    )
