"""LeNet-5 as published (LeCun et al. 1998), in its modern form, and the course's network between them.

The original differs from what is usually called LeNet-5 today in three
places: S2 and S4 are *trainable* subsampling layers (a coefficient and a bias
per map), C3 connects each of its 16 maps to only a subset of the 6 S2 maps
(Table I of the paper), and the output layer is made of Euclidean RBF units
whose centres are fixed, not trained.  The nonlinearity is the paper's scaled
tanh ``1.7159 tanh(2a/3)``.
"""

from collections import OrderedDict

import torch
from torch import nn
from torch.nn import functional as F

#: LeCun et al. 1998, Table I: row = S2 map, column = C3 map; X = the C3 map reads that S2 map.
TABLE_I = """
X...XXX..XXXX.XX
XX...XXX..XXXX.X
XXX...XXX..X.XXX
.XXX..XXXX..X.XX
..XXX..XXXX.XX.X
...XXX..XXXX.XXX
"""


def c3_inputs(table: str = TABLE_I) -> list[list[int]]:
    """For each C3 map, the S2 maps it reads (from the X's of Table I)."""
    rows = [row for row in table.split() if row]
    if len({len(row) for row in rows}) != 1 or set("".join(rows)) - set("X."):
        raise ValueError("the connection table needs rows of equal length made of 'X' and '.' only")
    return [[s2 for s2, row in enumerate(rows) if row[col] == "X"] for col in range(len(rows[0]))]


def c3_mask(table: str = TABLE_I) -> torch.Tensor:
    """The 16×6 0/1 mask of Table I (C3 map × S2 map)."""
    inputs = c3_inputs(table)
    mask = torch.zeros(len(inputs), max(max(i) for i in inputs) + 1)
    for out, ins in enumerate(inputs):
        mask[out, ins] = 1.0
    return mask


class ScaledTanh(nn.Module):
    """The paper's squashing function ``A tanh(S a)`` with ``A = 1.7159``, ``S = 2/3``."""

    def forward(self, a):
        return 1.7159 * torch.tanh(2.0 * a / 3.0)


class Subsampling(nn.Module):
    """S2/S4: sum each 2×2 block, multiply by a trainable coefficient, add a trainable bias (per map)."""

    def __init__(self, maps: int):
        super().__init__()
        self.coefficient = nn.Parameter(torch.ones(maps))
        self.bias = nn.Parameter(torch.zeros(maps))

    def forward(self, x):
        summed = 4.0 * F.avg_pool2d(x, 2)  # sum over the 2×2 block
        return summed * self.coefficient.view(1, -1, 1, 1) + self.bias.view(1, -1, 1, 1)


class C3(nn.Module):
    """C3: one 5×5 convolution per C3 map, over the S2 maps Table I assigns to it; outputs concatenated."""

    def __init__(self, table: str = TABLE_I, kernel_size: int = 5):
        super().__init__()
        self.table = table
        self.inputs = c3_inputs(table)
        self.convs = nn.ModuleList(nn.Conv2d(len(ins), 1, kernel_size) for ins in self.inputs)

    def forward(self, x):
        return torch.cat([conv(x[:, ins]) for conv, ins in zip(self.convs, self.inputs)], dim=1)

    def as_masked_conv(self) -> tuple[nn.Conv2d, torch.Tensor]:
        """A full convolution (6→16 for Table I) with the same weights where the layer's table has an X and 0
        elsewhere, and the mask."""
        first = self.convs[0]
        mask = c3_mask(self.table)
        full = nn.Conv2d(int(mask.shape[1]), len(self.convs), first.kernel_size,
                         dtype=first.weight.dtype, device=first.weight.device)
        mask = mask.to(full.weight)
        with torch.no_grad():
            full.weight.zero_()
            for out, (conv, ins) in enumerate(zip(self.convs, self.inputs)):
                full.weight[out, ins] = conv.weight[0]
                full.bias[out] = conv.bias[0]
        return full, mask


def masked_conv(x: torch.Tensor, conv: nn.Conv2d, mask: torch.Tensor) -> torch.Tensor:
    """The convolution with its weight multiplied by ``mask`` (C_out × C_in), broadcast over the kernel."""
    return F.conv2d(x, conv.weight * mask[:, :, None, None], conv.bias)


class EuclideanRBF(nn.Module):
    """Output layer: ``y_i = Σ_j (x_j − w_ij)²`` with fixed centres (a buffer, not a parameter).

    The paper's centres are ±1 codes drawn as 7×12 bitmaps of the characters;
    only their number matters for the counts, so ±1 values from a seeded
    generator stand in for them.
    """

    def __init__(self, features: int = 84, classes: int = 10, seed: int = 0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.register_buffer("centres", torch.randint(0, 2, (classes, features), generator=g).float() * 2 - 1)

    def forward(self, x):
        return ((x[:, None, :] - self.centres) ** 2).sum(dim=-1)


def lenet5_original() -> nn.Sequential:
    """LeNet-5 as in LeCun et al. 1998: 1×32×32 → C1 → S2 → C3 → S4 → C5 → F6 → RBF output (10)."""
    return nn.Sequential(OrderedDict(
        C1=nn.Conv2d(1, 6, 5), act1=ScaledTanh(),       # 6×28×28
        S2=Subsampling(6), act2=ScaledTanh(),           # 6×14×14
        C3=C3(), act3=ScaledTanh(),                     # 16×10×10
        S4=Subsampling(16), act4=ScaledTanh(),          # 16×5×5
        C5=nn.Conv2d(16, 120, 5), act5=ScaledTanh(),    # 120×1×1
        flatten=nn.Flatten(),
        F6=nn.Linear(120, 84), act6=ScaledTanh(),
        output=EuclideanRBF(84, 10),
    ))


def lenet5_modern() -> nn.Sequential:
    """Today's LeNet-5: full C3, ReLU, parameter-free max pooling, linear C5/F6/output."""
    return nn.Sequential(OrderedDict(
        C1=nn.Conv2d(1, 6, 5), act1=nn.ReLU(), S2=nn.MaxPool2d(2),     # 6×14×14
        C3=nn.Conv2d(6, 16, 5), act3=nn.ReLU(), S4=nn.MaxPool2d(2),    # 16×5×5
        flatten=nn.Flatten(),
        C5=nn.Linear(16 * 5 * 5, 120), act5=nn.ReLU(),
        F6=nn.Linear(120, 84), act6=nn.ReLU(),
        output=nn.Linear(84, 10),
    ))


def c3_masked_gaps(c3: C3, x: torch.Tensor, seed: int = 0) -> dict[str, float]:
    """Compare C3 with a full 6→16 convolution whose weights off Table I are arbitrary (random).

    Returns the largest |difference| of the outputs with the mask applied
    (C3 = masked convolution: expect rounding at most) and without it (expect
    a clear difference), and the largest |gradient| that the masked
    convolution's loss sends to the weights off the table (expect exactly 0:
    training the masked convolution trains C3's weights only).
    """
    full, mask = c3.as_masked_conv()
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        noise = torch.randn(full.weight.shape, generator=g).to(full.weight)
        full.weight += (1 - mask)[:, :, None, None] * noise
    with torch.no_grad():
        target = c3(x)
        unmasked = (full(x) - target).abs().max().item()
    out = masked_conv(x, full, mask)
    masked = (out - target).abs().max().item()
    (grad,) = torch.autograd.grad(out.square().sum(), full.weight)
    off_table = (grad * (1 - mask)[:, :, None, None]).abs().max().item()
    return {"masked": masked, "unmasked": unmasked, "grad_off_table": off_table}


def lenet5_modern_with_c3() -> nn.Sequential:
    """The course's network (HW4 2024, problem 7): :func:`lenet5_modern` with only C3 replaced by Table I's C3.

    >>> net = lenet5_modern_with_c3()
    >>> type(net.C3).__name__, net(torch.zeros(2, 1, 32, 32)).shape
    ('C3', torch.Size([2, 10]))
    """
    net = lenet5_modern()
    net.C3 = C3()
    return net
