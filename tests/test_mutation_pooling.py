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


def test_commutation_gap_pads_the_border_windows():
    # Windows of 3, stride 1, padded by one: the first, [pad, −3, 1], gives 9 − 1; unpadded the largest gap is 9 − 4.
    x = torch.tensor([[[[-3.0, 1.0, 2.0, 2.5]]]], dtype=torch.float64)
    assert pooling.commutation_gap(lambda t: t**2, x, kernel=(1, 3), stride=(1, 1), padding=(0, 1)) == 8.0


def test_counterexample_searches_the_float64_grid_the_page_states_without_warnings():
    import warnings

    warn_always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)                      # torch warns some things once per process only
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            found = pooling.counterexample(nn.SiLU())
    finally:
        torch.set_warn_always(warn_always)
    # The page: a grid of [−6, 2] with step 0.01; SiLU's worst window is (−6, the grid point nearest its minimiser).
    grid = torch.linspace(-6.0, 2.0, 801, dtype=torch.float64)
    assert found["a"] == grid[0].item() == -6.0
    assert found["b"] == grid[472].item() and abs(found["b"] + 1.28) < 1e-12


def test_nondecreasing_check_runs_on_the_grid_the_page_states():
    seen = []
    pooling.is_nondecreasing_on_grid(lambda t: seen.append(t) or t)
    assert torch.equal(seen[0], torch.linspace(-10.0, 10.0, 200_001, dtype=torch.float64))


def _explanations(pooled, x):
    """The (kernel, stride, padding) the page states (kernels 1–4, strides 1–3, every allowed padding) that map
    ``x`` to ``pooled``."""
    found = set()
    for k in range(1, 5):
        for s in range(1, 4):
            for p in range(k // 2 + 1):
                shape = tuple((n + 2 * p - k) // s + 1 for n in x.shape[-2:])
                if shape == tuple(pooled.shape[-2:]) and torch.equal(nn.MaxPool2d(k, s, p)(x), pooled):
                    found.add((k, s, p))
    return found


@pytest.fixture
def one_thread():
    """Tiny pools: on a loaded machine, waking a second thread costs far more than the work."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def test_random_sweep_draws_the_configurations_the_page_states(one_thread):
    seen = []
    pooling.random_sweep({"identity": lambda t: seen.append(t) or t}, trials=30)
    # commutation_gap applies σ to maxpool(x) first, then to x.
    trials = [(seen[i], seen[i + 1]) for i in range(0, len(seen), 2)]
    assert len(trials) == 30
    explained = []
    for pooled, x in trials:
        assert x.dtype == torch.float64 and x.dim() == 4 and x.shape[:2] == (2, 3)   # batches of 2 three-channel images
        found = _explanations(pooled, x)
        assert found, (tuple(x.shape), tuple(pooled.shape))
        explained.append(found)

    def drawn(test):
        return any(all(test(*kps) for kps in found) for found in explained)

    assert drawn(lambda k, s, p: k == 1)
    assert drawn(lambda k, s, p: s == 1 and k > 1) and drawn(lambda k, s, p: s == 3)
    assert drawn(lambda k, s, p: p > 0) and drawn(lambda k, s, p: k == 4 and p == 2)
    seen.clear()
    pooling.random_sweep({"identity": lambda t: seen.append(t) or t}, trials=1, dtype=torch.float32)
    assert {t.dtype for t in seen} == {torch.float32}


def test_random_sweep_draws_from_its_own_generator_only(one_thread):
    runs = []
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        seen = []
        pooling.random_sweep({"identity": lambda t: seen.append(t) or t}, trials=10, seed=3)
        runs.append(seen)
    assert len(runs[0]) == len(runs[1]) == 20
    assert all(a.shape == b.shape and torch.equal(a, b) for a, b in zip(*runs))
