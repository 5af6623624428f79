"""The true softmax: log-sum-exp helpers (mfdnn.softmax)."""

import math

import torch

from mfdnn import softmax as sm


def test_lse_bounds_numerically():
    torch.manual_seed(0)
    x = torch.randn(16, 50, dtype=torch.float64)
    betas = torch.logspace(-1, 3, 9, dtype=torch.float64)
    sweep = sm.gap_sweep(x, betas)
    assert sweep["gaps"].min() >= -1e-12
    assert sweep["worst_ratio"] <= 1 + 1e-12


def test_gradient_is_softmax():
    x = torch.randn(3, 7, dtype=torch.float64)
    assert sm.gradient_error(x, 3.0) < 1e-14


def test_shifted_formula_matches_and_does_not_overflow():
    x = torch.randn(5, 9, dtype=torch.float64) + 3
    assert torch.allclose(sm.lse_shifted(x, 2.0), sm.lse(x, 2.0))
    assert torch.isfinite(sm.lse_shifted(x.float(), 1e4)).all()
    assert not torch.isfinite(sm.lse_naive(x.float(), 1e4)).all()


def test_first_overflow():
    x = torch.tensor([[1.0, 0.0]])
    betas = torch.tensor([10.0, 50.0, 100.0, 200.0])
    assert sm.first_overflow(x, betas) == 100.0  # exp(100) > float32 max ≈ 3.4e38
    assert sm.first_overflow(x, torch.tensor([1.0, 2.0])) == math.inf


def test_softmax_limit_with_ties():
    out = sm.softmax_limit(torch.tensor([1.0, 1.0, 0.0], dtype=torch.float64),
                           torch.tensor([200.0], dtype=torch.float64))
    assert torch.allclose(out[0], torch.tensor([0.5, 0.5, 0.0], dtype=torch.float64))
