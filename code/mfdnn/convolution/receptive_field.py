"""Receptive fields: the closed form, and the support of autograd gradients to check it against.

A receptive field is a property of the geometry (kernels, strides, dilations,
paddings), not of the weights.  To read it off a gradient without accidental
zeros (a dead ReLU, the one input a max-pool selects, cancelling weights),
:func:`positive_twin` replaces every layer by a convolution with the same
geometry and strictly positive weights, and drops the activations: then the
gradient of an output is a sum of products of positive numbers over every
path, so it is nonzero exactly where some path exists.
"""

import dataclasses

import torch
from torch import nn


@dataclasses.dataclass(frozen=True)
class Geometry:
    """One layer's geometry along one axis (the course's layers are square)."""

    kernel: int
    stride: int = 1
    dilation: int = 1
    padding: int = 0


def receptive_field(layers: list[Geometry]) -> int:
    """``1 + Σ_l (k_l − 1) d_l Π_{m<l} s_m`` (claim ``convolution.receptive_field_closed_form``)."""
    size, jump = 1, 1
    for g in layers:
        size += (g.kernel - 1) * g.dilation * jump
        jump *= g.stride
    return size


def input_window(layers: list[Geometry], index: int) -> tuple[int, int]:
    """First and last input index read by output ``index``, walking back layer by layer
    (claim ``convolution.receptive_field_one_layer``).

    Not clipped to the image: padding makes the window reach past the border.
    """
    lo = hi = index
    for g in reversed(layers):
        lo, hi = g.stride * lo - g.padding, g.stride * hi - g.padding + g.dilation * (g.kernel - 1)
    return lo, hi


def _pair(v) -> int:
    if isinstance(v, tuple):
        if len(set(v)) != 1:
            raise ValueError(f"only square geometry is supported, got {v}")
        return v[0]
    return v


def geometry_of(net: nn.Module) -> list[Geometry]:
    """The geometry of every convolution and pooling layer of ``net``, in order (activations are ignored)."""
    layers = []
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)):
            stride = m.stride if m.stride is not None else m.kernel_size
            layers.append(Geometry(_pair(m.kernel_size), _pair(stride), _pair(getattr(m, "dilation", 1)),
                                   _pair(m.padding)))
    return layers


def positive_twin(layers: list[Geometry], channels: int = 2, dtype=torch.float64, seed: int = 0) -> nn.Sequential:
    """A stack of convolutions with the given geometry, ``channels`` wide, weights uniform in [0.5, 1], no bias."""
    gen = torch.Generator().manual_seed(seed)
    convs = []
    for k, g in enumerate(layers):
        conv = nn.Conv2d(1 if k == 0 else channels, channels, g.kernel, stride=g.stride, dilation=g.dilation,
                         padding=g.padding, bias=False, dtype=dtype)
        with torch.no_grad():
            conv.weight.copy_(0.5 + 0.5 * torch.rand(conv.weight.shape, generator=gen, dtype=dtype))
        convs.append(conv)
    return nn.Sequential(*convs)


def gradient_support(net: nn.Module, in_channels: int, size: int, out_index: tuple[int, int],
                     dtype=torch.float64, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Rows and columns of the input where ``∂ y[0, :, i, j].sum() / ∂ x`` is nonzero (summed over channels)."""
    x = torch.rand(1, in_channels, size, size, generator=torch.Generator().manual_seed(seed), dtype=dtype)
    x.requires_grad_(True)
    y = net(x)
    i, j = out_index
    if not (0 <= i < y.shape[-2] and 0 <= j < y.shape[-1]):
        raise ValueError(f"output index {out_index} outside the {tuple(y.shape[-2:])} output; use a larger input")
    (grad,) = torch.autograd.grad(y[0, :, i, j].sum(), x)
    mask = grad[0].abs().sum(dim=0) != 0
    return mask.any(dim=1).nonzero().flatten(), mask.any(dim=0).nonzero().flatten()


def check_stack(layers: list[Geometry], size: int, out_index: int | None = None) -> dict:
    """Compare the formula with the gradient support of :func:`positive_twin` along rows.

    Returns the formula's size and window, the observed extent of the support
    (first and last row), whether they agree, and how many rows inside the
    extent carry no gradient (holes, which dilation can leave).
    """
    twin = positive_twin(layers)
    with torch.no_grad():
        out_size = twin(torch.zeros(1, 1, size, size, dtype=torch.float64)).shape[-1]
    index = out_size // 2 if out_index is None else out_index
    rows, _ = gradient_support(twin, 1, size, (index, index))
    lo, hi = input_window(layers, index)
    clipped = (max(lo, 0), min(hi, size - 1))
    first, last = rows.min().item(), rows.max().item()
    return {
        "formula": receptive_field(layers),
        "window": (lo, hi),
        "extent": (first, last),
        "agrees": (first, last) == clipped and hi - lo + 1 == receptive_field(layers),
        "inside": lo >= 0 and hi < size,
        "holes": (last - first + 1) - len(rows),
    }


def random_stack(gen: torch.Generator, depth: int) -> list[Geometry]:
    """``depth`` random layers: kernels 1–5, strides 1–3, dilations 1–3, paddings up to half the span."""
    layers = []
    for _ in range(depth):
        k, s, d = (int(torch.randint(lo, hi, (1,), generator=gen)) for lo, hi in ((1, 6), (1, 4), (1, 4)))
        p = int(torch.randint(0, d * (k - 1) // 2 + 1, (1,), generator=gen))
        layers.append(Geometry(k, s, d, p))
    return layers


def input_size_for(layers: list[Geometry], outputs: int = 3) -> int:
    """An input size that gives at least ``outputs`` outputs (a little more than the receptive field)."""
    jump = 1
    for g in layers:
        jump *= g.stride
    return receptive_field(layers) + (outputs - 1) * jump


def stack_versus_kernel(channels: int = 64, depths=range(1, 6), size: int = 41) -> list[list]:
    """Per ``n``: ``n`` stacked 3×3 layers against one ``(2n+1)×(2n+1)`` kernel.

    A row is ``n``, the formula's receptive field of the stack, the width of its
    gradient support, the single kernel's size and support width, and the
    weights of each between two layers of ``channels`` channels (read from the
    modules, formatted with thousands separators):

    >>> stack_versus_kernel(channels=2, depths=[2])
    [[2, 5, 5, '5×5', 5, '72', '100']]
    """
    rows = []
    for n in depths:
        small = check_stack([Geometry(3)] * n, size)
        large = check_stack([Geometry(2 * n + 1)], size)
        p_small = n * sum(p.numel() for p in nn.Conv2d(channels, channels, 3, bias=False).parameters())
        p_large = sum(p.numel() for p in nn.Conv2d(channels, channels, 2 * n + 1, bias=False).parameters())
        rows.append([n, small["formula"], small["extent"][1] - small["extent"][0] + 1, f"{2 * n + 1}×{2 * n + 1}",
                     large["extent"][1] - large["extent"][0] + 1, f"{p_small:,}", f"{p_large:,}"])
    return rows


def plot_dilated_support(ax, layers: list[Geometry], size: int = 21) -> torch.Tensor:
    """Draw where the centre output of the positive twin has a nonzero gradient; return the rows it reaches.

    The input is drawn from torch's global generator.  Rows inside the extent
    that are missing from the result are the holes a dilation leaves.
    """
    twin = positive_twin(layers)
    x = torch.rand(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    y = twin(x)
    c = y.shape[-1] // 2
    (grad,) = torch.autograd.grad(y[0, :, c, c].sum(), x)
    ax.imshow((grad[0, 0] != 0).numpy(), cmap="Greys")
    return (grad[0, 0] != 0).any(dim=1).nonzero().flatten()


def centre_row_weights(layers: list[Geometry], side: int = 15) -> torch.Tensor:
    """With all weights 1, the gradient of the centre output along the centre input row: paths per pixel.

    Two stacked 3×3 layers weight their 5-pixel window like 1, 2, 3, 2, 1 (times the
    3 paths of the centre row along the other axis); one 5×5 kernel weights it uniformly:

    >>> centre_row_weights([Geometry(3)] * 2, side=7).tolist()
    [0.0, 3.0, 6.0, 9.0, 6.0, 3.0, 0.0]
    >>> centre_row_weights([Geometry(5)], side=7).tolist()
    [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0]
    """
    net = nn.Sequential(*[nn.Conv2d(1, 1, g.kernel, bias=False, dtype=torch.float64) for g in layers])
    for m in net:
        nn.init.constant_(m.weight, 1.0)
    x = torch.zeros(1, 1, side, side, dtype=torch.float64, requires_grad=True)
    out = net(x)
    (grad,) = torch.autograd.grad(out[0, 0, out.shape[-2] // 2, out.shape[-1] // 2], x)
    return grad[0, 0, side // 2]
