"""The numerical side of chapter 8: the two logistic losses and the memorization code."""

import math

import sympy as sp
import torch

from derivations import loss as dl
from mfdnn import loss as lo
from mfdnn import memorization as mm
from mfdnn import mnist, profile


def test_torch_losses_match_the_checked_closed_forms():
    z = torch.linspace(-6, 6, 25, dtype=torch.float64)
    for label in (1.0, -1.0):
        y = torch.full_like(z, label)
        for torch_loss, formula in ((lo.kl_loss, dl.ce_loss), (lo.squares_loss, dl.mse_loss)):
            f = sp.lambdify(dl.z, formula.subs(dl.y, label), "math")
            expected = torch.tensor([f(v) for v in z.tolist()], dtype=torch.float64)
            assert torch.allclose(torch_loss(z, y), expected, rtol=1e-12)


def test_autograd_gradient_sizes_match_the_margin_formulas():
    margins = torch.linspace(-8, 8, 33, dtype=torch.float64)
    curves = lo.margin_curves(margins)
    e = torch.exp(margins)
    assert torch.allclose(curves["KL (cross-entropy)"]["grad"], 1 / (1 + e), rtol=1e-12)
    assert torch.allclose(curves["sum of squares"]["grad"], 4 * e / (1 + e) ** 3, rtol=1e-12)


def test_logistic_training_learns_a_separable_problem():
    gen = torch.Generator().manual_seed(0)
    x = torch.rand(200, 5, generator=gen, dtype=torch.float64)
    y = torch.where(x[:, 0] > 0.5, 1.0, -1.0).double()
    data = lo.Binary(x, y)
    for loss in lo.LOSSES.values():
        a, b = lo.train_logistic(data, loss, lo.Training(epochs=8, lr=2.0, batch=50), seed=0)
        assert lo.accuracy(a, b, data) > 0.9


def test_compare_and_summarise_on_the_synthetic_stand_in():
    split = mnist.synthetic_split("test", 300, seed=3)
    binary = lo.four_vs_nine(split)
    assert set(binary.y.tolist()) <= {-1.0, 1.0} and binary.x.shape[1] == 784
    records = lo.compare(binary, range(2), {"zero": 0.0}, setup=lo.Training(epochs=2))
    summary = lo.summarise(records)
    assert len(records) == 4 and all(s["runs"] == 2 for s in summary.values())
    assert all(0.0 <= s["min"] <= s["mean"] <= s["max"] <= 1.0 for s in summary.values())


def test_alexnet28_shapes_and_width():
    assert mm.alexnet28(0.25)(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert mm.alexnet28(0.125, num_classes=3)(torch.zeros(1, 1, 28, 28)).shape == (1, 3)
    assert "6400" in mm.layer_table()


def test_flops_scale_with_width():
    full, narrow = mm.flops_per_image(1.0, batch=2), mm.flops_per_image(0.5, batch=2)
    assert 2.5 < full["train"] / full["eval"] < 3.5  # backward ≈ twice the forward
    assert 3 < full["eval"] / narrow["eval"] < 4.5  # most work is in conv-to-conv layers, quadratic in width


def test_he_init_keeps_the_signal_and_default_shrinks_it():
    x = torch.rand(8, 1, 28, 28)
    moments = mm.initial_moments(x, 0.125)
    assert moments["default"][-1] < 1e-2 * moments["he"][-1]
    assert math.isclose(moments["default"][1] / moments["default"][0], 1 / 6, rel_tol=0.5)


def test_train_records_one_figure_per_epoch():
    split = mnist.synthetic_split("train", 40, seed=0)
    setup = mm.Setup(images=32, epochs=2, width=0.0625, batch=16, init="he")
    hist = mm.train(mnist.as_float(split.images), split.labels, setup, torch.device("cpu"))
    assert len(hist.accuracy) == len(hist.loss) == 2 and hist.seconds > 0
    assert all(0.0 <= a <= 1.0 for a in hist.accuracy)
    assert hist.first_epoch_reaching(2.0) is None


def test_profiles_pick_the_course_setup_for_full(monkeypatch):
    monkeypatch.setenv(profile.PROFILE_ENV, "full")
    full = mm.setup_for(profile.active_profile())
    assert (full.images, full.epochs, full.width, full.lr, full.batch, full.init) == (6000, 150, 1.0, 0.1, 64, "default")
    monkeypatch.setenv(profile.PROFILE_ENV, "quick")
    quick = mm.setup_for(profile.active_profile())
    assert mm.total_flops(full) / mm.total_flops(quick) >= 100
