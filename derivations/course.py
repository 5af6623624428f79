"""The course as it was posed: its 24 problems and every number and conclusion it printed.

This module is data, not claims.  It is the project's own record of the five
course files (four problem sets, 2021 and 2024), so that pages, the course map
and the tests never read ``../shared/course``: a clone of the project has no
such directory.  Everything here was transcribed by reading the files; nothing
is computed at import.

* :data:`SOURCES` names the course files (by the short keys used below).
* :data:`PROBLEMS` has one :class:`Problem` per course problem: where it is
  stated and solved, the chapter that answers it, the course's setting as data
  and the files the course used that this project does not have.
* :data:`PRINTED` has one :class:`Printed` per number or conclusion that the
  course printed, with its value exactly as printed, how the site should
  reproduce it and how the two are compared.

``Printed.printed`` keeps the course's text for provenance and for the tests: a
number exactly as printed; a verdict, which the course states in a sentence
(some in Korean), paraphrased in English and marked so, since the project copies
no sentence of the course.  A page shows ``what`` and ``value`` in its own words.
The module holds no claims: the package imports it like a claim module, which
costs a few milliseconds and runs the validation.

To extend: add records to the section of their set (one tuple per set below).
Importing the module validates everything (unique ids, known problems, sources,
kinds and rules, printed strings that parse to the recorded values) and raises
:class:`CourseDataError` naming the record at fault.

>>> len(PROBLEMS)
24
>>> problem("hw5-2021-p1").chapter
'chapters/backprop'
>>> [p.id for p in printed_for("hw4-2024-p7")]
['hw4-2024-p7-original', 'hw4-2024-p7-modern', 'hw4-2024-p7-reduction']
"""

from __future__ import annotations

import ast
import dataclasses
import re
from types import MappingProxyType
from typing import Mapping

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

#: The course files, by key: (file name in the course material, what it is).  Provenance only;
#: the project never opens them.
SOURCES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "hw7-typed": ("000_d80f36ddf3b5193b.txt", "HW7 (2024), a student's typed solution set (no statements)"),
    "hw5-notebook": ("001_44446893528eed8a.txt", "HW5 (2021), a student's executed notebook (no statements)"),
    "hw7-handwritten": ("002_b8030a72e4bc45a6.txt",
                        "HW7 (2024), a second student's handwritten solutions, OCR, partly in Korean"),
    "hw6-statements": ("003_151c3af73f9152f1.txt", "HW6 (2021), problem statements only"),
    "hw4-official": ("004_8c88de8bfd5e0bb9.txt", "HW4 (2024), statements with the official solutions"),
})

#: The problem sets, one spelling for all ("HW" and the number; the course files write "hw5" once), with their
#: year and number of problems.
SETS: Mapping[tuple[str, int], int] = MappingProxyType({("HW4", 2024): 7, ("HW5", 2021): 6, ("HW6", 2021): 6,
                                                        ("HW7", 2024): 5})

#: What a printed item is.
KINDS = ("value", "tensor", "count", "shape", "difference", "timing", "verdict")

#: How a reproduced value is compared with the course's.
#: exact: equal as numbers (counts, exact constants);
#: digits: equal when printed the way the course printed it (``digits`` significant digits);
#: tolerance: within ``tolerance`` (relative);
#: magnitude: the same power of ten (within a factor ``tolerance``) on stand-in data;
#: verdict: the site's numbers support (or contradict) the course's statement.
RULES = ("exact", "digits", "tolerance", "magnitude", "verdict")

#: What the feasibility reproduction (a scratch script, not part of the project) found.
#: digit-for-digit / exact: reproduced from the course's own setting;
#: magnitude-on-stand-in: the course's inputs are unavailable, same order of magnitude on stand-in inputs;
#: verdict-supported / verdict-contradicted: the course's conclusion against the stand-in's numbers;
#: not-attempted: nothing run (the reason is in ``scratch_note``).
SCRATCH = ("digit-for-digit", "exact", "magnitude-on-stand-in", "verdict-supported", "verdict-contradicted",
           "not-attempted")

#: What a reproduced value must do against the course's.
EXPECTATIONS = ("agrees", "disagrees")

_NOT_REPRODUCIBLE = "not reproducible: "


class CourseDataError(ValueError):
    """A record of this module is inconsistent; the message names it."""


@dataclasses.dataclass(frozen=True)
class Missing:
    """A file the course used that the project does not have, and what that stops us checking."""

    what: str
    limits: str


@dataclasses.dataclass(frozen=True)
class Problem:
    """One course problem.

    ``stated_in`` and ``solved_in`` are keys of :data:`SOURCES` (empty when the
    course files hold no statement, or no solution, of it); ``chapter`` is the
    Sphinx docname of the page that answers it; ``setting`` is the course's set-up
    as data (shapes, widths, seeds, distributions, order of draws, hyperparameters).
    """

    id: str
    set_name: str
    year: int
    number: int
    title: str
    stated_in: tuple[str, ...]
    solved_in: tuple[str, ...]
    chapter: str
    setting: Mapping[str, object]
    unavailable: tuple[Missing, ...] = ()
    same_topic_as: str | None = None
    note: str = ""
    #: The claims (registered names) whose boxes answer the problem on its page.
    claims: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Printed:
    """A number or conclusion that the course printed.

    ``printed`` is the text exactly as it stands in the course file (OCR damage
    included); ``value`` is what it says, parsed.  ``reproduce`` says how the site
    recomputes it (an mfdnn function and setting) or starts with
    ``"not reproducible: "`` and says why; ``check_instead`` then says what is
    checked in its place.  ``rule`` is one of :data:`RULES`.
    """

    id: str
    problem: str
    source: str
    what: str
    printed: str
    value: object
    kind: str
    reproduce: str
    rule: str
    digits: int | None = None
    tolerance: float | None = None
    check_instead: str = ""
    ditto_of: str | None = None
    scratch: str = "not-attempted"
    scratch_note: str = ""
    #: What the build's value must do against the course's: "agrees", or "disagrees" (the build
    #: contradicts the course, and an erratum of the problem says why).
    expect: str = "agrees"

    @property
    def reproducible(self) -> bool:
        return not self.reproduce.startswith(_NOT_REPRODUCIBLE)


def _setting(**items) -> Mapping[str, object]:
    return MappingProxyType(dict(items))


# Reasons shared by several records.
_CIFAR = Missing("the CIFAR-10 test images", "not in the project (no download at build time); outputs on them "
                 "cannot be recomputed, only their order of magnitude on stand-in images of the same shape and range")
_SMALLNET = Missing("the trained weights `smallNetSaved`", "the printed differences rest on these weights; a stand-in "
                    "network of the same architecture gives only the order of magnitude")
_BN_STARTER = Missing("the starter code `bn_remove.py`", "it held the comparison that printed the difference: which "
                      "statistic (mean, max, norm; absolute or squared) was printed is unknown")
_MNIST_TRAIN = Missing("the MNIST training split", "only the test split is available; "
                       "experiments run on test-split images and say so")
_HW5_STATEMENTS = Missing("the HW5 (2021) problem statements", "only a student's notebook survives: the problem is "
                          "known through its solution, so settings it does not show cannot be recovered")
_HW7_STATEMENTS = Missing("the HW7 (2024) problem statements", "only two students' solutions survive: the problem is "
                          "known through them")

# --------------------------------------------------------------------------------------------------
# HW4 (2024): statements with the official solutions
# --------------------------------------------------------------------------------------------------

_HW4 = (
    Problem("hw4-2024-p1", "HW4", 2024, 1, "Forward differences as one 3×3 convolution",
            ("hw4-official",), ("hw4-official",), "chapters/convolution",
            _setting(image="X ∈ R^{m×n}, one channel", output="Y ∈ R^{2×m×n}",
                     first_channel="Y[1,i,j] = X[i+1,j] − X[i,j]", second_channel="Y[2,i,j] = X[i,j+1] − X[i,j]",
                     indices="i = 1..m, j = 1..n", out_of_bounds="X[m+1,:] = 0 and X[:,n+1] = 0",
                     filter_shape=(2, 3, 3), padding=1, stride=1, convolution="cross-correlation (as in PyTorch)"),
            claims=("convolution.forward_differences",)),
    Problem("hw4-2024-p2", "HW4", 2024, 2, "Average pooling as a convolution",
            ("hw4-official",), ("hw4-official",), "chapters/convolution",
            _setting(input="X ∈ R^{C×m×n}", kernel="k", output="Y ∈ R^{C×(m/k)×(n/k)}",
                     formula="Y[c,i,j] = (1/k²) Σ_{a,b=1..k} X[c, k(i−1)+a, k(j−1)+b]",
                     divisibility="m and n divisible by k", solution_convolution="stride k, no padding"),
            claims=("convolution.average_pool",)),
    Problem("hw4-2024-p3", "HW4", 2024, 3, "RGB to grey as a 1×1 convolution",
            ("hw4-official",), ("hw4-official",), "chapters/convolution",
            _setting(input="X ∈ R^{3×m×n} (R, G, B)", output="Y ∈ R^{m×n}", weights=(0.299, 0.587, 0.114),
                     filter_shape=(3, 1, 1)),
            claims=("convolution.greyscale",)),
    Problem("hw4-2024-p4", "HW4", 2024, 4, "Max pooling commutes with a nondecreasing activation",
            ("hw4-official",), ("hw4-official",), "chapters/convolution",
            _setting(activation="σ: R → R nondecreasing, applied entrywise",
                     pooling="ρ: R^{m×n} → R^{k×ℓ}, a max pool (window and stride not fixed)"),
            claims=("convolution.maxpool_pairwise_core", "convolution.maxpool_nonmonotone_counterexamples")),
    Problem("hw4-2024-p5", "HW4", 2024, 5, "MNIST 4 vs 9: sum of squares instead of cross-entropy",
            ("hw4-official",), ("hw4-official",), "chapters/loss",
            _setting(data="MNIST images of the digits 4 and 9", labels="y ∈ {−1, +1}",
                     model="f(x) = (1/(1 + e^{aᵀx+b}), 1/(1 + e^{−(aᵀx+b)})), a ∈ R^p, b ∈ R",
                     target="P(−1) = (1, 0), P(+1) = (0, 1)",
                     kl_objective="Σ_i D_KL(P(Y_i) ‖ f(X_i))",
                     squares_objective="(1/N) Σ_i ‖P(Y_i) − f(X_i)‖²",
                     hint_loss="ℓ(z, y) = ½(1−y)((1−σ(−z))² + σ(z)²) + ½(1+y)(σ(−z)² + (1−σ(z))²)",
                     optimiser="not stated (in mseloss_sol.py)", split="not stated (in mseloss_sol.py)"),
            (Missing("the official solution code `mseloss_sol.py`", "its optimiser, step size, epochs, split and "
                     "initial point are unknown, so its accuracies cannot be reproduced, only its verdict tested"),
             _MNIST_TRAIN),
            note="which digit is y = −1 is not said in the statement (the course's logistic-regression set-up)",
            claims=("loss.kl_closed_form", "loss.mse_hint", "loss.gradients_in_z", "loss.gradients_in_parameters",
                    "loss.gradient_size_by_margin", "loss.confidently_wrong")),
    Problem("hw4-2024-p6", "HW4", 2024, 6, "Jacobians of an MLP and the weight gradient",
            ("hw4-official",), ("hw4-official",), "chapters/backprop",
            _setting(network="y_ℓ = σ(A_ℓ y_{ℓ−1} + b_ℓ) for ℓ < L, y_L = A_L y_{L−1} + b_L, y_0 = x",
                     shapes="A_ℓ ∈ R^{n_ℓ×n_{ℓ−1}}, b_ℓ ∈ R^{n_ℓ}, n_L = 1", activation="σ differentiable",
                     ranges="∂y_ℓ/∂b_ℓ for ℓ = 1..L−1; ∂y_ℓ/∂y_{ℓ−1} for ℓ = 2..L−1; ∂y_L/∂A_ℓ for ℓ = 1..L−1"),
            same_topic_as="hw5-2021-p1", note="hw5 P1 implements what this problem derives",
            claims=("backprop.mlp_output_layer", "backprop.mlp_bias_jacobian", "backprop.mlp_input_jacobian",
                    "backprop.mlp_weight_gradient",
                    "backprop.mlp_weight_gradient_output")),
    Problem("hw4-2024-p7", "HW4", 2024, 7, "LeNet-5's partially connected C3 layer",
            ("hw4-official",), ("hw4-official",), "chapters/costs",
            _setting(table="LeCun et al. 1998, Table I: 16 C3 maps over 6 S2 maps",
                     maps_by_inputs={3: 6, 4: 9, 6: 1}, kernel=5,
                     hint="16 Conv2d modules, inputs x[:, list, :, :], outputs joined with torch.cat",
                     reference_network="the starter code's modern LeNet-5 (convolutions 1→6 and 6→16 of 5×5, "
                                       "linear 400→120→84→10); only C3 is replaced"),
            (Missing("the starter code `lenet_original.py` and the solution `lenet_original_sol.py`",
                     "the network whose totals were printed is inferred from the totals (the modern LeNet-5 with "
                     "only C3 replaced reproduces both exactly); its pooling and activations are unknown"),),
            claims=("costs.conv_params", "costs.lenet_c3", "costs.lenet_course", "costs.lenet_params")),
)

_HW4_PRINTED = (
    Printed("hw4-2024-p1-filter", "hw4-2024-p1", "hw4-official", "the two 3×3 filters of the solution",
            "[[0,0,0],[0,-1,0],[0,1,0]], [[0,0,0],[0,-1,1],[0,0,0]]",
            (((0, 0, 0), (0, -1, 0), (0, 1, 0)), ((0, 0, 0), (0, -1, 1), (0, 0, 0))), "tensor",
            "mfdnn.convolution.filters.difference_conv() weight; its output against "
            "mfdnn.convolution.filters.forward_differences",
            "exact", scratch="exact",
            scratch_note="difference_conv() weight equals the solution's filters; they give forward differences"),
    Printed("hw4-2024-p2-filter", "hw4-2024-p2", "hw4-official",
            "every weight of the pooling filter, 1/k², at k = 2, 3, 4 (its shape C×k×k is an erratum)",
            "w = 1/k² · 1, 1 ∈ R^{C×k×k}", (0.25, 1 / 9, 0.0625), "value",
            "mfdnn.convolution.filters.pool_pixel_weights(): the weight AvgPool2d(k) gives each pixel of its window, "
            "read "
            "off its response to one-hot images (float64); the shape is checked by "
            "mfdnn.convolution.filters.one_filter_pool "
            "(one C×k×k filter gives one channel) and the claim convolution.average_pool",
            "exact", scratch="exact",
            scratch_note="1/k² per channel (groups=C) equals avg_pool2d; one C×k×k filter as a plain convolution "
                         "gives one channel, the sum of the C pools (erratum)"),
    Printed("hw4-2024-p3-filter", "hw4-2024-p3", "hw4-official", "the 1×1 filter",
            "w_{1,1,1} = 0.299, w_{2,1,1} = 0.587, w_{3,1,1} = 0.114", (0.299, 0.587, 0.114), "value",
            "mfdnn.convolution.filters.greyscale_conv() weight (mfdnn.convolution.filters.GREY_WEIGHTS)", "exact",
            scratch="exact", scratch_note="GREY_WEIGHTS are the statement's constants"),
    Printed("hw4-2024-p5-verdict", "hw4-2024-p5", "hw4-official",
            "which loss does better on MNIST 4 vs 9",
            "[paraphrased] the sum-of-squares loss appears to give better results", "sum of squares better", "verdict",
            _NOT_REPRODUCIBLE + "the solution's numbers were never printed (only mseloss_sol.py held them) and the "
            "MNIST training split is unavailable",
            "verdict",
            check_instead="mfdnn.loss.compare on the 4s and 9s of the test split (random train/evaluation splits, "
                          "several seeds, the same SGD for both losses); the page states whether the evaluation "
                          "accuracies support 'sum of squares better' and with what spread",
            scratch="verdict-contradicted",
            scratch_note="page protocol, test split, 20 seeds: from a = 0 squares − KL = +0.16 points (95% "
                         "interval −0.20 to +0.51: a tie); from a ~ N(0, I) squares is 6.5 points worse",
            expect="disagrees"),
    Printed("hw4-2024-p7-original", "hw4-2024-p7", "hw4-official",
            "trainable parameters of the network with LeNet's original C3 (the solution calls it the original LeNet5)",
            "60806", 60806, "count",
            "mfdnn.costs.lenet.lenet5_modern_with_c3() (the modern LeNet-5 with C3 replaced by the 16 partial "
            "convolutions of Table I); mfdnn.costs.lenet_printed (mfdnn.costs.lenet.lenet5_original is LeCun's full "
            "network: 60,000)",
            "exact", scratch="exact",
            scratch_note="modern LeNet-5 (61706) − full C3 (2416) + Table-I C3 (1516) = 60806"),
    Printed("hw4-2024-p7-modern", "hw4-2024-p7", "hw4-official", "trainable parameters of the modern LeNet-5",
            "61706", 61706, "count", "mfdnn.costs.lenet.lenet5_modern(); mfdnn.costs.lenet_printed", "exact",
            scratch="exact", scratch_note="156 + 2416 + 48120 + 10164 + 850"),
    Printed("hw4-2024-p7-reduction", "hw4-2024-p7", "hw4-official",
            "reduction in parameters from C3's partial connections (asked; the solution gives only the two totals)",
            "61706 − 60806", 900, "count",
            "16·(6·25 + 1) − (6·(3·25 + 1) + 9·(4·25 + 1) + (6·25 + 1)) by hand, against the difference of the "
            "two module counts", "exact", scratch="exact", scratch_note="2416 − 1516 = 900"),
)

# --------------------------------------------------------------------------------------------------
# HW5 (2021): a student's executed notebook
# --------------------------------------------------------------------------------------------------

_HW5 = (
    Problem("hw5-2021-p1", "HW5", 2021, 1, "Backprop for an MLP by hand, against autograd",
            (), ("hw5-notebook",), "chapters/backprop",
            _setting(seed="torch.manual_seed(0), once, before every draw", depth=6,
                     draws=("x = torch.rand(4, 1)", "target = torch.rand(1, 1)",
                            "5 times: A = torch.rand(4, 4), then b = torch.rand(4, 1)",
                            "A_6 = torch.rand(1, 4)", "b_6 = torch.rand(1, 1)"),
                     distribution="uniform on [0, 1) (torch.rand)", dtype="float32", widths=(4, 4, 4, 4, 4, 4, 1),
                     activation="sigmoid on layers 1..5, identity on layer 6",
                     loss="(y_6 − target)² / 2", printed="gradient of the loss with respect to A_1 (4×4)",
                     rerun="the by-hand cell re-seeds with 0 and redraws in the same order"),
            (_HW5_STATEMENTS,), same_topic_as="hw4-2024-p6",
            claims=("backprop.mlp_output_layer", "backprop.mlp_bias_jacobian", "backprop.mlp_input_jacobian",
                    "backprop.mlp_weight_gradient",
                    "backprop.mlp_weight_gradient_output")),
    Problem("hw5-2021-p2", "HW5", 2021, 2, "When do gradients vanish in a sigmoid MLP",
            (), ("hw5-notebook",), "chapters/vanishing",
            _setting(network="sigmoid MLP y_ℓ = σ(A_ℓ y_{ℓ−1} + b_ℓ), ỹ_ℓ = A_ℓ y_{ℓ−1} + b_ℓ",
                     cases=("some A_j small, the others not large", "some pre-activation ỹ_j saturated")),
            (_HW5_STATEMENTS,),
            claims=("vanishing.sigmoid_slope_bound", "vanishing.saturation", "vanishing.jacobian_step",
                    "vanishing.jacobian_product", "vanishing.single_unit_saturation")),
    Problem("hw5-2021-p3", "HW5", 2021, 3, "Two forms of momentum SGD are the same iteration",
            (), ("hw5-notebook",), "chapters/momentum",
            _setting(form_one="θ^{k+1} = θ^k − α g^k + β(θ^k − θ^{k−1})",
                     form_two="v^{k+1} = g^k + β v^k, θ̃^{k+1} = θ̃^k − α v^{k+1}",
                     given="θ^0 and g^0, g^1, … (the gradients are given, not recomputed)",
                     constants="α and β fixed", used_in_solution="θ^{−1} = θ^0, v^0 = 0, θ̃^0 = θ^0 (not written)"),
            (_HW5_STATEMENTS,),
            claims=("momentum.base_case", "momentum.step_position", "momentum.step_velocity", "momentum.unrolled")),
    Problem("hw5-2021-p4", "HW5", 2021, 4, "Receptive field",
            (), (), "chapters/convolution",
            _setting(known="only the heading survives in the notebook"),
            (_HW5_STATEMENTS,),
            note="no statement and no solution: the exercise can only be the site's own receptive-field problem, "
                 "labelled as such",
            claims=("convolution.receptive_field_one_layer", "convolution.receptive_field_closed_form")),
    Problem("hw5-2021-p5", "HW5", 2021, 5, "Bottleneck (1×1) convolutions: parameters and operations",
            (), ("hw5-notebook",), "chapters/costs",
            _setting(input=(256, 32, 32), padding="same (every output keeps 32×32)",
                     model_i=("1×1 conv 256→124", "3×3 conv 256→192", "5×5 conv 256→96"),
                     model_ii=("1×1 conv 256→124", "three 1×1 convs 256→64", "3×3 conv 64→192", "5×5 conv 64→96"),
                     params_rule="k²·C_in·C_out + C_out",
                     ops_rule="additions = multiplications = 32²·k²·C_in·C_out; activations = 32²·C_out",
                     pooling_branch="not counted (no parameters; its comparisons are not counted)"),
            (_HW5_STATEMENTS,),
            note="the width 124 is the notebook's (all its counts use it); GoogLeNet's inception (3b) has 128 "
                 "(the page's extension)",
            claims=("costs.conv_params", "costs.conv_ops", "costs.flops_convention", "costs.bottleneck_ratio",
                    "costs.bottleneck_model_i", "costs.bottleneck_model_ii")),
    Problem("hw5-2021-p6", "HW5", 2021, 6, "A CNN memorizes random labels",
            (), ("hw5-notebook",), "chapters/memorization",
            _setting(data="the first 6000 MNIST training images (10% of the split), ToTensor scaling to [0, 1]",
                     labels="torch.randint(0, 9, (6000,)): integers 0..8 (the upper bound is exclusive)",
                     seed="none set", model="modified AlexNet for 1×28×28: conv 1→96 k4, ReLU, conv 96→96 k3, ReLU, "
                     "conv 96→256 k5 p2, ReLU, maxpool 3/2, conv 256→384 k3 p1, ReLU, conv 384→384 k3 p1, ReLU, "
                     "conv 384→256 k3 p1, ReLU, maxpool 3/2, flatten 6400, dropout 0.5, linear 6400→800, ReLU, "
                     "linear 800→10", init="PyTorch default", optimiser="torch.optim.SGD, lr 0.1, no momentum",
                     batch=64, epochs=150, shuffle=True, loss="nn.CrossEntropyLoss (batch mean)",
                     accuracy="after each epoch over the same 6000 images, under no_grad but in train mode "
                              "(dropout active)",
                     recorded_loss="the last minibatch's loss of the epoch (48 images)",
                     device="cuda if available (hardware not named)"),
            (_MNIST_TRAIN, _HW5_STATEMENTS,
             Missing("the accuracy and loss plot", "the figure was lost in the conversion to text: no accuracy or "
                     "loss value survives")),
            claims=("memorization.alexnet28_shapes", "memorization.default_init_factor")),
)

_HW5_GRADIENT = ("tensor([[2.3943e-05, 3.7064e-05, 4.2687e-06, 6.3700e-06],\n"
                 "        [3.4104e-05, 5.2794e-05, 6.0804e-06, 9.0735e-06],\n"
                 "        [2.4438e-05, 3.7831e-05, 4.3571e-06, 6.5019e-06],\n"
                 "        [2.0187e-05, 3.1250e-05, 3.5991e-06, 5.3707e-06]])")
_HW5_GRADIENT_VALUE = ((2.3943e-05, 3.7064e-05, 4.2687e-06, 6.3700e-06),
                       (3.4104e-05, 5.2794e-05, 6.0804e-06, 9.0735e-06),
                       (2.4438e-05, 3.7831e-05, 4.3571e-06, 6.5019e-06),
                       (2.0187e-05, 3.1250e-05, 3.5991e-06, 5.3707e-06))
_HW5_RECIPE = ("the notebook's draws (seed 0; x, target, then A_ℓ and b_ℓ alternately, torch.rand, float32; "
               "output layer 1×4): mfdnn.backprop.mlp.course_setting, gradients by mfdnn.backprop.mlp.course_gradients")


def _bottleneck(pid, what, printed, value, reproduce, ditto_of=None):
    return Printed(pid, "hw5-2021-p5", "hw5-notebook", what, printed, value, "count", reproduce, "exact",
                   ditto_of=ditto_of, scratch="exact",
                   scratch_note="nn.Conv2d(k, padding=k//2) on 256×32×32; parameters counted, multiply-adds from "
                                "FlopCounterMode / 2")


_BN_MODULE = ("mfdnn.costs.inception.model_i() / model_ii() (1×1 width 124, three 64-wide reductions) through "
              "mfdnn.costs.bottleneck_printed")

_HW5_PRINTED = (
    Printed("hw5-2021-p1-autograd", "hw5-2021-p1", "hw5-notebook", "gradient of the loss w.r.t. A_1 by autograd",
            _HW5_GRADIENT, _HW5_GRADIENT_VALUE, "tensor", "autograd in " + _HW5_RECIPE, "digits", digits=5,
            scratch="digit-for-digit",
            scratch_note="torch 2.13.0 CPU: str() of the gradient equals the printed tensor; largest relative "
                         "difference to the 5-digit print 1.5e-5"),
    Printed("hw5-2021-p1-backprop", "hw5-2021-p1", "hw5-notebook", "the same gradient by the backprop loop",
            _HW5_GRADIENT, _HW5_GRADIENT_VALUE, "tensor", "mfdnn.backprop.mlp.backward in " + _HW5_RECIPE, "digits",
            digits=5, scratch="digit-for-digit",
            scratch_note="prints identically; the two float32 tensors differ by at most 1.8e-12 (not bitwise equal)"),
    Printed("hw5-2021-p1-agree", "hw5-2021-p1", "hw5-notebook", "backprop by hand equals autograd",
            "the two printed tensors are identical", "equal as printed", "verdict",
            "mfdnn.backprop.mlp.equal_as_printed on the two tensors of " + _HW5_RECIPE + " (5 significant digits); the "
            "page also shows their largest difference",
            "verdict", scratch="verdict-supported",
            scratch_note="equal at 5 significant digits; not bitwise (max |difference| 1.8e-12)"),
    _bottleneck("hw5-2021-p5-i-1x1-params", "Model I, 1×1 conv 256→124: parameters", "31868", 31868, _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-3x3-params", "Model I, 3×3 conv 256→192: parameters", "442560", 442560, _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-5x5-params", "Model I, 5×5 conv 256→96: parameters", "614496", 614496, _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-params", "Model I: total parameters", "1088924", 1088924, _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-1x1-params", "Model II, 1×1 conv 256→124: parameters", "31868", 31868, _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-reduce-params", "Model II, three 1×1 convs 256→64: parameters", "49344", 49344,
                _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-3x3-params", "Model II, 3×3 conv 64→192: parameters", "110784", 110784, _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-5x5-params", "Model II, 5×5 conv 64→96: parameters", "153696", 153696, _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-params", "Model II: total parameters", "345692", 345692, _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-1x1-ops", "Model I, 1×1 conv: (additions, multiplications, activations)",
                "(32505856, 32505856, 126976)", (32505856, 32505856, 126976), _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-3x3-ops", "Model I, 3×3 conv: (additions, multiplications, activations)",
                "(452984832, 452984832, 196608)", (452984832, 452984832, 196608), _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-5x5-ops", "Model I, 5×5 conv: (additions, multiplications, activations)",
                "(629145600, 629145600, 98304)", (629145600, 629145600, 98304), _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-add", "Model I: total additions", "1,114,636,288", 1114636288, _BN_MODULE),
    _bottleneck("hw5-2021-p5-i-mul", "Model I: total multiplications", '"', 1114636288, _BN_MODULE,
                ditto_of="hw5-2021-p5-i-add"),
    _bottleneck("hw5-2021-p5-i-act", "Model I: total activations", "421,888", 421888, _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-1x1-ops", "Model II, 1×1 conv 256→124: (additions, multiplications, activations)",
                "(32505856, 32505856, 126976)", (32505856, 32505856, 126976), _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-reduce-ops", "Model II, three 1×1 convs 256→64: (additions, multiplications, "
                "activations)", "(50331648, 50331648, 196608)", (50331648, 50331648, 196608), _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-3x3-ops", "Model II, 3×3 conv 64→192: (additions, multiplications, activations)",
                "(113246208, 113246208, 196608)", (113246208, 113246208, 196608), _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-5x5-ops", "Model II, 5×5 conv 64→96: (additions, multiplications, activations)",
                "(157286400, 157286400, 98304)", (157286400, 157286400, 98304), _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-add", "Model II: total additions", "353,370,112", 353370112, _BN_MODULE),
    _bottleneck("hw5-2021-p5-ii-mul", "Model II: total multiplications", '"', 353370112, _BN_MODULE,
                ditto_of="hw5-2021-p5-ii-add"),
    _bottleneck("hw5-2021-p5-ii-act", "Model II: total activations", "618,496", 618496, _BN_MODULE),
    Printed("hw5-2021-p6-seconds", "hw5-2021-p6", "hw5-notebook", "total training time, 150 epochs on 6000 images",
            "Total training time: 671.0086727142334", 671.0086727142334, "timing",
            _NOT_REPRODUCIBLE + "a timing of unnamed hardware (CUDA if present) on the training split",
            "magnitude", tolerance=10.0,
            check_instead="nothing is computed in its place: the page lists beside it the GPU runs recorded on "
                          "other machines (docs/chapters/data/memorization-gpu-runs.json), as a different machine "
                          "and different arithmetic (bf16, CUDA graphs), not as a reproduction, and this build's "
                          "own time for its smaller profile",
            scratch="not-attempted", scratch_note="recorded H100 runs: 59.8 s (eager), 99.6 s (compiled)"),
    Printed("hw5-2021-p6-full-estimate", "hw5-2021-p6", "hw5-notebook",
            "the code comment's estimate for the full 60000 training images",
            "around 90 minutes", 5400.0, "timing",
            _NOT_REPRODUCIBLE + "an estimate for hardware that is not named",
            "magnitude", tolerance=10.0,
            check_instead="consistency within the course: ten times the printed 671 s is 112 minutes, the same "
                          "order as 'around 90 minutes'",
            scratch="verdict-supported", scratch_note="10 × 671 s = 6710 s ≈ 112 min"),
)

# --------------------------------------------------------------------------------------------------
# HW6 (2021): statements only
# --------------------------------------------------------------------------------------------------

_SMALLNET_SETTING = dict(
    train_net="conv 3→16 k3 p1, BatchNorm2d(16), ReLU; conv 16→16 k3 p1, BatchNorm2d(16), ReLU; flatten 16·32·32; "
              "linear 16384→1024, BatchNorm1d(1024), ReLU; linear 1024→10, ReLU",
    test_net="the same without the three BatchNorm layers", data="CIFAR-10 test set (3×32×32, ToTensor)",
    eps=1e-05, statistics="running_mean and running_var (eval mode)",
    goal="the two networks give the same outputs on the test set")

_HW6 = (
    Problem("hw6-2021-p1", "HW6", 2021, 1, "Removing batch norm after training",
            ("hw6-statements",), ("hw7-typed", "hw7-handwritten"), "chapters/fusion",
            _setting(**_SMALLNET_SETTING), (_SMALLNET, _BN_STARTER, _CIFAR), same_topic_as="hw7-2024-p3",
            note="the network is known from the HW7 (2024) solutions of the same problem",
            claims=("fusion.bn_scalar_identity", "fusion.bn_conv_identity", "fusion.bn_linear_identity",
                    "convolution.receptive_field_same_padding")),
    Problem("hw6-2021-p2", "HW6", 2021, 2, "Mean and variance of a linear network at PyTorch's default init",
            ("hw6-statements",), (), "chapters/init",
            _setting(network="y_ℓ = A_ℓ y_{ℓ−1} + b_ℓ (σ(z) = z), ℓ = 1..L, n_L = 1",
                     input="x_1..x_{n_0} IID, mean 0, variance 1",
                     init="nn.Linear's default: weights and biases U(−1/√n_{ℓ−1}, 1/√n_{ℓ−1})",
                     asked="E[y_L] and Var[y_L]"),
            claims=("init.default_bound", "init.uniform_moments", "init.layer_moments", "init.closed_form_base",
                    "init.closed_form_solves_recursion", "init.closed_form_instances")),
    Problem("hw6-2021-p3", "HW6", 2021, 3, "Backprop through 1-D convolutions",
            ("hw6-statements",), ("hw7-typed", "hw7-handwritten"), "chapters/backprop",
            _setting(convolution="1-D, one input and one output channel, stride 1, padding 0",
                     shapes="filters w_ℓ ∈ R^{f_ℓ}, n_ℓ = n_{ℓ−1} − f_ℓ + 1, A_{w_ℓ} ∈ R^{n_ℓ×n_{ℓ−1}}, n_L = 1",
                     network="y_ℓ = σ(A_{w_ℓ} y_{ℓ−1} + b_ℓ 1) for ℓ < L, y_L = A_{w_L} y_{L−1} + b_L 1, b_ℓ ∈ R",
                     asked="∂y_L/∂w_ℓ and ∂y_L/∂b_ℓ for ℓ = 1..L, by convolutions and transposed convolutions "
                           "without forming A_{w_ℓ}"),
            same_topic_as="hw7-2024-p4",
            claims=("backprop.conv1d_matrix", "backprop.conv1d_transpose_general", "backprop.conv1d_transpose_full",
                    "backprop.conv1d_filter_gradient",
                    "backprop.conv1d_bias_gradient", "backprop.conv1d_network_gradients")),
    Problem("hw6-2021-p4", "HW6", 2021, 4, "The density of an affine image of a standard Gaussian",
            ("hw6-statements",), (), "chapters/changevar",
            _setting(Y="N(0, I) in R^n", X="A Y + b, A invertible", Sigma="A Aᵀ",
                     formula="p_X(x) = p_Y(φ(x)) |det ∂φ/∂x(x)| for Y = φ(X), φ one-to-one and differentiable"),
            claims=("changevar.inverse_map_n2", "changevar.inverse_map_n3", "changevar.quadratic_form_n2",
                    "changevar.quadratic_form_n3",
                    "changevar.jacobian_n2", "changevar.jacobian_n3", "changevar.abs_det")),
    Problem("hw6-2021-p5", "HW6", 2021, 5, "KL divergence: nonnegative, additive over independent coordinates",
            ("hw6-statements",), (), "chapters/kl",
            _setting(densities="X ~ f, Y ~ g on R^d", parts=("D_KL(X‖Y) ≥ 0",
                     "independent coordinates: D_KL(X‖Y) = Σ_i D_KL(X_i‖Y_i)")),
            claims=("kl.log_gap_integral", "kl.log_bound", "kl.pointwise_gap", "kl.disjoint_support",
                    "kl.additivity_core", "kl.additivity_exponential", "kl.correlated_gap")),
    Problem("hw6-2021-p6", "HW6", 2021, 6, "KL divergence between two Gaussians",
            ("hw6-statements",), (), "chapters/kl",
            _setting(distributions="N(μ_0, Σ_0), N(μ_1, Σ_1) in R^d, Σ_0 and Σ_1 positive definite",
                     formula="½(tr(Σ_1⁻¹Σ_0) + (μ_1 − μ_0)ᵀ Σ_1⁻¹ (μ_1 − μ_0) − d + log(det Σ_1 / det Σ_0))"),
            claims=("kl.quadratic_expectation_d1", "kl.quadratic_expectation_d2", "kl.log_density_difference_d1",
                    "kl.log_density_difference_d2", "kl.gaussian_closed_form_d1", "kl.gaussian_closed_form_d2")),
)

_HW6_PRINTED: tuple[Printed, ...] = ()  # statements only: HW6 prints no numbers

# --------------------------------------------------------------------------------------------------
# HW7 (2024): two students' solutions, no statements
# --------------------------------------------------------------------------------------------------

_NIN_SETTING = dict(
    net1="conv 3→64 k7, ReLU, conv 64→192 k3, ReLU, conv 192→384 k3, ReLU, conv 384→256 k3, ReLU, conv 256→256 k3 "
         "(stride 1, no padding, no ReLU after the last); flatten 256·18·18; linear 82944→4096, ReLU, "
         "linear 4096→4096, ReLU, linear 4096→10",
    net2="the same features; conv 256→4096 k18, ReLU, conv 4096→4096 k1, ReLU, conv 4096→10 k1",
    init="model1 randomly initialised (PyTorch default, no seed); weights and biases copied into model2",
    data="CIFAR-10 test set, ToTensor (pixels in [0, 1]), first batch of 10 images",
    part_b_resize=(36, 38), part_b_windows="every 32×32 window, stride 1: a 5×7 map of predictions",
    statistic="mean over all entries of the squared difference of the outputs ('average pixel difference')")

_HW7 = (
    Problem("hw7-2024-p1", "HW7", 2024, 1, "The true softmax: log-sum-exp and its gradient",
            (), ("hw7-typed", "hw7-handwritten"), "chapters/softmax",
            _setting(function="ν_β(x) = (1/β) log Σ_{i=1..n} exp(β x_i), x ∈ R^n",
                     parts=("ν_β(x) → max_i x_i as β → ∞", "∇ν_β(x) (the softmax of βx; ν_1 gives the softmax)",
                            "∇ν_β(x) → e_{i_max} as β → ∞"),
                     assumption_in_typed_solution="the argmax is unique", beta="β > 0 (used, not written)"),
            (_HW7_STATEMENTS,),
            claims=("softmax.term_bound", "softmax.upper_bound", "softmax.lower_bound", "softmax.limit",
                    "softmax.gradient",
                    "softmax.squeeze", "softmax.gradient_limit")),
    Problem("hw7-2024-p2", "HW7", 2024, 2, "Are linear layers compute-heavy? AlexNet's operation counts",
            (), ("hw7-typed", "hw7-handwritten"), "chapters/costs",
            _setting(input=(3, 227, 227),
                     layers=("conv 3→64 k11 s4 p0 → 64×55×55", "maxpool 3/2 → 64×27×27", "conv 64→192 k5 p2",
                             "maxpool 3/2 → 192×13×13", "conv 192→384 k3 p1", "conv 384→256 k3 p1",
                             "conv 256→256 k3 p1", "maxpool 3/2 → 256×6×6", "avgpool → 256×6×6",
                             "linear 9216→4096", "linear 4096→4096", "linear 4096→1000"),
                     conv_rule="p·k²·l²·n per layer (p input channels, k kernel, l output side, n output channels)",
                     linear_rule="p·q (p inputs, q outputs)",
                     counting="the same number counts the additions and the multiplications (the bias addition "
                              "replaces the one addition fewer than products)"),
            (_HW7_STATEMENTS, Missing("the AlexNet starter file named in the handwritten set", "its padding of the "
                                      "first convolution is inferred from the printed 55×55 (no padding)")),
            claims=("costs.conv_ops", "costs.linear_ops", "costs.alexnet_conv1_padding", "costs.alexnet_totals",
                    "costs.alexnet_operations")),
    Problem("hw7-2024-p3", "HW7", 2024, 3, "Removing batch norm after training",
            (), ("hw7-typed", "hw7-handwritten"), "chapters/fusion",
            _setting(**_SMALLNET_SETTING), (_SMALLNET, _BN_STARTER, _CIFAR, _HW7_STATEMENTS),
            same_topic_as="hw6-2021-p1",
            claims=("fusion.bn_scalar_identity", "fusion.bn_conv_identity", "fusion.bn_linear_identity")),
    Problem("hw7-2024-p4", "HW7", 2024, 4, "Backprop through 1-D convolutions",
            (), ("hw7-typed", "hw7-handwritten"), "chapters/backprop",
            _setting(same_as="hw6-2021-p3",
                     typed_solution="(∂y_L/∂w_ℓ)_k = v_ℓ·((y_{ℓ−1})_k, …, (y_{ℓ−1})_{k+n_ℓ−1}) = (C_{v_ℓ}ᵀ y_{ℓ−1})_k "
                                    "with C_w the matrix of correlation with w; ∂y_L/∂b_ℓ = v_ℓ 1_{n_ℓ}; v_ℓ not "
                                    "defined, the factor diag(σ'(…)) written for every ℓ"),
            (_HW7_STATEMENTS,), same_topic_as="hw6-2021-p3",
            claims=("backprop.conv1d_filter_gradient", "backprop.conv1d_bias_gradient",
                    "backprop.conv1d_network_gradients")),
    Problem("hw7-2024-p5", "HW7", 2024, 5, "A larger network in network: linear layers as convolutions",
            (), ("hw7-typed", "hw7-handwritten"), "chapters/fusion",
            _setting(**_NIN_SETTING), (_CIFAR, _HW7_STATEMENTS),
            claims=("fusion.linear_as_conv", "fusion.nin_pointwise", "fusion.nin_sliding_window")),
)

_ALEX = "mfdnn.architectures.alexnet() with the counting rules of derivations.costs (claim costs.alexnet_totals)"
_BN_INSTEAD = ("the course's smallNetTrain (with its final ReLU) trained briefly on stand-in images and fused; the "
               "mean absolute output difference (float32, CPU) is compared as an order of magnitude only, since the "
               "course's statistic is unknown (the page also shows the mean squared and the largest difference)")
_BN_SCRATCH = ("stand-in (course architecture with its final ReLU, 12 Adam steps on synthetic images, eval "
               "mode): mean |difference| 3.8e-8, mean squared 1.6e-14, max 9.5e-7; consistent with a mean absolute "
               "difference at float32 rounding")
_NIN_SCRATCH = ("seed 0, uniform [0, 1) stand-in images: (a) 7.2e-17 on 10 images, (b) 9.7e-17 on 2 images "
                "(outputs rms 0.012)")
_NIN_INSTEAD = ("the course's Net1 and Net2 (randomly initialised, weights and biases copied) on stand-in images "
                "of the same shape with pixels uniform in [0, 1); the page names the stand-in and the seed")

_HW7_PRINTED = (
    Printed("hw7-2024-p2-shapes", "hw7-2024-p2", "hw7-typed", "AlexNet's feature shapes on a 3×227×227 input",
            "(3×227×227) → (64×55×55) → (64×27×27) → (192×27×27) → (192×13×13) → (384×13×13) → (256×13×13) → "
            "(256×13×13) → (256×6×6) → (256×6×6) → (4096) → (4096) → (1000)",
            ((3, 227, 227), (64, 55, 55), (64, 27, 27), (192, 27, 27), (192, 13, 13), (384, 13, 13), (256, 13, 13),
             (256, 13, 13), (256, 6, 6), (256, 6, 6), (4096,), (4096,), (1000,)), "shape",
            "mfdnn.costs.shape_flow of mfdnn.architectures.alexnet() on a zero 3×227×227 input", "exact",
            scratch="exact", scratch_note="conv1 without padding; with torchvision's padding 2 the side is 56"),
    Printed("hw7-2024-p2-conv-ops", "hw7-2024-p2", "hw7-typed", "operations of the five convolutions",
            "655,566,528", 655566528, "count", _ALEX, "exact", scratch="exact",
            scratch_note="rule and FlopCounterMode / 2 agree"),
    Printed("hw7-2024-p2-linear-ops", "hw7-2024-p2", "hw7-typed", "operations of the three linear layers",
            "58,621,952", 58621952, "count", _ALEX, "exact", scratch="exact",
            scratch_note="rule and FlopCounterMode / 2 agree"),
    Printed("hw7-2024-p3-diff-typed", "hw7-2024-p3", "hw7-typed",
            "difference between the outputs with and without batch norm (first solution)",
            "tensor(6.6905e-09)", 6.6905e-09, "difference",
            _NOT_REPRODUCIBLE + "needs smallNetSaved, the CIFAR-10 test images and bn_remove.py's statistic",
            "magnitude", tolerance=100.0, check_instead=_BN_INSTEAD, scratch="magnitude-on-stand-in",
            scratch_note=_BN_SCRATCH),
    Printed("hw7-2024-p3-diff-handwritten", "hw7-2024-p3", "hw7-handwritten",
            "difference between the outputs with and without batch norm (second solution)",
            "tensor(7.9200e-09)", 7.92e-09, "difference",
            _NOT_REPRODUCIBLE + "needs smallNetSaved, the CIFAR-10 test images and bn_remove.py's statistic",
            "magnitude", tolerance=100.0, check_instead=_BN_INSTEAD, scratch="magnitude-on-stand-in",
            scratch_note=_BN_SCRATCH),
    Printed("hw7-2024-p3-verdict", "hw7-2024-p3", "hw7-handwritten",
            "the fused network gives the same outputs (the second solution: 'it comes out well')",
            "[in Korean] the outputs come out right", "same outputs up to rounding", "verdict",
            "mfdnn.fusion.bn_fusion.fuse_sequential on the course architecture; outputs compared in eval mode",
                    "verdict",
            scratch="verdict-supported", scratch_note="stand-in: equal up to float32 rounding, not bitwise; "
                                                      "'exactly the same outputs' holds only in that sense"),
    Printed("hw7-2024-p5-a-typed", "hw7-2024-p5", "hw7-typed",
            "mean squared difference of Net1 and Net2 outputs on 10 test images (first solution)",
            "Average Pixel Difference: 7.947929843257794e-17", 7.947929843257794e-17, "difference",
            _NOT_REPRODUCIBLE + "random weights drawn without a seed, on CIFAR-10 test images",
            "magnitude", tolerance=10.0, check_instead=_NIN_INSTEAD, scratch="magnitude-on-stand-in",
            scratch_note=_NIN_SCRATCH),
    Printed("hw7-2024-p5-b-typed", "hw7-2024-p5", "hw7-typed",
            "mean squared difference of the 5×7 prediction map on 36×38 images (first solution)",
            "Average Pixel Diff: 7.111637009076882e-17", 7.111637009076882e-17, "difference",
            _NOT_REPRODUCIBLE + "random weights drawn without a seed, on resized CIFAR-10 test images",
            "magnitude", tolerance=10.0, check_instead=_NIN_INSTEAD, scratch="magnitude-on-stand-in",
            scratch_note=_NIN_SCRATCH),
    Printed("hw7-2024-p5-a-handwritten", "hw7-2024-p5", "hw7-handwritten",
            "mean squared difference of Net1 and Net2 outputs on 10 test images (second solution)",
            "Average Pixel Difference: 8.350597394981668e-17", 8.350597394981668e-17, "difference",
            _NOT_REPRODUCIBLE + "random weights drawn without a seed, on CIFAR-10 test images",
            "magnitude", tolerance=10.0, check_instead=_NIN_INSTEAD, scratch="magnitude-on-stand-in",
            scratch_note=_NIN_SCRATCH),
    Printed("hw7-2024-p5-b-handwritten", "hw7-2024-p5", "hw7-handwritten",
            "mean squared difference of the 5×7 prediction map on 36×38 images (second solution)",
            "Average Pixel Diff: 6.995657022774087e-17", 6.995657022774087e-17, "difference",
            _NOT_REPRODUCIBLE + "random weights drawn without a seed, on resized CIFAR-10 test images",
            "magnitude", tolerance=10.0, check_instead=_NIN_INSTEAD, scratch="magnitude-on-stand-in",
            scratch_note=_NIN_SCRATCH),
    Printed("hw7-2024-p5-verdict", "hw7-2024-p5", "hw7-handwritten",
            "the converted network computes the same function ('almost 0, so it is right')",
            "[in Korean] the difference is almost 0, so the conversion is right", "equal up to rounding", "verdict",
            "mfdnn.fusion.nin.fully_convolutional on the course's Net1; differences against float32 rounding",
                    "verdict",
            scratch="verdict-supported", scratch_note="stand-in differences are float32 rounding of outputs ~1e-2"),
)

# --------------------------------------------------------------------------------------------------
# The tables, and their validation
# --------------------------------------------------------------------------------------------------

PROBLEMS: tuple[Problem, ...] = _HW4 + _HW5 + _HW6 + _HW7
PRINTED: tuple[Printed, ...] = _HW4_PRINTED + _HW5_PRINTED + _HW6_PRINTED + _HW7_PRINTED

_PROBLEM_ID = re.compile(r"^hw(\d)-(\d{4})-p(\d+)$")
_CHAPTER = re.compile(r"^chapters/[a-z][a-z0-9_]*$")
_TENSOR = re.compile(r"^tensor\((.*)\)$", re.S)
_NUMBER_PREFIX = re.compile(r"^[A-Za-z][A-Za-z ]*:\s*")


def parse_printed(text: str) -> object:
    """The number, tuple or nested tuple that a course print shows; ``None`` when it is prose.

    Thousands separators, a ``Label:`` prefix and a ``tensor(...)`` wrapper are removed.

    >>> parse_printed("1,114,636,288")
    1114636288
    >>> parse_printed("tensor(6.6905e-09)")
    6.6905e-09
    >>> parse_printed("Average Pixel Diff: 7.1e-17")
    7.1e-17
    >>> parse_printed("tensor([[1.0, 2.0], [3.0, 4.0]])")
    ((1.0, 2.0), (3.0, 4.0))
    >>> parse_printed("seems better") is None
    True
    """
    body = _NUMBER_PREFIX.sub("", text.strip())
    tensor = _TENSOR.match(body)
    if tensor:
        body = tensor.group(1)
    body = re.sub(r"(?<=\d),(?=\d{3}\b)", "", body)
    try:
        value = ast.literal_eval(body)
    except (ValueError, SyntaxError):
        return None
    return _as_tuples(value) if isinstance(value, (int, float, list, tuple)) else None


def _as_tuples(value):
    return tuple(_as_tuples(v) for v in value) if isinstance(value, (list, tuple)) else value


def _fail(record, message: str):
    raise CourseDataError(f"{type(record).__name__} {getattr(record, 'id', record)!r}: {message}")


def _validate_problem(p: Problem) -> None:
    match = _PROBLEM_ID.match(p.id)
    if not match:
        _fail(p, "id must look like 'hw7-2024-p1'")
    if (p.set_name.lower(), p.year, p.number) != (f"hw{match.group(1)}", int(match.group(2)), int(match.group(3))):
        _fail(p, f"id disagrees with set {p.set_name!r}, year {p.year}, number {p.number}")
    if (p.set_name, p.year) not in SETS:
        _fail(p, f"unknown set {p.set_name} ({p.year}); known: {sorted(SETS)}")
    if not 1 <= p.number <= SETS[p.set_name, p.year]:
        _fail(p, f"number {p.number} outside 1..{SETS[p.set_name, p.year]}")
    for key in p.stated_in + p.solved_in:
        if key not in SOURCES:
            _fail(p, f"unknown source {key!r}; known: {sorted(SOURCES)}")
    if not _CHAPTER.match(p.chapter):
        _fail(p, f"chapter {p.chapter!r} is not a docname like 'chapters/softmax'")
    if not p.title or not isinstance(p.setting, Mapping) or not p.setting:
        _fail(p, "needs a title and a non-empty setting")
    if not all(isinstance(m, Missing) for m in p.unavailable):
        _fail(p, "unavailable must hold Missing records")


def _validate_printed(r: Printed, problems: Mapping[str, Problem], by_id: Mapping[str, Printed]) -> None:
    if r.problem not in problems:
        _fail(r, f"refers to unknown problem {r.problem!r}")
    if not r.id.startswith(r.problem + "-"):
        _fail(r, f"id must start with its problem's id {r.problem!r}")
    if r.source not in SOURCES:
        _fail(r, f"unknown source {r.source!r}")
    problem_sources = problems[r.problem].stated_in + problems[r.problem].solved_in
    if r.source not in problem_sources:
        _fail(r, f"source {r.source!r} is not among its problem's files {problem_sources}")
    if r.kind not in KINDS:
        _fail(r, f"kind {r.kind!r} not in {KINDS}")
    if r.rule not in RULES:
        _fail(r, f"rule {r.rule!r} not in {RULES}")
    if r.scratch not in SCRATCH:
        _fail(r, f"scratch {r.scratch!r} not in {SCRATCH}")
    if r.rule == "digits" and not r.digits:
        _fail(r, "rule 'digits' needs digits")
    if r.rule in ("tolerance", "magnitude") and not (r.tolerance and r.tolerance > 0):
        _fail(r, f"rule {r.rule!r} needs a positive tolerance")
    if not r.reproducible and not r.check_instead:
        _fail(r, "not reproducible: say what is checked instead (check_instead)")
    if r.reproducible and r.check_instead:
        _fail(r, "check_instead is only for records that are not reproducible")
    if r.ditto_of is not None:
        if r.ditto_of not in by_id or by_id[r.ditto_of].value != r.value:
            _fail(r, f"ditto of {r.ditto_of!r}, which is missing or has another value")
        return
    if r.kind in ("count", "difference", "timing", "tensor", "shape", "value"):
        parsed = parse_printed(r.printed)
        if parsed is not None and parsed != r.value:
            _fail(r, f"printed {r.printed!r} parses to {parsed!r}, not the recorded {r.value!r}")
    if r.kind == "count" and not isinstance(r.value, (int, tuple)):
        _fail(r, "a count is an integer or a tuple of integers")
    if r.expect not in EXPECTATIONS:
        _fail(r, f"expect {r.expect!r} not in {EXPECTATIONS}")
    if r.kind == "verdict" and not isinstance(r.value, str):
        _fail(r, "a verdict's value is a short statement")


def _validate() -> None:
    problems: dict[str, Problem] = {}
    for p in PROBLEMS:
        _validate_problem(p)
        if p.id in problems:
            _fail(p, "duplicate id")
        problems[p.id] = p
    for (name, year), count in SETS.items():
        numbers = sorted(p.number for p in PROBLEMS if (p.set_name, p.year) == (name, year))
        if numbers != list(range(1, count + 1)):
            raise CourseDataError(f"set {name} ({year}) must have problems 1..{count}, has {numbers}")
    for p in PROBLEMS:
        if p.same_topic_as is not None and p.same_topic_as not in problems:
            _fail(p, f"same_topic_as refers to unknown problem {p.same_topic_as!r}")
    by_id: dict[str, Printed] = {}
    for r in PRINTED:
        if r.id in by_id:
            _fail(r, "duplicate id")
        by_id[r.id] = r
    for r in PRINTED:
        _validate_printed(r, problems, by_id)


_validate()

_BY_ID = {p.id: p for p in PROBLEMS}


def problem(problem_id: str) -> Problem:
    """The problem called ``problem_id``; a clear error lists the known ids."""
    if problem_id not in _BY_ID:
        raise KeyError(f"no course problem {problem_id!r}; known: {', '.join(_BY_ID)}")
    return _BY_ID[problem_id]


def printed_for(problem_id: str) -> list[Printed]:
    """The course's printed numbers and conclusions for one problem, in the order of the course file."""
    problem(problem_id)
    return [r for r in PRINTED if r.problem == problem_id]


def problems_on(chapter: str) -> list[Problem]:
    """The course problems that the page ``chapter`` (a docname) answers."""
    return [p for p in PROBLEMS if p.chapter == chapter]


def _significant(x: float, digits: int) -> float:
    return float(f"{x:.{digits - 1}e}")


def _leaves(value) -> list:
    return [leaf for v in value for leaf in _leaves(v)] if isinstance(value, (list, tuple)) else [value]


def agreement(record: Printed, value) -> tuple[bool, str]:
    """Whether ``value``, computed by the build, agrees with what the course printed, and how it was compared.

    The comparison follows ``record.rule``: ``exact`` (equal as numbers),
    ``digits`` (every entry equal when both are rounded to ``record.digits``
    significant digits), ``tolerance`` (relative difference at most
    ``record.tolerance``), ``magnitude`` (within a factor ``record.tolerance``)
    and ``verdict`` (``value`` is True when the build's numbers support the
    course's statement).

    >>> count = Printed("hw4-2024-p7-modern", "hw4-2024-p7", "hw4-official", "parameters", "61706", 61706,
    ...                 "count", "count the modules", "exact")
    >>> agreement(count, 61706)
    (True, 'equal')
    >>> agreement(count, 61707)
    (False, 'differs by 1')
    >>> diff = dataclasses.replace(count, rule="magnitude", tolerance=10.0, value=6.7e-09)
    >>> agreement(diff, 3.8e-08)[0], agreement(diff, 3.8e-06)[0]
    (True, False)
    """
    course = record.value
    if record.rule == "verdict":
        return (bool(value), "supported by this build's numbers" if value else "not supported by this build's numbers")
    if record.rule == "exact":
        same = _as_tuples(value) == course
        if same:
            return True, "equal"
        if isinstance(course, (int, float)) and isinstance(value, (int, float)):
            return False, f"differs by {value - course:g}"
        return False, "differs"
    ours, theirs = _leaves(_as_tuples(value)), _leaves(course)
    if len(ours) != len(theirs):
        return False, f"{len(ours)} entries against the course's {len(theirs)}"
    if record.rule == "digits":
        off = [k for k, (a, b) in enumerate(zip(ours, theirs))
               if _significant(a, record.digits) != _significant(b, record.digits)]
        return (not off, f"equal to {record.digits} significant digits" if not off
                else f"{len(off)} of {len(ours)} entries differ at {record.digits} significant digits")
    worst = max(abs(a - b) / abs(b) if b else abs(a) for a, b in zip(ours, theirs))
    if record.rule == "tolerance":
        return worst <= record.tolerance, f"largest relative difference {worst:.2g} (allowed {record.tolerance:g})"
    tiny = 1e-300  # keeps a zero from dividing
    factor = max(max(abs(a), tiny) / max(abs(b), tiny) for a, b in zip(ours + theirs, theirs + ours))
    return factor <= record.tolerance, f"within a factor {factor:.2g} (allowed {record.tolerance:g})"
