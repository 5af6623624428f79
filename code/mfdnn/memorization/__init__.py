"""Label memorization (Zhang et al., 2017) with the course's modified AlexNet for 28×28 inputs.

The architecture (``width = 1``; the course's hw5 (2021) notebook, "Modified version of AlexNet"):

====================  ===========================  ==============
layer                  shape after it               note
====================  ===========================  ==============
input                  1×28×28
conv 4×4, 96           96×25×25                     no padding
conv 3×3, 96           96×23×23                     no padding
conv 5×5, 256, pad 2   256×23×23
maxpool 3, stride 2    256×11×11
conv 3×3, 384, pad 1   384×11×11
conv 3×3, 384, pad 1   384×11×11
conv 3×3, 256, pad 1   256×11×11
maxpool 3, stride 2    256×5×5                      flatten: 6400
dropout 0.5, fc 800    800
fc 10                  10
====================  ===========================  ==============

with a ReLU after every convolution and after the first fully connected
layer.  ``width`` scales every channel count and the hidden layer (the
``quick`` profile uses a narrow copy); the shapes do not change.

Training is written for a GPU: the whole data set lives on the device, each
epoch's shuffle is one ``randperm`` there, losses and accuracies are kept as
device tensors and copied to the host once at the end, the forward and
backward passes run under bf16 autocast in ``channels_last`` layout, and every
epoch after the first is replayed as one CUDA graph (:class:`ReplayAfterFirstCall`);
``torch.compile`` is optional.  On the CPU the same code runs in float32, eagerly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import time

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from ..benchmark import cpu_threads

#: Channel counts of the six convolutions and the hidden fully connected layer at width 1.
CHANNELS = (96, 96, 256, 384, 384, 256)
HIDDEN = 800
#: How the page names each initialisation of :class:`Setup`.
INIT_NAMES = {"default": "PyTorch's default", "he": "He"}


def alexnet28(width: float = 1.0, num_classes: int = 10, dropout: float = 0.5) -> nn.Sequential:
    """The course's modified AlexNet for 1×28×28 inputs, channels scaled by ``width``."""
    c = [max(1, round(k * width)) for k in CHANNELS]
    hidden = max(1, round(HIDDEN * width))
    return nn.Sequential(
        nn.Conv2d(1, c[0], kernel_size=4), nn.ReLU(inplace=True),
        nn.Conv2d(c[0], c[1], kernel_size=3), nn.ReLU(inplace=True),
        nn.Conv2d(c[1], c[2], kernel_size=5, padding=2), nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(c[2], c[3], kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(c[3], c[4], kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(c[4], c[5], kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Flatten(),
        nn.Dropout(dropout),
        nn.Linear(c[5] * 5 * 5, hidden), nn.ReLU(inplace=True),
        nn.Linear(hidden, num_classes),  # the course's notebook hard-codes 10 here, ignoring num_class
    )


def he_init(model: nn.Module) -> None:
    """He (Kaiming) normal weights, zero biases: keeps the signal's size through the ReLU layers."""
    for layer in model.modules():
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            nn.init.zeros_(layer.bias)


@dataclasses.dataclass(frozen=True)
class Setup:
    """One memorization run: sizes and optimiser (the course's: 6000 images, 150 epochs, lr 0.1, batch 64)."""

    images: int = 6_000
    epochs: int = 150
    width: float = 1.0
    lr: float = 0.1
    batch: int = 64
    seed: int = 0
    compile: bool = False
    init: str = "default"
    dropout: float = 0.5

    def describe(self) -> str:
        """One line for the page.

        >>> Setup(images=256, epochs=120, width=0.125, init="he").describe()
        '256 images, 120 epochs, width 0.125, He initialisation, SGD lr 0.1, batch 64'
        """
        return (f"{self.images} images, {self.epochs} epochs, width {self.width:g}, "
                f"{INIT_NAMES[self.init]} initialisation, SGD lr {self.lr:g}, batch {self.batch}")


def setup_for(profile, **overrides) -> Setup:
    """``full``: the course's sizes and PyTorch's default init.

    ``quick``: 256 images, 120 epochs, width 1/8 and He initialisation, for two CPU cores (see the page
    for why the initialisation differs).
    """
    sizes = profile.pick(quick=dict(images=256, epochs=120, width=0.125, init="he"),
                         full=dict())  # not compiled: the recorded compiled run was slower, compile time included
    return dataclasses.replace(Setup(**sizes), **overrides)


#: How many label values the course's draw takes: it calls ``randint`` with the upper bound 9, which is
#: exclusive, so its random labels are 0..8 and the class 9 never occurs (its network still has 10 outputs).
COURSE_LABEL_VALUES = 9


def random_labels(count: int, seed: int, classes: int = 10) -> torch.Tensor:
    """Labels drawn uniformly from ``0..classes − 1``, independently of the images.

    ``classes = COURSE_LABEL_VALUES`` is the course's draw (``randint(0, 9, …)``).

    >>> sorted(set(random_labels(1000, seed=0, classes=COURSE_LABEL_VALUES).tolist()))
    [0, 1, 2, 3, 4, 5, 6, 7, 8]
    """
    return torch.randint(0, classes, (count,), generator=torch.Generator().manual_seed(seed))


def last_batch_size(count: int, batch: int) -> int:
    """The size of an epoch's last minibatch: the one whose loss the course records.

    >>> last_batch_size(6000, 64), last_batch_size(256, 64)
    (48, 64)
    """
    return count - batch * ((count - 1) // batch)


def _autocast(device: torch.device):
    if device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return torch.autocast("cpu", enabled=False)


@dataclasses.dataclass
class History:
    """Per-epoch training accuracy and loss, measured two ways after each epoch.

    ``accuracy`` and ``loss``: over the whole training set in eval mode (dropout off), the loss a mean over
    every example.  ``course_accuracy`` and ``course_loss``: what the course's notebook records, the accuracy
    over the whole set in train mode (dropout on, so random) and the loss of the epoch's last minibatch.
    """

    accuracy: list[float]
    loss: list[float]
    seconds: float
    setup: Setup
    course_accuracy: list[float] = dataclasses.field(default_factory=list)
    course_loss: list[float] = dataclasses.field(default_factory=list)

    def first_epoch_reaching(self, level: float) -> int | None:
        """The first epoch (1-based) with training accuracy ≥ ``level``, or ``None``."""
        return next((k + 1 for k, a in enumerate(self.accuracy) if a >= level), None)

    def lowest_after(self, epoch: int) -> float:
        """The lowest training accuracy from ``epoch`` (1-based) on: did the fit stay?"""
        return min(self.accuracy[epoch - 1:])

    def reached(self, level: float) -> str:
        """When the training accuracy first reached ``level``, in words.

        >>> hist = History(accuracy=[0.5, 0.95, 0.9], loss=[1.0, 0.2, 0.3], seconds=1.0, setup=Setup())
        >>> hist.reached(0.9), hist.reached(0.99)
        ('reached at epoch 2', 'not reached within 3 epochs')
        """
        epoch = self.first_epoch_reaching(level)
        return f"reached at epoch {epoch}" if epoch else f"not reached within {len(self.accuracy)} epochs"

    def after_reaching(self, level: float, labels: str) -> str:
        """A sentence on whether the fit of ``labels`` stayed at ``level`` once it got there.

        >>> hist = History(accuracy=[0.5, 0.995, 0.9, 0.992], loss=[1.0] * 4, seconds=1.0, setup=Setup())
        >>> hist.after_reaching(0.99, "the random labels")[:80]
        'The fit of the random labels is fragile: after first reaching 99 % it dipped as '
        >>> hist.after_reaching(0.999, "the random labels")
        'With the random labels the run never reached 99.9 %.'
        """
        first = self.first_epoch_reaching(level)
        if first is None:
            return f"With {labels} the run never reached {100 * level:g} %."
        if self.lowest_after(first) >= level:
            return f"Once at {100 * level:g} %, the fit of {labels} stayed there."
        return (f"The fit of {labels} is fragile: after first reaching {100 * level:g} % it dipped as low as "
                f"{100 * self.lowest_after(first):.1f} % before ending at {100 * self.accuracy[-1]:.1f} % "
                "(plain SGD at this step size, without momentum or a schedule, is noisy).")


def epochs_ratio(slower: History, faster: History, level: float) -> str:
    """How many times as many epochs ``slower`` took to reach ``level`` as ``faster``, in words.

    >>> a = History([0.2, 0.5, 0.995], [1.0] * 3, 1.0, Setup())
    >>> b = History([0.995], [1.0], 1.0, Setup())
    >>> epochs_ratio(a, b, 0.99), epochs_ratio(b, a, 0.999)[:30]
    ('3.0 times as many epochs', 'a ratio that this run cannot g')
    """
    e_slow, e_fast = slower.first_epoch_reaching(level), faster.first_epoch_reaching(level)
    return (f"{e_slow / e_fast:.1f} times as many epochs" if e_slow and e_fast else
            f"a ratio that this run cannot give, because one of them never reached {100 * level:g} %")


def train(images: torch.Tensor, labels: torch.Tensor, setup: Setup, device: torch.device) -> History:
    """SGD on cross-entropy; after each epoch, accuracy and loss on the training set in eval mode.

    ``images`` is float ``(N, 1, 28, 28)`` in [0, 1]; the first ``setup.images`` are used.
    """
    # The layers here are small: on a shared 2-core machine, one thread per operation measured 4 to 20 times
    # faster than two, which wait on each other.
    with cpu_threads(1) if device.type == "cpu" else contextlib.nullcontext():
        return _train(images, labels, setup, device)


def _train(images: torch.Tensor, labels: torch.Tensor, setup: Setup, device: torch.device) -> History:
    torch.manual_seed(setup.seed)
    x = images[: setup.images].to(device).contiguous(memory_format=torch.channels_last)
    y = labels[: setup.images].to(device)
    n = len(y)
    model = alexnet28(setup.width, dropout=setup.dropout)
    if setup.init == "he":
        he_init(model)
    model = model.to(device).to(memory_format=torch.channels_last)
    step_model = torch.compile(model, dynamic=False) if setup.compile else model  # 3 graphs: 2 batch sizes, eval
    # Plain SGD as in the course; on a GPU the fused kernel updates all parameters in one launch.
    opt = torch.optim.SGD(model.parameters(), lr=setup.lr, fused=True if device.type == "cuda" else None)
    order = torch.arange(n, device=device)  # each epoch's shuffle, written in place so a CUDA graph can read it
    one_epoch = functools.partial(_epoch, model, step_model, opt, x, y, order, setup.batch, device)
    if device.type == "cuda":
        one_epoch = ReplayAfterFirstCall(one_epoch)
    figures = torch.zeros(4, setup.epochs, device=device)  # accuracy, loss, course's accuracy, course's loss
    if device.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for epoch in range(setup.epochs):
        torch.randperm(n, device=device, out=order)
        figures[:, epoch] = torch.stack(one_epoch())
    accuracy, loss, course_accuracy, course_loss = figures.tolist()  # the only host copy
    return History(accuracy, loss, time.perf_counter() - t0, setup, course_accuracy, course_loss)


def _epoch(model, step_model, opt, x, y, order, batch: int, device: torch.device):
    """One pass of SGD over the batches of ``order``, then the figures of the epoch.

    Returns the eval-mode accuracy and mean loss over the set (:func:`evaluate`), then the course's two
    figures: the train-mode accuracy over the set (dropout on) and the last minibatch's loss.
    """
    model.train()
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        with _autocast(device):
            loss = nn.functional.cross_entropy(step_model(x[idx]), y[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    course_accuracy, _ = evaluate(step_model, x, y, device, train_mode=True)
    accuracy, mean_loss = evaluate(step_model, x, y, device)
    return accuracy, mean_loss, course_accuracy, loss.detach().float()


class ReplayAfterFirstCall:
    """Call ``fn`` once as usual, then record it as a CUDA graph and replay that on every later call.

    An epoch is about 100 SGD steps of some 60 kernels each; launched one by one
    from Python they leave the GPU idle between kernels.  A graph launches the
    whole epoch at once.  ``fn`` must read its inputs from fixed tensors (here
    the shuffle ``order``, rewritten in place) and keep its shapes: the last,
    partial batch is simply another fixed shape.  The first call is real work
    (epoch 1), run on a side stream as capture requires; capturing runs nothing,
    so every call is exactly one epoch and the mathematics of SGD is unchanged.
    The outputs of a replay are the graph's own tensors: copy them before the
    next call.
    """

    def __init__(self, fn):
        self.fn, self.graph, self.outputs = fn, None, None

    def __call__(self):
        if self.graph is None:
            side = torch.cuda.Stream()
            side.wait_stream(torch.cuda.current_stream())
            with torch.cuda.stream(side):
                outputs = self.fn()
            torch.cuda.current_stream().wait_stream(side)
            self.graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(self.graph):
                self.outputs = self.fn()
            return outputs
        self.graph.replay()
        return self.outputs


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, device: torch.device, chunk: int = 1_000,
             train_mode: bool = False):
    """Accuracy and mean cross-entropy of ``model`` on ``(x, y)``, as device scalars.

    In eval mode (the default) dropout is off and the figures are those of the network's weights.
    ``train_mode=True`` measures as the course's notebook does (no gradients, but dropout on): each
    pass drops other units, so two passes over the same weights give different figures.
    """
    model.train(train_mode)
    correct = torch.zeros((), device=device)
    total_loss = torch.zeros((), device=device)
    for start in range(0, len(y), chunk):
        with _autocast(device):
            logits = model(x[start:start + chunk]).float()
        correct += (logits.argmax(1) == y[start:start + chunk]).sum()
        total_loss += nn.functional.cross_entropy(logits, y[start:start + chunk], reduction="sum")
    return correct / len(y), total_loss / len(y)


def flops_per_image(width: float = 1.0, batch: int = 64) -> dict[str, float]:
    """FLOPs per image of one training step and of one evaluation forward pass (FlopCounterMode).

    Counted on the ``meta`` device: shapes only, no arithmetic, so counting is instant at any width.
    """
    with torch.device("meta"):
        model = alexnet28(width)
        x = torch.zeros(batch, 1, 28, 28)
        y = torch.zeros(batch, dtype=torch.long)
    with FlopCounterMode(display=False) as train_count:
        nn.functional.cross_entropy(model(x), y).backward()
    with torch.no_grad(), FlopCounterMode(display=False) as eval_count:
        model.eval()(x)
    return {"train": train_count.get_total_flops() / batch, "eval": eval_count.get_total_flops() / batch}


@torch.no_grad()
def relu_second_moments(model: nn.Sequential, x: torch.Tensor) -> list[float]:
    """Mean square of the activations after each ReLU (then of the logits), for input ``x``."""
    moments = []
    h = x
    for layer in model.eval():
        h = layer(h)
        if isinstance(layer, nn.ReLU):
            moments.append(h.pow(2).mean().item())
    moments.append(h.pow(2).mean().item())
    return moments


def initial_moments(x: torch.Tensor, width: float, seed: int = 0) -> dict[str, list[float]]:
    """Second moments through a freshly initialised network: PyTorch's default init and He init."""
    torch.manual_seed(seed)
    default = alexnet28(width)
    torch.manual_seed(seed)
    he = alexnet28(width)
    he_init(he)
    return {"default": relu_second_moments(default, x), "he": relu_second_moments(he, x)}


def total_flops(setup: Setup) -> float:
    """The work of a run: every epoch trains on every image, then measures each twice.

    Once as the course does (train mode, dropout on) and once in eval mode; both passes cost one forward pass.
    """
    per = flops_per_image(setup.width)
    return setup.images * setup.epochs * (per["train"] + 2 * per["eval"])


def layer_table(width: float = 1.0) -> str:
    """A Markdown table of the layers and the shape after each, computed by running the model."""
    model = alexnet28(width).eval()
    h = torch.zeros(1, 1, 28, 28)
    rows = ["| layer | output shape |", "|---|---|", f"| input | {' × '.join(map(str, h.shape[1:]))} |"]
    with torch.no_grad():
        for layer in model:
            h = layer(h)
            if isinstance(layer, nn.ReLU):
                rows[-1] = rows[-1][:-2] + " (then ReLU) |"
                continue
            rows.append(f"| `{layer}` | {' × '.join(map(str, h.shape[1:]))} |")
    return "\n".join(rows)


def plot_history(axes, histories: dict[str, History]) -> None:
    """Per epoch, for each run: training accuracy (first axes) and loss (second), measured two ways.

    Solid: eval mode over the whole set (accuracy; mean loss).  Dotted: the course's figures (accuracy in
    train mode, dropout on; the loss of the epoch's last minibatch).
    """
    colors = {"random labels": "tab:red", "true labels": "tab:blue"}
    ax_acc, ax_loss = axes
    for name, hist in histories.items():
        epochs = range(1, len(hist.accuracy) + 1)
        color = colors.get(name)
        ax_acc.plot(epochs, [100 * a for a in hist.accuracy], color=color, lw=2, label=f"{name}, eval mode")
        ax_acc.plot(epochs, [100 * a for a in hist.course_accuracy], color=color, lw=1, ls=":",
                    label=f"{name}, course's way (dropout on)")
        ax_loss.plot(epochs, hist.loss, color=color, lw=2, label=f"{name}, mean over the set")
        ax_loss.plot(epochs, hist.course_loss, color=color, lw=1, ls=":", label=f"{name}, last minibatch (course)")
    ax_acc.set_ylabel("training accuracy (%)")
    ax_acc.set_ylim(0, 102)
    ax_loss.set_ylabel("training loss (cross-entropy)")
    ax_loss.set_ylim(bottom=0)
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.legend()
