"""mfdnn.loss: the data it builds, the split, the training step, the summaries and the verdict at its edges."""

import math

import pytest
import torch

from mfdnn import loss as lo
from mfdnn.mnist import MnistSplit

KL, SQ = "KL (cross-entropy)", "sum of squares"


def _runs(init, kl, squares):
    return [{"init": init, "loss": name, "test": t} for name, ts in ((KL, kl), (SQ, squares)) for t in ts]


def test_an_exact_tie_from_one_start_does_not_cancel_a_win_from_another():
    """A tie's interval is [0, 0]: it excludes neither sign, so a separated win from another start still counts."""
    tie = _runs("zero", (0.9, 0.9), (0.9, 0.9))
    win = _runs("N(0, 1)", (0.80, 0.82), (0.90, 0.92))
    assert lo.mean_difference(tie, "zero", SQ, KL) == {"gap": 0.0, "low": 0.0, "high": 0.0}
    assert lo.squares_better_supported(tie + win)
    assert not lo.squares_better_supported(tie)


def test_mean_difference_has_the_normal_95_percent_interval():
    records = _runs("zero", (0.90, 0.92, 0.94), (0.80, 0.83))
    d = lo.mean_difference(records, "zero", KL, SQ)
    half = 1.96 * math.sqrt(0.02**2 / 3 + (0.03**2 / 2) / 2)
    assert d["gap"] == pytest.approx(0.92 - 0.815)
    assert (d["low"], d["high"]) == pytest.approx((d["gap"] - half, d["gap"] + half))


def test_verdict_names_the_better_loss_with_the_interval_in_points():
    runs = _runs("zero", (0.80, 0.82), (0.90, 0.92))
    d = lo.mean_difference(runs, "zero", KL, SQ)
    assert lo.verdict(runs, "zero") == (
        f"from the zero start the sum of squares is more accurate (cross-entropy minus squares: "
        f"{100 * d['gap']:+.2f} points, 95 % interval {100 * d['low']:+.2f} to {100 * d['high']:+.2f})")
    assert lo.verdict(_runs("zero", (0.9, 0.9), (0.9, 0.9)), "zero") == (
        "from the zero start the data do not separate the two losses "
        "(cross-entropy minus squares: +0.00 points, 95 % interval +0.00 to +0.00)")


def test_summary_of_each_start_and_loss():
    records = _runs("zero", (0.90, 0.94), (0.8,)) + _runs("N(0, 1)", (0.5,), (0.6, 0.7))
    summary = lo.summarise(records)
    assert list(summary) == [("zero", KL), ("zero", SQ), ("N(0, 1)", KL), ("N(0, 1)", SQ)]
    assert summary[("zero", KL)] == pytest.approx({"mean": 0.92, "std": math.sqrt(0.0008), "min": 0.90,
                                                    "max": 0.94, "runs": 2})
    assert summary[("zero", SQ)] == {"mean": pytest.approx(0.8), "std": 0.0, "min": pytest.approx(0.8),
                                     "max": pytest.approx(0.8), "runs": 1}


def test_four_vs_nine_keeps_only_those_digits_with_their_signs():
    images = torch.arange(5 * 28 * 28, dtype=torch.float32).reshape(5, 28, 28) % 256
    split = MnistSplit("test", images.to(torch.uint8), torch.tensor([4, 9, 3, 9, 7]), source="made up")
    data = lo.four_vs_nine(split)
    assert data.y.tolist() == [-1.0, 1.0, 1.0] and data.y.dtype == data.x.dtype == torch.float64
    assert data.x.shape == (3, 784) and 0 <= data.x.min() and data.x.max() <= 1
    assert torch.equal(data.x[2], (images[3].flatten().float() / 255).double())


def test_random_split_is_a_partition_of_the_stated_size():
    data = lo.Binary(torch.arange(10, dtype=torch.float64).unsqueeze(1), torch.ones(10, dtype=torch.float64))
    train, held_out = lo.random_split(data, 0.6, seed=3)
    assert len(train.y) == 6 and len(held_out.y) == 4
    assert sorted(train.x.flatten().tolist() + held_out.x.flatten().tolist()) == list(range(10))
    again, _ = lo.random_split(data, 0.6, seed=3)
    other, _ = lo.random_split(data, 0.6, seed=4)
    assert torch.equal(again.x, train.x) and not torch.equal(other.x, train.x)


def test_one_sgd_step_of_a_full_batch_from_zero():
    x = torch.tensor([[1.0, 2.0], [3.0, -1.0]], dtype=torch.float64)
    y = torch.tensor([1.0, -1.0], dtype=torch.float64)
    a, b = lo.train_logistic(lo.Binary(x, y), lo.kl_loss, lo.Training(epochs=1, lr=0.5, batch=2), seed=0)
    # At z = 0 the derivative of log(1 + e^{−yz}) in z is −y/2: the mean gradient is −mean(y x)/2.
    assert a.tolist() == pytest.approx((0.5 * (y.unsqueeze(1) * x).mean(0) / 2).tolist())
    assert b.item() == pytest.approx(0.5 * y.mean().item() / 2)
    a2, b2 = lo.train_logistic(lo.Binary(x, y), lo.kl_loss, lo.Training(epochs=1, lr=0.5, batch=1), seed=0)
    assert not torch.allclose(a2, a)  # two steps of one example each


def test_initial_scale_draws_the_start():
    x = torch.zeros(3, 4, dtype=torch.float64)
    y = torch.ones(3, dtype=torch.float64)
    a, _ = lo.train_logistic(lo.Binary(x, y), lo.kl_loss, lo.Training(epochs=0, init_scale=2.0), seed=5)
    expected = 2.0 * torch.randn(4, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    assert a.tolist() == pytest.approx(expected.tolist())


def test_accuracy_counts_the_right_side_only():
    data = lo.Binary(torch.tensor([[1.0], [-2.0], [0.0]], dtype=torch.float64),
                     torch.tensor([1.0, 1.0, -1.0], dtype=torch.float64))
    a, b = torch.tensor([1.0], dtype=torch.float64), torch.tensor(0.0, dtype=torch.float64)
    assert lo.accuracy(a, b, data) == pytest.approx(1 / 3)  # z = 0 is on neither side


def test_compare_records_each_run():
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(20, 3, generator=gen, dtype=torch.float64)
    data = lo.Binary(x, torch.where(x[:, 0] > 0.5, 1.0, -1.0).double())
    records = lo.compare(data, range(2), {"zero": 0.0, "wide": 1.0}, train_fraction=0.5,
                         setup=lo.Training(epochs=1))
    assert [(r["seed"], r["init"], r["loss"]) for r in records] == [
        (s, i, name) for s in range(2) for i in ("zero", "wide") for name in (KL, SQ)]
    assert all(r["n_train"] == 10 and r["n_test"] == 10 for r in records)
    assert all(0 <= r["train"] <= 1 and 0 <= r["test"] <= 1 for r in records)
    train, held_out = lo.random_split(data, 0.5, 1)
    a, b = lo.train_logistic(train, lo.squares_loss, lo.Training(epochs=1, init_scale=1.0), 1)
    assert records[-1]["test"] == lo.accuracy(a, b, held_out) and records[-1]["train"] == lo.accuracy(a, b, train)


def test_one_run_of_a_loss_gives_no_interval_and_is_refused():
    """With one run a standard deviation is NaN: the verdict would name a winner with a NaN interval."""
    one_each = _runs("zero", (0.9,), (0.9,))
    with pytest.raises(ValueError, match=r"from the zero start needs at least two runs of each loss .*"
                                         r"got 1 of KL \(cross-entropy\), 1 of sum of squares: run more seeds"):
        lo.verdict(one_each, "zero")
    with pytest.raises(ValueError, match="at least two runs"):
        lo.squares_better_supported(_runs("zero", (0.8, 0.9), (0.9,)))


def test_training_is_fixed_by_its_seed_and_shuffles_each_epoch():
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(12, 3, generator=gen, dtype=torch.float64)
    data = lo.Binary(x, torch.where(x[:, 0] > 0.5, 1.0, -1.0).double())
    setup = lo.Training(epochs=2, lr=0.3, batch=5, init_scale=0.5)
    a, b = lo.train_logistic(data, lo.kl_loss, setup, seed=4)
    a2, b2 = lo.train_logistic(data, lo.kl_loss, setup, seed=4)
    assert torch.equal(a, a2) and torch.equal(b, b2) and b.dtype == torch.float64 and b.item() != 0.0
    a3, _ = lo.train_logistic(data, lo.kl_loss, setup, seed=5)
    assert not torch.equal(a, a3)
    # By hand: the same start, then batches of 5, 5 and 2 in the order randperm draws each epoch.
    g = torch.Generator().manual_seed(4)
    w = (0.5 * torch.randn(3, generator=g, dtype=torch.float64)).requires_grad_(True)
    c = torch.zeros((), dtype=torch.float64, requires_grad=True)
    for _ in range(2):
        order = torch.randperm(12, generator=g)
        for start in (0, 5, 10):
            idx = order[start:start + 5]
            value = lo.kl_loss(data.x[idx] @ w + c, data.y[idx]).mean()
            gw, gc = torch.autograd.grad(value, (w, c))
            with torch.no_grad():
                w -= 0.3 * gw
                c -= 0.3 * gc
    assert a.tolist() == pytest.approx(w.tolist(), rel=1e-12) and b.item() == pytest.approx(c.item(), rel=1e-12)


def test_compare_runs_on_one_thread_and_restores_the_setting(monkeypatch):
    seen = []
    original = lo.train_logistic
    monkeypatch.setattr(lo, "train_logistic", lambda *args: seen.append(torch.get_num_threads()) or original(*args))
    before = torch.get_num_threads()
    data = lo.Binary(torch.rand(6, 2, dtype=torch.float64), torch.tensor([1.0, -1.0] * 3, dtype=torch.float64))
    torch.set_num_threads(2)  # a setting other than one thread (the mutation runs start from one)
    try:
        lo.compare(data, range(1), {"zero": 0.0}, setup=lo.Training(epochs=1))
        assert seen == [1, 1] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_summary_std_is_the_sample_standard_deviation():
    summary = lo.summarise(_runs("zero", (0.7, 0.8, 0.9), (0.5,)))
    assert summary[("zero", KL)]["std"] == pytest.approx(0.1, rel=1e-12)  # n − 1 in the denominator
    assert summary[("zero", SQ)]["std"] == 0.0 and summary[("zero", SQ)]["runs"] == 1


def test_mean_difference_in_float64():
    records = _runs("zero", (0.1, 0.7, 0.3), (0.2, 0.9))
    d = lo.mean_difference(records, "zero", KL, SQ)
    assert d["gap"] == pytest.approx((0.1 + 0.7 + 0.3) / 3 - (0.2 + 0.9) / 2, rel=1e-14, abs=0)


def test_each_start_of_compare_trains_from_its_own_scale():
    """No training (0 epochs): the zero start is on neither side of any point, the other start is its draw."""
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(10, 3, generator=gen, dtype=torch.float64) - 0.5
    start = torch.randn(3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)  # seed 0's draw
    data = lo.Binary(x, torch.where(x @ start > 0, 1.0, -1.0).double())
    records = lo.compare(data, range(1), {"zero": 0.0, "far": 5.0}, train_fraction=0.5, setup=lo.Training(epochs=0))
    assert [(r["init"], r["train"], r["test"]) for r in records] == [
        ("zero", 0.0, 0.0), ("zero", 0.0, 0.0), ("far", 1.0, 1.0), ("far", 1.0, 1.0)]


def test_seed_dots_are_coloured_by_loss_and_the_zero_margin_line_is_grey():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgba

    records = _runs("zero", (0.8, 0.9), (0.7, 0.75)) + _runs("N(0, 1)", (0.85, 0.8), (0.6, 0.9))
    fig, axes = plt.subplots(3, 1)
    lo.plot_seeds(axes[0], records, lo.summarise(records))
    dots = [c for c in axes[0].collections if isinstance(c, PathCollection)]
    blue, orange = to_rgba("tab:blue", 0.6), to_rgba("tab:orange", 0.6)
    assert [to_rgba(c.get_facecolor()[0]) for c in dots] == [blue, orange, blue, orange]
    lo.plot_margin_curves(axes[1:], torch.linspace(-3, 3, 7, dtype=torch.float64))
    for ax in axes[1:]:
        zero = [line for line in ax.get_lines() if list(line.get_xdata()) == [0, 0]]
        curves = {to_rgba(line.get_color()) for line in ax.get_lines() if line not in zero}
        assert len(zero) == 1 and to_rgba(zero[0].get_color()) == to_rgba("gray") not in curves
    plt.close(fig)
