"""mfdnn.convolution.pooling: the counterexample's every entry, the grid minimum, and the random sweep."""

import math

import pytest
import torch
from torch import nn

from mfdnn.convolution import pooling


def test_counterexample_reports_both_orders_and_the_minimum_on_the_given_grid():
    silu = nn.SiLU()
    found = pooling.counterexample(silu, lo=-3.0, hi=1.0, points=81)
    a, b = torch.tensor(found["a"], dtype=torch.float64), torch.tensor(found["b"], dtype=torch.float64)
    assert found["act_of_max"] == pytest.approx(silu(torch.maximum(a, b)).item())
    assert found["max_of_act"] == pytest.approx(torch.maximum(silu(a), silu(b)).item())
    assert found["gap"] == pytest.approx(found["max_of_act"] - found["act_of_max"]) and found["gap"] > 0.1
    assert -3.0 <= found["a"] < found["b"] <= 1.0
    where, value = pooling.grid_minimum(silu, -3.0, 1.0)
    assert (found["argmin"], found["min"]) == (where, value)
    assert where == pytest.approx(-1.2785, abs=1e-3) and value == pytest.approx(-0.27846, abs=1e-4)  # SiLU's minimum


def test_grid_minimum_stays_on_the_grid():
    where, value = pooling.grid_minimum(lambda t: (t - 0.3) ** 2, lo=0.0, hi=1.0, points=11)
    assert where == pytest.approx(0.3) and value == pytest.approx(0.0, abs=1e-15)
    where, value = pooling.grid_minimum(lambda t: t, lo=2.0, hi=5.0, points=4)
    assert (where, value) == (2.0, 2.0)
    assert pooling.grid_minimum(lambda t: -t, hi=1.5)[0] == 1.5


def test_commutation_gap_with_padding_and_stride():
    x = torch.tensor([[[[-1.0, -2.0, 0.5, 3.0]]]], dtype=torch.float64)
    square = lambda t: t**2  # noqa: E731 (not monotone)
    # Windows of 2 with stride 2: maxpool(x) = (−1, 3), so σ(maxpool) = (1, 9); maxpool(σ(x)) = (4, 9).
    assert pooling.commutation_gap(square, x, kernel=(1, 2), stride=(1, 2)) == 3.0
    # Windows of 3 with stride 1, padded: [pad, −1, −2], [−1, −2, 0.5], ...: the second gives 4 − 0.25.
    assert pooling.commutation_gap(square, x, kernel=(1, 3), stride=(1, 1), padding=(0, 1)) == 3.75


def test_random_sweep_finds_the_non_monotone_activations_and_spares_the_others():
    worst = pooling.random_sweep({"ReLU": nn.ReLU(), "square": lambda t: t**2}, trials=2, seed=1)
    assert list(worst) == ["ReLU", "square"]
    assert worst["ReLU"] == 0.0 and worst["square"] > 1.0
    assert pooling.random_sweep({"square": lambda t: t**2}, trials=2, seed=1) == {"square": worst["square"]}
    assert pooling.random_sweep({"square": lambda t: t**2}, trials=0) == {"square": 0.0}


def test_nondecreasing_on_grid_refutes_a_dip():
    assert pooling.is_nondecreasing_on_grid(torch.tanh, points=101)
    assert not pooling.is_nondecreasing_on_grid(lambda t: torch.sin(t), points=101)
    assert pooling.is_nondecreasing_on_grid(lambda t: torch.where(t < 9.5, 0.0, 1.0), lo=-10, hi=10, points=5)
    assert not pooling.is_nondecreasing_on_grid(lambda t: -(t - 9.9).abs(), lo=-10, hi=10, points=201)
    assert math.isclose(pooling.grid_minimum(torch.cos, 0.0, 2 * math.pi, 1001)[0], math.pi, rel_tol=1e-9)
