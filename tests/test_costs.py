"""Architecture costs: every count by the rules agrees with the PyTorch module; the networks are built right."""

import dataclasses

import pytest
import torch
from torch import nn

from mfdnn.costs import rules
from mfdnn import costs
from mfdnn.costs import inception
from mfdnn.costs import lenet
from mfdnn.architectures import alexnet


@pytest.fixture(scope="module")
def net():
    return alexnet()  # 61 M parameters: build it once


@pytest.fixture(scope="module")
def alexnet_measured(net):
    return costs.measure(net, (3, 227, 227))


def test_alexnet_shapes_are_the_course_ones(net):
    shapes = []
    x = torch.zeros(1, 3, 227, 227)
    for layer in net:
        x = layer(x)
        if isinstance(layer, (nn.Conv2d, nn.MaxPool2d, nn.Linear)):
            shapes.append(tuple(x.shape[1:]))
    assert shapes == [(64, 55, 55), (64, 27, 27), (192, 27, 27), (192, 13, 13), (384, 13, 13), (256, 13, 13),
                      (256, 13, 13), (256, 6, 6), (4096,), (4096,), (1000,)]
    assert costs.shape_flow(net, (3, 227, 227))[-5:] == ((256, 6, 6), (256, 6, 6), (4096,), (4096,), (1000,))


def test_alexnet_layers_match_the_rule_spec(alexnet_measured):
    for got, spec in zip(alexnet_measured, rules.ALEXNET_CONVS):
        assert got.kind == "conv" and got.out_shape == (spec[1], spec[3], spec[3])
    for got, spec in zip(alexnet_measured[5:], rules.ALEXNET_LINEARS):
        assert got.kind == "linear" and got.out_shape == (spec[1],)
    assert len(alexnet_measured) == len(rules.ALEXNET_CONVS) + len(rules.ALEXNET_LINEARS)


def test_alexnet_counts_agree_both_ways(net, alexnet_measured):
    rows, checked, totals = costs.alexnet_comparison(alexnet_measured)  # the page's check
    assert checked == 16 and len(rows) == 8
    assert {f"{kind}_{what}": v for (kind, what), v in totals.items()} == {
        k: v for k, v in rules.ALEXNET_HAND.items()
        if k in ("conv_macs", "linear_macs", "conv_params", "linear_params")}
    assert costs.trainable_params(net) == sum(rules.ALEXNET_HAND[k] for k in ("conv_params", "linear_params"))
    for kind in ("conv", "linear"):
        assert sum(m.macs for m in alexnet_measured if m.kind == kind) == rules.ALEXNET_HAND[f"{kind}_macs"]


def test_alexnet_comparison_rejects_a_wrong_layer(alexnet_measured):
    wrong = list(alexnet_measured)
    wrong[2] = dataclasses.replace(wrong[2], params=wrong[2].params + 1)
    with pytest.raises(AssertionError, match="conv3 parameters"):
        costs.alexnet_comparison(wrong)
    with pytest.raises(ValueError, match="expected 8"):
        costs.alexnet_comparison(alexnet_measured[:-1])


def test_disagreement_is_reported():
    with pytest.raises(AssertionError, match="conv1: rule 1 ≠ module 2"):
        costs.require_agreement({"conv1": (1, 2), "conv2": (3, 3)})


def test_flop_counter_excludes_bias_and_activations():
    conv = nn.Sequential(nn.Conv2d(2, 3, 3), nn.ReLU())
    (got,) = costs.measure(conv, (2, 5, 5), units=["0"])
    assert got.flops == 2 * 3 * 3 * 3 * 2 * 9 and got.params == 3 * (2 * 9 + 1)
    assert costs.count_activations(conv, (2, 5, 5)) == 3 * 3 * 3


def test_padding_gives_55_and_torchvision_padding_gives_56():
    for padding, side in ((0, 55), (1, 55), (2, 56)):
        conv = nn.Conv2d(3, 1, 11, stride=4, padding=padding)
        assert conv(torch.zeros(1, 3, 227, 227)).shape[-1] == side


BLOCKS = {"Model I": (inception.model_i, rules.BOTTLENECK_MODEL_I),
          "Model II": (inception.model_ii, rules.BOTTLENECK_MODEL_II),
          "3b Model I": (inception.inception_3b_i, rules.INCEPTION_3B_I),
          "3b Model II": (inception.inception_3b_ii, rules.INCEPTION_3B_II)}


@pytest.mark.parametrize("label", list(BLOCKS))
def test_block_counts_agree_both_ways(label):
    model, convs = BLOCKS[label]
    by_rule = costs.block_rule_counts(convs)
    from_module = costs.block_module_counts(model(), (256, 32, 32))
    assert by_rule == rules.BLOCK_HAND[label]
    assert costs.require_agreement({k: (by_rule[k], from_module[k]) for k in by_rule}) == 4
    assert [spec for _, spec in inception.conv_layers(model())] == list(convs)


def test_inception_comparison_is_the_pages_check():
    blocks = {label: (model(), convs) for label, (model, convs) in BLOCKS.items()}
    rows, checked, counts = costs.inception_comparison(blocks, (256, 32, 32))
    assert checked == 16 and [r[0] for r in rows] == list(BLOCKS)
    assert counts == {label: rules.BLOCK_HAND[label] for label in blocks}
    swapped = {"Model I": (inception.model_ii(), rules.BOTTLENECK_MODEL_I)}  # module and rules disagree
    with pytest.raises(AssertionError, match="Model I"):
        costs.inception_comparison(swapped, (256, 32, 32))


def test_bottleneck_ratios_are_below_one():
    for branches in (rules.BOTTLENECK_BRANCHES, rules.INCEPTION_3B_BRANCHES):
        ratios = costs.bottleneck_branch_ratios(branches)
        assert set(ratios) == {3, 5} and all(0 < r < 1 for r in ratios.values())


def test_inception_output_channels():
    x = torch.zeros(1, 256, 8, 8)
    assert inception.model_i()(x).shape == (1, 124 + 192 + 96 + 256, 8, 8)
    assert inception.model_ii()(x).shape == (1, 124 + 192 + 96 + 64, 8, 8)
    assert inception.inception_3b_i()(x).shape == (1, 128 + 192 + 96 + 256, 8, 8)
    assert inception.inception_3b_ii()(x).shape == (1, 128 + 192 + 96 + 64, 8, 8)


def test_interleaved_timing_alternates_and_rejects_bad_input():
    calls = []

    class Tag(nn.Module):
        def __init__(self, tag):
            super().__init__()
            self.tag = tag

        def forward(self, x):
            calls.append(self.tag)
            return x

    times = costs.interleaved_forward_seconds({"a": Tag("a"), "b": Tag("b")}, (3,), batch=2, rounds=3)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b"]  # warm-up, then alternating order
    assert all(len(t) == 3 and min(t) >= 0 for t in times.values())
    with pytest.raises(ValueError, match="rounds"):
        costs.interleaved_forward_seconds({"a": Tag("a")}, (3,), batch=1, rounds=0)


def test_table_i_has_the_papers_groups():
    sizes = [len(ins) for ins in lenet.c3_inputs()]
    assert sizes == [3] * 6 + [4] * 9 + [6]
    assert sorted((sizes.count(m), m) for m in set(sizes)) == sorted(rules.C3_GROUPS)
    # the first six maps read three contiguous S2 maps (cyclically), as the paper says
    assert [sorted(ins) for ins in lenet.c3_inputs()[:6]] == [
        sorted({j % 6 for j in range(i, i + 3)}) for i in range(6)]
    assert lenet.c3_mask().sum() == rules.LENET_HAND["mask_ones"]


def test_bad_table_is_a_clear_error():
    with pytest.raises(ValueError, match="equal length"):
        lenet.c3_inputs("XX.\nX.")


@pytest.mark.parametrize("build,layers,activation", [
    (lenet.lenet5_original, rules.lenet_original_layers(), lenet.ScaledTanh),
    (lenet.lenet5_modern, rules.lenet_modern_layers(), nn.ReLU),
])
def test_lenet_counts_agree_both_ways(build, layers, activation):
    net = build()
    measured = {m.name: m for m in costs.measure(net, (1, 32, 32), units=list(layers), activations=(activation,))}
    pairs = {}
    for name, (params, macs) in costs.rule_layers(layers).items():
        pairs[name + " params"] = (params, measured[name].params)
        pairs[name + " macs"] = (macs or 0, measured[name].macs)
    costs.require_agreement(pairs)
    assert net(torch.zeros(2, 1, 32, 32)).shape == (2, 10)


def test_lenet_comparison_is_the_pages_check():
    nets = {"course": (lenet.lenet5_modern_with_c3(), rules.lenet_course_layers(), nn.ReLU),
            "modern": (lenet.lenet5_modern(), rules.lenet_modern_layers(), nn.ReLU),
            "original": (lenet.lenet5_original(), rules.lenet_original_layers(), lenet.ScaledTanh)}
    rows, checked, totals, per_net = costs.lenet_comparison(nets)
    assert totals == {label: (rules.LENET_HAND[label],) * 2 for label in nets}
    assert rows[-1][0] == "**total**" and len(rows) == len(per_net["original"][0]) + 1
    assert all(len(row) == 1 + 2 * len(nets) for row in rows)
    assert checked == sum(2 * len(layers) + 1 for _, layers, _ in nets.values())
    wrong = {"original": (lenet.lenet5_modern(), rules.lenet_original_layers(), lenet.ScaledTanh)}
    with pytest.raises(AssertionError, match="original C3 parameters"):
        costs.lenet_comparison(wrong)


def test_lenet_totals():
    assert costs.trainable_params(lenet.lenet5_original()) == rules.LENET_HAND["original"]
    assert costs.trainable_params(lenet.lenet5_modern()) == rules.LENET_HAND["modern"]
    assert costs.trainable_params(lenet.lenet5_modern_with_c3()) == rules.LENET_HAND["course"]
    assert costs.trainable_params(lenet.C3()) == rules.LENET_HAND["c3_params"]


def test_c3_is_a_masked_full_convolution():
    torch.manual_seed(0)
    c3 = lenet.C3().double()
    gaps = lenet.c3_masked_gaps(c3, torch.randn(3, 6, 14, 14, dtype=torch.float64))
    assert gaps["masked"] < 1e-12
    assert gaps["unmasked"] > 1e-3  # the mask matters: without it the off-table weights contribute
    assert gaps["grad_off_table"] == 0.0


def test_measure_rejects_bad_input():
    small = nn.Sequential(nn.Conv2d(1, 1, 3))
    with pytest.raises(ValueError, match="shape of one example"):
        costs.measure(small, (0, 5))
    with pytest.raises(ValueError, match="no submodule named"):
        costs.measure(small, (1, 5, 5), units=["conv9"])


def test_alexnet_first_convolution_reads_the_image_without_padding(net):
    """Output (0, 0) of conv1 is the kernel against the image's top-left 11×11 patch (no zero border)."""
    image = torch.rand(1, 3, 19, 19, generator=torch.Generator().manual_seed(0)) + 1.0
    conv = net[0]
    with torch.no_grad():
        out = conv(image)
    assert out.shape[-1] == (19 - 11) // 4 + 1
    assert torch.allclose(out[0, :, 0, 0], (conv.weight * image[0, :, :11, :11]).sum(dim=(1, 2, 3)) + conv.bias,
                          atol=1e-5)
