"""PyTorch's default ``nn.Linear`` initialization, and the variance of a deep linear network.

Many independent networks are drawn at once.  For a layer with fan-in n and
fan-out m, ``copies`` networks need ``copies`` independent m×n weight matrices:
they are the row blocks of ONE ``nn.Linear(n, copies·m)``, whose constructor
runs torch's own ``Linear.reset_parameters`` (fan-in n, so the same bounds as
``nn.Linear(n, m)``; every entry is drawn independently).  No copy of the
initialization formula is used for sampling.
"""

import math
import textwrap

import torch
from torch import nn

#: Cap on the elements of one layer's weights for a chunk of networks (memory).
MAX_CHUNK_ELEMENTS = 1 << 24


def default_linear_layers(fan_in: int, fan_out: int, copies: int, device=None,
                          dtype=torch.float64) -> tuple[torch.Tensor, torch.Tensor]:
    """``copies`` independent default-initialised layers: weights (copies, fan_out, fan_in),
    biases (copies, fan_out)."""
    if min(fan_in, fan_out, copies) < 1:
        raise ValueError(f"fan_in, fan_out and copies must be ≥ 1, got {fan_in}, {fan_out}, {copies}")
    layer = nn.Linear(fan_in, copies * fan_out, device=device, dtype=dtype)
    with torch.no_grad():
        return layer.weight.view(copies, fan_out, fan_in).clone(), layer.bias.view(copies, fan_out).clone()


#: What ``nn.Linear``'s docstring must say for the initialization page to quote it as the default:
#: the distribution (for the weight and again for the bias) and the definition of k.
DOCUMENTED_INIT = (r"\mathcal{U}(-\sqrt{k}, \sqrt{k})", r"k = \frac{1}{\text{in\_features}}")


def documented_init(doc: str | None = None) -> str:
    r"""The ``weight:`` and ``bias:`` entries of ``nn.Linear``'s docstring (installed torch), dedented.

    They state the default initialization as a formula.  A clear error if the
    docstring no longer has them, or no longer states both
    :data:`DOCUMENTED_INIT` pieces for the weight and for the bias.

    >>> "k = \\frac{1}{\\text{in\\_features}}" in documented_init()
    True
    >>> documented_init("A linear layer.")
    Traceback (most recent call last):
    ...
    ValueError: nn.Linear's docstring has no 'Attributes:' section
    """
    doc = nn.Linear.__doc__ if doc is None else doc
    lines = (doc or "").splitlines()
    start = next((k for k, line in enumerate(lines) if line.strip() == "Attributes:"), None)
    if start is None:
        raise ValueError("nn.Linear's docstring has no 'Attributes:' section")
    block = []
    for line in lines[start + 1:]:
        if line.strip() and not line.startswith(" " * 8):  # the next section ("Examples::") ends the block
            break
        block.append(line)
    text = textwrap.dedent("\n".join(block)).strip()
    for piece in DOCUMENTED_INIT:
        if text.count(piece) < 2 or "weight:" not in text or "bias:" not in text:
            raise ValueError(f"nn.Linear's docstring no longer states {piece!r} for weight and bias")
    return text


def second_moment_recursion(widths) -> list[float]:
    """``s_0 = 1``, ``s_ℓ = s_{ℓ−1}/3 + 1/(3 n_{ℓ−1})`` for ℓ = 1 … L (widths = n_0 … n_L)."""
    _check_widths(widths)
    out = [1.0]
    for fan_in in widths[:-1]:
        out.append(out[-1] / 3 + 1 / (3 * fan_in))
    return out


def second_moment_closed_form(widths) -> float:
    """``s_L = 3^{−L} (1 + Σ_{m<L} 3^m / n_m)`` for widths n_0 … n_L."""
    _check_widths(widths)
    depth = len(widths) - 1
    return 3.0**-depth * (1 + sum(3.0**m / widths[m] for m in range(depth)))


def _check_widths(widths):
    if len(widths) < 1 or any(int(w) != w or w < 1 for w in widths):
        raise ValueError(f"widths must be a non-empty list of positive integers n_0, …, n_L; got {list(widths)}")


def monte_carlo(widths, copies: int, device=None, dtype=torch.float64, seed: int = 0) -> dict:
    """Draw ``copies`` independent linear networks and inputs; moments of y_ℓ at every depth.

    Each network gets its own input x with IID N(0, 1) entries.  For each depth
    ℓ and network b the statistics are ``mean_i y_{ℓ,i}`` and ``mean_i y_{ℓ,i}²``;
    networks are independent, so their averages over b have standard errors
    ``std_b / √copies``.
    Returns tensors indexed by ℓ = 0 … L: ``mean``, ``mean_se``, ``second``,
    ``second_se``, plus ``theory`` (the recursion) and ``z`` (standardised gaps).
    """
    _check_widths(widths)
    torch.manual_seed(seed)
    depth = len(widths) - 1
    largest = max(widths[k] * widths[k + 1] for k in range(depth)) if depth else 1
    chunk = max(1, min(copies, MAX_CHUNK_ELEMENTS // largest))
    means, seconds = [[] for _ in range(depth + 1)], [[] for _ in range(depth + 1)]
    for start in range(0, copies, chunk):
        count = min(chunk, copies - start)
        y = torch.randn(count, widths[0], device=device, dtype=dtype)
        for layer in range(depth + 1):
            if layer:
                weight, bias = default_linear_layers(widths[layer - 1], widths[layer], count, device, dtype)
                y = torch.baddbmm(bias.unsqueeze(-1), weight, y.unsqueeze(-1)).squeeze(-1)
            means[layer].append(y.mean(dim=1))
            seconds[layer].append((y * y).mean(dim=1))
    out = {"widths": list(widths), "copies": copies}
    for name, stats in (("mean", means), ("second", seconds)):
        per_net = [torch.cat(s) for s in stats]
        out[name] = torch.stack([s.mean() for s in per_net]).cpu()
        out[name + "_se"] = torch.stack([s.std() / math.sqrt(copies) for s in per_net]).cpu()
    out["theory"] = torch.tensor(second_moment_recursion(widths), dtype=torch.float64)
    out["z"] = (out["second"] - out["theory"]) / out["second_se"]
    return out


def input_share(widths) -> list[float]:
    """The part ``3^{−ℓ}`` of ``s_ℓ`` that comes from the input, as a fraction of ``s_ℓ``, for ℓ = 0 … L."""
    return [3.0**-layer / s for layer, s in enumerate(second_moment_recursion(widths))]


def plot_variance_vs_depth(ax, results: dict) -> None:
    """Monte Carlo second moments (error bars: 2 standard errors) and the closed form, one colour per profile."""
    for (label, res), colour in zip(results.items(), ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"]):
        depth = torch.arange(len(res["theory"]))
        ax.semilogy(depth, res["theory"], "-", color=colour, lw=1.2, label=f"{label}: closed form")
        ax.errorbar(depth, res["second"], yerr=2 * res["second_se"], fmt="o", ms=3.5, color=colour, capsize=2)
    ax.set_xlabel(r"depth $\ell$")
    ax.set_ylabel(r"$\mathrm{Var}(y_{\ell,i}) = \mathbb{E}[y_{\ell,i}^2]$")
    ax.legend()
