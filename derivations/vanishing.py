"""Vanishing gradients in the sigmoid MLP: the building blocks.

The network: ``z_ℓ = A_ℓ y_{ℓ−1} + b_ℓ``, ``y_ℓ = σ(z_ℓ)`` for ``ℓ = 1, …, L−1``
and a linear last layer ``y_L = A_L y_{L−1} + b_L``; ``σ(z) = 1/(1 + e^{−z})``.

By the chain rule, for ``1 ≤ i ≤ L−1``

    ∂y_L/∂b_i = A_L D_{L−1} A_{L−1} ⋯ D_{i+1} A_{i+1} D_i,   D_j = diag σ'(z_j),

and ``∂ℓ/∂A_i = (∂ℓ/∂b_i)ᵀ y_{i−1}ᵀ``.  So the weights ``A_j`` enter as factors
for ``i < j ≤ L`` and the slopes ``D_j`` for ``i ≤ j ≤ L−1``.  The claims below
check: the slope of σ and its bounds (``σ' ≤ 1/4``, equality only at 0,
``σ'(z) ≤ e^{−|z|}``); one step of the Jacobian product for any width; the
whole product, with its index ranges, for a scalar network of depth 5.

In the chain-rule claims σ is a generic differentiable function (a SymPy
function whose derivative is the symbol σ'); they hold for any activation.
"""

import sympy as sp

from claimcheck import Claim, Domain, Mutant, claim, definition, derivation, erratum, relation, times, written
from ._sums import RangeProduct

definition("def.sigmoid_mlp", "The sigmoid MLP", label="def-sigmoid-mlp")

z = sp.Symbol("z", real=True)
u = sp.Symbol("u", positive=True)
dd = sp.Symbol("d", nonnegative=True)
z_pos = sp.Symbol("z_+", real=True)
z_neg = sp.Symbol("z_-", real=True)


def logistic(t):
    """σ(t) = 1/(1 + e^{−t})."""
    return 1 / (1 + sp.exp(-t))


def logistic_slope(t):
    """σ'(t) = e^{−t}/(1 + e^{−t})², as computed in :func:`vanishing_sigmoid_derivative`."""
    return sp.exp(-t) / (1 + sp.exp(-t)) ** 2


@claim
def vanishing_sigmoid_derivative() -> Claim:
    """``σ'(z) = e^{−z}/(1 + e^{−z})² = σ(z)(1 − σ(z))``."""
    chain = derivation(
        sp.Derivative(logistic(z), z),
        ("=", logistic_slope(z), "chain rule"),
        ("=", logistic(z) * (1 - logistic(z)), r"$1 - \sigma(z) = e^{-z}/(1 + e^{-z})$"),
    )
    return Claim(
        name="vanishing.sigmoid_derivative",
        title="The slope of the sigmoid",
        statement=chain,
        scope="general",
        uses=("def.sigmoid_mlp",),
        mutants=(
            Mutant("flipped sign", "σ'(z) = σ(z)(1 + σ(z))", derivation(
                sp.Derivative(logistic(z), z), ("=", logistic_slope(z), "chain rule"),
                ("=", logistic(z) * (1 + logistic(z)), "wrong"))),
            Mutant("dropped factor", "σ'(z) = σ(z)", derivation(
                sp.Derivative(logistic(z), z), ("=", logistic_slope(z), "chain rule"),
                ("=", logistic(z), "wrong"))),
        ),
    )


@claim
def vanishing_sigmoid_slope_bound() -> Claim:
    """``σ'(z) ≤ 1/4`` for every real z: ``1/4 − σ'(z)`` is a square over a positive number."""
    chain = derivation(
        logistic_slope(z),
        ("=", sp.Rational(1, 4) - (1 - sp.exp(-z)) ** 2 / (4 * (1 + sp.exp(-z)) ** 2), "complete the square"),
        ("<=", sp.Rational(1, 4), "a square is ≥ 0"),
    )
    return Claim(
        name="vanishing.sigmoid_slope_bound",
        title="σ' ≤ 1/4",
        statement=chain,
        scope="general",
        uses=("vanishing.sigmoid_derivative",),
        mutants=(
            Mutant("wrong constant", "bound 1/5", derivation(
                logistic_slope(z),
                ("=", sp.Rational(1, 4) - (1 - sp.exp(-z)) ** 2 / (4 * (1 + sp.exp(-z)) ** 2), "square"),
                ("<=", sp.Rational(1, 5), "wrong"))),
            Mutant("swapped order", "σ' ≥ 1/4", derivation(
                logistic_slope(z),
                ("=", sp.Rational(1, 4) - (1 - sp.exp(-z)) ** 2 / (4 * (1 + sp.exp(-z)) ** 2), "square"),
                (">=", sp.Rational(1, 4), "wrong"))),
        ),
    )


@claim
def vanishing_sigmoid_slope_max() -> Claim:
    """Equality ``σ'(z) = 1/4`` holds at ``z = 0`` and nowhere else.

    Every ``z > 0`` is ``log(1 + u)`` and every ``z < 0`` is ``−log(1 + u)``
    for some ``u > 0``; at those points the slope is strictly below 1/4.
    """
    at_zero = sp.Subs(sp.Derivative(logistic(z), z), z, 0)
    statement = (
        relation(at_zero, "=", sp.Rational(1, 4)),
        relation(logistic_slope(z_pos), "<", sp.Rational(1, 4)),
        relation(logistic_slope(z_neg), "<", sp.Rational(1, 4)),
    )
    where = {z_pos: sp.log(1 + u), z_neg: -sp.log(1 + u)}
    return Claim(
        name="vanishing.sigmoid_slope_max",
        title="σ'(0) = 1/4, and σ'(z) < 1/4 for z ≠ 0",
        statement=statement,
        where=where,
        hypotheses=(r"z_+ > 0 \text{ written } \log(1+u);\ z_- < 0 \text{ written } -\log(1+u)",),
        scope="general",
        uses=("vanishing.sigmoid_slope_bound",),
        mutants=(
            Mutant("missing hypothesis", "z ≠ 0 dropped: u ≥ 0 allowed (u = 0 is z = 0)",
                   where={z_pos: sp.log(1 + dd), z_neg: -sp.log(1 + dd)}),
            Mutant("wrong constant", "maximum 1/2 at 0", (relation(at_zero, "=", sp.Rational(1, 2)),)
                   + statement[1:]),
        ),
    )


@claim
def vanishing_saturation() -> Claim:
    """Saturation: ``0 < σ'(z) ≤ e^{−|z|}``; σ' is even, and for ``d ≥ 0``, ``σ'(d) ≤ e^{−d}``."""
    statement = (
        relation(logistic_slope(-dd), "=", logistic_slope(dd)),
        relation(logistic_slope(dd), "<=", sp.exp(-dd)),
        relation(logistic_slope(z), ">", 0),
    )
    return Claim(
        name="vanishing.saturation",
        title="A saturated unit has an exponentially small, positive slope",
        statement=statement,
        scope="general",
        uses=("vanishing.sigmoid_derivative",),
        mutants=(
            Mutant("wrong constant", r"$\sigma'(d) \le e^{-2d}$",
                   (statement[0], relation(logistic_slope(dd), "<=", sp.exp(-2 * dd)))),
            Mutant("wrong constant", r"$\sigma'(d) \le e^{-d}/4$",
                   (statement[0], relation(logistic_slope(dd), "<=", sp.exp(-dd) / 4))),
            Mutant("flipped sign", "σ' odd instead of even", (relation(logistic_slope(-dd), "=", -logistic_slope(dd)),
                                                              statement[1])),
            Mutant("flipped sign", "σ' negative", statement[:2] + (relation(logistic_slope(z), "<", 0),)),
        ),
    )


# --------------------------------------------------------------------------
# The chain rule for a generic activation


class sigma_prime(sp.Function):
    """σ', the derivative of the generic activation :class:`sigma`."""

    def _latex(self, printer, exp=None):
        return r"\sigma'\left(%s\right)" % printer._print(self.args[0])

    def probe_instance(self):
        """The logistic's slope, the derivative of :meth:`sigma.probe_instance`."""
        return logistic_slope(self.args[0])


class sigma(sp.Function):
    """A generic differentiable activation; SymPy differentiates it to :class:`sigma_prime`.

    The proofs treat it as unknown; the checker's random probes evaluate it as
    the logistic (a concrete nonlinear instance), so a wrong chain rule is
    refuted by a point, not merely left undecided.
    """

    def fdiff(self, argindex=1):
        return sigma_prime(self.args[0])

    def probe_instance(self):
        """The logistic σ(t) = 1/(1 + e^{−t}): the instance the probes evaluate."""
        return logistic(self.args[0])


n = sp.Symbol("n", integer=True, positive=True)
r = sp.Symbol("r", integer=True, nonnegative=True)
p = sp.Symbol("p", integer=True, positive=True)
q = sp.Symbol("q", integer=True, positive=True)
mm = sp.Symbol("m", integer=True, positive=True)
A = sp.IndexedBase("A", real=True)
Z = sp.IndexedBase("z", real=True)
B = sp.IndexedBase("b", real=True)


@claim
def vanishing_jacobian_step() -> Claim:
    """One factor of the product: ``∂z_{j+1,q}/∂z_{j,p} = (A_{j+1})_{qp} σ'(z_{j,p})``, for any width n.

    So the Jacobian of ``z_j ↦ z_{j+1}`` is ``A_{j+1} D_j``; multiplying these
    (chain rule) gives the product of Jacobians.
    """
    z_next = sp.Sum(A[q, mm] * sigma(Z[mm]), (mm, 1, n)) + B[q]
    where = {n: p + r}
    statement = relation(sp.Derivative(z_next, Z[p]), "=", A[q, p] * sigma_prime(Z[p]))
    return Claim(
        name="vanishing.jacobian_step",
        title=r"One layer's Jacobian: $A_{j+1} \operatorname{diag} \sigma'(z_j)$",
        statement=statement,
        display=relation(sp.Derivative(written(sp.Sum(times(A[q, mm], sigma(Z[mm])), (mm, 1, n)), B[q]), Z[p]), "=",
                         times(A[q, p], sigma_prime(Z[p]))),
        where=where,
        hypotheses=(r"z_{j+1} = A_{j+1}\,\sigma(z_j) + b_{j+1} \text{ written with } A = A_{j+1},\ z = z_j",
                    r"1 \le p \le n, \text{ written } n = p + r"),
        scope="general in the width n",
        uses=("def.sigmoid_mlp",),
        mutants=(
            Mutant("swapped order", "transposed weight $A_{pq}$",
                   relation(sp.Derivative(z_next, Z[p]), "=", A[p, q] * sigma_prime(Z[p]))),
            Mutant("dropped factor", "slope of σ forgotten",
                   relation(sp.Derivative(z_next, Z[p]), "=", A[q, p])),
        ),
    )


DEPTH = 5
a_ = sp.symbols(f"a_1:{DEPTH + 1}", real=True)
b_ = sp.symbols(f"b_1:{DEPTH + 1}", real=True)
z_ = sp.symbols(f"z_1:{DEPTH}", real=True)
x_in = sp.Symbol("x", real=True)


def _scalar_network():
    """Pre-activations z_1..z_{L−1} of the width-1 network as nested expressions, and y_L."""
    pre, prev = {}, x_in
    for layer in range(DEPTH - 1):
        pre[z_[layer]] = a_[layer] * prev + b_[layer]
        prev = sigma(pre[z_[layer]])
    return pre, a_[-1] * sigma(z_[-1]) + b_[-1]


def bias_gradient_product(layer: int, weights=None, slopes_from=None):
    """``∂y_L/∂b_i = a_L Π_{j=i+1}^{L−1} (σ'(z_j) a_j) · σ'(z_i)`` for the scalar network (1-based i).

    ``weights`` and ``slopes_from`` override the index ranges (to plant mutants).
    """
    if layer == DEPTH:
        return sp.Integer(1)
    weights = range(layer + 1, DEPTH + 1) if weights is None else weights
    slopes = range(layer if slopes_from is None else slopes_from, DEPTH)
    product = sp.Integer(1)
    for jj in weights:
        product *= a_[jj - 1]
    for jj in slopes:
        product *= sigma_prime(z_[jj - 1])
    return product


@claim
def vanishing_jacobian_product() -> Claim:
    """For the scalar network of depth 5: ``∂y_5/∂b_i`` has the factors a_j for i < j ≤ 5 and σ'(z_j) for i ≤ j ≤ 4.

    The left sides are the derivatives of the composed network, taken by SymPy.
    """
    pre, y_out = _scalar_network()
    parts = tuple(relation(sp.Derivative(y_out, b_[layer - 1]), "=", bias_gradient_product(layer))
                  for layer in range(1, DEPTH + 1))
    return Claim(
        name="vanishing.jacobian_product",
        title="The product of Jacobians, with its index ranges (depth 5)",
        statement=parts,
        where=pre,
        domains=(Domain(a_, shown=f"a_1, \\dots, a_{DEPTH}"), Domain(b_, shown=f"b_1, \\dots, b_{DEPTH}"),
                 Domain(z_, shown=f"z_1, \\dots, z_{DEPTH - 1}")),
        hypotheses=(r"y_5 = a_5 \sigma(z_4) + b_5,\ z_\ell = a_\ell \sigma(z_{\ell-1}) + b_\ell,\ z_1 = a_1 x + b_1",),
        scope="width 1 and depth 5 (the general-width factor is vanishing.jacobian_step); "
              "every depth: vanishing.jacobian_product_any_depth",
        fixed={"L": DEPTH},
        instance_of="vanishing.jacobian_product_any_depth",
        uses=("vanishing.jacobian_step",),
        mutants=(
            Mutant("swapped order", r"$a_i$ itself included for $i = 2$: $a_j$ for $2 \le j \le 5$", (
                relation(sp.Derivative(y_out, b_[1]), "=", bias_gradient_product(2, weights=range(2, DEPTH + 1))),)),
            Mutant("dropped factor", r"own slope $\sigma'(z_i)$ left out for $i = 3$", (
                relation(sp.Derivative(y_out, b_[2]), "=", bias_gradient_product(3, slopes_from=4)),)),
        ),
    )


t_in = sp.Symbol("t", real=True)
w1, w2, A1, A2, c1, c2, c_both = sp.symbols("w_1 w_2 A_1 A_2 c_1 c_2 c", real=True)


@claim
def vanishing_single_unit_saturation() -> Claim:
    """One saturated unit blocks only its own path; the gradient through a layer vanishes when all its units saturate.

    A layer of two sigmoid units between an input t and an output
    ``h = A_1 σ(w_1 t + c_1) + A_2 σ(w_2 t + c_2)``.  Saturating unit 1
    (``c_1 → ∞``) leaves the path through unit 2; saturating both
    (``c_1 = c_2 = c → ∞``) sends ``dh/dt`` to 0.
    """
    h = A1 * logistic(w1 * t_in + c1) + A2 * logistic(w2 * t_in + c2)
    h_both = h.xreplace({c1: c_both, c2: c_both})
    one = sp.Limit(sp.Derivative(h, t_in), c1, sp.oo)
    both = sp.Limit(sp.Derivative(h_both, t_in), c_both, sp.oo)
    statement = (relation(one, "=", A2 * w2 * logistic_slope(w2 * t_in + c2)), relation(both, "=", 0))
    return Claim(
        name="vanishing.single_unit_saturation",
        title="Saturating one unit is not enough; saturating the layer is",
        statement=statement,
        hypotheses=(r"h = A_1 \sigma(w_1 t + c_1) + A_2 \sigma(w_2 t + c_2): \text{ a width-2 sigmoid layer}",),
        scope="width 2 (the same holds unit by unit for any width)",
        uses=("vanishing.saturation",),
        mutants=(
            Mutant("wrong step", "one saturated unit kills the whole gradient", (relation(one, "=", 0), statement[1])),
            Mutant("wrong constant", "both saturated, yet the path through unit 2 survives",
                   (statement[0], relation(both, "=", A2 * w2 * logistic_slope(w2 * t_in + c_both)))),
        ),
    )


erratum(
    where="HW5 (2021) P2, the notebook's solution, case ② (saturation)",
    says=r"the gradients of layer $i$ become small when some $|\tilde y_j| \to \infty$, "
         r"glossed as $\sigma'(\tilde y_j) \to 0$, where $\tilde y_j$ is the layer's pre-activation vector",
    correction=r"with its gloss the condition is right: $\sigma'(\tilde y_j) \to 0$ as a vector asks every unit of "
               r"layer $j$ to saturate, and then $\mathrm{diag}(\sigma'(\tilde y_j))$ is small. Only the notation is "
               r"loose: $|\tilde y_j|$ of a vector must be read entrywise, for every entry; a large norm "
               r"$\|\tilde y_j\|$, or one large entry, would not do, since one saturated unit blocks only the "
               r"paths through itself. The layer is some $j$ with $i \le j \le L-1$",
    shown_by=("vanishing.single_unit_saturation", "vanishing.jacobian_product"),
    kind="note",
    problem="hw5-2021-p2",
)

erratum(
    where="HW5 (2021) P2, the notebook's solution, cases ① and ②",
    says=r"the layer that is small (①) or saturated (②) is some $j \in \{L+1, \dots, L\}$, an empty index set",
    correction=r"for a small weight $j \in \{i+1, \dots, L\}$ (between layer $i$ and the output); for saturation "
               r"$j \in \{i, \dots, L-1\}$ with a linear output layer ($j \in \{i, \dots, L\}$ if the output has "
               r"an activation too). The $L+1$ is probably a slip for $i+1$",
    shown_by=("vanishing.jacobian_product",),
    checked_by=("tests/test_vanishing.py::test_small_weights_shrink_only_earlier_layers",
                "tests/test_vanishing.py::test_saturation_shrinks_layers_up_to_and_including_it"),
    kind="typo",
    problem="hw5-2021-p2",
)


# --------------------------------------------------------------------------
# Any depth L (width 1): induction on the number of layers above layer i

L_depth = sp.Symbol("L", integer=True, positive=True)
i_layer = sp.Symbol("i", integer=True, positive=True)
j_layer = sp.Symbol("j", integer=True, positive=True)
gap = sp.Symbol("r", integer=True, nonnegative=True)
a_w = sp.IndexedBase("a", real=True)
b_w = sp.IndexedBase("b", real=True)
z_w = sp.IndexedBase("z", real=True)
y_prev = sp.Symbol("y_{i-1}", real=True)


def output_gradient(layer, first_weight=None, own_slope=True):
    """``F(i) = a_L Π_{j=i+1}^{L−1} (a_j σ'(z_j)) · σ'(z_i)``: ``∂y_L/∂z_i`` of the width-1 network.

    ``first_weight`` moves the product's lower bound and ``own_slope=False``
    drops ``σ'(z_i)`` (to plant mutants).
    """
    start = layer + 1 if first_weight is None else first_weight
    product = RangeProduct(a_w[j_layer] * sigma_prime(z_w[j_layer]), (j_layer, start, L_depth - 1))
    return a_w[L_depth] * product * (sigma_prime(z_w[layer]) if own_slope else 1)


def _one_layer(layer):
    """``z_{i+1} = a_{i+1} σ(z_i) + b_{i+1}`` as a function of ``z_i``."""
    return a_w[layer + 1] * sigma(z_w[layer]) + b_w[layer + 1]


@claim
def vanishing_product_base() -> Claim:
    """Base case, i = L − 1: ``∂y_L/∂z_{L−1} = a_L σ'(z_{L−1})``, the formula with an empty product."""
    last = L_depth - 1
    lhs = sp.Derivative(a_w[L_depth] * sigma(z_w[last]) + b_w[L_depth], z_w[last])
    lhs_shown = sp.Derivative(written(times(a_w[L_depth], sigma(z_w[last])), b_w[L_depth]), z_w[last])
    return Claim(
        name="vanishing.product_base",
        title="The product of Jacobians, base case: the last hidden layer",
        statement=relation(lhs, "=", output_gradient(last)),
        # The product over j from L to L - 1 is empty: shown as its value 1, that is, left out.
        display=relation(lhs_shown, "=", times(a_w[L_depth], sigma_prime(z_w[last]))),
        hypotheses=(r"y_L = a_L \sigma(z_{L-1}) + b_L \text{ (a linear output layer)};\ L \ge 2",),
        scope="every depth L (width 1; vanishing.jacobian_step gives one factor at any width)",
        uses=("def.sigmoid_mlp",),
        mutants=(
            Mutant("swapped order", r"the weight $a_{L-1}$ in place of $a_L$",
                   relation(lhs, "=", a_w[last] * sigma_prime(z_w[last])),
                   display=relation(lhs_shown, "=", times(a_w[last], sigma_prime(z_w[last])))),
            Mutant("dropped factor", r"the slope $\sigma'(z_{L-1})$ left out",
                   relation(lhs, "=", output_gradient(last, own_slope=False)),
                   display=relation(lhs_shown, "=", a_w[L_depth])),
        ),
    )


@claim
def vanishing_product_step() -> Claim:
    """Inductive step: if ``∂y_L/∂z_{i+1} = F(i+1)`` then ``∂y_L/∂z_i = F(i+1)·∂z_{i+1}/∂z_i = F(i)``."""
    def chain(result=output_gradient(i_layer)):
        return derivation(
            output_gradient(i_layer + 1) * sp.Derivative(_one_layer(i_layer), z_w[i_layer]),
            ("=", output_gradient(i_layer + 1) * a_w[i_layer + 1] * sigma_prime(z_w[i_layer]),
             "one layer's derivative (vanishing.jacobian_step, width 1)"),
            ("=", result, r"the factor $a_{i+1}\sigma'(z_{i+1})$ joins the product as its term $j = i + 1$"),
        )

    where = {L_depth: i_layer + 2 + gap}
    return Claim(
        name="vanishing.product_step",
        title="The product of Jacobians, inductive step: one layer down",
        statement=chain(),
        where=where,
        hypotheses=(r"\partial y_L/\partial z_{i+1} = F(i+1) \text{ (induction hypothesis)},\ "
                    r"z_{i+1} = a_{i+1}\sigma(z_i) + b_{i+1}",
                    r"1 \le i \le L - 2, \text{ written } L = i + 2 + r,\ r \ge 0"),
        scope="every depth L and layer i (width 1)",
        uses=("vanishing.jacobian_step", "vanishing.product_base"),
        mutants=(
            Mutant("swapped order", r"the product starts at $j = i$: the weight $a_i$ of layer $i$ included",
                   chain(result=output_gradient(i_layer, first_weight=i_layer))),
            Mutant("dropped factor", r"own slope $\sigma'(z_i)$ left out",
                   chain(result=output_gradient(i_layer, own_slope=False))),
            Mutant("wrong step", r"the product stops at $L - 2$ (the last slope $\sigma'(z_{L-1})$ missing)",
                   chain(result=a_w[L_depth] * RangeProduct(a_w[j_layer] * sigma_prime(z_w[j_layer]),
                                                          (j_layer, i_layer + 1, L_depth - 2))
                         * sigma_prime(z_w[i_layer]))),
        ),
    )


class output_of(sp.Function):
    """``y_L`` as a function of ``z_i`` (the layers above i composed); its derivative is ``F(i)``, which is what
    the base case and the inductive step prove by induction on ``L − 1 − i``."""

    def fdiff(self, argindex=1):
        return output_gradient(i_layer).xreplace({z_w[i_layer]: self.args[0]})

    def _latex(self, printer, exp=None):
        return r"y_L\left(%s\right)" % printer._print(self.args[0])


@claim
def vanishing_jacobian_product_any_depth() -> Claim:
    """For every depth L and layer 1 ≤ i ≤ L − 1: ``∂y_L/∂b_i = a_L Π_{j=i+1}^{L−1} (a_j σ'(z_j)) · σ'(z_i)``.

    ``y_L`` depends on ``b_i`` through ``z_i = a_i y_{i−1} + b_i``; the chain
    rule through ``z_i`` and the derivative of ``z_i ↦ y_L`` (by induction)
    give the product.
    """
    z_i = a_w[i_layer] * y_prev + b_w[i_layer]
    lhs = sp.Derivative(output_of(z_i), b_w[i_layer])
    at_z = {z_w[i_layer]: z_i}
    return Claim(
        name="vanishing.jacobian_product_any_depth",
        title="The product of Jacobians, with its index ranges, for every depth L",
        statement=relation(lhs, "=", output_gradient(i_layer).xreplace(at_z)),
        hypotheses=(r"z_i = a_i y_{i-1} + b_i;\ \partial y_L / \partial z_i = F(i) \text{ for } 1 \le i \le L-1, "
                    r"\text{ by induction on } L - 1 - i \text{ (base case and inductive step)}",
                    r"1 \le i \le L - 1"),
        scope="every depth L and layer i (width 1); induction from vanishing.product_base and vanishing.product_step",
        uses=("vanishing.product_base", "vanishing.product_step"),
        mutants=(
            Mutant("swapped order", r"the weight $a_i$ of layer $i$ included",
                   relation(lhs, "=", output_gradient(i_layer, first_weight=i_layer).xreplace(at_z))),
            Mutant("dropped factor", r"own slope $\sigma'(z_i)$ left out",
                   relation(lhs, "=", output_gradient(i_layer, own_slope=False).xreplace(at_z))),
        ),
    )
