"""Linear layers as convolutions: the course CNN and its fully convolutional twin.

The classifier ``Linear(C·18·18 → h) → Linear(h → h) → Linear(h → classes)``
becomes an ``18 × 18`` convolution followed by two ``1 × 1`` convolutions with
the same weights (claims ``fusion.linear_as_conv_general`` and ``fusion.nin_pointwise_general``).  On a
larger input the result is the classifier evaluated on every ``32 × 32``
window, computed in one pass that shares the convolution trunk between
overlapping windows (claim ``fusion.nin_sliding_window_general``, layer by layer).
"""

import copy

import torch
from torch import nn

from ..benchmark import fastest_interleaved

COURSE_CHANNELS = (64, 192, 384, 256, 256)
COURSE_KERNELS = (7, 3, 3, 3, 3)
COURSE_HIDDEN = 4096
INPUT_SIZE = 32


def course_cnn(channels=COURSE_CHANNELS, kernels=COURSE_KERNELS, hidden: int = COURSE_HIDDEN,
               classes: int = 10, input_size: int = INPUT_SIZE) -> nn.Sequential:
    """The course's Net1: convolutions (stride 1, no padding) then a three-layer classifier on the flattened map.

    A ReLU follows every convolution but the last: the course's feature
    extractor ends with the fifth convolution, and the flattened map enters the
    first linear layer without an activation.

    >>> [type(m).__name__ for m in course_cnn(channels=(2, 2, 2, 2, 2), hidden=4)][7:11]
    ['ReLU', 'Conv2d', 'Flatten', 'Linear']
    """
    layers, c_in, size = [], 3, input_size
    for index, (c_out, k) in enumerate(zip(channels, kernels)):
        layers.append(nn.Conv2d(c_in, c_out, k))
        if index < len(channels) - 1:
            layers.append(nn.ReLU())
        c_in, size = c_out, size - (k - 1)
    layers += [nn.Flatten(),
               nn.Linear(c_in * size * size, hidden), nn.ReLU(),
               nn.Linear(hidden, hidden), nn.ReLU(),
               nn.Linear(hidden, classes)]
    return nn.Sequential(*layers)


def feature_size(cnn: nn.Sequential, input_size: int = INPUT_SIZE) -> int:
    """Side of the last feature map (18 for the course CNN on 32 × 32)."""
    size = input_size
    for m in cnn:
        if isinstance(m, nn.Conv2d):
            size -= m.kernel_size[0] - 1
    return size


@torch.no_grad()
def fully_convolutional(cnn: nn.Sequential, input_size: int = INPUT_SIZE,
                        copy_classifier_biases: bool = True) -> nn.Sequential:
    """The same network with each Linear turned into a convolution, weights copied (the course's Net2).

    The first Linear reads the flattened ``C × S × S`` map in (channel, row,
    column) order, so its weight reshaped to ``h × C × S × S`` is the kernel of
    an ``S × S`` convolution; the later Linears are ``1 × 1`` convolutions.
    ``copy_classifier_biases=False`` leaves the new convolutions' biases at
    their own random initialisation, as the course's handwritten copy routine
    does as transcribed (erratum): the outputs then differ.
    """
    side = feature_size(cnn, input_size)
    layers, first = [], True
    for m in cnn:
        if isinstance(m, nn.Flatten):
            continue
        if isinstance(m, nn.Linear):
            k = side if first else 1
            conv = nn.Conv2d(m.in_features // (k * k), m.out_features, k,
                             dtype=m.weight.dtype, device=m.weight.device)
            conv.weight.copy_(m.weight.view(conv.weight.shape))
            if copy_classifier_biases:
                conv.bias.copy_(m.bias)
            layers.append(conv)
            first = False
        else:
            layers.append(m)
    return nn.Sequential(*layers)


@torch.no_grad()
def windows_by_loop(cnn: nn.Module, x: torch.Tensor, size: int = INPUT_SIZE) -> torch.Tensor:
    """The classifier on every ``size × size`` window of ``x``, one window at a time: ``N × classes × H' × W'``."""
    n, _, h, w = x.shape
    rows = []
    for i in range(h - size + 1):
        rows.append(torch.stack([cnn(x[:, :, i:i + size, j:j + size]) for j in range(w - size + 1)], dim=-1))
    return torch.stack(rows, dim=-2)


@torch.no_grad()
def windows_batched(cnn: nn.Module, x: torch.Tensor, size: int = INPUT_SIZE) -> torch.Tensor:
    """The same, with every window cut out and stacked into one batch (no sharing between windows)."""
    n, c, h, w = x.shape
    patches = x.unfold(2, size, 1).unfold(3, size, 1)            # N × C × H' × W' × size × size
    hh, ww = patches.shape[2:4]
    batch = patches.permute(0, 2, 3, 1, 4, 5).reshape(-1, c, size, size)
    return cnn(batch).view(n, hh, ww, -1).permute(0, 3, 1, 2)


@torch.no_grad()
def agreement(cnn: nn.Sequential, fcn: nn.Sequential, device=None, big: tuple[int, int] = (41, 38)) -> dict:
    """How closely the fully convolutional twin ``fcn`` reproduces ``cnn``, on inputs from torch's global generator.

    ``eq64``: largest difference on a batch of 32×32 inputs in float64;
    ``eq32``: the same in float32, relative to the largest output; ``big_shape``
    and ``window_gap``: the map of predictions on a ``big`` input and its largest
    difference from ``cnn`` applied to each window in turn (float64).

    >>> _ = torch.manual_seed(0)
    >>> cnn = course_cnn(channels=(2, 2, 2, 2, 2), hidden=4).eval()
    >>> result = agreement(cnn, fully_convolutional(cnn), big=(34, 33))
    >>> result["big_shape"], result["eq64"] < 1e-12, result["window_gap"] < 1e-12
    ((3, 2), True, True)
    """
    cnn64, fcn64 = copy.deepcopy(cnn).double(), copy.deepcopy(fcn).double()
    x32 = torch.randn(8, 3, INPUT_SIZE, INPUT_SIZE, dtype=torch.float64, device=device)
    eq64 = (fcn64(x32).flatten(1) - cnn64(x32)).abs().max().item()
    eq32 = ((fcn(x32.float()).flatten(1) - cnn(x32.float())).abs().max() / cnn(x32.float()).abs().max()).item()
    inputs = torch.randn(2, 3, *big, dtype=torch.float64, device=device)
    dense = fcn64(inputs)
    return {"eq64": eq64, "eq32": eq32, "big_shape": tuple(dense.shape[-2:]),
            "window_gap": (dense - windows_by_loop(cnn64, inputs)).abs().max().item()}


def stand_in_images(n: int, height: int = INPUT_SIZE, width: int = INPUT_SIZE, seed: int = 0) -> torch.Tensor:
    """Stand-ins for CIFAR-10 test images as the course loads them (``ToTensor``):
    ``n × 3 × H × W``, uniform in [0, 1)."""
    return torch.rand(n, 3, height, width, generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def course_differences(cnn: nn.Module, fcn: nn.Module, images: torch.Tensor, big_images: torch.Tensor) -> dict:
    """The course's two statistics: the mean squared difference of the outputs of Net1 (``cnn``) and Net2 (``fcn``).

    ``a``: on ``images`` (32 × 32), the outputs of both networks;
    ``b``: on ``big_images`` (e.g. 36 × 38), Net2's map of predictions against
    Net1 applied to every 32 × 32 window (stride 1), one window at a time as the
    course does.  ``output_rms`` is the root mean square of Net1's outputs on
    ``images``, the scale against which the differences are rounding;
    ``relative_a``, ``relative_b`` are the mean squared differences divided by
    the mean squared output (of Net1 on the same inputs).

    >>> _ = torch.manual_seed(0)
    >>> cnn = course_cnn(channels=(2, 2, 2, 2, 2), hidden=4).eval()
    >>> d = course_differences(cnn, fully_convolutional(cnn), stand_in_images(3), stand_in_images(1, 34, 33))
    >>> d["b_shape"], d["a"] < 1e-12, d["b"] < 1e-12
    ((3, 2), True, True)
    """
    out1 = cnn(images)
    a = torch.mean((out1 - fcn(images).flatten(1)) ** 2).item()
    windows = windows_by_loop(cnn, big_images)
    dense = fcn(big_images)
    b = torch.mean((windows - dense) ** 2).item()
    return {"a": a, "b": b, "b_shape": tuple(dense.shape[-2:]), "output_rms": out1.pow(2).mean().sqrt().item(),
            "relative_a": a / out1.pow(2).mean().item(), "relative_b": b / windows.pow(2).mean().item()}


def equal_up_to_rounding(relative_mean_square: float, dtype: torch.dtype = torch.float32, units: float = 100.0) -> bool:
    """Whether a mean squared difference, relative to the mean squared output, is rounding: below ``(units · eps)²``.

    A wrong conversion (a weight reshaped in another order, a bias not copied)
    changes the outputs by a fraction of their own size, far above this bound.

    >>> equal_up_to_rounding(1e-12), equal_up_to_rounding(1e-6)
    (True, False)
    """
    return relative_mean_square < (units * torch.finfo(dtype).eps) ** 2


@torch.no_grad()
def timing_sweep(cnn: nn.Module, fcn: nn.Module, sizes, device=None, sync=lambda: None,
                 threads: int | None = None, repeats: int = 3) -> list[dict]:
    """Fastest wall time (s) of the three ways to classify every 32×32 window of a ``size × size`` input.

    Per size: ``conv`` (one pass of ``fcn``), ``batched`` (all windows as one
    batch through ``cnn``) and ``loop`` (one window at a time), timed in turns
    by :func:`mfdnn.benchmark.fastest_interleaved`; inputs come from torch's
    global generator.
    """
    timing = []
    for size in sizes:
        x = torch.randn(1, 3, size, size, device=device)
        best = fastest_interleaved({"conv": lambda: fcn(x), "batched": lambda: windows_batched(cnn, x),
                                    "loop": lambda: windows_by_loop(cnn, x)}, repeats=repeats, sync=sync,
                                   threads=threads)
        timing.append({"size": size, "windows": (size - INPUT_SIZE + 1) ** 2, **best})
    return timing


TIMING_HEADER = ["input", "windows", "one conv pass (ms)", "windows as one batch (ms)", "loop over windows (ms)",
                 "speed-up vs loop", "speed-up vs batch"]


def timing_rows(timing: list[dict]) -> list[list]:
    """The rows of the page's timing table (columns :data:`TIMING_HEADER`) from :func:`timing_sweep`.

    >>> timing_rows([{"size": 34, "windows": 9, "conv": 0.001, "batched": 0.004, "loop": 0.02}])
    [['34×34', 9, '1.0', '4.0', '20', '20.0×', '4.0×']]
    """
    return [[f"{t['size']}×{t['size']}", t["windows"], f"{1e3 * t['conv']:.1f}", f"{1e3 * t['batched']:.1f}",
             f"{1e3 * t['loop']:.0f}", f"{t['loop'] / t['conv']:.1f}×", f"{t['batched'] / t['conv']:.1f}×"]
            for t in timing]


def plot_timing(ax, timing: list[dict]) -> None:
    """Time against the number of windows, log-log, for the three ways of :func:`timing_sweep`."""
    windows = [t["windows"] for t in timing]
    for key, label in (("conv", "one pass of the convolutional net"), ("batched", "all windows as one batch"),
                       ("loop", "loop over windows")):
        ax.loglog(windows, [1e3 * t[key] for t in timing], marker="o", label=label)
    # Ticks at the measured counts, in plain numbers (a log axis would label 2×10¹, 3×10¹, ...).
    ax.set_xticks(windows, [str(w) for w in windows])
    ax.minorticks_off()
    ax.set_xlabel(r"number of $32 \times 32$ windows")
    ax.set_ylabel("time (ms, fastest run)")
    ax.legend()
