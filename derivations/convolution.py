"""Convolutions: filters as convolutions, max-pool and activations, receptive fields.

Tensor identities ("equal in every entry") are checked on symbolic images:
every pixel and weight is its own SymPy symbol, the convolution is computed
from its definition (:func:`derivations._tensors.conv2d`), and the two tensors
are compared through ``⟨U, A⟩ = ⟨U, B⟩`` with a tensor ``U`` of fresh symbols
(see :mod:`derivations._tensors`).  Such a check is a symbolic proof for the
sizes it is built at, for all values of the entries; the ``scope`` of each
claim names the sizes.  The one-layer receptive field is general.
"""
import itertools
import math

import numpy as np
import sympy as sp

from ._tensors import conv2d, entrywise, matrix_tex, symbolic_tensor
from claimcheck import (INSTANCE, Claim, Mutant, claim, definition, derivation, erratum, minus, relation, relax, times,
                        written)
from ._sums import RangeSum, RangeProduct

definition("def.conv2d", "Convolution layer (PyTorch's Conv2d)", label="def-conv2d")
definition("def.maxpool", "Max pooling: the maximum over each window", label="def-maxpool")

# --------------------------------------------------------------------------
# Filters as convolutions


def forward_differences(x: np.ndarray) -> np.ndarray:
    """``Y₁ᵢⱼ = X_{i+1,j} − X_{i,j}``, ``Y₂ᵢⱼ = X_{i,j+1} − X_{i,j}``; entries outside ``X`` are 0."""
    _, h, w = x.shape

    def at(i, j):
        return x[0, i, j] if i < h and j < w else 0

    y = np.empty((2, h, w), dtype=object)
    for i, j in itertools.product(range(h), range(w)):
        y[0, i, j] = at(i + 1, j) - at(i, j)
        y[1, i, j] = at(i, j + 1) - at(i, j)
    return y


def difference_filter(down=(2, 1), right=(1, 2), centre=-1) -> np.ndarray:
    """The ``2 × 1 × 3 × 3`` filter: ``centre`` at the middle, +1 below (channel 1) or to the right (channel 2)."""
    weight = np.zeros((2, 1, 3, 3), dtype=object)
    weight[0, 0, 1, 1] = weight[1, 0, 1, 1] = centre
    weight[0, 0][down] = 1
    weight[1, 0][right] = 1
    return weight


X_GREY = symbolic_tensor("X", 1, 3, 4)
DIFF_FILTER = difference_filter()


@claim
def filters_forward_differences() -> Claim:
    """Both forward differences, with zero outside the image, are one convolution with a 2×3×3 filter and padding 1."""
    target = forward_differences(X_GREY)

    def statement(weight):
        return entrywise(r"\operatorname{conv}_{p=1}(X;\,W_\Delta)", conv2d(X_GREY, weight, padding=1),
                         r"(Y_1, Y_2)", target)

    return Claim(
        name="convolution.forward_differences",
        title="Forward differences are one convolution with padding 1",
        statement=statement(DIFF_FILTER),
        hypotheses=(
            rf"W_{{\Delta,1}} = {matrix_tex(DIFF_FILTER[0, 0])},\ W_{{\Delta,2}} = {matrix_tex(DIFF_FILTER[1, 0])}",
            r"Y_{1,i,j} = X_{i+1,j} - X_{i,j},\ Y_{2,i,j} = X_{i,j+1} - X_{i,j},\ X = 0 \text{ outside the image}",
            r"X \in \mathbb{R}^{1\times 3\times 4},\ U \in \mathbb{R}^{2\times 3\times 4} \text{ symbolic}",
        ),
        scope="symbolic proof for a 3×4 image, every one of the 24 output entries (borders included)",
        uses=("def.conv2d",),
        mutants=(
            Mutant("swapped order", "backward differences (the +1 above / left of the centre)",
                   statement(difference_filter(down=(0, 1), right=(1, 0)))),
            Mutant("flipped sign", "centre weight +1", statement(difference_filter(centre=1))),
            Mutant("swapped order", "the two channels exchanged",
                   statement(difference_filter(down=(1, 2), right=(2, 1)))),
        ),
    )


def average_pool(x: np.ndarray, k: int) -> np.ndarray:
    """``nn.AvgPool2d(k)`` by its definition: the mean of each ``k × k`` block (stride ``k``, no padding)."""
    c, h, w = x.shape
    y = np.empty((c, h // k, w // k), dtype=object)
    for ch, i, j in itertools.product(range(c), range(h // k), range(w // k)):
        y[ch, i, j] = sp.Add(*(x[ch, k * i + a, k * j + b] for a in range(k) for b in range(k))) / k**2
    return y


def depthwise_mean_weight(channels: int, k: int, value=None) -> np.ndarray:
    """``C × 1 × k × k`` filled with ``1/k²``: one averaging filter per channel (``groups = C``)."""
    return np.full((channels, 1, k, k), sp.Rational(1, k**2) if value is None else value, dtype=object)


def dense_mean_weight(channels: int, k: int, mix: bool = False) -> np.ndarray:
    """``C × C × k × k`` with ``δ_{oc}/k²`` (or ``1/k²`` everywhere when ``mix``): an ordinary convolution."""
    weight = np.zeros((channels, channels, k, k), dtype=object)
    for o, c in itertools.product(range(channels), repeat=2):
        if mix or o == c:
            weight[o, c] = sp.Rational(1, k**2)
    return weight


X_RGB_POOL = {k: symbolic_tensor("X", 2, 2 * k, 2 * k) for k in (2, 3)}


@claim
def filters_average_pool() -> Claim:
    """AvgPool2d(k) is a depthwise convolution (groups = C) with weight 1/k² and stride k;
    or a dense one with δ_{oc}/k²."""

    def part(k, weight, groups, name):
        x = X_RGB_POOL[k]
        return entrywise(name, conv2d(x, weight, stride=k, groups=groups), rf"\operatorname{{AvgPool}}_{k}(X)",
                         average_pool(x, k))

    good = (
        part(2, depthwise_mean_weight(2, 2), 2, r"\operatorname{conv}_{s=2,\,g=C}(X;\,\tfrac14 \mathbf{1})"),
        part(3, depthwise_mean_weight(2, 3), 2, r"\operatorname{conv}_{s=3,\,g=C}(X;\,\tfrac19 \mathbf{1})"),
        part(2, dense_mean_weight(2, 2), 1, r"\operatorname{conv}_{s=2}(X;\,\tfrac14\delta_{oc}\mathbf{1})"),
    )
    return Claim(
        name="convolution.average_pool",
        title="Average pooling is a depthwise convolution",
        statement=good,
        hypotheses=(
            r"X \in \mathbb{R}^{C\times 2k\times 2k},\ C = 2,\ \text{stride} = k,\ \text{no bias}",
            r"g = C: \text{weight } C\times 1\times k\times k \text{ of } 1/k^2",
            r"g = 1: \text{weight } C\times C\times k\times k,\ W_{o,c} = \delta_{oc}/k^2",
        ),
        scope="symbolic proof for C = 2 channels and k = 2 and 3 (every output entry); "
              "the argument (each output channel averages only its own input channel) is general",
        uses=("def.conv2d",),
        mutants=(
            Mutant("missing hypothesis", "an ordinary convolution (groups = 1) with 1/k² everywhere mixes the channels",
                   (part(2, dense_mean_weight(2, 2, mix=True), 1,
                         r"\operatorname{conv}_{s=2,\,g=1}(X;\,\tfrac14 \mathbf{1})"),) + good[1:]),
            Mutant("wrong constant", "weight 1/k instead of 1/k²",
                   (part(2, depthwise_mean_weight(2, 2, sp.Rational(1, 2)), 2,
                          r"\operatorname{conv}_{s=2,\,g=C}(X;\,\tfrac12 \mathbf{1})"),) + good[1:]),
        ),
    )


GREY = (sp.Rational(299, 1000), sp.Rational(587, 1000), sp.Rational(114, 1000))
X_RGB = symbolic_tensor("X", 3, 2, 3)


def greyscale(x: np.ndarray, coefficients=GREY) -> np.ndarray:
    """``Y = 0.299 R + 0.587 G + 0.114 B`` pixel by pixel."""
    return (coefficients[0] * x[0] + coefficients[1] * x[1] + coefficients[2] * x[2])[None]


@claim
def filters_greyscale() -> Claim:
    """RGB → grey is a 1×1 convolution with the weight (0.299, 0.587, 0.114) of shape 1×3×1×1."""

    def statement(coefficients):
        weight = np.array(coefficients, dtype=object).reshape(1, 3, 1, 1)
        return entrywise(r"\operatorname{conv}_{1\times 1}(X;\,w)", conv2d(X_RGB, weight), "Y", greyscale(X_RGB))

    return Claim(
        name="convolution.greyscale",
        title="Greyscale is a 1×1 convolution",
        statement=statement(GREY),
        hypotheses=(rf"w = {matrix_tex([GREY])} \text{{ as a }} 1\times 3\times 1\times 1 \text{{ weight}}",
                    r"X = (R, G, B) \in \mathbb{R}^{3\times 2\times 3} \text{ symbolic}"),
        scope="symbolic proof on a 2×3 image, every pixel",
        uses=("def.conv2d",),
        mutants=(
            Mutant("swapped order", "R and B coefficients exchanged (BGR order)", statement(GREY[::-1])),
            Mutant("wrong constant", "plain mean (1/3 each)", statement((sp.Rational(1, 3),) * 3)),
        ),
    )


# --------------------------------------------------------------------------
# Max-pool and activations

a = sp.Symbol("a", real=True)
b = sp.Symbol("b", real=True)
d = sp.Symbol("d", nonnegative=True)
eta = sp.Symbol("eta", nonnegative=True)
sigma_a = sp.Symbol(r"\sigma(a)", real=True)
sigma_b = sp.Symbol(r"\sigma(b)", real=True)


@claim
def maxpool_pairwise_core() -> Claim:
    """For ``a ≤ b`` and nondecreasing ``σ``: ``max(a, b) = b`` and ``max(σ(a), σ(b)) = σ(b)``,
    so σ commutes with max."""
    statement = (relation(sp.Max(a, b), "=", b), relation(sp.Max(sigma_a, sigma_b), "=", sigma_b))
    where = {b: a + d, sigma_b: sigma_a + eta}
    return Claim(
        name="convolution.maxpool_pairwise_core",
        title="The core of the proof: max and a nondecreasing σ",
        statement=statement,
        where=where,
        hypotheses=(r"a \le b, \text{ written } b = a + d",
                    r"\sigma \text{ nondecreasing, so } \sigma(b) = \sigma(a) + \eta \text{ with } \eta \ge 0"),
        scope="general (two entries; a window is handled by induction over its entries)",
        uses=("def.maxpool",),
        mutants=(
            Mutant("missing hypothesis", "σ not monotone: σ(b) − σ(a) of any sign",
                   relax(statement, sigma_a), where={b: a + d, sigma_b: sigma_a + relax(eta, eta)}),
            Mutant("missing hypothesis", "a ≤ b dropped", where={b: a + relax(d, d), sigma_b: sigma_a + eta}),
        ),
    )


def silu(t):
    """SiLU (swish): ``t / (1 + e^{−t})``; works on SymPy and on floats."""
    exp = sp.exp if isinstance(t, sp.Basic) else math.exp
    return t / (1 + exp(-t))


def gelu(t):
    """GELU: ``t Φ(t) = t (1 + erf(t/√2))/2``; works on SymPy and on floats."""
    if isinstance(t, sp.Basic):
        return t * (1 + sp.erf(t / sp.sqrt(2))) / 2
    return t * (1 + math.erf(t / math.sqrt(2))) / 2


def worst_pair(activation, grid) -> tuple:
    """The pair ``a < b`` of ``grid`` with the largest ``max(σ(a), σ(b)) − σ(max(a, b))`` (found, not chosen)."""
    return max(((p, q) for p in grid for q in grid if p < q),
               key=lambda pq: max(activation(float(pq[0])), activation(float(pq[1]))) - activation(float(pq[1])))


#: Rational grid on [−4, 2] in steps of 1/4, searched for counterexamples.
SEARCH_GRID = [sp.Rational(k, 4) for k in range(-16, 9)]
a1, b1, a2, b2 = sp.symbols("a_1 b_1 a_2 b_2", real=True)


@claim
def maxpool_nonmonotone_counterexamples() -> Claim:
    """SiLU and GELU do not commute with max: at the pairs found by a grid search, σ(max) < max σ."""
    silu_pair, gelu_pair = worst_pair(silu, SEARCH_GRID), worst_pair(gelu, SEARCH_GRID)
    statement = (relation(silu(sp.Max(a1, b1)), "<", sp.Max(silu(a1), silu(b1))),
                 relation(gelu(sp.Max(a2, b2)), "<", sp.Max(gelu(a2), gelu(b2))))
    where = {a1: silu_pair[0], b1: silu_pair[1], a2: gelu_pair[0], b2: gelu_pair[1]}
    return Claim(
        name="convolution.maxpool_nonmonotone_counterexamples",
        title="SiLU and GELU do not commute with max",
        statement=statement,
        where=where,
        method=INSTANCE,
        why_method="a counterexample is one point; the points come from a search over a grid of rationals "
                   "on [−4, 2] (step 1/4) for the largest violation, and are evaluated exactly",
        scope="the two pairs shown",
        uses=("def.maxpool",),
        mutants=(
            Mutant("swapped order", "both pairs moved to [0, ∞), where SiLU and GELU increase",
                   where={a1: 1, b1: 2, a2: 1, b2: 2}),
            Mutant("flipped sign", "σ(max) > max σ claimed instead",
                   (relation(silu(sp.Max(a1, b1)), ">", sp.Max(silu(a1), silu(b1))), statement[1])),
        ),
    )


# --------------------------------------------------------------------------
# Receptive field

k, s, p, dl, r, i = sp.symbols("k s p d r i", integer=True, positive=True)


@claim
def rf_one_layer() -> Claim:
    """A layer with kernel k, stride s, dilation d turns r consecutive outputs into s(r−1) + d(k−1) + 1 inputs."""
    first = s * i - p                               # first input read by output i (0-based, padding p)
    last = s * (i + r - 1) - p + dl * (k - 1)       # last input read by output i + r − 1
    statement = (relation(last - first + 1, "=", s * (r - 1) + dl * (k - 1) + 1),
                 relation((s * (i + 1) - p) - first, "=", s))
    return Claim(
        name="convolution.receptive_field_one_layer",
        title="One layer: span of r consecutive outputs, and the jump",
        statement=statement,
        hypotheses=(r"\text{output } i \text{ reads inputs } s i - p + d\,t,\ t = 0, \dots, k-1",),
        scope="general in k, s, d, p, r, i",
        uses=("def.conv2d",),
        mutants=(
            Mutant("dropped factor", "dilation ignored: s(r−1) + (k−1) + 1",
                   (relation(last - first + 1, "=", s * (r - 1) + (k - 1) + 1), statement[1])),
            Mutant("wrong constant", "k in place of k − 1",
                   (relation(last - first + 1, "=", s * (r - 1) + dl * k + 1), statement[1])),
        ),
    )


def rf_recursion(kernels, strides, dilations):
    """Walk back from one output: ``r ← s(r − 1) + d(k − 1) + 1`` from the last layer to the first."""
    size = sp.Integer(1)
    for kk, ss, dd in reversed(list(zip(kernels, strides, dilations))):
        size = ss * (size - 1) + dd * (kk - 1) + 1
    return size


def rf_closed_form(kernels, strides, dilations, include_own_stride=False):
    """``1 + Σ_l (k_l − 1) d_l Π_{m<l} s_m``."""
    total, jump = sp.Integer(1), sp.Integer(1)
    for kk, ss, dd in zip(kernels, strides, dilations):
        if include_own_stride:
            jump *= ss
        total += (kk - 1) * dd * jump
        if not include_own_stride:
            jump *= ss
    return total


RF_DEPTHS = (1, 2, 3, 4, 5)


def _layer_symbols(depth):
    return [sp.symbols(f"{n}_1:{depth + 1}", integer=True, positive=True) for n in "ksd"]


@claim
def rf_closed_form_claim() -> Claim:
    """The receptive field of L layers is ``1 + Σ_l (k_l − 1) d_l Π_{m<l} s_m`` (checked for L = 1, …, 5)."""
    parts = tuple(relation(rf_recursion(*_layer_symbols(L)), "=", rf_closed_form(*_layer_symbols(L)))
                  for L in RF_DEPTHS)
    return Claim(
        name="convolution.receptive_field_closed_form",
        title="Receptive field of a stack: the closed form",
        statement=parts,
        hypotheses=(r"\text{left: the one-layer rule applied from the output back to the input, starting at } r = 1",),
        scope="symbolic proof for every depth L = 1, …, 5, general in all kernels, strides and dilations; "
              "every depth: convolution.receptive_field_closed_form_any_depth",
        fixed={"L": "1, …, 5"},
        instance_of="convolution.receptive_field_closed_form_any_depth",
        uses=("convolution.receptive_field_one_layer",),
        mutants=(
            Mutant("wrong step", r"each layer's own stride included in its product ($\prod_{m \le l}$)",
                   tuple(relation(rf_recursion(*_layer_symbols(L)), "=",
                                  rf_closed_form(*_layer_symbols(L), include_own_stride=True)) for L in RF_DEPTHS)),
            Mutant("dropped factor", "dilations ignored",
                   tuple(relation(rf_recursion(*_layer_symbols(L)), "=",
                                  rf_closed_form(*_layer_symbols(L)[:2], [1] * L)) for L in RF_DEPTHS)),
        ),
    )


# Every depth L: induction on the layers, adding one on top

L_rf = sp.Symbol("L", integer=True, positive=True)
l_rf, m_rf = sp.symbols("l m", integer=True, positive=True)
r_out = sp.Symbol("r", integer=True, positive=True)
k_, s_, d_ = (sp.IndexedBase(name, integer=True, positive=True) for name in "ksd")


def stack_jump(depth):
    """``J_L = Π_{m=1}^{L} s_m``: how far apart neighbouring outputs of layer L read the input."""
    return RangeProduct(s_[m_rf], (m_rf, 1, depth))


def stack_field(depth, own_stride=False, dilated=True):
    """``C_L = 1 + Σ_{l=1}^{L} (k_l − 1) d_l Π_{m=1}^{l−1} s_m``; keywords plant the mutants."""
    jump = RangeProduct(s_[m_rf], (m_rf, 1, l_rf if own_stride else l_rf - 1))
    return 1 + RangeSum((k_[l_rf] - 1) * (d_[l_rf] if dilated else 1) * jump, (l_rf, 1, depth))


def one_layer_back(layer, outputs):
    """Inputs of layer ``layer`` read by ``outputs`` consecutive outputs: ``s(r − 1) + d(k − 1) + 1``
    (convolution.receptive_field_one_layer)."""
    return s_[layer] * (outputs - 1) + d_[layer] * (k_[layer] - 1) + 1


RF_INDUCTION = r"R_L(r) = J_L\,(r - 1) + C_L,\ J_L = \prod_{m=1}^{L} s_m"


@claim
def rf_stack_base() -> Claim:
    """Base case, one layer: r outputs read ``J_1(r − 1) + C_1`` inputs."""
    statement = relation(one_layer_back(1, r_out), "=", stack_jump(1) * (r_out - 1) + stack_field(1))
    return Claim(
        name="convolution.receptive_field_stack_base",
        title="Receptive field of a stack, base case: one layer",
        statement=statement,
        hypotheses=(r"\text{left: } R_1(r), \text{ the one-layer rule}",),
        scope="one layer, general in its kernel, stride and dilation",
        uses=("convolution.receptive_field_one_layer",),
        mutants=(
            Mutant("wrong step", r"the layer's own stride counted in $C_1$",
                   relation(one_layer_back(1, r_out), "=",
                            stack_jump(1) * (r_out - 1) + stack_field(1, own_stride=True))),
            Mutant("dropped factor", r"the jump $J_1 = s_1$ dropped",
                   relation(one_layer_back(1, r_out), "=", (r_out - 1) + stack_field(1))),
        ),
    )


@claim
def rf_stack_step() -> Claim:
    """Inductive step: if ``R_L(r) = J_L(r − 1) + C_L``, then with a layer L + 1 on top
    ``R_{L+1}(r) = J_{L+1}(r − 1) + C_{L+1}``."""
    top = L_rf + 1

    def chain(result=stack_jump(top) * (r_out - 1) + stack_field(top)):
        return derivation(
            stack_jump(L_rf) * (one_layer_back(top, r_out) - 1) + stack_field(L_rf),
            ("=", stack_jump(L_rf) * s_[top] * (r_out - 1)
             + (stack_field(L_rf) + (k_[top] - 1) * d_[top] * stack_jump(L_rf)), "expand"),
            ("=", result, "the product J and the sum C gain their terms for layer L + 1"),
        )

    return Claim(
        name="convolution.receptive_field_stack_step",
        title="Receptive field of a stack, inductive step: one more layer on top",
        statement=chain(),
        hypotheses=(RF_INDUCTION + r" \text{ (induction hypothesis)}",
                    r"R_{L+1}(r) = R_L\big(s_{L+1}(r-1) + d_{L+1}(k_{L+1}-1) + 1\big) \text{ (the top layer first)}"),
        scope="every depth L, general in every kernel, stride and dilation",
        uses=("convolution.receptive_field_one_layer", "convolution.receptive_field_stack_base"),
        mutants=(
            Mutant("wrong step", r"each layer's own stride included in its product ($\prod_{m \le l}$)",
                   chain(result=stack_jump(top) * (r_out - 1) + stack_field(top, own_stride=True))),
            Mutant("dropped factor", "dilations ignored",
                   chain(result=stack_jump(top) * (r_out - 1) + stack_field(top, dilated=False))),
            Mutant("swapped order", r"the new layer's stride left out of the jump: $J_L$ in place of $J_{L+1}$",
                   chain(result=stack_jump(L_rf) * (r_out - 1) + stack_field(top))),
        ),
    )


@claim
def rf_closed_form_any_depth() -> Claim:
    """The receptive field of a stack of any depth L: ``R_L(1) = 1 + Σ_{l=1}^{L} (k_l − 1) d_l Π_{m<l} s_m``."""
    lhs = stack_jump(L_rf) * (1 - 1) + stack_field(L_rf)
    return Claim(
        name="convolution.receptive_field_closed_form_any_depth",
        title="Receptive field of a stack of any depth: the closed form",
        statement=relation(lhs, "=", stack_field(L_rf)),
        hypotheses=(RF_INDUCTION + r" \text{ for every } L \ge 1, \text{ by induction (base case and step)};"
                    r"\ \text{the receptive field of one output is } R_L(1)",),
        scope="every depth L, general in every kernel, stride and dilation",
        uses=("convolution.receptive_field_stack_base", "convolution.receptive_field_stack_step"),
        mutants=(
            Mutant("wrong step", r"each layer's own stride included in its product ($\prod_{m \le l}$)",
                   relation(lhs, "=", stack_field(L_rf, own_stride=True))),
            Mutant("dropped factor", "dilations ignored", relation(lhs, "=", stack_field(L_rf, dilated=False))),
        ),
    )


H = sp.Symbol("H", integer=True, positive=True)
q = sp.Symbol("q", integer=True, nonnegative=True)


@claim
def rf_same_padding() -> Claim:
    """With stride 1, a k × k convolution keeps the size H exactly when its padding is (k − 1)/2: for k = 3, p = 1."""
    out_size = H + 2 * p - (k - 1)                  # stride 1, dilation 1
    statement = relation(out_size, "=", H)
    return Claim(
        name="convolution.receptive_field_same_padding",
        title="Which padding keeps the size (stride 1)",
        statement=statement,
        display=relation(written(H, times(2, p), minus(written(k, minus(1)))), "=", H),  # H + 2p − (k − 1)
        where={k: 2 * p + 1},
        hypotheses=(r"\text{output size } H + 2p - (k - 1) \text{ (stride 1, dilation 1)}",
                    r"\text{odd kernel, padding } p = (k - 1)/2, \text{ written } k = 2p + 1"),
        scope="general in H and p (the course network's 3 × 3 convolutions: p = 1)",
        uses=("def.conv2d",),
        mutants=(Mutant("missing hypothesis", "no padding (p = 0) with a 3 × 3 kernel",
                        relation(H + 2 * q - 2, "=", H), where={q: 0}),
                 Mutant("wrong constant", "padding p = k − 1 instead of (k − 1)/2", where={k: p + 1})),
    )


# --------------------------------------------------------------------------
# Errata of the course problems answered by these claims

erratum(
    where="HW4 (2024) P2, official solution",
    says="AvgPool2d with kernel $k$ is a convolution with one filter $w \\in \\mathbb{R}^{C\\times k\\times k}$, "
         "every entry $1/k^2$ (stride $k$, no padding).",
    correction="The value $1/k^2$ is right, the shape is not: one $C\\times k\\times k$ filter gives one output "
               "channel, $\\sum_c$ of the $C$ pooled channels. As a convolution from $C$ to $C$ channels the weight is "
               "$C\\times C\\times k\\times k$ with $W_{o,c} = \\delta_{oc}/k^2$, or depthwise ($C\\times 1\\times "
               "k\\times k$ of $1/k^2$, groups $= C$).",
    kind="math", problem="hw4-2024-p2",
    shown_by=("convolution.average_pool",),
    checked_by=("tests/test_course_numbers.py::test_hw4_2024_p2",),
)

erratum(
    where="HW4 (2024) P4, official solution",
    says="after sorting $x_1 \\le \\dots \\le x_n$: $\\rho(S) = \\{\\sigma(x_1), \\dots, \\sigma(x_n)\\}$.",
    correction="$\\sigma(S) = \\{\\sigma(x_1), \\dots, \\sigma(x_n)\\}$: the image of $S$ under the activation, "
               "not the pool $\\rho$; the argument is otherwise right.",
    kind="typo", problem="hw4-2024-p4",
    shown_by=("convolution.maxpool_pairwise_core",),
)
