"""Architecture costs: counting rules for convolutional and linear layers, and three case studies.

Counting conventions (stated on the page as well):

* A **parameter** is a trainable scalar: every weight and every bias entry.
* A k×k convolution ``C_in → C_out`` producing an ``l×l`` output computes,
  for each of its ``C_out·l²`` output entries, one dot product of length
  ``C_in·k²``: ``C_in·k²`` **multiplications** and ``C_in·k² − 1``
  **additions**, plus ``b`` additions for the bias (``b = 1`` with a bias,
  ``0`` without).  Stride and padding change only ``l``.
* A **multiply-add** (MAC) is one multiplication together with the addition
  that accumulates it: ``MAC = C_out·l²·C_in·k²``.  ``FLOPs = 2·MAC`` (the
  convention of ``torch.utils.flop_counter``, which does not count the bias);
  the claim :func:`flops_convention` shows that this equals multiplications
  plus additions exactly when the bias add is counted.
* An **activation** is one evaluation of the nonlinearity: one per output
  entry of a layer followed by one.
* A linear layer ``n_in → n_out`` is the case ``k = l = 1``.

The general rules are proved for all sizes (symbolic sums over the index
ranges).  The case studies evaluate them exactly at the sizes of one network
(method ``exact instance``); the hand totals written here are checked against
the instantiated rules, and the page checks both against the PyTorch modules.
"""

import sympy as sp

from mfdnn.costs.rules import (
    ALEXNET_CONV1, ALEXNET_CONVS, ALEXNET_HAND, ALEXNET_LINEARS, as_1x1_conv, b, BLOCK_HAND, block_sums,
    BOTTLENECK_MODEL_I, BOTTLENECK_MODEL_II, c, C3_GROUPS, C3_KERNEL, C3_MAPS, c3_params_sum, C3_SIDE, C_in,
    C_out, conv_activations, conv_adds, conv_macs, conv_params, conv_values, full_c3_params, i, INCEPTION_3B_I,
    INCEPTION_3B_II, instantiate, j, k, l, lenet_course_sum, LENET_HAND, lenet_modern_layers, lenet_modern_sum,
    lenet_original_layers, lenet_original_sum, linear_macs, linear_params, linear_values, n, n_in, n_out, o,
    output_side, p, r, reduction_ratio, s, S2_MAPS, x, y,
)
from claimcheck import (INSTANCE, Claim, Mutant, claim, definition, derivation, erratum, minus, over, relation,
                        times, written)

definition("def.cost_conv", "A convolutional layer, for counting costs", label="def-cost-conv")

WHY_INSTANCE = ("a count for one network is a number: the general rules are proved symbolically in the "
                "claims above, and here they are evaluated exactly at this network's sizes.")


# --------------------------------------------------------------------------
# General counting rules


def _weights():
    return sp.Sum(1, (j, 1, k), (i, 1, k), (c, 1, C_in), (o, 1, C_out))


def _per_output(expr):
    return sp.Sum(expr, (x, 1, l), (y, 1, l), (o, 1, C_out))


def _dot():
    return sp.Sum(1, (j, 1, k), (i, 1, k), (c, 1, C_in))


@claim
def conv_params_rule() -> Claim:
    """A k×k convolution ``C_in → C_out`` with bias has ``C_out(C_in k² + 1)`` parameters (all sizes)."""
    biases = sp.Sum(1, (o, 1, C_out))
    chain = derivation(
        _weights() + biases,
        ("=", C_out * C_in * k**2 + C_out, "count the index ranges of the weight tensor and the bias vector"),
        ("=", conv_params(), r"factor out $C_{\mathrm{out}}$"),
    )
    return Claim(
        name="costs.conv_params",
        title="Parameters of a convolution",
        statement=chain,
        hypotheses=(r"\text{weights } w_{o,c,i,j}, \text{ one bias } b_o \text{ per output channel}",),
        scope=r"general in $C_{\mathrm{in}}, C_{\mathrm{out}}, k$",
        uses=("def.cost_conv",),
        mutants=(
            Mutant("wrong constant", "bias forgotten", derivation(
                _weights() + biases, ("=", C_out * C_in * k**2 + C_out, "count"),
                ("=", conv_params(bias=0), "factor"))),
            Mutant("dropped factor", "kernel counted as k, not k²", derivation(
                _weights() + biases, ("=", C_out * C_in * k + C_out, "count"),
                ("=", C_out * (C_in * k + 1), "factor"))),
        ),
    )


@claim
def conv_ops_rule() -> Claim:
    """Multiplications, additions and activations of a convolution with an l×l output (all sizes)."""
    statement = (
        relation(_per_output(_dot()), "=", conv_macs()),
        relation(_per_output(_dot() - 1 + b), "=", conv_adds(bias=b)),
        relation(_per_output(1), "=", conv_activations()),
    )
    return Claim(
        name="costs.conv_ops",
        title="Multiplications, additions and activations of a convolution",
        statement=statement,
        hypotheses=(
            r"\text{each of the } C_{\mathrm{out}} l^2 \text{ outputs is a dot product of length } C_{\mathrm{in}} k^2",
            r"b = 1 \text{ if the bias add is counted, } b = 0 \text{ if not}",
            r"\text{one activation per output entry}",
        ),
        scope=r"general in $C_{\mathrm{in}}, C_{\mathrm{out}}, k, l$ (stride and padding enter only through $l$)",
        uses=("def.cost_conv",),
        mutants=(
            Mutant("wrong constant", "a sum of m terms taken to need m additions before the bias", (
                statement[0], relation(_per_output(_dot() - 1 + b), "=", conv_adds(bias=b + 1)), statement[2])),
            Mutant("dropped factor", "output counted as l, not l²", (
                relation(_per_output(_dot()), "=", C_out * l * C_in * k**2),) + statement[1:]),
        ),
    )


@claim
def flops_convention() -> Claim:
    """Multiplications plus additions equal ``2·MAC`` exactly when the bias add is counted."""
    total = conv_macs() + conv_adds(bias=b)
    statement = relation(total, "=", 2 * conv_macs() - conv_activations() * (1 - b))
    total_shown = written(conv_macs(), times(C_out, l**2, written(times(C_in, k**2), minus(1), b)))  # MAC + adds
    return Claim(
        name="costs.flops_convention",
        title="FLOPs = 2 × multiply-adds, with the bias add included",
        statement=statement,
        # 2·MAC + (b − 1)·(activations): the bias add makes up the one addition fewer per output
        display=relation(total_shown, "=", written(times(2, conv_macs()), times(written(b, minus(1)),
                                                                                 conv_activations()))),
        hypotheses=(r"b = 1 \text{ with the bias add, } 0 \text{ without}",),
        scope=r"general in $C_{\mathrm{in}}, C_{\mathrm{out}}, k, l$",
        uses=("costs.conv_ops",),
        mutants=(
            Mutant("missing hypothesis", "2·MAC claimed whether or not the bias add is counted",
                   relation(total, "=", 2 * conv_macs()), display=relation(total_shown, "=", times(2, conv_macs()))),
        ),
    )


@claim
def linear_params_rule() -> Claim:
    """A linear layer ``n_in → n_out`` with bias has ``n_out(n_in + 1)`` parameters: a 1×1 convolution."""
    chain = derivation(
        sp.Sum(1, (c, 1, n_in), (o, 1, n_out)) + sp.Sum(1, (o, 1, n_out)),
        ("=", linear_params(), "count the weight matrix and the bias vector"),
        ("=", as_1x1_conv(conv_params()), "the convolution rule with k = 1"),
    )
    return Claim(
        name="costs.linear_params",
        title="Parameters of a linear layer",
        statement=chain,
        scope=r"general in $n_{\mathrm{in}}, n_{\mathrm{out}}$",
        uses=("costs.conv_params",),
        mutants=(
            Mutant("swapped order", r"bias counted per input, $n_{\mathrm{in}}(n_{\mathrm{out}} + 1)$", derivation(
                sp.Sum(1, (c, 1, n_in), (o, 1, n_out)) + sp.Sum(1, (o, 1, n_out)),
                ("=", n_in * (n_out + 1), "count"), ("=", as_1x1_conv(conv_params()), "k = 1"))),
        ),
    )


@claim
def linear_ops_rule() -> Claim:
    """A linear layer's multiplications, additions and activations: the convolution rules at ``k = l = 1``."""
    dot = sp.Sum(1, (c, 1, n_in))
    statement = (
        relation(sp.Sum(dot, (o, 1, n_out)), "=", linear_macs()),
        relation(sp.Sum(dot - 1 + b, (o, 1, n_out)), "=", n_out * (n_in - 1 + b)),
        relation(sp.Sum(1, (o, 1, n_out)), "=", n_out),
        relation(linear_macs(), "=", as_1x1_conv(conv_macs())),
        relation(n_out * (n_in - 1 + b), "=", as_1x1_conv(conv_adds(bias=b))),
    )
    return Claim(
        name="costs.linear_ops",
        title="Multiplications, additions and activations of a linear layer",
        statement=statement,
        hypotheses=(r"b = 1 \text{ if the bias add is counted, } 0 \text{ if not}",),
        scope=r"general in $n_{\mathrm{in}}, n_{\mathrm{out}}$",
        uses=("costs.conv_ops",),
        mutants=(
            Mutant("wrong constant", r"$n_{\mathrm{out}}$ additions forgotten (one per output)", (
                statement[0], relation(sp.Sum(dot - 1 + b, (o, 1, n_out)), "=", n_out * (n_in + b)))
                + statement[2:]),
        ),
    )


# --------------------------------------------------------------------------
# Output size and AlexNet's first layer


def output_side_shown(padding=p):
    """``⌊(n + 2p − k)/s⌋ + 1`` as the course writes it (a display form of ``output_side``)."""
    return written(sp.floor(over(written(n, times(2, padding), minus(k)), s), evaluate=False), 1)


@claim
def exact_padding() -> Claim:
    """With ``p = ((l − 1)s + k − n)/2`` the window count ``(n + 2p − k)/s + 1`` is exactly ``l``."""
    p_exact = ((l - 1) * s + k - n) / 2
    return Claim(
        name="costs.exact_padding",
        title="The padding that makes the windows fit exactly",
        statement=relation((n + 2 * p - k) / s + 1, "=", l),
        display=relation(written(over(written(n, times(2, p), minus(k)), s), 1), "=", l),
        where={p: p_exact},
        hypotheses=(r"s \text{ divides } n + 2p - k \text{ (else the output side is the floor)}",),
        scope="general in n, k, s, l",
        uses=("def.conv2d",),
        mutants=(
            Mutant("dropped factor", "padding taken as (l − 1)s + k − n, not half of it",
                   where={p: (l - 1) * s + k - n}),
            Mutant("flipped sign", "padding ((l − 1)s − k + n)/2", where={p: ((l - 1) * s - k + n) / 2}),
        ),
    )



@claim
def alexnet_conv1_padding() -> Claim:
    """From 227, an 11×11 convolution of stride 4 gives 55 with padding 0 (exact) or 1 (floor), 56 with 2."""
    exact = {**ALEXNET_CONV1, l: 55}
    statement = (
        relation(((l - 1) * s + k - n) / 2, "=", 0),
        relation(output_side(), "=", l),
        relation(output_side(padding=p + 1), "=", l),
        relation(output_side(padding=p + 2), "=", l + 1),
    )
    exact_shown = relation(over(written(times(written(l, minus(1)), s), k, minus(n)), 2), "=", 0)
    return Claim(
        name="costs.alexnet_conv1_padding",
        title="AlexNet's first layer: padding 0 turns 227 into 55",
        statement=statement,
        display=(exact_shown, relation(output_side_shown(), "=", l), relation(output_side_shown(written(p, 1)), "=", l),
                 relation(output_side_shown(written(p, 2)), "=", written(l, 1))),
        method=INSTANCE,
        instance={sym: sp.Integer(v) for sym, v in {**exact, p: 0}.items()},
        why_method=WHY_INSTANCE,
        scope="AlexNet's first layer only",
        uses=("costs.exact_padding",),
        mutants=(
            Mutant("wrong constant", "torchvision's padding 2 taken to give 55",
                   (statement[0], relation(output_side(padding=p + 2), "=", l)),
                   display=(exact_shown, relation(output_side_shown(written(p, 2)), "=", l))),
            Mutant("wrong constant", "a 224 input (the original paper's size) taken to give 55",
                   where={n: sp.Integer(224)}),
        ),
    )


# --------------------------------------------------------------------------
# AlexNet


def alexnet_sums():
    """The four AlexNet totals as sums of the instantiated rules (shown unevaluated)."""
    return {
        "conv_macs": sp.Add(*(instantiate(conv_macs(), conv_values(t)) for t in ALEXNET_CONVS)),
        "linear_macs": sp.Add(*(instantiate(linear_macs(), linear_values(t)) for t in ALEXNET_LINEARS)),
        "conv_params": sp.Add(*(instantiate(conv_params(), conv_values(t)) for t in ALEXNET_CONVS)),
        "linear_params": sp.Add(*(instantiate(linear_params(), linear_values(t)) for t in ALEXNET_LINEARS)),
    }


@claim
def alexnet_totals() -> Claim:
    """AlexNet's multiply-adds and parameters, conv and linear, from the rules, equal the hand totals."""
    sums = alexnet_sums()
    statement = tuple(relation(sums[key], "=", ALEXNET_HAND[key]) for key in ALEXNET_HAND)
    torchvision = dict(zip((C_in, C_out, k, l), (3, 64, 11, 56)))
    wrong_conv1 = sums["conv_macs"] - instantiate(conv_macs(), conv_values(ALEXNET_CONVS[0])) \
        + instantiate(conv_macs(), torchvision)
    no_bias = sp.Add(*(instantiate(linear_params(bias=0), linear_values(t)) for t in ALEXNET_LINEARS))
    return Claim(
        name="costs.alexnet_totals",
        title="AlexNet: multiply-adds and parameters of the conv and the linear layers",
        statement=statement,
        method=INSTANCE,
        why_method=WHY_INSTANCE,
        hypotheses=(r"\text{rows: conv multiply-adds, linear multiply-adds, conv parameters, linear parameters}",),
        scope="the course's AlexNet (one 3×227×227 image)",
        uses=("costs.conv_ops", "costs.conv_params", "costs.linear_ops", "costs.linear_params"),
        mutants=(
            Mutant("wrong constant", "first layer at 56×56 (padding 2)",
                   (relation(wrong_conv1, "=", ALEXNET_HAND["conv_macs"]),) + statement[1:]),
            Mutant("dropped factor", "linear biases forgotten",
                   statement[:3] + (relation(no_bias, "=", ALEXNET_HAND["linear_params"]),)),
        ),
    )


def alexnet_operation_sums():
    """Multiplications plus additions (bias add included) of AlexNet's conv and linear layers, unevaluated."""
    return {
        "conv": sp.Add(*(instantiate(conv_macs() + conv_adds(bias=1), conv_values(t)) for t in ALEXNET_CONVS)),
        "linear": sp.Add(*(instantiate(linear_macs() + n_out * (n_in - 1 + 1), linear_values(t))
                           for t in ALEXNET_LINEARS)),
    }


@claim
def alexnet_operations() -> Claim:
    """AlexNet's operations (multiplications and additions, bias add included) are twice the multiply-adds."""
    sums = alexnet_operation_sums()
    statement = tuple(relation(sums[kind], "=", 2 * sp.UnevaluatedExpr(sp.Integer(ALEXNET_HAND[f"{kind}_macs"])))
                      for kind in ("conv", "linear"))
    return Claim(
        name="costs.alexnet_operations",
        title="AlexNet: operations are twice the multiply-adds p·k²·l²·n",
        statement=statement,
        method=INSTANCE,
        why_method=WHY_INSTANCE,
        hypotheses=(r"\text{rows: the five convolutions, the three linear layers; each row sums multiplications "
                    r"and additions (bias add included) over the layers}",),
        scope="the course's AlexNet (one 3×227×227 image)",
        uses=("costs.conv_ops", "costs.linear_ops", "costs.flops_convention", "costs.alexnet_totals"),
        mutants=(
            Mutant("dropped factor", "p·k²·l²·n read as the count of additions and multiplications together",
                   tuple(relation(sums[kind], "=", ALEXNET_HAND[f"{kind}_macs"]) for kind in ("conv", "linear"))),
        ),
    )


@claim
def connections_rule() -> Claim:
    """LeCun et al. count *connections*: multiply-adds plus one bias connection per output, ``l²`` × parameters."""
    statement = relation(conv_macs() + conv_activations(), "=", l**2 * conv_params())
    return Claim(
        name="costs.connections",
        title="Connections of a convolution: each parameter is used once per output position",
        statement=statement,
        hypotheses=(r"\text{weight sharing: every output position uses the same } "
                    r"C_{\mathrm{out}}(C_{\mathrm{in}}k^2+1) "
                    r"\text{ parameters}",),
        scope=r"general in $C_{\mathrm{in}}, C_{\mathrm{out}}, k, l$",
        uses=("costs.conv_params", "costs.conv_ops"),
        mutants=(
            Mutant("dropped factor", "l in place of l²", relation(conv_macs() + conv_activations(), "=",
                                                                  l * conv_params())),
            Mutant("wrong constant", "bias connections left out",
                   relation(conv_macs(), "=", l**2 * conv_params())),
        ),
    )


# --------------------------------------------------------------------------
# Bottleneck (inception-style) blocks


@claim
def bottleneck_ratio() -> Claim:
    """A 1×1 reduction to ``r`` channels before a k×k convolution scales its multiply-adds by
    ``r/(C_out k²) + r/C_in``."""
    direct = conv_macs()
    reduced = conv_macs(C_in, r, 1, l) + conv_macs(r, C_out, k, l)
    statement = relation(reduced / direct, "=", reduction_ratio())
    return Claim(
        name="costs.bottleneck_ratio",
        title="What a 1×1 reduction saves",
        statement=statement,
        hypotheses=(r"\text{the reduction and the } k\times k \text{ convolution keep the } l\times l "
                    r"\text{ side (same padding)}",),
        scope=r"general in $C_{\mathrm{in}}, C_{\mathrm{out}}, r, k, l$",
        uses=("costs.conv_ops",),
        mutants=(
            Mutant("dropped factor", "the k² of the first term forgotten",
                   relation(reduced / direct, "=", r / C_out + r / C_in)),
            Mutant("swapped order", r"$r/C_{\mathrm{in}}$ and $r/C_{\mathrm{out}}$ exchanged",
                   relation(reduced / direct, "=", r / (C_in * k**2) + r / C_out)),
        ),
    )


def _block_claim(name, model, convs, scope, mutants):
    sums = block_sums(convs)
    hand = BLOCK_HAND[model]
    return Claim(
        name=name,
        title=f"Bottleneck block, {model}: parameters, multiplications, additions, activations",
        statement=tuple(relation(sums[key], "=", hand[key]) for key in hand),
        method=INSTANCE,
        why_method=WHY_INSTANCE,
        hypotheses=(r"\text{rows: parameters, multiplications, additions (bias add included), activations}",
                    r"\text{input } 256\times 32\times 32;\ \text{max pooling costs no parameters, "
                    r"multiplications or activations}"),
        scope=scope,
        uses=("costs.conv_params", "costs.conv_ops"),
        mutants=tuple(Mutant(kind, why, statement=tuple(
            relation(s_, "=", hand[key]) for key, s_ in block_sums(bad).items())) for kind, why, bad in mutants),
    )


_COURSE_SCOPE = "one 256×32×32 input; the course's widths (hw5 2021, problem 5)"
_3B_SCOPE = "one 256×32×32 input; branch widths of GoogLeNet's inception (3b)"


@claim
def bottleneck_model_i() -> Claim:
    """The course's Model I (no 1×1 reductions) on a 256×32×32 input: the four counts."""
    return _block_claim("costs.bottleneck_model_i", "Model I", BOTTLENECK_MODEL_I, _COURSE_SCOPE, (
        ("wrong constant", "the 1×1 branch taken 128 wide (GoogLeNet's width) instead of 124",
         ((256, 128, 1),) + BOTTLENECK_MODEL_I[1:]),
        ("dropped factor", "3×3 branch left out", BOTTLENECK_MODEL_I[::2]),
    ))


@claim
def bottleneck_model_ii() -> Claim:
    """The course's Model II (three 1×1 reductions to 64) on a 256×32×32 input: the four counts."""
    return _block_claim("costs.bottleneck_model_ii", "Model II", BOTTLENECK_MODEL_II, _COURSE_SCOPE, (
        ("dropped factor", "the third reduction (the pool projection) left out", BOTTLENECK_MODEL_II[:5]),
        ("wrong constant", "the 3×3 convolution still reading 256 channels after its reduction",
         BOTTLENECK_MODEL_II[:2] + ((256, 192, 3),) + BOTTLENECK_MODEL_II[3:]),
    ))


@claim
def inception_3b_i() -> Claim:
    """Extension: the naive block at GoogLeNet's inception (3b) widths on a 256×32×32 input: the four counts."""
    return _block_claim("costs.inception_3b_i", "3b Model I", INCEPTION_3B_I, _3B_SCOPE, (
        ("wrong constant", "5×5 branch counted as 3×3", INCEPTION_3B_I[:2] + ((256, 96, 3),)),
        ("dropped factor", "3×3 branch left out", INCEPTION_3B_I[::2]),
    ))


@claim
def inception_3b_ii() -> Claim:
    """Extension: the block with reductions at inception (3b) widths on a 256×32×32 input: the four counts."""
    return _block_claim("costs.inception_3b_ii", "3b Model II", INCEPTION_3B_II, _3B_SCOPE, (
        ("dropped factor", "pool projection left out", INCEPTION_3B_II[:5]),
        ("wrong constant", "3×3 reduction to 96 (as in 3a) instead of 128",
         ((256, 128, 1), (256, 96, 1), (96, 192, 3)) + INCEPTION_3B_II[3:]),
    ))


# --------------------------------------------------------------------------
# LeNet-5 (LeCun et al. 1998)

@claim
def lenet_c3() -> Claim:
    """LeNet-5's C3: 1516 parameters and 151600 connections; a full 6→16 convolution would have 2416."""
    mask_ones = sp.Add(*(sp.UnevaluatedExpr(sp.Integer(count)) * sp.UnevaluatedExpr(sp.Integer(maps))
                         for count, maps in C3_GROUPS))
    statement = (
        relation(c3_params_sum(), "=", LENET_HAND["c3_params"]),
        relation(instantiate(l**2, {l: C3_SIDE}) * LENET_HAND["c3_params"], "=", LENET_HAND["c3_connections"]),
        relation(instantiate(conv_params(), {C_in: S2_MAPS, C_out: C3_MAPS, k: C3_KERNEL}), "=",
                 LENET_HAND["full_params"]),
        relation(mask_ones, "=", LENET_HAND["mask_ones"]),
        relation(instantiate(k**2, {k: C3_KERNEL}) * LENET_HAND["mask_ones"] + C3_MAPS, "=",
                 LENET_HAND["c3_params"]),
    )
    return Claim(
        name="costs.lenet_c3",
        title="LeNet-5's C3 layer: parameters, connections, and the mask",
        statement=statement,
        method=INSTANCE,
        why_method=WHY_INSTANCE,
        hypotheses=(r"\text{6 maps read 3 S2 maps, 9 read 4, 1 reads all 6; } 5\times5 \text{ kernels; "
                    r"output } 10\times10",
                    r"\text{rows: C3 parameters; connections } = l^2 \times \text{parameters; full "
                    r"convolution; ones in the mask; mask ones} \times k^2 + \text{biases}"),
        scope="LeNet-5's C3 layer",
        uses=("costs.conv_params", "costs.connections"),
        mutants=(
            Mutant("wrong constant", "one bias per input map instead of one per C3 map",
                   (relation(c3_params_sum() + 6 * 2 + 9 * 3 + 5, "=", LENET_HAND["c3_params"]),) + statement[1:]),
            Mutant("swapped order", "9 maps over 3 and 6 over 4",
                   (relation(sp.Add(*(instantiate(conv_params(), {C_in: maps, C_out: cnt, k: 5})
                                      for cnt, maps in ((9, 3), (6, 4), (1, 6)))),
                       "=", LENET_HAND["c3_params"]),) + statement[1:]),
        ),
    )


@claim
def lenet_params() -> Claim:
    """LeNet-5 has 60000 trainable parameters as published and 61706 in its modern form."""
    statement = (relation(lenet_original_sum(), "=", LENET_HAND["original"]),
                 relation(lenet_modern_sum(), "=", LENET_HAND["modern"]))
    return Claim(
        name="costs.lenet_params",
        title="LeNet-5's parameters, original and modern",
        statement=statement,
        method=INSTANCE,
        why_method=WHY_INSTANCE,
        hypotheses=(r"\text{original: C1, S2 (a coefficient and a bias per map), C3, S4, C5, F6; the output "
                    r"RBF centres are fixed, not trained}",
                    r"\text{modern: C1, full C3, max pooling, linear } 400\to120\to84\to10"),
        scope="LeNet-5 on a 1×32×32 input",
        uses=("costs.conv_params", "costs.linear_params", "costs.lenet_c3"),
        mutants=(
            Mutant("wrong constant", "the course's network (modern LeNet-5 with Table I's C3) taken for the 1998 one",
                   (relation(lenet_original_sum(), "=", LENET_HAND["course"]), statement[1])),
            Mutant("wrong constant", "the 84×10 RBF centres counted as trainable",
                   (relation(lenet_original_sum() + 840, "=", LENET_HAND["original"]), statement[1])),
            Mutant("wrong constant", "modern C5 fed a 4×4 map (a 28×28 input without padding)",
                   (statement[0], relation(lenet_modern_sum(16 * 4 * 4), "=", LENET_HAND["modern"]))),
        ),
    )


def _lenet_reconciliation():
    """What the course's network has and LeCun's lacks (a trained 84 → 10 output), less what only LeCun's has
    (S2's and S4's coefficients and biases)."""
    layers = lenet_original_layers()
    return lenet_modern_layers()["output"][0] - (layers["S2"][0] + layers["S4"][0])


@claim
def lenet_course() -> Claim:
    """The course's network has 60806 parameters, 900 fewer than the modern LeNet-5; it differs from LeCun's 60000
    by the trained output layer less the subsampling parameters."""
    statement = (
        relation(lenet_course_sum(), "=", LENET_HAND["course"]),
        relation(full_c3_params() - c3_params_sum(), "=", LENET_HAND["reduction"]),
        relation(lenet_course_sum() - lenet_original_sum(), "=", _lenet_reconciliation()),
    )
    return Claim(
        name="costs.lenet_course",
        title="The course's LeNet-5 with Table I's C3: parameters, reduction, and LeCun's network",
        statement=statement,
        method=INSTANCE,
        why_method=WHY_INSTANCE,
        hypotheses=(r"\text{the course's network: C1, Table I's C3, max pooling, linear } 400\to120\to84\to10",
                    r"\text{rows: total parameters; full C3 minus Table I's C3; the course's network minus "
                    r"LeCun's, against the output layer minus S2's and S4's parameters}"),
        scope="the course's LeNet-5 on a 1×32×32 input, against LeCun et al.'s",
        uses=("costs.conv_params", "costs.linear_params", "costs.lenet_c3", "costs.lenet_params"),
        mutants=(
            Mutant("swapped order", "9 C3 maps over 3 S2 maps and 6 over 4",
                   (relation(lenet_course_sum() - c3_params_sum()
                             + sp.Add(*(instantiate(conv_params(), {C_in: maps, C_out: cnt, k: C3_KERNEL})
                                        for cnt, maps in ((9, 3), (6, 4), (1, 6)))),
                             "=", LENET_HAND["course"]),) + statement[1:]),
            Mutant("dropped factor", "the subsampling coefficients and biases forgotten in the difference",
                   statement[:2] + (relation(lenet_course_sum() - lenet_original_sum(), "=",
                                             lenet_modern_layers()["output"][0]),)),
        ),
    )


# --------------------------------------------------------------------------
# Errata of the course's solutions to the problems of this module

erratum(
    where="HW7 (2024) P2, typed solution (the counting formulas and the two totals)",
    says="$pk^2l^2n$ is called the number of additions and multiplications of a convolution ($pq$ of a linear "
         "layer), and the totals $655{,}566{,}528$ and $58{,}621{,}952$ the numbers of operations.",
    correction="$pk^2l^2n$ counts the multiplications (the multiply-adds). The additions are as many when the bias "
               "add is counted, so the operations, multiplications and additions together, are twice the totals; "
               "that is also what PyTorch's FLOP counter (FlopCounterMode) reports. The totals themselves are "
               "right.",
    shown_by=("costs.alexnet_operations", "costs.flops_convention"),
    checked_by=("tests/test_course_numbers.py::test_hw7_2024_p2",),
    kind="typo",
    problem="hw7-2024-p2",
)

erratum(
    where="HW4 (2024) P7, official solution (last sentence)",
    says="The original LeNet-5 has $60806$ trainable parameters (and the modern one $61706$).",
    correction="$60806$ is the count of the course's network: the modern LeNet-5 with only C3 replaced by the "
               "partial convolutions of Table I. LeCun et al.'s LeNet-5 has $60000$: its S2 and S4 carry a "
               "trainable coefficient and bias per map ($12 + 32$), and its output layer of RBF units has fixed "
               "centres, where the course's network trains a linear $84 \\to 10$ layer ($850$). "
               "$60806 - 60000 = 850 - 44$.",
    shown_by=("costs.lenet_course", "costs.lenet_params"),
    checked_by=("tests/test_course_numbers.py::test_hw4_2024_p7",),
    kind="math",
    problem="hw4-2024-p7",
)
