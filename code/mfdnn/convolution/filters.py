"""Classical filters written as PyTorch convolutions, and their definitions to compare with."""

import torch
import torch.nn.functional as F
from torch import nn

#: ITU-R BT.601 luma weights for R, G, B.
GREY_WEIGHTS = (0.299, 0.587, 0.114)


def forward_differences(x: torch.Tensor) -> torch.Tensor:
    """The definition: ``Y₁ᵢⱼ = X_{i+1,j} − X_{i,j}``, ``Y₂ᵢⱼ = X_{i,j+1} − X_{i,j}``, with 0 outside ``X``.

    ``x`` is ``N × 1 × H × W``; the result is ``N × 2 × H × W``.
    """
    padded = F.pad(x, (0, 1, 0, 1))  # one row of zeros below, one column to the right
    down = padded[..., 1:, :-1] - x
    right = padded[..., :-1, 1:] - x
    return torch.cat([down, right], dim=1)


def difference_conv(dtype=torch.float32) -> nn.Conv2d:
    """``Conv2d(1, 2, 3, padding=1)``: −1 at the centre, +1 below it (channel 1) or right of it (channel 2)."""
    conv = nn.Conv2d(1, 2, kernel_size=3, padding=1, bias=False, dtype=dtype)
    with torch.no_grad():
        conv.weight.zero_()
        conv.weight[:, 0, 1, 1] = -1
        conv.weight[0, 0, 2, 1] = 1
        conv.weight[1, 0, 1, 2] = 1
    return conv


def average_pool_conv(channels: int, k: int, padding: int = 0, dtype=torch.float32) -> nn.Conv2d:
    """``AvgPool2d(k, padding=p)`` (with ``count_include_pad=True``) as a depthwise convolution.

    ``groups=channels``: each output channel sees only its own input channel,
    through a ``k × k`` filter of ``1/k²``; stride ``k``, zero padding ``p``, no bias.
    """
    conv = nn.Conv2d(channels, channels, k, stride=k, padding=padding, groups=channels, bias=False, dtype=dtype)
    with torch.no_grad():
        conv.weight.fill_(1.0 / k**2)
    return conv


def greyscale(x: torch.Tensor) -> torch.Tensor:
    """The definition ``0.299 R + 0.587 G + 0.114 B`` for ``N × 3 × H × W`` images."""
    r, g, b = x.unbind(dim=1)
    return (GREY_WEIGHTS[0] * r + GREY_WEIGHTS[1] * g + GREY_WEIGHTS[2] * b).unsqueeze(1)


def greyscale_conv(dtype=torch.float32) -> nn.Conv2d:
    """``Conv2d(3, 1, 1)`` whose weight is the three luma coefficients."""
    conv = nn.Conv2d(3, 1, kernel_size=1, bias=False, dtype=dtype)
    with torch.no_grad():
        conv.weight.copy_(torch.tensor(GREY_WEIGHTS, dtype=dtype).view(1, 3, 1, 1))
    return conv


@torch.no_grad()
def filter_errors(batch: int = 8, size: tuple[int, int] = (17, 23), dtype=torch.float64, seed: int = 0) -> dict:
    """Largest |conv − definition| for each filter on random images (and AvgPool2d for k = 2, 3, 4, p = 0, 1)."""
    gen = torch.Generator().manual_seed(seed)
    grey = torch.randn(batch, 1, *size, generator=gen, dtype=dtype)
    rgb = torch.randn(batch, 3, *size, generator=gen, dtype=dtype)
    pool_errors = []
    for k in (2, 3, 4):
        for p in range(0, k // 2 + 1):
            ref = nn.AvgPool2d(k, padding=p, count_include_pad=True)(rgb)
            pool_errors.append((average_pool_conv(3, k, p, dtype)(rgb) - ref).abs().max().item())
    return {
        "differences": (difference_conv(dtype)(grey) - forward_differences(grey)).abs().max().item(),
        "average_pool": max(pool_errors),
        "greyscale": (greyscale_conv(dtype)(rgb) - greyscale(rgb)).abs().max().item(),
    }


@torch.no_grad()
def count_include_pad_gap(k: int = 3, padding: int = 1, dtype=torch.float64) -> float:
    """Largest gap between the padded conv and ``AvgPool2d(count_include_pad=False)`` on an image of ones.

    That pool divides border windows by the number of real pixels, which no
    fixed filter does: the convolution matches only ``count_include_pad=True``.
    """
    ones = torch.ones(1, 1, 6, 6, dtype=dtype)
    ref = nn.AvgPool2d(k, padding=padding, count_include_pad=False)(ones)
    return (average_pool_conv(1, k, padding, dtype)(ones) - ref).abs().max().item()


def mixing_pool_error(channels: int = 3, k: int = 2, dtype=torch.float64, seed: int = 0) -> float:
    """Largest error of an ordinary (``groups=1``) convolution filled with ``1/k²``: it sums over channels."""
    x = torch.randn(2, channels, 8, 8, generator=torch.Generator().manual_seed(seed), dtype=dtype)
    conv = nn.Conv2d(channels, channels, k, stride=k, bias=False, dtype=dtype)
    with torch.no_grad():
        conv.weight.fill_(1.0 / k**2)
        return (conv(x) - nn.AvgPool2d(k)(x)).abs().max().item()


def difference_filters() -> tuple:
    """The two ``3 × 3`` filters of :func:`difference_conv` as nested tuples (channel, row, column).

    >>> difference_filters()[0]
    ((0.0, 0.0, 0.0), (0.0, -1.0, 0.0), (0.0, 1.0, 0.0))
    """
    return tuple(tuple(map(tuple, w)) for w in difference_conv(torch.float64).weight[:, 0].tolist())


def grey_filter() -> tuple:
    """The ``3 × 1 × 1`` weight of :func:`greyscale_conv` (float64), as a tuple.

    >>> grey_filter()
    (0.299, 0.587, 0.114)
    """
    return tuple(greyscale_conv(torch.float64).weight.flatten().tolist())


@torch.no_grad()
def pool_pixel_weights(ks=(2, 3, 4)) -> tuple:
    """The weight that ``AvgPool2d(k)`` gives each pixel of its window, read off its response to one-hot images.

    Every pixel of a ``k × k`` window gets the same weight; the result lists it for each ``k``.

    >>> pool_pixel_weights((2, 4))
    (0.25, 0.0625)
    """
    weights = []
    for k in ks:
        responses = set()
        for a in range(k):
            for b in range(k):
                one_hot = torch.zeros(1, 1, k, k, dtype=torch.float64)
                one_hot[0, 0, a, b] = 1.0
                responses.add(nn.AvgPool2d(k)(one_hot).item())
        if len(responses) != 1:
            raise ValueError(f"AvgPool2d({k}) weights its window unevenly: {sorted(responses)}")
        weights.append(responses.pop())
    return tuple(weights)


@torch.no_grad()
def one_filter_pool(x: torch.Tensor, k: int) -> torch.Tensor:
    """The course's HW4 P2 answer taken literally: one filter ``w ∈ R^{C×k×k}`` of ``1/k²``, stride ``k``.

    As a convolution, one filter gives **one** output channel, the sum over the
    ``C`` channels of their average pools, not the ``C`` pooled channels.
    """
    weight = torch.full((1, x.shape[1], k, k), 1.0 / k**2, dtype=x.dtype)
    return F.conv2d(x, weight, stride=k)
