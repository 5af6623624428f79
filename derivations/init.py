"""PyTorch's default ``nn.Linear`` initialization and the variance of a deep linear network.

The default, read from torch's source (``torch/nn/modules/linear.py``,
``Linear.reset_parameters``): ``init.kaiming_uniform_(self.weight, a=math.sqrt(5))``
and, for the bias, ``uniform_(-bound, bound)`` with ``bound = 1/sqrt(fan_in)``.
``kaiming_uniform_`` (``torch/nn/init.py``) draws from ``U(−B, B)`` with
``B = sqrt(3) · gain / sqrt(fan_in)`` and, for its default ``leaky_relu``
nonlinearity, ``gain = sqrt(2 / (1 + a²))``.

The network: ``y_0 = x`` with entries of mean 0 and second moment 1,
``y_ℓ = A_ℓ y_{ℓ−1} + b_ℓ`` (σ(z) = z), widths ``n_0, …, n_L``.  Every weight
and bias entry is independent, of mean 0 and second moment ``1/(3 n_{ℓ−1})``.
Only second moments enter, so nothing below needs the entries of ``y_{ℓ−1}``
to be independent of each other: :func:`init_layer_moments` lets their joint
moments be arbitrary.
"""

import itertools

import sympy as sp

from claimcheck import Claim, Domain, Mutant, claim, definition, derivation, minus, over, relation, times, written

definition("def.kaiming_uniform", "PyTorch's default init: kaiming_uniform_ with a = √5", label="def-kaiming-uniform")
definition("def.linear_net", "The linear network at initialization", label="def-linear-net")

n = sp.Symbol("n", positive=True)            # a fan-in (positive real in the algebra; an integer in use)
a = sp.Symbol("a", real=True)
b = sp.Symbol("b", positive=True)
u = sp.Symbol("u", real=True)
s = sp.Symbol("s", nonnegative=True)         # second moment of the layer's input entries
L = sp.Symbol("L", integer=True, nonnegative=True)
m = sp.Symbol("m", integer=True, nonnegative=True)
j = sp.Symbol("j", integer=True, positive=True)
widths = sp.IndexedBase("n", positive=True)  # n_0, n_1, ...


def kaiming_uniform_bound(fan_in, slope):
    """``kaiming_uniform_``'s bound ``sqrt(3) · gain / sqrt(fan_in)`` with the leaky-ReLU gain."""
    gain = sp.sqrt(2 / (1 + slope**2))
    return sp.sqrt(3) * gain / sp.sqrt(fan_in)


@claim
def init_default_bound() -> Claim:
    """With ``a = √5`` the bound of ``kaiming_uniform_`` is ``1/√fan_in``, the same as the bias bound."""
    return Claim(
        name="init.default_bound",
        title="nn.Linear's weights and biases are both U(−1/√n, 1/√n)",
        statement=relation(kaiming_uniform_bound(n, a), "=", 1 / sp.sqrt(n)),
        where={a: sp.sqrt(5)},
        hypotheses=(r"n = \texttt{fan_in} > 0,\ a = \sqrt{5} "
                    r"\text{ as passed by } \texttt{Linear.reset_parameters}",),
        scope="general in the fan-in n",
        uses=("def.kaiming_uniform",),
        mutants=(
            Mutant("wrong constant", r"the default $a = 0$ of $\texttt{kaiming_uniform_}$ itself (He init): bound "
                                     r"$\sqrt{6}/\sqrt{n}$", where={a: 0}),
            Mutant("dropped factor", "bound without the √3 of a uniform's standard deviation",
                   relation(kaiming_uniform_bound(n, a) / sp.sqrt(3), "=", 1 / sp.sqrt(n))),
        ),
    )


@claim
def init_uniform_moments() -> Claim:
    """``U(−b, b)`` has mean 0 and second moment ``b²/3`` (so ``1/(3n)`` for ``b = 1/√n``)."""
    density = 1 / (2 * b)
    statement = (
        relation(sp.Integral(u * density, (u, -b, b)), "=", 0),
        relation(sp.Integral(u**2 * density, (u, -b, b)), "=", b**2 / 3),
    )
    return Claim(
        name="init.uniform_moments",
        title=r"Moments of $U(-b, b)$: every weight and bias has variance $1/(3\, \mathrm{fan\_in})$",
        statement=statement,
        scope="general in b and n",
        mutants=(
            Mutant("wrong constant", "second moment b²/12 (the variance of U(0, b))",
                   (statement[0], relation(sp.Integral(u**2 * density, (u, -b, b)), "=", b**2 / 12))),
            Mutant("dropped factor", "density 1/b instead of 1/(2b)",
                   (relation(sp.Integral(u / b, (u, -b, b)), "=", 0),
                    relation(sp.Integral(u**2 / b, (u, -b, b)), "=", b**2 / 3))),
        ),
    )


# --------------------------------------------------------------------------
# Expectations by moments: weights independent of everything, input moments arbitrary


class Expect(sp.Function):
    """``E[expr]`` for a polynomial in weights ``A_j``, a bias ``b`` and inputs ``x_j``.

    ``doit`` expands the polynomial and takes the expectation monomial by
    monomial: the weights and the bias are independent of each other and of
    the inputs and uniform on ``(−1/√n, 1/√n)``, so ``E[w^p] = 0`` for odd p and
    ``n^{−p/2}/(p+1)`` for even p (second moment ``1/(3n)``, :func:`init_uniform_moments`);
    the inputs' joint moments are symbols ``E[x_j x_l] = c_{jl}``, ``E[x_j] = μ_j``
    (no independence assumed among the inputs).
    """

    def doit(self, **hints):
        return expectation(self.args[0], sp.Integer(self.args[1]))

    def _latex(self, printer, exp=None):
        return r"\mathbb{E}\left[%s\right]" % printer._print(self.args[0])


A = sp.IndexedBase("A", real=True)
x = sp.IndexedBase("x", real=True)
bias = sp.Symbol("b_i", real=True)
c = sp.IndexedBase("c", real=True)     # c[j, l] = E[x_j x_l]
mu = sp.IndexedBase("mu", real=True)   # mu[j] = E[x_j]


def _weight_moment(power: int, fan_in):
    """E[w^power] for w ~ U(−1/√n, 1/√n): 0 for odd powers, n^{−p/2}/(p+1) for even."""
    if power % 2:
        return sp.Integer(0)
    return fan_in ** sp.Rational(-power, 2) / (power + 1)


def _input_moment(factors: dict):
    """A symbol for E[Π x_j^{p_j}]: μ_j, c_{jl} (sorted) or a generic indexed moment."""
    flat = sorted(itertools.chain.from_iterable([idx] * p for idx, p in factors.items()))
    if not flat:
        return sp.Integer(1)
    if len(flat) == 1:
        return mu[flat[0]]
    if len(flat) == 2:
        return c[flat[0], flat[1]]
    return sp.IndexedBase("M", real=True)[tuple(flat)]


def expectation(expr, fan_in):
    """E[expr] monomial by monomial (see :class:`Expect`)."""
    total = sp.Integer(0)
    gens = sorted(expr.atoms(sp.Indexed) | {bias}, key=str)
    for monomial, coeff in sp.Poly(sp.expand(expr), *gens).terms():
        value, inputs = coeff, {}
        for gen, power in zip(gens, monomial):
            if power == 0:
                continue
            if gen == bias or gen.base == A:
                value *= _weight_moment(power, fan_in)
            else:
                inputs[gen.indices[0]] = power
        total += value * _input_moment(inputs)
    return sp.expand(total)


LAYER_SIZES = (1, 2, 3)


def _neuron(fan_in: int):
    """``y_i = Σ_{j=1}^{n} A_{j} x_j + b_i`` for a concrete fan-in (row i of A written A_j)."""
    return sum(A[jj] * x[jj] for jj in range(1, fan_in + 1)) + bias


def _second_moment_rhs(fan_in: int, weight_factor=1, bias_term=1):
    """``(Σ_j E[x_j²] + 1)/(3n)`` written with the input moments c_{jj}; factors plant mutants."""
    inputs = sum(c[jj, jj] for jj in range(1, fan_in + 1))
    return (weight_factor * inputs + bias_term) / (3 * sp.Integer(fan_in))


def _neuron_shown(fan_in: int):
    """``A_1 x_1 + … + A_n x_n + b_i`` as written (a display form)."""
    return written(*(times(A[jj], x[jj]) for jj in range(1, fan_in + 1)), bias)


def _second_moment_shown(fan_in: int, weight_factor=1, bias_term=1):
    """``E[y_i²] = (E[x_1²] + … + E[x_n²] + 1)/(3n)`` as written (a display form; factors as in
    :func:`_second_moment_rhs`)."""
    inputs = [c[jj, jj] for jj in range(1, fan_in + 1)]
    if weight_factor != 1:
        inputs = [times(weight_factor, written(*inputs) if fan_in > 1 else inputs[0])]
    terms = inputs + ([bias_term] if bias_term else [])
    numerator = written(*terms) if len(terms) > 1 else terms[0]
    return relation(Expect(_neuron_shown(fan_in) ** 2, sp.Integer(fan_in)), "=",
                    over(numerator, times(3, fan_in) if fan_in > 1 else 3))


@claim
def init_layer_moments() -> Claim:
    """One layer: ``E[y_i] = 0`` and ``E[y_i²] = (Σ_j E[x_j²] + 1)/(3n)``; with ``E[x_j²] = s`` that is
    ``s/3 + 1/(3n)``.

    Per fan-in n the expectation is computed exactly from the moments (no
    cross moment ``E[x_j x_l]`` survives, so the inputs need not be independent
    of each other); for general n the last part sums the n surviving diagonal
    terms ``E[A_{ij}²] E[x_j²] = s/(3n)`` and the bias term.
    """
    parts = []
    for size in LAYER_SIZES:
        N = sp.Integer(size)
        y = _neuron(size)
        parts.append(relation(Expect(y, N), "=", 0))
        parts.append(relation(Expect(y**2, N), "=", _second_moment_rhs(size)))
    parts.append(relation(sp.Sum(s / (3 * n), (j, 1, n)) + 1 / (3 * n), "=", s / 3 + 1 / (3 * n)))
    shown = []
    for size in LAYER_SIZES:  # y_i = A_1 x_1 + … + A_n x_n + b_i; E[y_i²] = (E[x_1²] + … + E[x_n²] + 1)/(3n)
        shown += [relation(Expect(_neuron_shown(size), sp.Integer(size)), "=", 0), _second_moment_shown(size)]
    return Claim(
        name="init.layer_moments",
        title="One linear layer: mean 0, second moment $s/3 + 1/(3n)$",
        statement=tuple(parts),
        display=(*shown, None),
        domains=(Domain(A, "n", r"(A_1, \dots, A_n)"), Domain(x, "n", r"(x_1, \dots, x_n)"),
                 Domain(c, r"n \times n", "c")),
        hypotheses=(r"\text{weights and bias independent of each other and of } x,\ "
                    r"\mathbb{E}[A_{j}] = \mathbb{E}[b_i] = 0,\ \mathbb{E}[A_j^2] = \mathbb{E}[b_i^2] = \tfrac{1}{3n}",
                    r"c_{j,j} = \mathbb{E}[x_j^2]\ (= s \text{ in the last part}); "
                    r"\text{ no independence among the } x_j \text{ is assumed}"),
        scope=f"exact per fan-in n in {LAYER_SIZES}, and the general-n sum of the surviving diagonal terms",
        uses=("def.linear_net", "init.default_bound", "init.uniform_moments"),
        mutants=(
            Mutant("dropped factor", r"bias forgotten: $\mathbb{E}[y^2] = \sum_j \mathbb{E}[x_j^2]/(3n)$", tuple(
                relation(Expect(_neuron(size) ** 2, sp.Integer(size)), "=", _second_moment_rhs(size, bias_term=0))
                for size in LAYER_SIZES),
                display=tuple(_second_moment_shown(size, bias_term=0) for size in LAYER_SIZES)),
            Mutant("wrong constant", r"LeCun's variance $1/n$ per weight: $\mathbb{E}[y^2] = \sum_j "
                                     r"\mathbb{E}[x_j^2]/n + 1/(3n)$", tuple(
                relation(Expect(_neuron(size) ** 2, sp.Integer(size)), "=", _second_moment_rhs(size, weight_factor=3))
                for size in LAYER_SIZES),
                display=tuple(_second_moment_shown(size, weight_factor=3) for size in LAYER_SIZES)),
            Mutant("wrong step", "general n: the n² cross terms counted as if they survived",
                   relation(sp.Sum(s / 3, (j, 1, n)) + 1 / (3 * n), "=", s / 3 + 1 / (3 * n))),
        ),
    )


# --------------------------------------------------------------------------
# The recursion and its closed form


def recursion_step(prev, fan_in):
    """``s_ℓ = s_{ℓ−1}/3 + 1/(3 n_{ℓ−1})``."""
    return prev / 3 + 1 / (3 * fan_in)


def partial_sum(upper):
    """``Σ_{m=0}^{upper−1} 3^m / n_m`` (unevaluated)."""
    return sp.Sum(3**m / widths[m], (m, 0, upper - 1))


def closed_form(depth):
    """``s_L = 3^{−L} (1 + Σ_{m=0}^{L−1} 3^m / n_m)``."""
    return 3 ** (-depth) * (1 + partial_sum(depth))


#: Splitting off the last term of a finite sum (shown as a hypothesis).
SPLIT_LAST_TERM = {partial_sum(L + 1): partial_sum(L) + 3**L / widths[L]}


@claim
def init_closed_form_solves_recursion() -> Claim:
    """``s_L = 3^{−L}(1 + Σ_{m<L} 3^m/n_m)`` satisfies ``s_0 = 1`` and ``s_{L+1} = s_L/3 + 1/(3 n_L)`` for every L."""
    chain = derivation(
        closed_form(L + 1),
        ("=", 3 ** (-L - 1) * (1 + partial_sum(L)) + 3 ** (-L - 1) * 3**L / widths[L], "split off the term m = L"),
        ("=", recursion_step(closed_form(L), widths[L]), r"$3^{-L-1} = 3^{-L}/3$ and $3^{-L-1} \cdot 3^L = 1/3$"),
    )
    def shown(divisor=3, fan_in=widths[L]):  # 3^{-(L+1)} kept as a power, the sums with their 1 in front
        power = sp.Pow(3, minus(written(L, 1)), evaluate=False)
        return derivation(
            times(power, written(1, partial_sum(L + 1))),
            ("=", written(times(power, written(1, partial_sum(L))), times(power, over(sp.Pow(3, L), fan_in))), ""),
            ("=", written(over(times(sp.Pow(3, -L, evaluate=False), written(1, partial_sum(L))), divisor),
                          sp.Pow(times(3, fan_in), -1, evaluate=False)), ""))

    return Claim(
        name="init.closed_form_solves_recursion",
        title="The closed form solves the variance recursion (general L and widths)",
        statement=chain,
        display=shown(),
        where=SPLIT_LAST_TERM,
        hypotheses=(r"\text{the recursion } s_{\ell} = s_{\ell-1}/3 + 1/(3 n_{\ell-1}),\ s_0 = 1 "
                    r"\text{ (base case: the empty sum gives } s_0 = 3^0 (1 + 0) = 1)",),
        scope=r"general in $L$ and in the widths $n_0, \dots, n_L$",
        uses=("init.layer_moments",),
        mutants=(
            Mutant("wrong constant", "recursion with 1/2 (a variance-halving init)", derivation(
                closed_form(L + 1),
                ("=", 3 ** (-L - 1) * (1 + partial_sum(L)) + 3 ** (-L - 1) * 3**L / widths[L], "split"),
                ("=", closed_form(L) / 2 + 1 / (3 * widths[L]), "recursion")), display=shown(divisor=2)),
            Mutant("swapped order", "the new term uses the output width $n_{L+1}$ instead of the fan-in $n_L$",
                   derivation(closed_form(L + 1),
                              ("=", 3 ** (-L - 1) * (1 + partial_sum(L)) + 3 ** (-L - 1) * 3**L / widths[L + 1],
                               "split"),
                              ("=", recursion_step(closed_form(L), widths[L + 1]), "recursion")),
                   display=shown(fan_in=widths[L + 1])),
        ),
    )


@claim
def init_closed_form_base() -> Claim:
    """The closed form gives ``s_0 = 1``: the input's second moment."""
    return Claim(
        name="init.closed_form_base",
        title="Base case: s₀ = 1",
        statement=relation(closed_form(sp.Integer(0)), "=", 1),
        # The closed form at L = 0: 3^{-0}(1 + Σ_{m=0}^{-1} …), whose sum is empty (0).
        display=relation(times(sp.Pow(3, 0, evaluate=False), written(1, 0)), "=", 1),
        scope="general",
        uses=("def.linear_net",),
        mutants=(Mutant("wrong constant", "s₀ = 1/3", relation(closed_form(sp.Integer(0)), "=", sp.Rational(1, 3))),),
    )


UNROLL_DEPTHS = (1, 2, 3, 4, 6)


def unrolled_recursion(depth: int):
    """``s_L`` by running the recursion L times from ``s_0 = 1`` with symbolic widths."""
    value = sp.Integer(1)
    for layer in range(depth):
        value = recursion_step(value, widths[layer])
    return value


class UnrolledVariance(sp.Function):
    """``s_L`` computed by :func:`unrolled_recursion` when ``doit`` is called (displayed as s_L)."""

    def doit(self, **hints):
        return unrolled_recursion(int(self.args[0]))

    def _latex(self, printer, exp=None):
        return r"s_{%s}" % printer._print(self.args[0])


def _closed_form_shown(depth: int, power_shift: int = 0):
    """``3^{−L}(1 + Σ_{m=0}^{L−1} 3^m/n_m)`` at a given L, the power of 3 kept in front (a display form);
    ``power_shift`` plants the powers ``3^{m+1}``."""
    return times(sp.Pow(3, -depth, evaluate=False),
                 written(1, sp.Sum(3 ** (m + power_shift) / widths[m], (m, 0, depth - 1))))


@claim
def init_closed_form_instances() -> Claim:
    """For L in ``UNROLL_DEPTHS``, running the recursion gives the closed form, with symbolic widths."""
    parts = tuple(relation(UnrolledVariance(sp.Integer(depth)), "=", closed_form(sp.Integer(depth)))
                  for depth in UNROLL_DEPTHS)
    return Claim(
        name="init.closed_form_instances",
        title="Instances: the recursion run L times equals the closed form",
        statement=parts,
        display=tuple(relation(UnrolledVariance(sp.Integer(depth)), "=", _closed_form_shown(depth))
                      for depth in UNROLL_DEPTHS),
        hypotheses=(r"s_L: \text{ the recursion run } L \text{ times from } s_0 = 1",),
        scope=f"per depth L in {UNROLL_DEPTHS}; symbolic in every width",
        uses=("init.layer_moments",),
        mutants=(
            Mutant("wrong step", "closed form with the powers $3^{m+1}$", tuple(
                # Planted as written (unevaluated): it is checked so and shown so.
                relation(UnrolledVariance(sp.Integer(dd)), "=", _closed_form_shown(dd, power_shift=1))
                for dd in UNROLL_DEPTHS)),
        ),
    )


@claim
def init_constant_width_limit() -> Claim:
    """With every width equal to n, ``s_L = 3^{−L} + (1 − 3^{−L})/(2n) → 1/(2n)`` as L → ∞."""
    constant = 3 ** (-L) * (1 + sp.Sum(3**m / n, (m, 0, L - 1)))
    statement = (
        relation(constant, "=", 3 ** (-L) + (1 - 3 ** (-L)) / (2 * n)),
        relation(sp.Limit(3 ** (-L) + (1 - 3 ** (-L)) / (2 * n), L, sp.oo), "=", 1 / (2 * n)),
    )
    return Claim(
        name="init.constant_width_limit",
        title="Constant width n: the variance tends to 1/(2n), the input's share to 0",
        statement=statement,
        hypotheses=(r"n_0 = n_1 = \dots = n_{L-1} = n",),
        scope="general in L and n",
        uses=("init.closed_form_solves_recursion",),
        mutants=(
            Mutant("wrong constant", "limit 1/(3n) (the bias variance alone)",
                   (statement[0], relation(statement[1].lhs, "=", 1 / (3 * n)))),
            Mutant("dropped factor", "the input term $3^{-L}$ forgotten",
                   (relation(constant, "=", (1 - 3 ** (-L)) / (2 * n)), statement[1])),
        ),
    )
