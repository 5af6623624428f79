"""Linear layers as convolutions (network in network) and batch-norm fusion.

Tensor identities are checked on symbolic images, as in
:mod:`derivations.convolution`: every pixel, weight and statistic is its own
SymPy symbol, and such a check is a symbolic proof for the sizes it is built
at; the ``scope`` of each claim names the sizes.  The batch-norm identity per
channel is general.

The network-in-network identities are proved for every size in index notation
(sums over channels ``c = 1..C`` and kernel offsets with symbolic bounds, as in
the convolution's definition); the tensor checks at fixed sizes are their
worked instances, computed with the reference convolution of
:mod:`derivations._tensors`.
"""
import itertools

import numpy as np
import sympy as sp

from ._tensors import conv2d, entrywise, symbolic_tensor
from claimcheck import (Application, Claim, Mutant, claim, definition, derivation, erratum, minus, over, relation,
                        times, written)
from .rules import C_ as C, H_ as H, W_ as W, X_ as X, c_ as c, flat_index, flatten_pattern, g_, m_ as m
from .rules import sum_over_entries
from .rules import u_ as u, v_ as v, x_ as x

definition("def.batchnorm_eval", "Batch-norm in eval mode: a fixed affine map per channel",
           label="def-batchnorm-eval")

# --------------------------------------------------------------------------
# Linear layers as convolutions (network in network)

X_SMALL = symbolic_tensor("X", 2, 2, 3)
A_FLAT = symbolic_tensor("A", 2, 12)
BIAS = symbolic_tensor("c", 2)


def linear_on_flatten(x, weight, bias) -> np.ndarray:
    """``A · flatten(X) + c`` with PyTorch's flatten order (channel, row, column), as a ``O × 1 × 1`` tensor."""
    return (weight.dot(x.reshape(-1)) + bias).reshape(-1, 1, 1)


@claim
def nin_linear_as_conv() -> Claim:
    """A Linear layer on a flattened C×H×W input is a convolution with an H×W kernel: the weight reshaped to O×C×H×W."""
    target = linear_on_flatten(X_SMALL, A_FLAT, BIAS)

    def statement(weight):
        return entrywise(r"\operatorname{conv}_{H\times W}(X;\,A^{\square}, c)", conv2d(X_SMALL, weight, BIAS),
                         r"A\,\operatorname{flatten}(X) + c", target)

    return Claim(
        name="fusion.linear_as_conv",
        title="A linear layer is a convolution whose kernel covers the input",
        statement=statement(A_FLAT.reshape(2, 2, 2, 3)),
        hypotheses=(r"A \in \mathbb{R}^{O\times C H W},\ A^{\square} = A \text{ reshaped to } O\times C\times "
                    r"H\times W",
                    r"O = 2,\ C = 2,\ H = 2,\ W = 3,\ \text{all entries symbolic}"),
        scope="symbolic proof for O = 2, C = 2, H × W = 2 × 3 (every output), with the reference convolution and "
              "NumPy's reshape",
        fixed={"O": 2, "C": 2, "H × W": "2 × 3"},
        instance_of="fusion.linear_as_conv_general",
        uses=("def.conv2d",),
        mutants=(
            Mutant("swapped order", "reshaped in (C, W, H) order, i.e. rows and columns exchanged",
                   statement(A_FLAT.reshape(2, 2, 3, 2).transpose(0, 1, 3, 2))),
            Mutant("swapped order", "reshaped with channels last (H, W, C)",
                   statement(A_FLAT.reshape(2, 2, 3, 2).transpose(0, 3, 1, 2))),
        ),
    )


X_POINT = symbolic_tensor("X", 2, 2, 2)
A_POINT = symbolic_tensor("A", 2, 2)
C_POINT = symbolic_tensor("c", 2)


@claim
def nin_pointwise() -> Claim:
    """A 1×1 convolution applies one Linear layer ``A x + c`` to the channel vector at every pixel."""
    per_pixel = np.einsum("oc,cij->oij", A_POINT, X_POINT) + C_POINT[:, None, None]

    def statement(weight):
        return entrywise(r"\operatorname{conv}_{1\times 1}(X;\,A, c)", conv2d(X_POINT, weight, C_POINT),
                         r"(A X_{:,i,j} + c)_{i,j}", per_pixel)

    return Claim(
        name="fusion.nin_pointwise",
        title="A 1×1 convolution is a linear layer at every pixel",
        statement=statement(A_POINT[:, :, None, None]),
        hypotheses=(r"A \in \mathbb{R}^{2\times 2},\ X \in \mathbb{R}^{2\times 2\times 2} \text{ symbolic}",),
        scope="symbolic proof for 2 channels on a 2×2 image (every output), with the reference convolution",
        fixed={"channels": 2, "H × W": "2 × 2"},
        instance_of="fusion.nin_pointwise_general",
        uses=("def.conv2d",),
        mutants=(Mutant("swapped order", "transposed weight Aᵀ", statement(A_POINT.T[:, :, None, None])),),
    )


X_WIDE = symbolic_tensor("X", 1, 4, 5)
K_WIDE = symbolic_tensor("K", 1, 1, 3, 3)


def conv_on_windows(x, kernel, out_shape, row_shift=0) -> np.ndarray:
    """Output (i, j) computed as ``conv`` of the window of ``x`` at (i, j) alone.

    ``row_shift`` reads each window that many rows lower (wrapping around): a
    planted indexing error for the mutant.
    """
    size, rows = kernel.shape[-1], x.shape[1]
    out = np.empty(out_shape, dtype=object)
    for i_, j_ in itertools.product(range(out_shape[1]), range(out_shape[2])):
        crop = x[:, [(i_ + row_shift + t) % rows for t in range(size)], j_:j_ + size]
        out[:, i_, j_] = conv2d(crop, kernel)[:, 0, 0]
    return out


@claim
def nin_sliding_window() -> Claim:
    """On a larger input, output (i, j) of a stride-1 convolution is the same convolution
    applied to the window at (i, j)."""
    full = conv2d(X_WIDE, K_WIDE)

    def statement(row_shift):
        return entrywise(r"\operatorname{conv}(X;\,K)", full,
                         r"(\operatorname{conv}(X_{[i:i+3,\,j:j+3]};\,K))_{i,j}",
                         conv_on_windows(X_WIDE, K_WIDE, full.shape, row_shift))

    return Claim(
        name="fusion.nin_sliding_window",
        title="A convolution on a larger input is the small one on every window",
        statement=statement(0),
        hypotheses=(r"K \in \mathbb{R}^{1\times 1\times 3\times 3},\ X \in \mathbb{R}^{1\times 4\times 5}"
                    r" \text{ symbolic, stride 1, no padding}",),
        scope="symbolic proof for one 3×3 layer on a 4×5 input (all 2×3 window positions); a stack of such "
              "layers is handled layer by layer",
        fixed={"kernel": "3 × 3", "H × W": "4 × 5"},
        instance_of="fusion.nin_sliding_window_general",
        uses=("def.conv2d",),
        mutants=(Mutant("wrong step", "windows read one row too low", statement(1)),),
    )


# --------------------------------------------------------------------------
# The same identities for every size, in index notation

o, i, j = sp.symbols("o i j", integer=True, nonnegative=True)
A, b, K, Y = (sp.IndexedBase(name) for name in "AbKY")
kh, kw = sp.symbols("k_h k_w", integer=True, positive=True)


def conv_entry(image, kernel, bias, at, height, width):
    """Output ``(o, i, j)`` (``at``) of a stride-1 convolution without padding, as the convolution's definition
    writes it: ``Σ_{c=1}^{C} Σ_{u=0}^{height−1} Σ_{v=0}^{width−1} K_{o,c,u,v} X_{c,i+u,j+v} + b_o``."""
    o_, i_, j_ = at
    return sum_over_entries(kernel[o_, c, u, v] * image[c, i_ + u, j_ + v], height, width) + bias[o_]


def reshaped(order="chw"):
    """``K_{o,c,u,v}`` as the entry of the linear layer's ``A`` it is read from: PyTorch's reshape (``"chw"``), or a
    planted other order (``"cwh"``: rows and columns exchanged; ``"hwc"``: channels last)."""
    position = {"chw": flat_index(), "cwh": flat_index(row_major=False), "hwc": u * W * C + v * C + c}[order]
    return {K[o, c, u, v]: A[o, position]}


@claim
def nin_linear_as_conv_general() -> Claim:
    """For every C, H, W: a Linear layer on the flattened ``C × H × W`` input is the ``H × W`` convolution with
    the weight reshaped to ``O × C × H × W``, output channel by output channel."""
    k = flat_index()
    split = sum_over_entries(A[o, k] * x[k]) + b[o]
    read = sum_over_entries(A[o, k] * X[c, u, v]) + b[o]
    rule = flatten_pattern()

    def chain(summand=sp.Lambda(m, A[o, m] * x[m])):
        return derivation(
            sp.Sum(A[o, m] * x[m], (m, 1, C * H * W)) + b[o],
            ("=", split, "each position $m$ of $x$ is $(c-1) H W + u W + v + 1$ for exactly one $(c, u, v)$",
             Application("rules.flatten", rule, {g_: summand})),
            ("=", read, r"$x = \operatorname{flatten}(X)$ holds entry $(c, u, v)$ there",
             Application("rules.flatten", rule, {})),
            ("=", conv_entry(X, K, b, (o, 0, 0), H, W), "the convolution's definition, with "
             r"$K_{o,c,u,v} = A_{o,(c-1) H W + u W + v + 1}$: $A$ reshaped, kernel $H \times W$, one output position"),
        )

    return Claim(
        name="fusion.linear_as_conv_general",
        title="A linear layer is a convolution whose kernel covers the input, for every $C$, $H$, $W$",
        statement=chain(),
        where=reshaped(),
        hypotheses=(r"x = \operatorname{flatten}(X) \in \mathbb{R}^{C H W} \text{ in PyTorch's order (channel, "
                    r"row, column)},\ A \in \mathbb{R}^{O \times C H W},\ b \in \mathbb{R}^{O},\ "
                    r"o \text{ any output channel}",),
        scope="every channel count C and image size H × W (sums with symbolic bounds)",
        uses=("def.conv2d", "rules.flatten"),
        mutants=(
            Mutant("swapped order", "reshaped in (C, W, H) order, i.e. rows and columns exchanged",
                   where=reshaped("cwh")),
            Mutant("wrong step", "the reindexing applied with a wrong substitution: $g_m = A_{o,m} x_{m+1}$",
                   chain(summand=sp.Lambda(m, A[o, m] * x[m + 1]))),
        ),
    )


@claim
def nin_pointwise_general() -> Claim:
    """For every channel count C and every pixel (i, j): a 1×1 convolution applies the Linear layer
    ``A x + b`` to the channel vector at (i, j)."""
    def statement(weight=A[o, c], bias=b[o]):
        return relation(conv_entry(X, K, b, (o, i, j), 1, 1), "=", sp.Sum(weight * X[c, i, j], (c, 1, C)) + bias)

    return Claim(
        name="fusion.nin_pointwise_general",
        title="A 1×1 convolution is a linear layer at every pixel, for every $C$",
        statement=statement(),
        where={K[o, c, u, v]: A[o, c]},
        hypotheses=(r"K_{o,c,0,0} = A_{o,c}:\ A \in \mathbb{R}^{O \times C} \text{ reshaped to } "
                    r"O \times C \times 1 \times 1;\ (i, j) \text{ any pixel of an image of any size}",),
        scope="every channel count C, every pixel of an image of any size (a sum with a symbolic bound)",
        uses=("def.conv2d",),
        mutants=(Mutant("swapped order", "transposed weight: $A_{c,o}$ in place of $A_{o,c}$",
                        statement(weight=A[c, o])),
                 Mutant("dropped factor", "the bias dropped", statement(bias=0))),
    )


@claim
def nin_sliding_window_general() -> Claim:
    """For every C, kernel size and input size: output (i, j) of a stride-1 convolution without padding is the
    same convolution applied to the window of the input at (i, j)."""
    def window(entry=X[c, i + u, j + v]):
        return {Y[c, u, v]: entry}

    def statement(kernel=K):
        return relation(conv_entry(X, K, b, (o, i, j), kh, kw), "=", conv_entry(Y, kernel, b, (o, 0, 0), kh, kw))

    flipped = sp.IndexedBase(r"\overleftrightarrow{K}")  # K read backwards: a convolution, not a cross-correlation
    return Claim(
        name="fusion.nin_sliding_window_general",
        title="A convolution on a larger input is the small one on every window, for every size",
        statement=statement(),
        where=window(),
        hypotheses=(r"Y_{c,u,v} = X_{c,i+u,j+v}:\ Y \text{ the } k_h \times k_w \text{ window of } X "
                    r"\text{ at } (i, j)",
                    r"X \in \mathbb{R}^{C \times H \times W},\ 0 \le i \le H - k_h,\ 0 \le j \le W - k_w "
                    r"\text{ (an output position: the window lies in the image); stride 1, no padding}"),
        scope="every channel count $C$, kernel size $k_h \\times k_w$ and input size $H \\times W$ (sums with "
              "symbolic bounds)",
        uses=("def.conv2d",),
        mutants=(Mutant("wrong step", "windows read one row too low", where=window(X[c, i + u + 1, j + v])),
                 Mutant("swapped order", "the window's kernel flipped, $K_{o,c,k_h-1-u,k_w-1-v}$ (a convolution, "
                                         "not a cross-correlation)",
                        statement(flipped), where={**window(), flipped[o, c, u, v]: K[o, c, kh - 1 - u, kw - 1 - v]})),
    )


# --------------------------------------------------------------------------
# Batch-norm fusion

z, bias, mu, beta, gamma = sp.symbols(r"z b \mu \beta \gamma", real=True)
var = sp.Symbol(r"\sigma^2", nonnegative=True)
eps = sp.Symbol(r"\varepsilon", positive=True)


def batch_norm(t, mean, variance, scale, shift, epsilon=eps):
    """Eval-mode batch norm of one channel: ``γ (t − μ)/√(σ² + ε) + β``."""
    return scale * (t - mean) / sp.sqrt(variance + epsilon) + shift


@claim
def bnfuse_scalar_identity() -> Claim:
    """Eval-mode BN after an affine map ``z + b`` is the affine map with ``w' = γ/√(σ²+ε)``,
    ``b' = γ(b−μ)/√(σ²+ε) + β``."""
    scale = gamma / sp.sqrt(var + eps)

    def chain(fused_scale, fused_shift):
        return derivation(batch_norm(z + bias, mu, var, gamma, beta),
                          ("=", fused_scale * z + fused_shift, "collect z; the rest is the new bias"))

    def shown(fused_scale, fused_shift):  # γ(z + b − μ)/√(σ²+ε) + β = w' z + (b'), as the course groups it
        return derivation(written(over(times(gamma, written(z, bias, minus(mu))), sp.sqrt(var + eps)), beta),
                          ("=", written(times(fused_scale, z), fused_shift), ""))

    root = sp.sqrt(var + eps)

    return Claim(
        name="fusion.bn_scalar_identity",
        title="Batch-norm folds into the preceding affine map",
        statement=chain(scale, scale * (bias - mu) + beta),
        display=shown(over(gamma, root), written(over(times(gamma, written(bias, minus(mu))), root), beta)),
        hypotheses=(r"z = (W * x)_o \text{ the output of channel } o \text{ before its bias } b",
                    r"\mu, \sigma^2 \text{ the running statistics (eval mode)}"),
        scope="general (one output channel; channels are independent)",
        uses=("def.batchnorm_eval",),
        mutants=(
            Mutant("dropped factor", "ε dropped from the fused weight",
                   chain(gamma / sp.sqrt(var), scale * (bias - mu) + beta),
                   display=shown(over(gamma, sp.sqrt(var)),
                                 written(over(times(gamma, written(bias, minus(mu))), root), beta))),
            Mutant("wrong step", "old bias not rescaled: b' = b − μ + β", chain(scale, bias - mu + beta),
                   display=shown(over(gamma, root), written(bias, minus(mu), beta))),
            Mutant("flipped sign", "b' = γ(b + μ)/√(σ²+ε) + β", chain(scale, scale * (bias + mu) + beta),
                   display=shown(over(gamma, root), written(over(times(gamma, written(bias, mu)), root), beta))),
        ),
    )


def _bn_symbols(channels):
    """Per-channel γ, β, μ and the root ``s_o = √(σ_o² + ε) > 0`` (its ε is the scalar claim's business)."""
    roots = np.array([sp.Symbol(f"s_{{{o}}}", positive=True) for o in range(channels)], dtype=object)
    return [symbolic_tensor(n, channels) for n in (r"\gamma", r"\beta", r"\mu")] + [roots]


def bn_with_root(t, mean, root, scale, shift):
    """Eval-mode batch norm written with its root ``s = √(σ² + ε)``: ``γ (t − μ)/s + β``."""
    return scale * (t - mean) / root + shift


X_BN = symbolic_tensor("X", 2, 2, 2)
W_BN = symbolic_tensor("W", 2, 2, 2, 2)
B_BN = symbolic_tensor("b", 2)
BN_HYPOTHESES = (r"W'_{o} = W_{o}\,\gamma_o/s_o,\ b'_o = \gamma_o (b_o - \mu_o)/s_o + \beta_o,\ "
                 r"s_o = \sqrt{\sigma_o^2+\varepsilon}",)


@claim
def bnfuse_conv_identity() -> Claim:
    """BN_eval(conv(X; W, b)) = conv(X; W', b') in every entry, with W'_o = W_o γ_o/s_o per output channel o."""
    g, be, m, root = _bn_symbols(2)
    y = conv2d(X_BN, W_BN, B_BN, padding=1)
    unfused = np.array([[[bn_with_root(t, m[o], root[o], g[o], be[o]) for t in row] for row in y[o]]
                        for o in range(2)], dtype=object)

    def fused(channel_of, rescale_bias=True):
        """Fold channel ``channel_of(o)``'s statistics into output channel ``o``."""
        weight = np.array([W_BN[o] * g[channel_of(o)] / root[channel_of(o)] for o in range(2)], dtype=object)
        bias_ = np.array([(g[c] / root[c] if rescale_bias else 1) * (B_BN[o] - m[c]) + be[c]
                          for o, c in ((o, channel_of(o)) for o in range(2))], dtype=object)
        return entrywise(r"\operatorname{conv}(X;\,W', b')", conv2d(X_BN, weight, bias_, padding=1),
                         r"\operatorname{BN}(\operatorname{conv}(X;\,W, b))", unfused)

    return Claim(
        name="fusion.bn_conv_identity",
        title="Fused convolution equals convolution then batch-norm, in every entry",
        statement=fused(lambda o: o),
        hypotheses=BN_HYPOTHESES + (
            r"X \in \mathbb{R}^{2\times 2\times 2},\ W \in \mathbb{R}^{2\times 2\times 2\times 2},\ "
            r"\text{padding 1, all entries and statistics symbolic}",),
        scope="symbolic proof for 2 → 2 channels, 2×2 kernel, padding 1, on a 2×2 image (all 18 outputs); "
              r"$\varepsilon$ inside $s_o$ is covered by the scalar identity",
        uses=("fusion.bn_scalar_identity", "def.conv2d"),
        mutants=(
            Mutant("swapped order", "statistics of the other channel used", fused(lambda o: 1 - o)),
            Mutant("wrong step", "old bias not rescaled: b' = b − μ + β", fused(lambda o: o, rescale_bias=False)),
        ),
    )


X_LIN = symbolic_tensor("x", 3)
A_LIN = symbolic_tensor("A", 2, 3)


@claim
def bnfuse_linear_identity() -> Claim:
    """BN1d_eval(A x + b) = A' x + b' with rows A'_o = A_o γ_o/s_o and the same b' as for a convolution."""
    g, be, m, root = _bn_symbols(2)
    pre = A_LIN.dot(X_LIN) + B_BN
    unfused = np.array([bn_with_root(pre[o], m[o], root[o], g[o], be[o]) for o in range(2)], dtype=object)
    scale = g / root

    def statement(weight):
        return entrywise(r"A' x + b'", weight.dot(X_LIN) + scale * (B_BN - m) + be, r"\operatorname{BN}(A x + b)",
                         unfused)

    return Claim(
        name="fusion.bn_linear_identity",
        title="Fused linear layer equals linear then batch-norm",
        statement=statement(A_LIN * scale[:, None]),
        hypotheses=BN_HYPOTHESES + (r"A \in \mathbb{R}^{2\times 3},\ x \in \mathbb{R}^3 \text{ symbolic}",),
        scope="symbolic proof for a 3 → 2 layer",
        uses=("fusion.bn_scalar_identity",),
        # the planted error scales input column j by channel j mod 2 instead of output row o
        mutants=(Mutant("swapped order", "columns scaled instead of rows", statement(A_LIN * scale[None, [0, 1, 0]])),),
    )


# --------------------------------------------------------------------------
# Errata of the course problems answered by these claims

erratum(
    where="HW7 (2024) P3 (= HW6 (2021) P1), the network's code in both solutions",
    says="the last layer of smallNetTrain is $\\mathrm{Linear}(1024, 10)$ followed by a ReLU.",
    correction="A ReLU on the logits sets every negative logit to 0, so the network cannot rank the classes it "
               "scores below 0; classifiers end with the linear layer. The fusion is unaffected (the ReLU comes after "
               "the last batch norm): the site keeps the ReLU, to be the course's network, and reports the share of "
               "outputs it zeroes.",
    kind="code", problem="hw7-2024-p3",
    checked_by=("tests/test_course_numbers.py::test_hw7_2024_p3",),
)

erratum(
    where="HW7 (2024) P3, both solutions' code as transcribed",
    says="the first linear layer is called $\\texttt{fcl}$ (the first solution throughout, the second in the forward "
         "pass of smallNetTest, while its constructor defines $\\texttt{fc1}$).",
    correction="$\\texttt{fc1}$ everywhere; as transcribed, the second solution's forward pass would stop with an "
               "AttributeError.",
    kind="typo", problem="hw7-2024-p3",
    checked_by=("tests/test_course_numbers.py::test_hw7_2024_p3_layer_names",),
)

erratum(
    where="HW7 (2024) P5, second solution's code (as transcribed)",
    says="the copy routine copies no bias: its feature loop copies each weight, then a features weight into the "
         "classifier; its classifier loop copies the reshaped weights only. The classifier layers read "
         "$\\texttt{Conv2d(256, 4896, 18)}$ and $\\texttt{Conv2d(4996, kernel_size=1)}$.",
    correction="Every weight and bias must be copied, the classifier's biases included (the printed $8\\cdot 10^{-17}$ "
               "shows that the code that ran did so); the widths are 4096: $\\texttt{Conv2d(256, 4096, 18)}$, "
               "$\\texttt{Conv2d(4096, 4096, 1)}$, $\\texttt{Conv2d(4096, 10, 1)}$. Without the classifier's "
               "biases the mean squared difference is of the order of the outputs' own square, not of rounding.",
    kind="typo", problem="hw7-2024-p5",
    checked_by=("tests/test_course_numbers.py::test_hw7_2024_p5_biases_must_be_copied",),
)
