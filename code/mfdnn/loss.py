"""KL (cross-entropy) against sum-of-squares for the logistic model f_{a,b} on MNIST 4 vs 9.

Both losses are functions of ``z = aᵀx + b`` and the label ``y ∈ {−1, +1}``
(closed forms checked in ``derivations.loss``):

* KL:      ``ℓ(z, y) = log(1 + e^{−yz})``;
* squares: ``ℓ(z, y) = ‖P(y) − f(z)‖² = 2/(1 + e^{yz})²``.

Here ``y = −1`` is the digit 4 and ``y = +1`` the digit 9.
"""

from __future__ import annotations

import dataclasses

import torch

from .benchmark import cpu_threads
from .mnist import MnistSplit, as_float

NEGATIVE, POSITIVE = 4, 9


def kl_loss(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``log(1 + e^{−yz})``, computed stably as ``logaddexp(0, −yz)``.

    Not ``F.softplus``: past its threshold (20) it returns its argument ``t`` and drops ``e^{−t}``,
    a relative error of 1e-11 at ``t = 25``, far above float64's rounding.
    """
    t = -y * z
    return torch.logaddexp(torch.zeros_like(t), t)


def squares_loss(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``2/(1 + e^{yz})² = 2σ(−yz)²``."""
    return 2 * torch.sigmoid(-y * z) ** 2


LOSSES = {"KL (cross-entropy)": kl_loss, "sum of squares": squares_loss}


def margin_curves(margins: torch.Tensor) -> dict[str, dict[str, torch.Tensor]]:
    """Each loss and the size of its derivative in z, by autograd, against the margin ``μ = yz`` (y = +1)."""
    out = {}
    for name, loss in LOSSES.items():
        z = margins.detach().clone().requires_grad_(True)
        value = loss(z, torch.ones_like(z))
        (grad,) = torch.autograd.grad(value.sum(), z)
        out[name] = {"loss": value.detach(), "grad": grad.abs()}
    return out


def plot_margin_curves(axes, margins: torch.Tensor) -> None:
    """First axes: both losses against the margin; second: the sizes of their derivatives."""
    curves = margin_curves(margins)
    for name, c in curves.items():
        axes[0].plot(margins, c["loss"], lw=2, label=name)
        axes[1].plot(margins, c["grad"], lw=2, label=name)
    axes[0].set_ylabel(r"loss $\ell(z, y)$")
    axes[1].set_ylabel(r"$|\partial \ell / \partial z|$")
    for ax in axes:
        ax.set_xlabel(r"margin $\mu = yz$ (negative: wrong side)")
        ax.axvline(0, color="gray", lw=0.8)
        ax.legend()


@dataclasses.dataclass(frozen=True)
class Binary:
    """Flattened images ``(N, 784)`` in [0, 1] and labels ±1 (4 → −1, 9 → +1)."""

    x: torch.Tensor
    y: torch.Tensor


def four_vs_nine(split: MnistSplit) -> Binary:
    """The 4s and 9s of a split."""
    keep = (split.labels == NEGATIVE) | (split.labels == POSITIVE)
    x = as_float(split.images[keep]).flatten(1).double()
    y = torch.where(split.labels[keep] == POSITIVE, 1.0, -1.0).double()
    return Binary(x, y)


def random_split(data: Binary, train_fraction: float, seed: int) -> tuple[Binary, Binary]:
    """A random train/evaluation split of the examples (a new one per seed)."""
    order = torch.randperm(len(data.y), generator=torch.Generator().manual_seed(seed))
    cut = int(train_fraction * len(order))
    part = lambda idx: Binary(data.x[idx], data.y[idx])  # noqa: E731
    return part(order[:cut]), part(order[cut:])


@dataclasses.dataclass(frozen=True)
class Training:
    """SGD on one loss: epochs, step size, batch, and the scale of the random initial weights."""

    epochs: int = 20
    lr: float = 0.1
    batch: int = 32
    init_scale: float = 0.0


def train_logistic(train: Binary, loss, setup: Training, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Minimise the mean loss over ``train`` by SGD from ``a ~ N(0, init_scale²)``, ``b = 0``."""
    gen = torch.Generator().manual_seed(seed)
    a = (setup.init_scale * torch.randn(train.x.shape[1], generator=gen, dtype=torch.float64)).requires_grad_(True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([a, b], lr=setup.lr)
    for _ in range(setup.epochs):
        order = torch.randperm(len(train.y), generator=gen)
        for start in range(0, len(order), setup.batch):
            idx = order[start:start + setup.batch]
            value = loss(train.x[idx] @ a + b, train.y[idx]).mean()
            opt.zero_grad()
            value.backward()
            opt.step()
    return a.detach(), b.detach()


def accuracy(a: torch.Tensor, b: torch.Tensor, data: Binary) -> float:
    """Fraction of examples on the right side: ``sign(aᵀx + b) = y``."""
    return ((data.x @ a + b) * data.y > 0).double().mean().item()


def compare(data: Binary, seeds: range, inits: dict[str, float], train_fraction: float = 0.6,
            setup: Training = Training()) -> list[dict]:
    """For each seed (a new split and a new initial point) and each init scale, train with both losses.

    Returns one record per run: loss, init, seed, train and evaluation accuracy.
    """
    with cpu_threads(1):  # tiny matrix products: a second thread only adds waiting
        return [record for seed in seeds for record in _compare_one_seed(data, seed, inits, train_fraction, setup)]


def _compare_one_seed(data: Binary, seed: int, inits: dict[str, float], train_fraction: float,
                      setup: Training) -> list[dict]:
    """Both losses from each initial point, on the split drawn by ``seed``."""
    train, held_out = random_split(data, train_fraction, seed)
    records = []
    for init_name, scale in inits.items():
        for loss_name, loss in LOSSES.items():
            a, b = train_logistic(train, loss, dataclasses.replace(setup, init_scale=scale), seed)
            records.append({"loss": loss_name, "init": init_name, "seed": seed,
                            "train": accuracy(a, b, train), "test": accuracy(a, b, held_out),
                            "n_train": len(train.y), "n_test": len(held_out.y)})
    return records


def summarise(records: list[dict]) -> dict[tuple[str, str], dict[str, float]]:
    """Mean, standard deviation, min and max of the evaluation accuracy per (init, loss)."""
    out = {}
    for key in dict.fromkeys((r["init"], r["loss"]) for r in records):
        acc = torch.tensor([r["test"] for r in records if (r["init"], r["loss"]) == key], dtype=torch.float64)
        out[key] = {"mean": acc.mean().item(), "std": acc.std().item() if len(acc) > 1 else 0.0,
                    "min": acc.min().item(), "max": acc.max().item(), "runs": len(acc)}
    return out


def mean_difference(records: list[dict], init: str, first: str, second: str) -> dict[str, float]:
    """Mean evaluation accuracy of ``first`` minus that of ``second`` from one initial point.

    With a 95 % interval from the normal approximation, ``± 1.96 √(s₁²/n₁ + s₂²/n₂)``
    (the runs of the two losses are treated as independent samples); fewer than two runs of a
    loss have no standard deviation and are refused.
    """
    acc = {name: torch.tensor([r["test"] for r in records if r["init"] == init and r["loss"] == name],
                              dtype=torch.float64) for name in (first, second)}
    if min(len(a) for a in acc.values()) < 2:
        counts = ", ".join(f"{len(a)} of {name}" for name, a in acc.items())
        raise ValueError(f"the interval from the {init} start needs at least two runs of each loss (a standard "
                         f"deviation), got {counts}: run more seeds")
    gap = (acc[first].mean() - acc[second].mean()).item()
    half = 1.96 * sum(a.var() / len(a) for a in acc.values()).sqrt().item()
    return {"gap": gap, "low": gap - half, "high": gap + half}


def verdict(records: list[dict], init: str) -> str:
    """One sentence comparing the two losses from the start ``init``, from the records' numbers.

    The data separate the losses when the 95 % interval of :func:`mean_difference` excludes 0.

    >>> runs = [{"init": "zero", "loss": loss, "test": t} for loss, ts in
    ...         (("KL (cross-entropy)", (0.90, 0.92)), ("sum of squares", (0.80, 0.82))) for t in ts]
    >>> verdict(runs, "zero")
    'from the zero start cross-entropy is more accurate (cross-entropy minus squares: +10.00 points, ...)'
    >>> verdict(runs[:3] + [{"init": "zero", "loss": "sum of squares", "test": 0.99}], "zero")[:60]
    'from the zero start the data do not separate the two losses '
    """
    d = mean_difference(records, init, "KL (cross-entropy)", "sum of squares")
    interval = f"{100 * d['gap']:+.2f} points, 95 % interval {100 * d['low']:+.2f} to {100 * d['high']:+.2f}"
    if d["low"] <= 0 <= d["high"]:
        return (f"from the {init} start the data do not separate the two losses "
                f"(cross-entropy minus squares: {interval})")
    better = "cross-entropy" if d["gap"] > 0 else "the sum of squares"
    return f"from the {init} start {better} is more accurate (cross-entropy minus squares: {interval})"


def squares_better_supported(records: list[dict]) -> bool:
    """Whether the records support the course's verdict "the sum of squares seems better".

    Supported when, from at least one initial point, the sum of squares is more
    accurate with a 95 % interval of :func:`mean_difference` above 0, and from no
    initial point is it less accurate with an interval below 0.  A tie from every
    start does not support it.

    >>> runs = lambda kl, sq: [{"init": "zero", "loss": name, "test": t} for name, ts in
    ...                        (("KL (cross-entropy)", kl), ("sum of squares", sq)) for t in ts]
    >>> squares_better_supported(runs((0.80, 0.82), (0.90, 0.92)))
    True
    >>> squares_better_supported(runs((0.90, 0.92), (0.80, 0.82)))
    False
    >>> squares_better_supported(runs((0.9, 0.8), (0.8, 0.9)))
    False
    """
    gaps = [mean_difference(records, init, "sum of squares", "KL (cross-entropy)")
            for init in dict.fromkeys(r["init"] for r in records)]
    return any(g["low"] > 0 for g in gaps) and not any(g["high"] < 0 for g in gaps)


def plot_seeds(ax, records: list[dict], summary: dict) -> None:
    """Evaluation accuracy of every seed per (start, loss), with the mean ± one standard deviation."""
    keys = list(summary)
    for pos, key in enumerate(keys):
        acc = [100 * r["test"] for r in records if (r["init"], r["loss"]) == key]
        ax.scatter([pos] * len(acc), acc, alpha=0.6, color="tab:blue" if "KL" in key[1] else "tab:orange")
        ax.errorbar(pos + 0.15, 100 * summary[key]["mean"], yerr=100 * summary[key]["std"], fmt="ko", capsize=4)
    ax.set_xticks(range(len(keys)), [f"{init}\n{name}" for init, name in keys])
    ax.set_ylabel("evaluation accuracy (%)")
