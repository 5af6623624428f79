"""The counting rules of a layer's cost, as SymPy expressions, and the networks the course counts.

Parameters, multiply-adds, additions and activations of convolutional and
linear layers (the conventions are in :mod:`derivations.costs`, whose claims
prove these rules for all sizes), the sizes of the course's AlexNet and
bottleneck blocks, and the totals counted by hand.  :mod:`mfdnn.costs`
counts the PyTorch modules and compares them with these same objects, and
:mod:`derivations.costs` checks them: one statement of each rule and each number.
"""

import sympy as sp

C_in = sp.Symbol("C_in", integer=True, positive=True)
C_out = sp.Symbol("C_out", integer=True, positive=True)
k = sp.Symbol("k", integer=True, positive=True)
l = sp.Symbol("l", integer=True, positive=True)  # noqa: E741 (the course's name for the output side)
n_in = sp.Symbol("n_in", integer=True, positive=True)
n_out = sp.Symbol("n_out", integer=True, positive=True)
b = sp.Symbol("b", integer=True, nonnegative=True)  # 1 if the layer has a bias, else 0
r = sp.Symbol("r", integer=True, positive=True)  # channels after a 1×1 reduction

# Image side n, stride s, padding p of a convolution.
n = sp.Symbol("n", integer=True, positive=True)
s = sp.Symbol("s", integer=True, positive=True)
p = sp.Symbol("p", integer=True, nonnegative=True)

# Summation indices: output channel o, output row/column y, x; input channel c, kernel row/column i, j.
o, y, x, c, i, j = sp.symbols("o y x c i j", integer=True)


# --------------------------------------------------------------------------
# The counting rules (SymPy expressions; the code instantiates these same objects)


def conv_params(cin=C_in, cout=C_out, kernel=k, bias=1):
    """Trainable parameters of a k×k convolution ``cin → cout``: weights plus ``bias·cout`` biases."""
    return cout * (cin * kernel**2 + bias)


def conv_macs(cin=C_in, cout=C_out, kernel=k, side=l):
    """Multiply-adds (= multiplications) of a k×k convolution with a ``side×side`` output."""
    return cout * side**2 * cin * kernel**2


def conv_adds(cin=C_in, cout=C_out, kernel=k, side=l, bias=1):
    """Additions: ``cin·k² − 1`` per dot product, plus the bias add when ``bias = 1``."""
    return cout * side**2 * (cin * kernel**2 - 1 + bias)


def conv_activations(cout=C_out, side=l):
    """Activations after a convolution: one per output entry."""
    return cout * side**2


def linear_params(fan_in=n_in, fan_out=n_out, bias=1):
    """Trainable parameters of a linear layer ``fan_in → fan_out``."""
    return fan_out * (fan_in + bias)


def linear_macs(fan_in=n_in, fan_out=n_out):
    """Multiply-adds of a linear layer (one input vector)."""
    return fan_in * fan_out


def output_side(side=n, kernel=k, stride=s, padding=p):
    """Output side ``⌊(n + 2p − k)/s⌋ + 1`` of a convolution or pooling window."""
    return sp.floor((side + 2 * padding - kernel) / stride) + 1


def instantiate(expr, values: dict):
    """``expr`` with numbers put in but not multiplied out, so a page can show ``64·55²·3·11²``."""
    return expr.xreplace({sym: sp.UnevaluatedExpr(sp.Integer(v)) for sym, v in values.items()})


def evaluate(expr, values: dict) -> int:
    """``expr`` at the given sizes, as a Python int."""
    return int(expr.xreplace({sym: sp.Integer(v) for sym, v in values.items()}))


def as_1x1_conv(expr):
    """A convolution rule read as a linear layer: ``C_in = n_in``, ``C_out = n_out``, ``k = l = 1`` (shown)."""
    return expr.xreplace({C_in: n_in, C_out: n_out, k: sp.UnevaluatedExpr(sp.Integer(1)),
                          l: sp.UnevaluatedExpr(sp.Integer(1))})


def reduction_ratio():
    """The multiply-adds of a 1×1 reduction to ``r`` channels and a k×k convolution, over the k×k alone."""
    return r / (C_out * k**2) + r / C_in


#: AlexNet's first convolution: 227×227 input, 11×11 kernel, stride 4.
ALEXNET_CONV1 = {n: 227, k: 11, s: 4}

#: The course's AlexNet: (C_in, C_out, k, l) per convolution, (n_in, n_out) per linear layer.
ALEXNET_CONVS = ((3, 64, 11, 55), (64, 192, 5, 27), (192, 384, 3, 13), (384, 256, 3, 13), (256, 256, 3, 13))
ALEXNET_LINEARS = ((256 * 6 * 6, 4096), (4096, 4096), (4096, 1000))

#: Totals counted by hand (a calculator and the rules), checked below against the instantiated rules.
ALEXNET_HAND = {"conv_macs": 655_566_528, "linear_macs": 58_621_952,
                "conv_params": 2_469_696, "linear_params": 58_631_144}


def conv_values(layer):
    """The sizes of one convolution (C_in, C_out, k, l) as a substitution for the rules."""
    return dict(zip((C_in, C_out, k, l), layer))


def linear_values(layer):
    """The sizes of one linear layer (n_in, n_out) as a substitution for the rules."""
    return dict(zip((n_in, n_out), layer))


#: The block's input, 256×32×32.  Every convolution keeps the 32×32 side and is followed by a ReLU.
INCEPTION_INPUT = (256, 32)

#: The course's blocks (hw5 2021, problem 5), as (C_in, C_out, k) convolutions in module order.  Model I: a 1×1
#: convolution to 124 channels, a 3×3 to 192 and a 5×5 to 96, side by side.  Model II: the same 1×1 to 124; a 1×1
#: reduction to 64 before the 3×3 (now 64 → 192) and another before the 5×5 (64 → 96); and a third 1×1 256 → 64
#: (the projection after the pooling branch).  The max-pool branch costs nothing in these counts.
BOTTLENECK_MODEL_I = ((256, 124, 1), (256, 192, 3), (256, 96, 5))
BOTTLENECK_MODEL_II = ((256, 124, 1), (256, 64, 1), (64, 192, 3), (256, 64, 1), (64, 96, 5), (256, 64, 1))
#: The reduction before each large kernel of Model II, and that kernel: ((C_in, r, 1), (r, C_out, k)).
BOTTLENECK_BRANCHES = ((BOTTLENECK_MODEL_II[1], BOTTLENECK_MODEL_II[2]),
                       (BOTTLENECK_MODEL_II[3], BOTTLENECK_MODEL_II[4]))

#: Extension: the widths of GoogLeNet's inception (3b), whose input also has 256 channels (Szegedy et al. 2015,
#: Table 1).  Model I is their naive block (Fig. 2a), Model II the block with reductions and pool projection (Fig. 2b).
INCEPTION_3B_I = ((256, 128, 1), (256, 192, 3), (256, 96, 5))
INCEPTION_3B_II = ((256, 128, 1), (256, 128, 1), (128, 192, 3), (256, 32, 1), (32, 96, 5), (256, 64, 1))
INCEPTION_3B_BRANCHES = ((INCEPTION_3B_II[1], INCEPTION_3B_II[2]), (INCEPTION_3B_II[3], INCEPTION_3B_II[4]))

#: Hand totals: parameters, multiplications, additions (bias add included), activations.
BLOCK_HAND = {
    "Model I": {"params": 1_088_924, "mults": 1_114_636_288, "adds": 1_114_636_288, "activations": 421_888},
    "Model II": {"params": 345_692, "mults": 353_370_112, "adds": 353_370_112, "activations": 618_496},
    "3b Model I": {"params": 1_089_952, "mults": 1_115_684_864, "adds": 1_115_684_864, "activations": 425_984},
    "3b Model II": {"params": 388_736, "mults": 397_410_304, "adds": 397_410_304, "activations": 655_360},
}


def block_sums(convs, side=INCEPTION_INPUT[1]):
    """A block's four counts as sums of the instantiated rules (shown unevaluated)."""
    def total(rule):
        return sp.Add(*(instantiate(rule, {C_in: a, C_out: z, k: kk, l: side}) for a, z, kk in convs))
    return {"params": total(conv_params()), "mults": total(conv_macs()),
            "adds": total(conv_adds(bias=1)), "activations": total(conv_activations())}


# LeNet-5 (LeCun et al. 1998)

#: C3 of LeNet-5 (LeCun et al. 1998, Table I): how many C3 maps read how many of the 6 S2 maps.
C3_GROUPS = ((6, 3), (9, 4), (1, 6))
#: C3's kernel and output side, and its number of maps.
C3_KERNEL, C3_SIDE, C3_MAPS, S2_MAPS = 5, 10, 16, 6


def c3_params_sum():
    """C3's parameters by groups: a group of m maps reading c S2 maps costs the rule for a c → m convolution."""
    return sp.Add(*(instantiate(conv_params(), {C_in: maps, C_out: count, k: C3_KERNEL}) for count, maps in C3_GROUPS))


#: Hand counts: C3's parameters and connections (both also given in LeCun et al. 1998, Section II.B),
#: the 16 × 6 full convolution, and the ones in C3's connection mask.
LENET_HAND = {"c3_params": 1_516, "c3_connections": 151_600, "full_params": 2_416, "mask_ones": 60,
              "original": 60_000, "modern": 61_706, "course": 60_806, "reduction": 900}


def lenet_original_layers() -> dict:
    """LeNet-5 (1998) by layer: (parameters, multiply-adds) as instantiated rules; ``None`` = not counted.

    S2 and S4 have a coefficient and a bias per map; their sums and scalings, and
    the output layer's distances to its fixed RBF centres, are not multiply-adds
    of a convolution or linear layer and are left out (so does FlopCounterMode).
    """
    c3_macs = sp.Add(*(instantiate(conv_macs(), {C_in: maps, C_out: count, k: C3_KERNEL, l: C3_SIDE})
                       for count, maps in C3_GROUPS))
    return {
        "C1": (instantiate(conv_params(), {C_in: 1, C_out: 6, k: 5}),
               instantiate(conv_macs(), {C_in: 1, C_out: 6, k: 5, l: 28})),
        "S2": (instantiate(2 * C_out, {C_out: 6}), None),
        "C3": (c3_params_sum(), c3_macs),
        "S4": (instantiate(2 * C_out, {C_out: 16}), None),
        "C5": (instantiate(conv_params(), {C_in: 16, C_out: 120, k: 5}),
               instantiate(conv_macs(), {C_in: 16, C_out: 120, k: 5, l: 1})),
        "F6": (instantiate(linear_params(), {n_in: 120, n_out: 84}),
               instantiate(linear_macs(), {n_in: 120, n_out: 84})),
        "output": (sp.Integer(0), None),
    }


def lenet_modern_layers(flat=16 * 5 * 5) -> dict:
    """The modern LeNet-5 by layer: full C3, parameter-free max pooling, C5/F6/output as linear layers."""
    return {
        "C1": (instantiate(conv_params(), {C_in: 1, C_out: 6, k: 5}),
               instantiate(conv_macs(), {C_in: 1, C_out: 6, k: 5, l: 28})),
        "S2": (sp.Integer(0), None),
        "C3": (instantiate(conv_params(), {C_in: 6, C_out: 16, k: 5}),
               instantiate(conv_macs(), {C_in: 6, C_out: 16, k: 5, l: 10})),
        "S4": (sp.Integer(0), None),
        "C5": (instantiate(linear_params(), {n_in: flat, n_out: 120}),
               instantiate(linear_macs(), {n_in: flat, n_out: 120})),
        "F6": (instantiate(linear_params(), {n_in: 120, n_out: 84}),
               instantiate(linear_macs(), {n_in: 120, n_out: 84})),
        "output": (instantiate(linear_params(), {n_in: 84, n_out: 10}),
                   instantiate(linear_macs(), {n_in: 84, n_out: 10})),
    }


def lenet_original_sum():
    """LeNet-5 (1998) parameters, summed over its layers."""
    return sp.Add(*(params for params, _ in lenet_original_layers().values()))


def lenet_modern_sum(flat=16 * 5 * 5):
    """The modern LeNet-5's parameters, summed over its layers."""
    return sp.Add(*(params for params, _ in lenet_modern_layers(flat).values()))


def lenet_course_layers() -> dict:
    """The course's network (HW4 2024, problem 7): the modern LeNet-5 with only C3 replaced by Table I's C3."""
    layers = lenet_modern_layers()
    layers["C3"] = lenet_original_layers()["C3"]
    return layers


def lenet_course_sum():
    """The course's network's parameters, summed over its layers."""
    return sp.Add(*(params for params, _ in lenet_course_layers().values()))


def full_c3_params():
    """C3 as a full 6 → 16 convolution: the parameters it would have without Table I's connection mask."""
    return instantiate(conv_params(), {C_in: S2_MAPS, C_out: C3_MAPS, k: C3_KERNEL})
