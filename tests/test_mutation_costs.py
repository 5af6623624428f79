"""mfdnn.costs: the comparisons' messages and rows, the rules' substitutions, LeNet's and the inception blocks'
layers, the meta device, and the timing helpers' inputs, each against a hand count or an independent computation."""

import dataclasses
import time

import pytest
import sympy as sp
import torch
import torch.nn.functional as F
from torch import nn

from mfdnn import benchmark, costs
from mfdnn.costs import inception, lenet, rules


def _alexnet_as_measured():
    """What :func:`costs.measure` reports for the course's AlexNet, built from the rule rows (no 61 M model)."""
    return [costs.Measured(row["layer"], row["kind"], row["params"], 2 * row["macs"], 0, ())
            for row in costs.alexnet_rule_layers()]


# --- the rule side and the comparisons ---------------------------------------------------------------------------


def test_alexnet_rows_are_named_and_shaped_as_the_page_shows_them():
    rows = costs.alexnet_rule_layers()
    assert [r["layer"] for r in rows] == ["conv1", "conv2", "conv3", "conv4", "conv5", "fc1", "fc2", "fc3"]
    assert [r["shape"] for r in rows[5:]] == ["9216→4096", "4096→4096", "4096→1000"]
    assert rows[5]["params"] == 4096 * (9216 + 1) and rows[7]["macs"] == 4096 * 1000


def test_alexnet_comparison_names_the_disagreeing_count_and_the_hand_total(monkeypatch):
    measured = _alexnet_as_measured()
    wrong = list(measured)
    wrong[1] = dataclasses.replace(wrong[1], flops=wrong[1].flops + 2)
    macs = 192 * 27 ** 2 * 64 * 5 ** 2
    with pytest.raises(AssertionError) as caught:
        costs.alexnet_comparison(wrong)
    assert str(caught.value) == f"counts disagree: conv2 multiply-adds: rule {macs} ≠ module {macs + 1}"
    monkeypatch.setitem(rules.ALEXNET_HAND, "linear_params", 1)
    with pytest.raises(AssertionError) as caught:
        costs.alexnet_comparison(measured)
    assert str(caught.value) == "AlexNet linear params: rules give 58631144, the hand total is 1"


def test_block_rule_counts_use_the_side_given():
    side = 16  # a 1×1 convolution 256 → 64 on a 16×16 map
    assert costs.block_rule_counts([(256, 64, 1)], side) == {
        "params": 64 * 257, "mults": 64 * 256 * side ** 2, "adds": 64 * 256 * side ** 2,
        "activations": 64 * side ** 2}


def test_inception_comparison_names_a_wrong_hand_total(monkeypatch):
    blocks = {"tiny": (nn.Sequential(nn.Conv2d(4, 2, 1), nn.ReLU()), [(4, 2, 1)])}  # on the default 32×32 map
    counts = {"params": 2 * 5, "mults": 2 * 4 * 32 ** 2, "adds": 2 * 4 * 32 ** 2, "activations": 2 * 32 ** 2}
    monkeypatch.setitem(rules.BLOCK_HAND, "tiny", counts)
    assert costs.inception_comparison(blocks, (4, 32, 32))[2] == {"tiny": counts}
    wrong = dict(counts, params=1)
    monkeypatch.setitem(rules.BLOCK_HAND, "tiny", wrong)
    with pytest.raises(AssertionError) as caught:
        costs.inception_comparison(blocks, (4, 32, 32))
    assert str(caught.value) == f"tiny: rules give {counts}, the hand totals are {wrong}"


def test_bottleneck_ratio_disagreeing_with_the_direct_count_is_named(monkeypatch):
    monkeypatch.setattr(rules, "reduction_ratio", lambda: rules.r / rules.C_in)  # the k×k term left out
    with pytest.raises(AssertionError) as caught:
        costs.bottleneck_branch_ratios()
    assert str(caught.value) == "3×3 branch: the claim's ratio 1/4 ≠ the direct count 31/108"


def test_lenet_comparison_rows_and_a_wrong_hand_total(monkeypatch):
    nets = {"modern": (lenet.lenet5_modern(), rules.lenet_modern_layers(), nn.ReLU)}
    rows, _, _, _ = costs.lenet_comparison(nets)
    assert rows[0] == ["C1", 6 * 26, 6 * 28 ** 2 * 25]
    assert rows[1] == ["S2", 0, "not counted"]  # max pooling: no multiply-adds counted
    assert rows[-1] == ["**total**", 61_706, ""]
    monkeypatch.setitem(rules.LENET_HAND, "modern", 1)
    with pytest.raises(AssertionError) as caught:
        costs.lenet_comparison(nets)
    assert str(caught.value) == "LeNet-5 modern: rules give 61706 parameters, the hand total is 1"


def test_lenet_printed_names_the_difference():
    with pytest.raises(AssertionError) as caught:
        costs.lenet_printed(lenet.lenet5_modern(), lenet.lenet5_modern())
    assert str(caught.value) == "the modules differ by 0 parameters, the hand count of C3's reduction is 900"


def test_rules_read_as_a_linear_layer_and_substitutions():
    assert sp.expand(rules.as_1x1_conv(rules.conv_params()).doit()) == sp.expand(rules.n_out * (rules.n_in + 1))
    assert sp.expand(rules.as_1x1_conv(rules.conv_macs()).doit()) == sp.expand(rules.n_in * rules.n_out)
    assert sp.expand(rules.conv_adds()) == sp.expand(rules.C_out * rules.l ** 2 * rules.C_in * rules.k ** 2)
    assert rules.conv_values((3, 64, 11, 55)) == {rules.C_in: 3, rules.C_out: 64, rules.k: 11, rules.l: 55}
    assert rules.linear_values((9216, 4096)) == {rules.n_in: 9216, rules.n_out: 4096}


# --- measuring modules --------------------------------------------------------------------------------------------


def test_measure_names_units_of_any_kind_and_lists_the_known_names():
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.Tanh())
    assert [m.kind for m in costs.measure(net, (1, 5, 5), units=["", "0", "1"])] == ["Sequential", "conv", "Tanh"]
    with pytest.raises(ValueError) as caught:
        costs.measure(net, (1, 5, 5), units=["2"])
    assert str(caught.value) == "no submodule named ['2'] in the model; known names: 0, 1"
    assert costs.count_activations(net, (1, 5, 5), activations=(nn.Tanh,)) == 2 * 3 * 3


def test_the_meta_device_moves_the_model_and_its_input():
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU())  # built on the CPU
    (got,) = costs.measure(net, (1, 5, 5), units=["0"], device="meta")
    assert got.macs == 2 * 9 * 9 and net[0].weight.device.type == "meta"
    block = inception.model_ii().to("meta")  # counts without arithmetic: the input must go to "meta" too
    assert costs.block_module_counts(block, (256, 32, 32), device="meta") == rules.BLOCK_HAND["Model II"]


def test_bottleneck_printed_on_the_cpu_by_default_and_checked_at_the_inputs_side():
    values = costs.bottleneck_printed({"i": inception.naive_block(2, 1, 1, 1)}, (2, 3, 3))  # CPU, default device
    assert values["hw5-2021-p5-i-3x3-params"] == 1 * (2 * 9 + 1)
    assert values["hw5-2021-p5-i-mul"] == 3 * 3 * (2 * 1 + 2 * 9 + 2 * 25)  # the rules checked at side 3, not 32


def test_block_counts_run_on_the_device_given():
    devices = []
    block = inception.naive_block(2, 1, 1, 1)  # built on the CPU
    block.register_forward_pre_hook(lambda m, args: devices.append(args[0].device.type))
    assert costs.block_module_counts(block, (2, 3, 3), device="meta")["params"] == costs.trainable_params(block)
    hooked = inception.naive_block(2, 1, 1, 1)
    hooked.register_forward_pre_hook(lambda m, args: devices.append(args[0].device.type))
    costs.bottleneck_printed({"i": hooked}, (2, 3, 3), device="meta")
    assert devices == ["meta"] * 3  # every pass on meta: no arithmetic on the CPU


def test_shape_flow_of_a_model_without_parameters():
    model = nn.Sequential(nn.MaxPool2d(2), nn.Flatten())
    assert costs.shape_flow(model, (3, 4, 4)) == ((3, 4, 4), (3, 2, 2))


# --- the networks' layers -----------------------------------------------------------------------------------------


def test_lenets_have_an_activation_after_every_layer_but_the_output():
    modern = [(name, type(m).__name__) for name, m in lenet.lenet5_modern().named_children()]
    assert modern == [("C1", "Conv2d"), ("act1", "ReLU"), ("S2", "MaxPool2d"), ("C3", "Conv2d"), ("act3", "ReLU"),
                      ("S4", "MaxPool2d"), ("flatten", "Flatten"), ("C5", "Linear"), ("act5", "ReLU"),
                      ("F6", "Linear"), ("act6", "ReLU"), ("output", "Linear")]
    original = [(name, type(m).__name__) for name, m in lenet.lenet5_original().named_children()]
    assert original == [("C1", "Conv2d"), ("act1", "ScaledTanh"), ("S2", "Subsampling"), ("act2", "ScaledTanh"),
                        ("C3", "C3"), ("act3", "ScaledTanh"), ("S4", "Subsampling"), ("act4", "ScaledTanh"),
                        ("C5", "Conv2d"), ("act5", "ScaledTanh"), ("flatten", "Flatten"), ("F6", "Linear"),
                        ("act6", "ScaledTanh"), ("output", "EuclideanRBF")]


def test_subsampling_sums_each_block_then_scales_and_shifts():
    layer = lenet.Subsampling(2)
    with torch.no_grad():
        layer.coefficient.copy_(torch.tensor([2.0, -3.0]))
        layer.bias.copy_(torch.tensor([0.5, 1.0]))
    x = torch.arange(32.0).reshape(1, 2, 4, 4)
    sums = x.reshape(1, 2, 2, 2, 2, 2).sum(dim=(3, 5))  # (map, block row, row in block, block col, col in block)
    expected = sums * torch.tensor([2.0, -3.0]).view(1, 2, 1, 1) + torch.tensor([0.5, 1.0]).view(1, 2, 1, 1)
    assert torch.equal(layer(x), expected)


def test_euclidean_rbf_has_the_papers_shape_fixed_pm1_centres_and_squared_distances():
    rbf = lenet.EuclideanRBF()
    assert rbf.centres.shape == (10, 84)
    assert set(rbf.centres.unique().tolist()) == {-1.0, 1.0}
    torch.manual_seed(123)  # the centres come from the layer's own seed, not the global generator
    assert torch.equal(lenet.EuclideanRBF().centres, rbf.centres)
    x = torch.randn(3, 84)
    assert torch.allclose(rbf(x), torch.cdist(x, rbf.centres) ** 2, atol=1e-4)


def test_c3_table_errors_and_masked_gaps():
    with pytest.raises(ValueError) as caught:
        lenet.c3_inputs("XY\nX.")
    assert str(caught.value) == "the connection table needs rows of equal length made of 'X' and '.' only"
    c3 = lenet.C3().double()
    zero = lenet.c3_masked_gaps(c3, torch.zeros(1, 6, 5, 5, dtype=torch.float64))
    assert zero["unmasked"] == 0.0 and zero["masked"] == 0.0  # a zero input: only the biases, equal on both sides
    x = torch.randn(1, 6, 5, 5, dtype=torch.float64)
    torch.manual_seed(1)
    first = lenet.c3_masked_gaps(c3, x)
    torch.manual_seed(2)
    assert lenet.c3_masked_gaps(c3, x) == first  # the off-table weights come from the seed given, not the global one


def test_c3_as_masked_conv_follows_the_device():
    c3 = lenet.C3().to("meta")
    full, mask = c3.as_masked_conv()
    assert full.weight.device.type == "meta" and mask.device.type == "meta"
    assert lenet.masked_conv(torch.zeros(1, 6, 14, 14, device="meta"), full, mask).shape == (1, 16, 10, 10)


def test_model_ii_pools_before_its_pool_projection():
    torch.manual_seed(0)
    block = inception.model_ii(c_in=3)
    x = torch.randn(1, 3, 6, 6)
    projection = block.branches[3][-1]
    assert torch.allclose(block(x)[:, -64:], projection(F.max_pool2d(x, 3, stride=1, padding=1)))


# --- timing helpers -----------------------------------------------------------------------------------------------


class _Recorder(nn.Module):
    def __init__(self):
        super().__init__()
        self.inputs = []

    def forward(self, x):
        self.inputs.append(x)
        return x


def test_interleaved_forward_seconds_times_one_seeded_batch_on_the_device():
    first, second = _Recorder(), _Recorder()
    torch.manual_seed(5)
    costs.interleaved_forward_seconds({"a": first}, (2, 3), batch=4, rounds=1)
    torch.manual_seed(6)
    costs.interleaved_forward_seconds({"a": second}, (2, 3), batch=4, rounds=1)
    assert first.inputs[0].shape == (4, 2, 3)
    assert torch.equal(first.inputs[0], second.inputs[0])  # the seed fixes the batch, not the global generator
    linear = nn.Linear(3, 2)
    times = costs.interleaved_forward_seconds({"a": linear}, (3,), batch=2, rounds=2, device="meta")
    assert len(times["a"]) == 2 and linear.weight.device.type == "meta"
    with pytest.raises(ValueError) as caught:
        costs.interleaved_forward_seconds({"a": linear}, (3,), batch=0, rounds=1)
    assert str(caught.value) == "batch must be positive; got batch=0"


def test_interleaved_seconds_are_durations():
    start = time.perf_counter()
    times = benchmark.interleaved_seconds({"a": lambda: None}, rounds=2)
    elapsed = time.perf_counter() - start
    assert all(0 <= t <= elapsed for t in times["a"])


# --- the AlexNet figure as a reader sees it (drawn on an Agg canvas, at the page's size) ------------------------


def test_alexnet_figure_keeps_bars_labels_and_legend_apart_and_visible():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from mfdnn import plotstyle

    rows = [{"layer": "conv1", "kind": "conv", "macs": 900, "params": 5},
            {"layer": "conv2", "kind": "conv", "macs": 50, "params": 5},
            {"layer": "fc1", "kind": "linear", "macs": 50, "params": 190}]  # narrow: linear macs, conv params
    fig, (left, right) = plotstyle.subplots(2, 1, height=3.4)
    FigureCanvasAgg(fig)
    costs.plot_alexnet(rows, (left, right))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    macs, params = left.containers
    for i, (m, p) in enumerate(zip(macs, params)):  # each layer's two bars side by side, not over each other
        assert m.get_x() + m.get_width() <= p.get_x() + 1e-6
        if i + 1 < len(macs):
            assert p.get_x() + p.get_width() <= macs[i + 1].get_x() + 1e-6
    conv, linear = right.containers
    boxes = [[b.get_window_extent(renderer) for b in row] for row in zip(conv, linear)]  # per row: conv, linear
    axes_box = right.get_window_extent(renderer)
    assert boxes[0][0].y1 < boxes[1][0].y0  # the two rows apart
    for row in boxes:
        for box in row:
            assert axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1  # every bar visible
    for text in right.texts:
        box = text.get_window_extent(renderer)
        row = round(text.get_position()[1])
        segment = min((s for s in boxes[row] if s.x0 - 1 <= (box.x0 + box.x1) / 2 <= s.x1 + 1),
                      key=lambda s: abs((s.x0 + s.x1) / 2 - (box.x0 + box.x1) / 2))
        assert (box.x0 + box.x1) / 2 == pytest.approx((segment.x0 + segment.x1) / 2, abs=1.0)  # centred on it
        assert axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1
        if text.get_color() == "white":  # inside its segment
            assert segment.x0 <= box.x0 and box.x1 <= segment.x1
            assert (box.y0 + box.y1) / 2 == pytest.approx((segment.y0 + segment.y1) / 2, abs=1.0)
        else:  # above it, below the next row's bar
            assert box.y0 >= segment.y1
            if row + 1 < len(boxes):
                assert box.y1 <= boxes[row + 1][0].y0
    assert sorted(t.get_text() for t in right.texts if t.get_color() != "white") == ["5.0%", "5.0%"]
    legend = right.get_legend().get_window_extent(renderer)
    ticks = right.get_xaxis().get_tightbbox(renderer)
    assert legend.y1 <= ticks.y0 and legend.y0 >= fig.bbox.y0  # below the axes and their ticks, in the figure
    assert (legend.x0 + legend.x1) / 2 == pytest.approx((axes_box.x0 + axes_box.x1) / 2, abs=1.0)
    entries = [t.get_window_extent(renderer) for t in right.get_legend().get_texts()]
    assert entries[0].y0 == pytest.approx(entries[1].y0)  # one row


def test_c3_with_another_connection_table_is_its_own_masked_convolution():
    table = "X.\n.X\nXX"  # 3 input maps, 2 output maps: the first reads maps 0 and 2, the second 1 and 2
    c3 = lenet.C3(table, kernel_size=3).double()
    full, mask = c3.as_masked_conv()
    assert torch.equal(mask, torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], dtype=torch.float64))
    x = torch.randn(2, 3, 5, 5, dtype=torch.float64)
    assert torch.allclose(lenet.masked_conv(x, full, mask), c3(x), atol=1e-12)
