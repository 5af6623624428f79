"""Backpropagation through an MLP by hand: a vectorised backward pass, no autograd.

The network (one input per row of ``x``, so layers act on the right):

    y_0 = x,   y_ℓ = σ(y_{ℓ-1} A_ℓᵀ + b_ℓ)  for 1 ≤ ℓ ≤ L-1,   y_L = y_{L-1} A_Lᵀ + b_L.

The last layer has no activation, as in the course.  The backward pass is the
chain of Jacobians checked symbolically in :mod:`derivations.mlp`: with
``g = ∂loss/∂y_ℓ`` (one row per input),

    δ_ℓ = g ⊙ σ'(z_ℓ)   (δ_L = g: no activation at the output),
    ∂loss/∂A_ℓ = δ_ℓᵀ y_{ℓ-1},   ∂loss/∂b_ℓ = Σ_rows δ_ℓ,   ∂loss/∂y_{ℓ-1} = δ_ℓ A_ℓ.
"""

from __future__ import annotations

import dataclasses

import torch

#: Activations and their derivatives, the derivative written through the activation's value where cheap.
ACTIVATIONS = {
    "sigmoid": (torch.sigmoid, lambda z: torch.sigmoid(z) * (1 - torch.sigmoid(z))),
    "tanh": (torch.tanh, lambda z: 1 - torch.tanh(z) ** 2),
}


@dataclasses.dataclass
class MLP:
    """Weights ``A[ℓ-1] = A_ℓ`` (shape n_ℓ × n_{ℓ-1}) and biases ``b[ℓ-1] = b_ℓ``; activation by name."""

    A: list[torch.Tensor]
    b: list[torch.Tensor]
    activation: str = "sigmoid"

    def __post_init__(self):
        if len(self.A) != len(self.b) or not self.A:
            raise ValueError(f"an MLP needs as many biases as weight matrices, at least one; "
                             f"got {len(self.A)} weights and {len(self.b)} biases")
        for l, (A, b) in enumerate(zip(self.A, self.b), 1):
            if A.dim() != 2 or b.shape != (A.shape[0],):
                raise ValueError(f"layer {l}: A must be a matrix and b a vector of its row count; "
                                 f"got A {tuple(A.shape)} and b {tuple(b.shape)}")
            if l > 1 and A.shape[1] != self.A[l - 2].shape[0]:
                raise ValueError(f"layer {l}: A has {A.shape[1]} columns but layer {l - 1} "
                                 f"outputs {self.A[l - 2].shape[0]} values")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; use one of {', '.join(ACTIVATIONS)}")

    @property
    def depth(self) -> int:
        return len(self.A)


def random_mlp(widths: list[int], activation: str = "sigmoid", dtype=torch.float64,
               generator: torch.Generator | None = None) -> MLP:
    """Standard normal weights and biases for widths ``[n_0, …, n_L]``, drawn layer by layer (A_ℓ, then b_ℓ)."""
    if len(widths) < 2 or min(widths) < 1:
        raise ValueError(f"widths must list n_0, …, n_L (at least two positive sizes); got {widths}")
    A, b = [], []
    for n_in, n_out in zip(widths[:-1], widths[1:]):
        A.append(torch.randn(n_out, n_in, dtype=dtype, generator=generator))
        b.append(torch.randn(n_out, dtype=dtype, generator=generator))
    return MLP(A, b, activation)


def forward(net: MLP, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor], list[torch.Tensor]]:
    """``(y_L, ys, zs)``: the output, the layer values ``ys = [y_0, …, y_{L-1}]`` and pre-activations ``zs``."""
    sigma, _ = ACTIVATIONS[net.activation]
    y, ys, zs = x, [], []
    for l, (A, b) in enumerate(zip(net.A, net.b), 1):
        ys.append(y)
        z = y @ A.T + b
        zs.append(z)
        y = z if l == net.depth else sigma(z)
    return y, ys, zs


def backward(net: MLP, ys: list[torch.Tensor], zs: list[torch.Tensor], grad_output: torch.Tensor,
             sigma_at_output: bool = False):
    """Gradients ``(dA, db)`` of the loss, given ``grad_output = ∂loss/∂y_L`` (one row per input).

    One matrix product per layer and per quantity: no loop over entries, no autograd.
    ``sigma_at_output=True`` applies the hidden-layer formula (a factor σ'(z_L))
    at ℓ = L too, outside its range: it exists to show that this is wrong.
    """
    _, sigma_prime = ACTIVATIONS[net.activation]
    g = grad_output
    dA, db = [None] * net.depth, [None] * net.depth
    for l in range(net.depth, 0, -1):
        output = l == net.depth and not sigma_at_output
        delta = g if output else g * sigma_prime(zs[l - 1])  # no σ at the output layer
        dA[l - 1] = delta.T @ ys[l - 1]
        db[l - 1] = delta.sum(dim=0)
        g = delta @ net.A[l - 1]
    return dA, db


def squared_loss(y_out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``½ Σ (y_L − y)²`` summed over entries and inputs (the ½ cancels the 2 of the derivative)."""
    return 0.5 * ((y_out - target) ** 2).sum()


def squared_loss_grad(y_out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``∂loss/∂y_L = y_L − y`` for :func:`squared_loss`."""
    return y_out - target


def gradients_by_hand(net: MLP, x: torch.Tensor, target: torch.Tensor, sigma_at_output: bool = False):
    """``(loss, dA, db)`` of the squared loss, by :func:`forward` and :func:`backward`."""
    with torch.no_grad():
        y_out, ys, zs = forward(net, x)
        dA, db = backward(net, ys, zs, squared_loss_grad(y_out, target), sigma_at_output)
        return squared_loss(y_out, target), dA, db


def gradients_by_autograd(net: MLP, x: torch.Tensor, target: torch.Tensor):
    """``(loss, dA, db)`` of the same loss by ``torch.autograd``, for comparison."""
    params = [p.detach().clone().requires_grad_(True) for p in net.A + net.b]
    leaf = MLP(params[:net.depth], params[net.depth:], net.activation)
    loss = squared_loss(forward(leaf, x)[0], target)
    grads = torch.autograd.grad(loss, params)
    return loss.detach(), list(grads[:net.depth]), list(grads[net.depth:])


def max_gradient_gap(net: MLP, x: torch.Tensor, target: torch.Tensor, sigma_at_output: bool = False) -> float:
    """Largest |by hand − autograd| over every entry of every gradient, relative to the largest entry."""
    _, dA_h, db_h = gradients_by_hand(net, x, target, sigma_at_output)
    _, dA_a, db_a = gradients_by_autograd(net, x, target)
    gaps = [(h - a).abs().max() for h, a in zip(dA_h + db_h, dA_a + db_a)]
    scale = max(a.abs().max() for a in dA_a + db_a).clamp_min(torch.finfo(x.dtype).tiny)
    return (max(gaps) / scale).item()


def course_setting(depth: int = 6, width: int = 4, dtype=torch.float32):
    """The course notebook's setting as reconstructed here: ``(net, x, target)``.

    ``torch.manual_seed(0)``, then ``depth`` layers of ``width × width`` weights
    (A_ℓ then b_ℓ per layer, standard normal), then the input ``x`` and target
    ``y`` (standard normal), sigmoid activation, squared loss.  The notebook's
    exact order of random draws is not available to this build, so this order
    is this build's choice: it is stated on the page.
    """
    torch.manual_seed(0)
    net = random_mlp([width] * (depth + 1), "sigmoid", dtype=dtype)
    x = torch.randn(1, width, dtype=dtype)
    target = torch.randn(1, width, dtype=dtype)
    return net, x, target

