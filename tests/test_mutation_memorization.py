"""mfdnn.memorization: the network's layers and widths, its FLOPs, the training history and the page's sentences."""

import contextlib
import time

import matplotlib
import pytest
import torch
from torch import nn

from mfdnn import memorization as mm
from mfdnn import mnist

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

CPU = torch.device("cpu")


def widths(model):
    return [layer.out_features if isinstance(layer, nn.Linear) else layer.out_channels
            for layer in model if isinstance(layer, (nn.Conv2d, nn.Linear))]


def test_alexnet28_has_a_relu_after_each_convolution_and_the_hidden_layer_and_scales_its_widths():
    with torch.device("meta"):  # shapes only: instant at width 1
        full, narrow, thinnest = mm.alexnet28(), mm.alexnet28(0.125), mm.alexnet28(1e-3)
    assert [type(layer).__name__ for layer in full] == [
        "Conv2d", "ReLU", "Conv2d", "ReLU", "Conv2d", "ReLU", "MaxPool2d",
        "Conv2d", "ReLU", "Conv2d", "ReLU", "Conv2d", "ReLU", "MaxPool2d",
        "Flatten", "Dropout", "Linear", "ReLU", "Linear"]
    assert widths(full) == [96, 96, 256, 384, 384, 256, 800, 10]
    assert widths(narrow) == [12, 12, 32, 48, 48, 32, 100, 10]
    assert widths(thinnest) == [1] * 7 + [10]  # at least one channel and one hidden unit


def test_a_runs_work_is_training_and_two_measuring_passes_per_image_and_epoch(monkeypatch):
    monkeypatch.setattr(mm, "flops_per_image", lambda width: {"train": 5.0, "eval": 3.0})
    assert mm.total_flops(mm.Setup(images=6, epochs=3)) == 6 * 3 * (5 + 2 * 3)


def test_last_batch_size_is_what_range_gives():
    for count, batch in [(65, 64), (64, 64), (6000, 64), (1, 8), (17, 4)]:
        assert mm.last_batch_size(count, batch) == len(range(0, count, batch) and
                                                        range(count)[list(range(0, count, batch))[-1]:])


def test_random_labels_are_fixed_by_their_seed_not_by_the_global_generator():
    first = mm.random_labels(200, seed=3)
    torch.manual_seed(99)
    torch.rand(5)
    assert torch.equal(mm.random_labels(200, seed=3), first)
    assert not torch.equal(mm.random_labels(200, seed=4), first)


def test_autocast_is_bf16_on_the_gpu_and_off_on_the_cpu():
    on_gpu = mm._autocast(torch.device("cuda"))  # built, not entered: no GPU needed
    assert (on_gpu.device, on_gpu.fast_dtype) == ("cuda", torch.bfloat16)
    assert mm._autocast(CPU).device == "cpu"
    with mm._autocast(CPU):
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32


def test_training_on_the_cpu_uses_one_thread_and_restores_the_setting(monkeypatch):
    seen = []
    monkeypatch.setattr(mm, "_train", lambda *args: seen.append(torch.get_num_threads()))
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        mm.train(None, None, mm.Setup(), CPU)
        mm.train(None, None, mm.Setup(), torch.device("cuda"))  # the GPU's run leaves the CPU setting alone
        assert seen == [1, 2] and torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


@pytest.fixture(scope="module")
def compiled_run():
    """One tiny run with ``compile=True``; torch.compile is replaced by a wrapper that counts the steps it runs."""
    compiled = []

    class Compiled(nn.Module):
        def __init__(self, model):
            super().__init__()
            self.model = model

        def forward(self, x):
            compiled.append(len(x))
            return self.model(x)

    def fake_compile(model, **options):
        return Compiled(model)

    split = mnist.synthetic_split("train", 24, seed=0)
    setup = mm.Setup(images=24, epochs=2, width=0.0625, batch=16, init="he", compile=True, dropout=0.5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(torch, "compile", fake_compile)
        t0 = time.perf_counter()
        hist = mm.train(mnist.as_float(split.images), split.labels, setup, CPU)
        wall = time.perf_counter() - t0
    return setup, hist, wall, compiled


def test_a_compiled_run_steps_through_the_compiled_model(compiled_run):
    setup, hist, wall, compiled = compiled_run
    assert compiled == [16, 8, 24, 24] * 2  # per epoch: two minibatches, then the two measuring passes
    assert hist.setup is setup and 0 < hist.seconds <= wall


def test_the_course_accuracy_is_measured_with_dropout_on(compiled_run):
    """Dropout 0.5 in train mode: the course's accuracy is not the eval-mode accuracy of the same weights."""
    _, hist, _, _ = compiled_run
    assert hist.course_accuracy != hist.accuracy


def history(accuracy):
    return mm.History(accuracy, [1.0] * len(accuracy), 1.0, mm.Setup())


def test_reaching_a_level_counts_an_accuracy_equal_to_it():
    assert history([0.5, 0.99, 0.99]).first_epoch_reaching(0.99) == 2
    assert history([0.5, 0.99, 0.99]).after_reaching(0.99, "the random labels") == \
        "Once at 99 %, the fit of the random labels stayed there."


def test_a_fragile_fit_is_described_in_full():
    assert history([0.5, 0.995, 0.9, 0.992, 0.97]).after_reaching(0.99, "the true labels") == (
        "The fit of the true labels is fragile: after first reaching 99 % it dipped as low as 90.0 % before ending "
        "at 97.0 % (plain SGD at this step size, without momentum or a schedule, is noisy).")


def test_epochs_ratio_in_words():
    slow, fast, never = history([0.1, 0.2, 0.3, 0.999]), history([0.1, 0.999]), history([0.1])
    assert mm.epochs_ratio(slow, fast, 0.999) == "2.0 times as many epochs"
    for a, b in [(slow, never), (never, fast)]:
        assert mm.epochs_ratio(a, b, 0.999) == \
            "a ratio that this run cannot give, because one of them never reached 99.9 %"


def test_plot_history_pairs_each_runs_two_lines_by_colour_and_tells_runs_apart():
    fig, axes = plt.subplots(1, 2)
    runs = {name: mm.History([0.1, 0.2], [2.0, 1.0], 1.0, mm.Setup(), [0.1, 0.1], [2.0, 2.0])
            for name in ("random labels", "true labels")}
    with contextlib.ExitStack() as stack:
        stack.callback(plt.close, fig)
        mm.plot_history(axes, runs)
        for ax in axes:
            colours = [matplotlib.colors.to_hex(line.get_color()) for line in ax.get_lines()]
            assert colours[0] == colours[1] and colours[2] == colours[3] and colours[0] != colours[2]
            assert colours[0] == matplotlib.colors.to_hex("tab:red")
            assert colours[2] == matplotlib.colors.to_hex("tab:blue")
