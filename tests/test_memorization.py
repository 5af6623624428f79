"""Label memorization (mfdnn.memorization)."""

import math

import pytest
import torch

from mfdnn import memorization as mm
from mfdnn.memorization import bench
from mfdnn import mnist, profile


def test_alexnet28_shapes_and_width():
    assert mm.alexnet28(0.25)(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert mm.alexnet28(0.125, num_classes=3)(torch.zeros(1, 1, 28, 28)).shape == (1, 3)
    # The documented shapes (module docstring), one row per layer.
    assert mm.layer_table() == "\n".join([
        "| layer | output shape |",
        "|---|---|",
        "| input | 1 × 28 × 28 |",
        "| `Conv2d(1, 96, kernel_size=(4, 4), stride=(1, 1))` | 96 × 25 × 25 (then ReLU) |",
        "| `Conv2d(96, 96, kernel_size=(3, 3), stride=(1, 1))` | 96 × 23 × 23 (then ReLU) |",
        "| `Conv2d(96, 256, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2))` | 256 × 23 × 23 (then ReLU) |",
        "| `MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)` | 256 × 11 × 11 |",
        "| `Conv2d(256, 384, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))` | 384 × 11 × 11 (then ReLU) |",
        "| `Conv2d(384, 384, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))` | 384 × 11 × 11 (then ReLU) |",
        "| `Conv2d(384, 256, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))` | 256 × 11 × 11 (then ReLU) |",
        "| `MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)` | 256 × 5 × 5 |",
        "| `Flatten(start_dim=1, end_dim=-1)` | 6400 |",
        "| `Dropout(p=0.5, inplace=False)` | 6400 |",
        "| `Linear(in_features=6400, out_features=800, bias=True)` | 800 (then ReLU) |",
        "| `Linear(in_features=800, out_features=10, bias=True)` | 10 |",
    ])


def test_flops_scale_with_width(capsys):
    full, narrow = mm.flops_per_image(batch=2), mm.flops_per_image(0.5, batch=2)
    # Evaluation by hand: 2 · inputs · outputs · kernel area per output pixel of each convolution (sides from
    # the module docstring), 2 · in · out per linear layer.
    convs = [(1, 96, 4, 25), (96, 96, 3, 23), (96, 256, 5, 23), (256, 384, 3, 11), (384, 384, 3, 11),
             (384, 256, 3, 11)]
    by_hand = sum(2 * c_in * c_out * k * k * side * side for c_in, c_out, k, side in convs)
    assert full["eval"] == by_hand + 2 * 6400 * 800 + 2 * 800 * 10
    assert capsys.readouterr().out == ""  # a page's cell shows no counter table
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
    assert len(hist.accuracy) == len(hist.loss) == len(hist.course_accuracy) == len(hist.course_loss) == 2
    assert hist.seconds > 0
    assert all(0.0 <= a <= 1.0 for a in hist.accuracy)
    assert hist.first_epoch_reaching(2.0) is None


def test_profiles_pick_the_course_setup_for_full(monkeypatch):
    monkeypatch.setenv(profile.PROFILE_ENV, "full")
    full = mm.setup_for(profile.active_profile())
    assert (full.images, full.epochs, full.width, full.lr, full.batch, full.init) == \
        (6000, 150, 1.0, 0.1, 64, "default")
    monkeypatch.setenv(profile.PROFILE_ENV, "quick")
    quick = mm.setup_for(profile.active_profile())
    assert mm.total_flops(full) / mm.total_flops(quick) >= 100


# The course's code errata of hw5 (2021) P6 (derivations/mnist.py): each test shows what the course's
# line does and that the site's version does what the course meant.


def test_course_label_draw_never_gives_class_9():
    """E9: ``randint(0, 9, …)`` has an exclusive upper bound: 9 label values, the class 9 never drawn."""
    course = mm.random_labels(6000, seed=0, classes=mm.COURSE_LABEL_VALUES)
    assert course.max().item() == 8 and not (course == 9).any()
    assert sorted(set(course.tolist())) == list(range(9))
    assert sorted(set(mm.random_labels(6000, seed=0, classes=10).tolist())) == list(range(10))


def test_train_mode_accuracy_is_random_eval_mode_is_not():
    """E10: under no_grad but in train mode, dropout stays on: two passes over the same weights differ."""
    torch.manual_seed(0)
    model = mm.alexnet28(0.125)
    mm.he_init(model)
    x, y = torch.rand(64, 1, 28, 28), mm.random_labels(64, seed=1)
    cpu = torch.device("cpu")
    course = [mm.evaluate(model, x, y, cpu, train_mode=True) for _ in range(2)]
    fixed = [mm.evaluate(model, x, y, cpu) for _ in range(2)]
    assert course[0][1].item() != course[1][1].item()
    assert fixed[0][0].item() == fixed[1][0].item() and fixed[0][1].item() == fixed[1][1].item()


def test_recorded_loss_is_the_epoch_mean_not_the_last_minibatch():
    """E11: the course records the last minibatch's loss (48 of 6000 images); the site, the mean over the set.

    With step size 0 and no dropout the weights stay at their initial values, so both figures can be
    recomputed: the course's is the mean loss over the last ``last_batch_size`` images of the epoch's
    shuffle, the site's the mean over all images.
    """
    assert mm.last_batch_size(6000, 64) == 48
    split = mnist.synthetic_split("train", 40, seed=0)
    x, y = mnist.as_float(split.images), split.labels
    setup = mm.Setup(images=40, epochs=1, width=0.0625, batch=16, init="he", lr=0.0, dropout=0.0)
    hist = mm.train(x, y, setup, torch.device("cpu"))
    torch.manual_seed(setup.seed)  # the same draws as train(): the weights, then the shuffle
    model = mm.alexnet28(setup.width, dropout=0.0)
    mm.he_init(model)
    order = torch.randperm(setup.images)
    with torch.no_grad():
        losses = torch.nn.functional.cross_entropy(model(x), y, reduction="none")
    last = order[-mm.last_batch_size(setup.images, setup.batch):]
    assert math.isclose(hist.course_loss[0], losses[last].mean().item(), rel_tol=1e-5)
    assert math.isclose(hist.loss[0], losses.mean().item(), rel_tol=1e-5)
    assert not math.isclose(hist.course_loss[0], hist.loss[0], rel_tol=1e-3)


def test_the_gpu_records_are_found_and_a_missing_file_is_an_error(tmp_path):
    """The page lists the recorded GPU runs from the project's record file; without it, an error, not "none"."""
    assert bench.RECORDS.is_file(), bench.RECORDS
    assert isinstance(bench.recorded_runs(), list)
    with pytest.raises(FileNotFoundError, match="restore it from version control"):
        bench.recorded_runs(tmp_path / "absent.json")
