"""Small facts that pages print: AlexNet's layers, LeCun's tanh, output sides, thread counts, error messages."""

import math

import pytest
import torch
from torch import nn

from mfdnn import benchmark, plotstyle
from mfdnn.architectures import alexnet
from mfdnn.backprop import conv1d, mlp
from mfdnn.convolution import receptive_field as rf
from mfdnn.costs import lenet, require_agreement, rules
from mfdnn.memorization import History, Setup


def test_alexnet_has_a_relu_after_every_convolution_and_hidden_linear_layer():
    with torch.device("meta"):  # the layers' shapes, without drawing 60 million weights
        net = alexnet(num_classes=7)
    kinds = [type(m).__name__ for m in net]
    assert kinds == ["Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU", "MaxPool2d", "Conv2d", "ReLU",
                     "Conv2d", "ReLU", "Conv2d", "ReLU", "MaxPool2d", "AdaptiveAvgPool2d", "Flatten",
                     "Linear", "ReLU", "Linear", "ReLU", "Linear"]
    assert all(m.inplace is True for m in net if isinstance(m, nn.ReLU))  # as printed: ReLU(inplace=True)
    assert net[-1].out_features == 7


def test_lecun_scaled_tanh_maps_plus_and_minus_one_to_themselves():
    f = lenet.ScaledTanh()
    values = f(torch.tensor([-1.0, 0.0, 1.0], dtype=torch.float64))
    assert values.tolist() == pytest.approx([-1.0, 0.0, 1.0], abs=2e-4)  # 1.7159 tanh(2/3) ≈ 1
    assert f(torch.tensor(50.0, dtype=torch.float64)).item() == pytest.approx(1.7159)


def test_output_side_with_padding_and_stride():
    assert rules.output_side(5, 3, 1, 2) == 7
    assert rules.output_side(227, 11, 4, 0) == 55
    assert rules.output_side(28, 5, 2, 1) == 13


def test_modern_lenet_sum_uses_the_flattened_size_given():
    # C5 has 120 outputs, each with one weight per flattened input: 144 fewer inputs, 120·144 fewer weights.
    assert rules.lenet_modern_sum(256).doit() == rules.lenet_modern_sum().doit() - 120 * 144
    assert rules.lenet_modern_sum().doit() == 61706  # the modern LeNet-5's count


def test_disagreeing_counts_are_all_named_in_one_message():
    with pytest.raises(AssertionError, match=r"^counts disagree: a: rule 1 ≠ module 2; b: rule 3 ≠ module 4$"):
        require_agreement({"a": (1, 2), "ok": (5, 5), "b": (3, 4)})


def test_geometry_of_pooling_without_dilation():
    (avg, conv) = rf.geometry_of(nn.Sequential(nn.AvgPool2d(2), nn.Conv2d(1, 1, 3, stride=2, dilation=2)))
    assert (avg.kernel, avg.stride, avg.dilation, avg.padding) == (2, 2, 1, 0)
    assert (conv.kernel, conv.stride, conv.dilation) == (3, 2, 2)


def test_a_filter_longer_than_its_input_names_the_layer_and_both_sizes():
    net = conv1d.random_convnet([2, 2, 4], generator=torch.Generator().manual_seed(0))
    assert net.sizes(8) == [8, 7, 6, 3]
    with pytest.raises(ValueError, match=r"layer 3: filter of size 4 is longer than its input of size 3"):
        net.sizes(5)


def test_course_gradients_report_the_networks_output():
    g = mlp.course_gradients()
    net, x, _ = mlp.course_setting()
    with torch.no_grad():
        assert g["output"] == mlp.forward(net, x)[0].item()


def test_lowest_accuracy_from_an_epoch_on():
    hist = History([0.1, 0.9, 0.8, 1.0], [1.0] * 4, 1.0, Setup())
    assert hist.lowest_after(2) == 0.8 and hist.lowest_after(4) == 1.0 and hist.lowest_after(1) == 0.1


def test_timing_runs_on_the_thread_count_asked_for():
    seen = []
    with benchmark.cpu_threads(2):  # a setting other than the one asked for below
        best = benchmark.fastest_interleaved({"probe": lambda: seen.append(torch.get_num_threads())}, 2, threads=1)
        assert seen == [1, 1, 1] and set(best) == {"probe"} and best["probe"] >= 0
        assert torch.get_num_threads() == 2  # restored afterwards
        with benchmark.cpu_threads(None):
            assert torch.get_num_threads() == 2


def test_figures_are_the_books_width_and_keep_their_small_print():
    import matplotlib.pyplot as plt

    fig, axes = plotstyle.subplots(1, 2, height=2.0, sharey=True)
    try:
        assert fig.get_size_inches().tolist() == [6.2, 2.0] and axes[0].get_shared_y_axes().joined(*axes)
        assert fig.get_layout_engine().__class__.__name__ == "ConstrainedLayoutEngine"
    finally:
        plt.close(fig)
    assert plotstyle.smallest_text_px(310) == pytest.approx(10.5 / 72 * 100 * 0.5)
    assert plotstyle.smallest_text_px(1240) == pytest.approx(10.5 / 72 * 100)  # never enlarged
    assert math.isclose(plotstyle.smallest_text_px(620), 10.5 * 100 / 72)


def test_fitted_slope_is_the_least_squares_slope_of_the_last_sizes():
    rows = [{"n": n, "t": 1e-3 * n} for n in (10, 20)] + [{"n": n, "t": 1e-6 * n**2} for n in (40, 80, 160)]
    assert conv1d.fitted_slope(rows, "t") == pytest.approx(2.0, rel=1e-12)
    assert conv1d.fitted_slope(rows[:2], "t", last=2) == pytest.approx(1.0, rel=1e-12)
    noisy = [{"n": 1, "t": 1.0}, {"n": math.e, "t": math.e ** 1.5}, {"n": math.e**2, "t": math.e ** 1.5}]
    assert conv1d.fitted_slope(noisy, "t") == pytest.approx(0.75, rel=1e-12)  # (0·−1 + 1.5·0 + 1.5·1) / 2
