"""Log-sum-exp ("true softmax") experiments: bounds, gradients, overflow."""

import math

import torch


def lse(x: torch.Tensor, beta: float | torch.Tensor) -> torch.Tensor:
    """``ν_β(x) = logsumexp(βx)/β`` along the last axis, computed stably by torch.

    Between ``max x`` and ``max x + (log n)/β``; here ``n = 2`` and a tie, so exactly the upper end:

    >>> math.isclose(lse(torch.tensor([1.0, 1.0], dtype=torch.float64), 2.0).item(), 1.0 + math.log(2) / 2)
    True
    """
    return torch.logsumexp(beta * x, dim=-1) / beta


def lse_naive(x: torch.Tensor, beta: float | torch.Tensor) -> torch.Tensor:
    """The textbook formula ``log(Σ exp(βx))/β``; overflows for large ``β·max x``.

    >>> math.isclose(lse_naive(torch.tensor([0.0, 0.0], dtype=torch.float64), 1.0).item(), math.log(2))
    True
    >>> lse_naive(torch.tensor([100.0, 0.0]), 10.0).item()   # e^1000 overflows float32
    inf
    """
    return torch.log(torch.exp(beta * x).sum(dim=-1)) / beta


def lse_shifted(x: torch.Tensor, beta: float | torch.Tensor) -> torch.Tensor:
    """``max x + log(Σ exp(β(x − max x)))/β``: shift equivariance keeps every exponent ≤ 0.

    Where the textbook formula overflows, the shifted one is finite and agrees with torch:

    >>> x = torch.tensor([100.0, 0.0])
    >>> lse_shifted(x, 10.0).item()
    100.0
    >>> torch.allclose(lse_shifted(x, 10.0), lse(x, 10.0))
    True
    >>> lse_shifted(torch.tensor([[0.0, 0.0], [3.0, 3.0]]), 1.0)   # one value per row
    tensor([0.6931, 3.6931])
    """
    top = x.max(dim=-1, keepdim=True).values
    return top.squeeze(-1) + torch.log(torch.exp(beta * (x - top)).sum(dim=-1)) / beta


def lse_gap_bound(n: int, beta: torch.Tensor) -> torch.Tensor:
    """The bound ``(log n)/β`` on ``ν_β(x) − max x``."""
    return math.log(n) / beta


def gap_sweep(x: torch.Tensor, betas: torch.Tensor) -> dict[str, torch.Tensor]:
    """``ν_β(x) − max x`` for each β (rows of ``x`` are separate vectors), with the bound.

    Returns the gaps (one row per β), the bound per β, and the largest ratio
    gap/bound seen (≤ 1 if the upper bound holds; the lower bound says ≥ 0).
    """
    top = x.max(dim=-1).values
    gaps = torch.stack([lse(x, b) - top for b in betas])  # one β at a time keeps memory at O(size of x)
    bound = lse_gap_bound(x.shape[-1], betas)
    return {"betas": betas, "gaps": gaps, "bound": bound, "worst_ratio": (gaps / bound.view(-1, 1)).max()}


def gradient_error(x: torch.Tensor, beta: float) -> float:
    """Largest |autograd ∇ν_β(x) − softmax(βx)| over the entries of ``x``.

    >>> gradient_error(torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64), 3.0) < 1e-15
    True
    """
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(lse(x, beta).sum(), x)
    return (grad - torch.softmax(beta * x, dim=-1)).abs().max().item()


def first_overflow(x: torch.Tensor, betas: torch.Tensor) -> float:
    """The smallest β in ``betas`` at which the naive formula is not finite (``inf`` if none).

    In float32, ``exp`` overflows past about 88.7, so for ``max x = 1``:

    >>> first_overflow(torch.tensor([1.0, 0.0]), torch.tensor([10.0, 80.0, 90.0, 100.0]))
    90.0
    """
    for b in betas.sort().values:
        if not torch.isfinite(lse_naive(x, b)).all():
            return b.item()
    return math.inf


def softmax_limit(x: torch.Tensor, betas: torch.Tensor) -> torch.Tensor:
    """``softmax(βx)`` for each β (one row per β): watch it approach its limit."""
    return torch.softmax(betas.view(-1, 1) * x, dim=-1)


def plot_gap_sweep(sweep: dict, ax) -> None:
    """Log-log plot of the gaps ν_β(x) − max x against β, with the bound (log n)/β."""
    betas = sweep["betas"].cpu()
    gaps = sweep["gaps"].cpu()
    for row in gaps.T:
        ax.loglog(betas, row, color="tab:blue", alpha=0.25, lw=0.8)
    ax.loglog(betas, gaps.mean(dim=1), color="tab:blue", lw=2, label=r"$\nu_\beta(x)-\max x$ (mean; thin: each $x$)")
    ax.loglog(betas, sweep["bound"].cpu(), "k--", lw=2, label=r"bound $(\log n)/\beta$")
    ax.set_xlabel(r"$\beta$")
    ax.set_ylabel("gap")
    ax.legend()
