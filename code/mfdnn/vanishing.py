"""Vanishing gradients in sigmoid MLPs: per-layer gradient norms and the product bound.

The network (as in the derivations): ``z_ℓ = A_ℓ y_{ℓ−1} + b_ℓ``,
``y_ℓ = σ(z_ℓ)`` for ℓ < L and a linear last layer, PyTorch's default
initialization.  Layers are numbered 1 … L.
"""

import torch
from torch import nn


def sigmoid_mlp(depth: int, width: int, n_in: int, n_out: int = 1, dtype=torch.float64, device=None) -> nn.Sequential:
    """``depth`` linear layers (depth − 1 sigmoid hidden layers of ``width``), default init."""
    if depth < 1 or min(width, n_in, n_out) < 1:
        raise ValueError(f"need depth ≥ 1 and positive sizes, got depth={depth}, width={width}, "
                         f"n_in={n_in}, n_out={n_out}")
    sizes = [n_in] + [width] * (depth - 1) + [n_out]
    layers = []
    for k in range(depth):
        layers.append(nn.Linear(sizes[k], sizes[k + 1], dtype=dtype, device=device))
        if k < depth - 1:
            layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def linear_layers(net: nn.Sequential) -> list[nn.Linear]:
    """The linear layers A_1 … A_L in order."""
    return [m for m in net if isinstance(m, nn.Linear)]


def layer_gradient_norms(net: nn.Sequential, x: torch.Tensor, target: torch.Tensor) -> dict:
    """Frobenius norms of ∂loss/∂A_i and ∂loss/∂b_i for i = 1 … L (mean-squared-error loss).

    Also returns the bound ``Σ_s ‖∂loss_s/∂y_L‖ · Π_{j>i} ‖A_j‖₂ · (1/4)^{L−i}`` on
    ``‖∂loss/∂b_i‖`` from the product of Jacobians (σ' ≤ 1/4, operator norms
    submultiplicative; the loss is a sum over samples s).
    """
    net.zero_grad()
    out = net(x)
    out.retain_grad()
    loss = nn.functional.mse_loss(out, target)
    loss.backward()
    layers = linear_layers(net)
    depth = len(layers)
    per_sample = out.grad.norm(dim=1).sum()
    op_norms = [torch.linalg.matrix_norm(m.weight.detach(), ord=2) for m in layers]
    bound = []
    for i in range(1, depth + 1):
        later = torch.stack(op_norms[i:]).prod() if i < depth else torch.tensor(1.0, dtype=x.dtype)
        bound.append(per_sample * later * 0.25 ** (depth - i))
    return {
        "weight": torch.stack([m.weight.grad.norm() for m in layers]).detach(),
        "bias": torch.stack([m.bias.grad.norm() for m in layers]).detach(),
        "bias_bound": torch.stack(bound).detach(),
    }


def depth_sweep(depths, width: int, nets: int, batch: int, dtype=torch.float64, device=None, seed: int = 0) -> dict:
    """For each depth, ``nets`` independent networks on a Gaussian batch with Gaussian targets.

    Returns, per depth, the per-layer weight-gradient norms (nets × depth),
    and the largest ratio ‖∂loss/∂b_i‖ / bound seen over everything (≤ 1 if the bound holds).
    """
    torch.manual_seed(seed)
    norms, worst = {}, 0.0
    for depth in depths:
        rows = []
        for _ in range(nets):
            net = sigmoid_mlp(depth, width, width, dtype=dtype, device=device)
            x = torch.randn(batch, width, dtype=dtype, device=device)
            target = torch.randn(batch, 1, dtype=dtype, device=device)
            got = layer_gradient_norms(net, x, target)
            rows.append(got["weight"].cpu())
            worst = max(worst, (got["bias"] / got["bias_bound"]).max().item())
        norms[depth] = torch.stack(rows)
    return {"norms": norms, "worst_bound_ratio": worst}


def geometric_mean(rows: torch.Tensor) -> torch.Tensor:
    """Geometric mean over networks (dim 0): gradient norms span many orders of magnitude."""
    return rows.log().mean(dim=0).exp()


def first_over_last(sweep: dict) -> torch.Tensor:
    """Per depth of the sweep: the geometric-mean gradient norm of the first layer over that of the last.

    >>> sweep = {"norms": {2: torch.tensor([[4.0, 1.0], [1.0, 1.0]]), 3: torch.tensor([[1.0, 5.0, 2.0]])}}
    >>> first_over_last(sweep)
    tensor([2.0000, 0.5000])
    """
    return torch.stack([gm[0] / gm[-1] for gm in map(geometric_mean, sweep["norms"].values())])


def per_layer_factor(sweep: dict, depth: int) -> float:
    """The average factor by which the gradient norm shrinks per hidden layer, back from layer ``depth − 1`` to 1.

    The geometric mean of the ``depth − 2`` successive ratios; the last layer, linear, is left out.

    >>> round(per_layer_factor({"norms": {4: torch.tensor([[0.01, 0.1, 1.0, 7.0]], dtype=torch.float64)}}, 4), 12)
    0.1
    """
    gm = geometric_mean(sweep["norms"][depth])
    return ((gm[0] / gm[-2]) ** (1 / (depth - 2))).item()


def intervention_ratios(depth: int, width: int, batch: int, layer: int, kind: str, strength: float,
                        dtype=torch.float64, seed: int = 0) -> torch.Tensor:
    """Per-layer ratio of weight-gradient norms after/before an intervention at ``layer`` (1-based).

    ``kind="small"`` multiplies A_layer by ``strength`` (a small A_j);
    ``kind="saturate"`` adds ``strength`` to b_layer, pushing every unit of that
    layer into the flat part of σ (needs ``layer < depth``).
    """
    if kind not in ("small", "saturate"):
        raise ValueError(f"kind must be 'small' or 'saturate', got {kind!r}")
    if not 1 <= layer <= depth or (kind == "saturate" and layer == depth):
        raise ValueError(f"layer must be in 1..{depth} ('saturate': 1..{depth - 1}, the last layer is linear), "
                         f"got {layer}")
    torch.manual_seed(seed)
    net = sigmoid_mlp(depth, width, width, dtype=dtype)
    x = torch.randn(batch, width, dtype=dtype)
    target = torch.randn(batch, 1, dtype=dtype)
    before = layer_gradient_norms(net, x, target)["weight"]
    with torch.no_grad():
        target_layer = linear_layers(net)[layer - 1]
        if kind == "small":
            target_layer.weight.mul_(strength)
        else:
            target_layer.bias.add_(strength)
    after = layer_gradient_norms(net, x, target)["weight"]
    return after / before


def plot_layer_norms(ax, sweep: dict, depths_to_draw) -> None:
    """Geometric-mean weight-gradient norm against layer index, one line per depth."""
    # Imported here: the numerics above, and their tests, need no matplotlib.
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    top = max(depths_to_draw)
    for depth in depths_to_draw:
        gm = geometric_mean(sweep["norms"][depth])
        ax.semilogy(range(1, depth + 1), gm, "o-", ms=3, color=cmap(depth / top), label=f"$L = {depth}$")
    ax.set_xlabel("layer $i$")
    ax.set_ylabel(r"$\|\partial \ell / \partial A_i\|_F$ (geometric mean)")
    ax.legend(ncol=2)


def plot_first_over_last(ax, depths, ratios: torch.Tensor) -> None:
    """The ratio of first-layer to last-layer gradient norm against depth, log scale."""
    ax.semilogy(depths, ratios, "o-")
    ax.set_xlabel("depth $L$")
    ax.set_ylabel(r"$\|\partial\ell/\partial A_1\| \,/\, \|\partial\ell/\partial A_L\|$")
    ax.set_title("first layer relative to last")
