"""Convolutions: filters, max-pool and activations, receptive fields (mfdnn.convolution)."""

import random

import pytest
import torch

from mfdnn.convolution import filters as conv_filters
from mfdnn.convolution import pooling
from mfdnn.convolution import receptive_field as rf
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


def test_mixing_pool_error_is_the_mixing_alone():
    # One channel: groups=1 is depthwise, and 1/k² everywhere is exactly the average pool.
    assert conv_filters.mixing_pool_error(channels=1) < 1e-15
    assert conv_filters.mixing_pool_error(channels=1, k=3) < 1e-15
    # The page's number is for three-channel images, whatever the global generator's state.
    values = set()
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        values.add(conv_filters.mixing_pool_error())
    assert values == {conv_filters.mixing_pool_error(channels=3)}
