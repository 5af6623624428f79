"""Max-pooling and activations: when σ(maxpool(X)) = maxpool(σ(X)), and counterexamples when not."""

import torch
import torch.nn.functional as F
from torch import nn

#: Nondecreasing activations in common use (some only weakly: ReLU, Hardtanh, ReLU6 are flat in places).
NONDECREASING = {
    "ReLU": nn.ReLU(),
    "LeakyReLU(0.01)": nn.LeakyReLU(0.01),
    "PReLU(0.25)": lambda t: F.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
    "ELU": nn.ELU(),
    "CELU(0.5)": nn.CELU(0.5),
    "SELU": nn.SELU(),
    "Sigmoid": nn.Sigmoid(),
    "Tanh": nn.Tanh(),
    "Softplus": nn.Softplus(),
    "Softsign": nn.Softsign(),
    "Hardtanh": nn.Hardtanh(),
    "ReLU6": nn.ReLU6(),
    "Hardsigmoid": nn.Hardsigmoid(),
    "LogSigmoid": nn.LogSigmoid(),
    "Tanhshrink": nn.Tanhshrink(),
    "Threshold step": lambda t: (t > 0).to(t.dtype),
    "cube": lambda t: t**3,
}

#: Activations in common use that are not monotone: each has a minimum below 0.
NON_MONOTONE = {
    "GELU": nn.GELU(),
    "GELU (tanh)": nn.GELU(approximate="tanh"),
    "SiLU": nn.SiLU(),
    "Mish": nn.Mish(),
    "Hardswish": nn.Hardswish(),
}


def commutation_gap(activation, x: torch.Tensor, kernel: int, stride: int, padding: int = 0) -> float:
    """``max |σ(maxpool(x)) − maxpool(σ(x))|`` over every output entry."""
    pool = nn.MaxPool2d(kernel, stride=stride, padding=padding)
    return (activation(pool(x)) - pool(activation(x))).abs().max().item()


def grid_minimum(activation, lo: float = -6.0, hi: float = 2.0, points: int = 80_001) -> tuple[float, float]:
    """Where the activation is smallest on a fine float64 grid, and its value there."""
    t = torch.linspace(lo, hi, points, dtype=torch.float64)
    values = activation(t)
    k = int(values.argmin())
    return t[k].item(), values[k].item()


def counterexample(activation, lo: float = -6.0, hi: float = 2.0, points: int = 801) -> dict:
    """The 2-entry window ``(a, b)`` on a grid with the largest ``maxpool(σ(x)) − σ(maxpool(x))``.

    Returns the window, both sides, the gap, and the activation's minimiser
    (left of it σ decreases, which is why the two orders differ).
    """
    t = torch.linspace(lo, hi, points, dtype=torch.float64)
    a, b = torch.meshgrid(t, t, indexing="ij")
    windows = torch.stack([a.flatten(), b.flatten()]).T.reshape(-1, 1, 1, 2)
    pool = nn.MaxPool2d((1, 2))
    gap = (pool(activation(windows)) - activation(pool(windows))).flatten()
    k = int(gap.argmax())
    window = windows[k : k + 1]
    where_min, min_value = grid_minimum(activation, lo, hi)
    return {
        "a": window.flatten()[0].item(),
        "b": window.flatten()[1].item(),
        "act_of_max": activation(pool(window)).item(),
        "max_of_act": pool(activation(window)).item(),
        "gap": gap[k].item(),
        "argmin": where_min,
        "min": min_value,
    }


def random_sweep(activations: dict, trials: int, seed: int = 0, dtype=torch.float64) -> dict[str, float]:
    """Largest commutation gap per activation over random shapes, kernels, strides and paddings."""
    gen = torch.Generator().manual_seed(seed)
    worst = {name: 0.0 for name in activations}
    for _ in range(trials):
        kernel = int(torch.randint(1, 5, (1,), generator=gen))
        stride = int(torch.randint(1, 4, (1,), generator=gen))
        padding = int(torch.randint(0, kernel // 2 + 1, (1,), generator=gen))
        h, w = (int(v) for v in torch.randint(kernel, 14, (2,), generator=gen))
        x = 3 * torch.randn(2, 3, h, w, generator=gen, dtype=dtype)
        for name, act in activations.items():
            worst[name] = max(worst[name], commutation_gap(act, x, kernel, stride, padding))
    return worst


def is_nondecreasing_on_grid(activation, lo: float = -10.0, hi: float = 10.0, points: int = 200_001) -> bool:
    """A sanity check of the hypothesis on a fine grid (it cannot prove it, only refute it)."""
    values = activation(torch.linspace(lo, hi, points, dtype=torch.float64))
    return bool((values[1:] >= values[:-1]).all())

