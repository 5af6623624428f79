"""The true softmax: log-sum-exp helpers (mfdnn.softmax)."""

import math

import mpmath
import pytest
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


mpmath.mp.dps = 50

#: Vectors whose exponentials overflow or underflow every float type, and nearly tied ones.
EXTREME = [
    [1000.0, -1000.0, 0.0],
    [-745.0, -746.0, -2000.0],
    [1e-300, -1e-300, 0.0],
    [88.0, 88.0 + 2**-40, 87.5],
    [1e8, 1e8, -1e8, 3.0],
]
BETAS = [1e-6, 1.0, 50.0, 1e4]


def reference_lse(x, beta) -> mpmath.mpf:
    """``log(Σ exp(βx))/β`` in 50-digit arithmetic."""
    b = mpmath.mpf(beta)
    return mpmath.log(mpmath.fsum(mpmath.exp(b * mpmath.mpf(v)) for v in x)) / b


def reference_softmax(x, beta) -> list[mpmath.mpf]:
    b = mpmath.mpf(beta)
    exps = [mpmath.exp(b * mpmath.mpf(v)) for v in x]
    total = mpmath.fsum(exps)
    return [e / total for e in exps]


def assert_close(value: float, reference: mpmath.mpf, dtype: torch.dtype, scale: float):
    """Within a few rounding errors of the reference, relative to ``scale`` (the size of the terms involved)."""
    eps = torch.finfo(dtype).eps
    error = abs(mpmath.mpf(value) - reference)
    assert error <= 8 * eps * scale, f"{value!r} against {mpmath.nstr(reference, 20)}: error {mpmath.nstr(error, 3)}"


@pytest.mark.parametrize("beta", BETAS)
@pytest.mark.parametrize("x", EXTREME)
@pytest.mark.parametrize("formula", [sm.lse, sm.lse_shifted])
def test_stable_lse_matches_high_precision_at_extreme_inputs(formula, x, beta):
    value = formula(torch.tensor(x, dtype=torch.float64), beta).item()
    # log n/β is the largest the sum can add to max x; it dominates the rounding of βx/β when β is tiny.
    assert_close(value, reference_lse(x, beta), torch.float64, max(abs(v) for v in x) + math.log(len(x)) / beta)


@pytest.mark.parametrize("x", [[100.0, 0.0], [-100.0, -101.0, -300.0]])
def test_float32_lse_is_finite_where_exp_overflows(x):
    for formula in (sm.lse, sm.lse_shifted):
        value = formula(torch.tensor(x, dtype=torch.float32), 10.0).item()
        assert_close(value, reference_lse(x, 10.0), torch.float32, max(abs(v) for v in x))


def test_naive_lse_overflows_exactly_where_float_exp_does():
    big, fine = 710.0, 709.0  # exp overflows float64 between these
    assert sm.lse_naive(torch.tensor([big, 0.0], dtype=torch.float64), 1.0).item() == math.inf
    assert_close(sm.lse_naive(torch.tensor([fine, 0.0], dtype=torch.float64), 1.0).item(),
                 reference_lse([fine, 0.0], 1.0), torch.float64, fine)


def test_naive_lse_underflows_to_minus_infinity_where_the_stable_one_does_not():
    x = [-800.0, -801.0]
    assert sm.lse_naive(torch.tensor(x, dtype=torch.float64), 1.0).item() == -math.inf
    assert_close(sm.lse_shifted(torch.tensor(x, dtype=torch.float64), 1.0).item(), reference_lse(x, 1.0),
                 torch.float64, 801.0)


@pytest.mark.parametrize("beta", [1e-3, 1.0, 300.0])
@pytest.mark.parametrize("x", EXTREME[:3])
def test_gradient_and_softmax_limit_match_high_precision_softmax(x, beta):
    t = torch.tensor(x, dtype=torch.float64)
    rows = sm.softmax_limit(t, torch.tensor([beta], dtype=torch.float64))
    assert rows.shape == (1, len(x))
    for value, reference in zip(rows[0].tolist(), reference_softmax(x, beta)):
        assert_close(value, reference, torch.float64, 1.0)
    # autograd forms exp(βx − ν): the subtraction's rounding, eps·|βx|, becomes a relative error of the gradient.
    condition = max(1.0, beta * max(abs(v) for v in x))
    assert sm.gradient_error(t, beta) <= 8 * torch.finfo(torch.float64).eps * condition


def test_gap_sweep_stays_within_the_bound_at_huge_and_tiny_beta():
    x = torch.tensor([[1e6, 1e6 - 1e-9, -1e6], [0.0, 0.0, 0.0]], dtype=torch.float64)
    betas = torch.tensor([1e-8, 1.0, 1e9], dtype=torch.float64)
    sweep = sm.gap_sweep(x, betas)
    assert sweep["gaps"].shape == (3, 2)
    for i, beta in enumerate(betas.tolist()):
        for j, row in enumerate(x.tolist()):
            exact = reference_lse(row, beta) - max(row)
            assert_close(sweep["gaps"][i, j].item(), exact, torch.float64, max(abs(v) for v in row) + 1 / beta)
    assert torch.allclose(sweep["bound"], math.log(3) / betas)
    # Tied rows reach the bound exactly: the largest ratio is 1, not merely at most 1.
    assert abs(sweep["worst_ratio"].item() - 1.0) < 1e-12


def test_softmax_limit_gives_one_row_per_beta():
    x = torch.tensor([2.0, 1.0, 1.0], dtype=torch.float64)
    betas = torch.tensor([0.0, 1.0, 1e3], dtype=torch.float64)
    rows = sm.softmax_limit(x, betas)
    assert rows.shape == (3, 3)
    assert torch.allclose(rows[0], torch.full((3,), 1 / 3, dtype=torch.float64))  # β = 0: uniform
    assert torch.allclose(rows[2], torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64))  # β → ∞: the argmax
    for row, beta in zip(rows, betas.tolist()):
        for value, reference in zip(row.tolist(), reference_softmax(x.tolist(), beta)):
            assert_close(value, reference, torch.float64, 1.0)


def test_the_gap_plot_draws_each_gap_their_mean_and_the_bound():
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure

    x = torch.tensor([[0.0, 1.0, 3.0], [2.0, 2.0, 2.0]], dtype=torch.float64)
    sweep = sm.gap_sweep(x, torch.tensor([0.5, 2.0, 8.0], dtype=torch.float64))
    ax = Figure().subplots()
    ax.plot([1.0], [1.0])  # a line already there (drawn in the first colour of the cycle) changes no colour
    sm.plot_gap_sweep(sweep, ax)
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    _, *each, mean, bound = ax.lines
    assert len(each) == 2
    for line, column in zip(each, sweep["gaps"].T):
        assert line.get_xdata().tolist() == sweep["betas"].tolist()
        assert line.get_ydata().tolist() == column.tolist()
    assert mean.get_ydata().tolist() == pytest.approx(sweep["gaps"].mean(dim=1).tolist())
    assert bound.get_ydata().tolist() == pytest.approx(sweep["bound"].tolist())
    assert bound.get_linestyle() == "--"
    for line in (mean, bound):  # against β, not against the index of β
        assert line.get_xdata().tolist() == sweep["betas"].tolist()
    # The gaps of each x are faint thin lines in the colour of their mean, a bold line that stands out.
    assert all(to_rgba(line.get_color()) == to_rgba(mean.get_color()) for line in each)
    assert all(line.get_alpha() < 1 and 2 * line.get_linewidth() <= mean.get_linewidth() for line in each)
    assert mean.get_alpha() is None and mean.get_linewidth() == bound.get_linewidth()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [r"$\nu_\beta(x)-\max x$ (mean; thin: each $x$)", r"bound $(\log n)/\beta$"]
    assert ax.get_xlabel() == r"$\beta$" and ax.get_ylabel() == "gap"


def test_naive_lse_agrees_where_it_does_not_overflow_one_value_per_row():
    x = [[0.5, -1.0, 2.0], [3.0, 3.0, -4.0]]
    values = sm.lse_naive(torch.tensor(x, dtype=torch.float64), 0.5)
    assert values.shape == (2,)
    for row, value in zip(x, values.tolist()):
        assert_close(value, reference_lse(row, 0.5), torch.float64, 8.0)
