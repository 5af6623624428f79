"""Linear layers as convolutions: the course CNN and its fully convolutional twin.

The classifier ``Linear(C·18·18 → h) → Linear(h → h) → Linear(h → classes)``
becomes an ``18 × 18`` convolution followed by two ``1 × 1`` convolutions with
the same weights (claims ``nin.linear_as_conv`` and ``nin.pointwise``).  On a
larger input the result is the classifier evaluated on every ``32 × 32``
window, computed in one pass that shares the convolution trunk between
overlapping windows (claim ``nin.sliding_window``, layer by layer).
"""

import torch
from torch import nn

COURSE_CHANNELS = (64, 192, 384, 256, 256)
COURSE_KERNELS = (7, 3, 3, 3, 3)
COURSE_HIDDEN = 4096
INPUT_SIZE = 32


def course_cnn(channels=COURSE_CHANNELS, kernels=COURSE_KERNELS, hidden: int = COURSE_HIDDEN,
               classes: int = 10, input_size: int = INPUT_SIZE) -> nn.Sequential:
    """Convolutions (stride 1, no padding, ReLU) then a three-layer classifier on the flattened map."""
    layers, c_in, size = [], 3, input_size
    for c_out, k in zip(channels, kernels):
        layers += [nn.Conv2d(c_in, c_out, k), nn.ReLU()]
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
def fully_convolutional(cnn: nn.Sequential, input_size: int = INPUT_SIZE) -> nn.Sequential:
    """The same network with each Linear turned into a convolution, weights copied.

    The first Linear reads the flattened ``C × S × S`` map in (channel, row,
    column) order, so its weight reshaped to ``h × C × S × S`` is the kernel of
    an ``S × S`` convolution; the later Linears are ``1 × 1`` convolutions.
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
