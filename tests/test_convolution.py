"""Convolution chapter: filters, max-pool and activations, receptive fields, network in network, BN fusion."""

import random

import pytest
import torch
from torch import nn
from torch.nn.utils import fusion

from mfdnn import bn_course, bn_fusion, conv_filters, nin, pooling
from mfdnn import receptive_field as rf
from mfdnn.architectures import alexnet

#: Cases drawn at random, from a fixed seed: each is a test of its own, named by its parameters.
CASES = 40


def _maxpool_cases():
    rng = random.Random(0)
    cases = []
    for _ in range(CASES):
        kernel = rng.randint(1, 4)
        cases.append((rng.choice(sorted(pooling.NONDECREASING)), kernel, rng.randint(1, 3), rng.randint(0, kernel // 2),
                      rng.randint(kernel, 12), rng.randint(kernel, 12), rng.randint(0, 2**16)))
    return cases


def _stack_cases():
    rng = random.Random(1)
    return [(rng.randint(0, 2**16), rng.randint(1, 4)) for _ in range(CASES)]


def test_filters_match_their_definitions():
    errors = conv_filters.filter_errors()
    assert max(errors.values()) < 1e-14, errors


def test_average_pool_conditions_are_needed():
    assert conv_filters.count_include_pad_gap() > 0.1      # count_include_pad=False is not a convolution
    assert conv_filters.mixing_pool_error() > 0.1           # groups=1 with 1/k² everywhere mixes channels


@pytest.mark.parametrize("name,kernel,stride,padding,h,w,seed", _maxpool_cases())
def test_maxpool_commutes_with_nondecreasing_activations(name, kernel, stride, padding, h, w, seed):
    x = 3 * torch.randn(2, 3, h, w, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)
    act = pooling.NONDECREASING[name]
    # Equal up to a few ulps: PyTorch may evaluate σ of the same float by different code paths.
    bound = 8 * torch.finfo(torch.float64).eps * (1 + act(x).abs().max().item())
    assert pooling.commutation_gap(act, x, kernel, stride, padding) <= bound


@pytest.mark.parametrize("name", sorted(pooling.NON_MONOTONE))
def test_non_monotone_activations_have_counterexamples(name):
    found = pooling.counterexample(pooling.NON_MONOTONE[name])
    assert found["gap"] > 0.1 and found["a"] < found["b"]
    assert abs(found["b"] - found["argmin"]) < 0.05          # the second entry sits at σ's minimiser
    assert not pooling.is_nondecreasing_on_grid(pooling.NON_MONOTONE[name])


@pytest.mark.parametrize("seed,depth", _stack_cases())
def test_receptive_field_matches_gradient_support(seed, depth):
    layers = rf.random_stack(torch.Generator().manual_seed(seed), depth)
    result = rf.check_stack(layers, rf.input_size_for(layers, outputs=3))
    assert result["agrees"], (layers, result)


def test_receptive_field_of_alexnet():
    layers = rf.geometry_of(alexnet()[:13])
    assert len(layers) == 8
    assert rf.check_stack(layers, 227, out_index=3)["agrees"]


def test_receptive_field_is_clipped_at_the_border():
    layers = [rf.Geometry(3, padding=1)] * 3
    result = rf.check_stack(layers, 9, out_index=0)
    assert result["window"] == (-3, 3) and result["extent"] == (0, 3) and result["agrees"]


def test_gradient_support_rejects_an_output_outside_the_map():
    with pytest.raises(ValueError, match="outside"):
        rf.gradient_support(rf.positive_twin([rf.Geometry(5)]), 1, 6, (4, 4))


def small_cnn():
    torch.manual_seed(0)
    return nin.course_cnn(channels=(4, 6, 8, 8, 8), hidden=16).double().eval()


def test_fully_convolutional_equals_cnn_on_32x32():
    cnn = small_cnn()
    fcn = nin.fully_convolutional(cnn)
    x = torch.randn(3, 3, 32, 32, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(fcn(x).flatten(1), cnn(x), rtol=0, atol=1e-12)


def test_fully_convolutional_slides_the_classifier():
    cnn = small_cnn()
    fcn = nin.fully_convolutional(cnn)
    x = torch.randn(1, 3, 35, 34, dtype=torch.float64)
    with torch.no_grad():
        dense = fcn(x)
    assert dense.shape == (1, 10, 4, 3)
    assert torch.allclose(dense, nin.windows_by_loop(cnn, x), atol=1e-12)
    assert torch.allclose(dense, nin.windows_batched(cnn, x), atol=1e-12)


def random_bn(bn):
    with torch.no_grad():
        bn.running_mean.uniform_(-2, 2)
        bn.running_var.uniform_(0.1, 3)
        if bn.affine:
            bn.weight.uniform_(0.5, 2)
            bn.bias.uniform_(-1, 1)
    return bn.eval()


@pytest.mark.parametrize("bias", [True, False])
def test_fuse_conv_bn(bias):
    conv = nn.Conv2d(3, 5, 3, padding=1, bias=bias).double().eval()
    bn = random_bn(nn.BatchNorm2d(5).double())
    x = torch.randn(2, 3, 7, 7, dtype=torch.float64)
    fused = bn_fusion.fuse_conv_bn(conv, bn)
    with torch.no_grad():
        assert torch.allclose(fused(x), bn(conv(x)), atol=1e-12)
        assert torch.allclose(fused.weight, fusion.fuse_conv_bn_eval(conv, bn).weight, atol=1e-15)


def test_fuse_linear_bn_without_affine():
    lin = nn.Linear(6, 4).double().eval()
    bn = random_bn(nn.BatchNorm1d(4, affine=False).double())
    x = torch.randn(5, 6, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(bn_fusion.fuse_linear_bn(lin, bn)(x), bn(lin(x)), atol=1e-12)


def test_fusion_refuses_train_mode_and_mismatches():
    with pytest.raises(ValueError, match="train mode"):
        bn_fusion.fuse_conv_bn(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2))
    with pytest.raises(ValueError, match="2 outputs but"):
        bn_fusion.fuse_conv_bn(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(3).eval())
    with pytest.raises(ValueError, match="track_running_stats"):
        bn_fusion.fuse_linear_bn(nn.Linear(2, 2), nn.BatchNorm1d(2, track_running_stats=False).eval())


def test_fused_course_network_agrees():
    torch.manual_seed(0)
    model = bn_course.course_bn_net(width=4, hidden=32, size=8).double()
    for m in model:
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            random_bn(m)
    model.eval()
    x = torch.randn(6, 3, 8, 8, dtype=torch.float64)
    gaps = bn_course.agreement(model, x)
    assert gaps["ours_vs_unfused"] < 1e-13 and gaps["torch_vs_unfused"] < 1e-13
    effects = bn_course.train_mode_effects(model, x)
    assert effects["train_vs_fused"] > 1e-3 and "train mode" in effects["refused"]


def test_stack_of_3x3_sees_the_window_of_one_large_kernel_with_fewer_weights():
    for n, formula, width, kernel, large_width, p_small, p_large in rf.stack_versus_kernel(channels=4):
        assert formula == width == large_width == 2 * n + 1 and kernel == f"{2 * n + 1}×{2 * n + 1}"
        assert int(p_small.replace(",", "")) == 9 * n * 16 and int(p_large.replace(",", "")) == (2 * n + 1) ** 2 * 16


def test_stacked_kernels_weight_the_centre_and_one_kernel_weights_uniformly():
    stacked = rf.centre_row_weights([rf.Geometry(3)] * 3, side=15)
    single = rf.centre_row_weights([rf.Geometry(7)], side=15)
    assert torch.equal(stacked != 0, single != 0)  # same support
    inside = single[single != 0]
    assert torch.all(inside == inside[0]) and stacked.argmax() == 7 and stacked[7] > stacked[4]


def test_dilated_support_has_holes():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    rows = rf.plot_dilated_support(ax, [rf.Geometry(3, 1, 4), rf.Geometry(3, 1, 1)], size=21)
    plt.close(fig)
    extent = (rows.max() - rows.min() + 1).item()
    assert extent == rf.receptive_field([rf.Geometry(3, 1, 4), rf.Geometry(3, 1, 1)]) and len(rows) < extent


def test_agreement_table_has_one_floor_per_dtype():
    torch.manual_seed(0)
    model = bn_course.course_bn_net(width=4, hidden=32, size=8)
    for m in model:
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            random_bn(m)
    model.eval()
    rows, floors = bn_course.agreement_table(model, torch.randn(6, 3, 8, 8), (torch.float32, torch.float64))
    assert set(floors) == {"float32", "float64"} and len(rows) == 12
    assert all(len(r) == len(bn_course.AGREEMENT_HEADER) for r in rows)
    assert floors["float64"]["ours_vs_unfused"] < floors["float32"]["ours_vs_unfused"] < 1e-4


def test_fully_convolutional_agreement_and_timing_sweep():
    torch.manual_seed(0)
    cnn = nin.course_cnn(channels=(2, 2, 2, 2, 2), hidden=4).eval()
    fcn = nin.fully_convolutional(cnn)
    checks = nin.agreement(cnn, fcn, big=(35, 33))
    assert checks["big_shape"] == (4, 2) and checks["eq64"] < 1e-12 and checks["window_gap"] < 1e-12
    timing = nin.timing_sweep(cnn, fcn, [32, 33], repeats=1)
    assert [t["windows"] for t in timing] == [1, 4] and all(t["conv"] > 0 for t in timing)
    assert len(nin.timing_rows(timing)[0]) == len(nin.TIMING_HEADER)
