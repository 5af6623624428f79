"""The numbers the course printed, recomputed through the same mfdnn functions as the pages.

Each course problem with printed numbers has one test here, named after it
(``test_hw5_2021_p1`` for ``hw5-2021-p1``).  A test recomputes the problem's
printed items (the values its page glues) and compares each with the print
recorded in :mod:`derivations.course` by the item's rule
(:func:`derivations.course.agreement`): it fails when a reproduced number drifts
from the course's, or when an item expected to disagree starts to agree.
Expensive items (training runs) are checked by the build only; their tests say so.
Counts are taken on the ``meta`` device (shapes and FLOP counts without arithmetic).
"""

import pytest
import torch
from torch import nn

from derivations import course
from mfdnn import costs, inception, lenet, mlp
from mfdnn.architectures import alexnet


def assert_course_numbers(problem_id: str, values: dict) -> None:
    """Every printed item of ``problem_id`` has a value, and each agrees (or disagrees) as its record expects."""
    records = course.printed_for(problem_id)
    missing = sorted({r.id for r in records} - set(values))
    unknown = sorted(set(values) - {r.id for r in records})
    assert not missing and not unknown, f"{problem_id}: values missing for {missing}, unknown ids {unknown}"
    for record in records:
        agrees, how = course.agreement(record, values[record.id])
        assert agrees == (record.expect == "agrees"), f"{record.id}: {how} (expected: {record.expect})"


# --- hw5 (2021) P1: backprop for an MLP by hand, against autograd (chapters/03-backpropagation) ---------------

def test_hw5_2021_p1():
    """The gradient of A_1 printed twice (autograd, by hand) to 5 significant digits, and 'the two agree'."""
    values = mlp.course_printed_values()
    assert_course_numbers("hw5-2021-p1", values)
    assert values["hw5-2021-p1-agree"] is True


def test_a_drifted_number_is_caught():
    """The comparison fails on a value that differs from the print in its fifth significant digit."""
    values = dict(mlp.course_printed_values())
    rows = [list(row) for row in values["hw5-2021-p1-autograd"]]
    rows[0][0] *= 1.001
    values["hw5-2021-p1-autograd"] = tuple(map(tuple, rows))
    try:
        assert_course_numbers("hw5-2021-p1", values)
    except AssertionError as error:
        assert "hw5-2021-p1-autograd" in str(error)
    else:
        raise AssertionError("a drifted gradient entry was not caught")


# --- HW7 (2024) P2, hw5 (2021) P5, HW4 (2024) P7: layer costs (chapters/08-architecture-costs) ---------------

def test_hw7_2024_p2():
    """AlexNet (HW7 2024 P2): the 13 shapes and the two operation totals, exactly; FLOPs are twice the totals."""
    with torch.device("meta"):
        net = alexnet()
    measured = costs.measure(net, (3, 227, 227), device="meta")
    values = costs.alexnet_printed(net, measured)
    assert_course_numbers("hw7-2024-p2", values)
    assert values["hw7-2024-p2-conv-ops"] == 655_566_528 and values["hw7-2024-p2-linear-ops"] == 58_621_952
    # erratum (HW7 P2, wording): p·k²·l²·n counts the multiplications; FlopCounterMode counts twice that
    assert sum(m.flops for m in measured) == 2 * (655_566_528 + 58_621_952) == 1_428_376_960


def test_hw5_2021_p5():
    """Bottleneck blocks (hw5 2021 P5): all 22 printed counts, exactly, from the course's widths (124; 64 × 3)."""
    values = costs.bottleneck_printed({"i": inception.model_i(), "ii": inception.model_ii()}, (256, 32, 32), "meta")
    assert_course_numbers("hw5-2021-p5", values)
    # the conclusion the page draws: fewer parameters and operations, but more activations
    assert values["hw5-2021-p5-ii-params"] < values["hw5-2021-p5-i-params"]
    assert values["hw5-2021-p5-ii-add"] < values["hw5-2021-p5-i-add"]
    assert values["hw5-2021-p5-ii-act"] > values["hw5-2021-p5-i-act"]


def test_hw5_2021_p5_fails_on_googlenet_widths():
    """The check can fail: inception (3b)'s widths (1×1 to 128; reductions 128 and 32) miss the course's counts."""
    values = costs.bottleneck_printed({"i": inception.inception_3b_i(), "ii": inception.model_ii()}, (256, 32, 32),
                                      "meta")
    wrong = [r.id for r in course.printed_for("hw5-2021-p5") if not course.agreement(r, values.get(r.id))[0]]
    assert "hw5-2021-p5-i-1x1-params" in wrong and "hw5-2021-p5-i-params" in wrong


def test_hw4_2024_p7():
    """LeNet-5's C3 (HW4 2024 P7): 60806, 61706 and the reduction 900, exactly; LeCun's network has 60000."""
    values = costs.lenet_printed(lenet.lenet5_modern_with_c3(), lenet.lenet5_modern())
    assert_course_numbers("hw4-2024-p7", values)
    # erratum (HW4 P7, official solution): 60806 is not the 1998 network's count
    assert costs.trainable_params(lenet.lenet5_original()) == 60_000 != values["hw4-2024-p7-original"]
    with pytest.raises(AssertionError, match="hand count"):
        costs.lenet_printed(lenet.lenet5_original(), lenet.lenet5_modern())  # 1706 ≠ 900
    assert isinstance(lenet.lenet5_modern_with_c3().C3, lenet.C3) and isinstance(lenet.lenet5_modern().C3, nn.Conv2d)


# --- HW4 (2024) P5: sum of squares against cross-entropy on MNIST 4 vs 9 (chapters/09-mse-vs-cross-entropy) ----

def test_hw4_2024_p5():
    """The course's only print is a verdict, expected to disagree with the build.

    The verdict's value is computed from training runs on MNIST (2 × 2 × seeds logistic fits): checked by the
    build only.  Here: the record expects a contradiction, and a verdict of False is read as one.
    """
    (verdict,) = course.printed_for("hw4-2024-p5")
    assert verdict.expect == "disagrees" and verdict.rule == "verdict"
    assert course.agreement(verdict, False)[0] is False and course.agreement(verdict, True)[0] is True


# --- hw5 (2021) P6: memorizing random labels (chapters/10-label-memorization) -----------------------------------

def test_hw5_2021_p6():
    """The printed time (671 s) is hardware: nothing is computed for it.  The estimate for the whole split is
    checked as the page checks it, ten times the printed time against 'around 90 minutes' (training runs are
    the build's)."""
    seconds, estimate = course.printed_for("hw5-2021-p6")
    assert not seconds.reproducible and not estimate.reproducible
    agrees, how = course.agreement(estimate, 10 * seconds.value)
    assert agrees == (estimate.expect == "agrees"), how
