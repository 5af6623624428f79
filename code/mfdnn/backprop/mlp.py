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


#: The hw5 (2021) P1 notebook's network: six layers, widths 4, 4, 4, 4, 4, 4 and a scalar output.
COURSE_WIDTHS = (4, 4, 4, 4, 4, 4, 1)


def course_setting(generator: torch.Generator | None = None):
    """The hw5 (2021) P1 notebook's draws, in its order: ``(net, x, target)``, float32.

    The notebook seeds PyTorch with 0 and then draws, all uniform on [0, 1)
    (``torch.rand``): the input x ∈ R⁴, the target ∈ R, then for each layer
    ℓ = 1..6 the weight A_ℓ before the bias b_ℓ (A_1..A_5 are 4 × 4, A_6 is
    1 × 4, b_6 a scalar).  Every draw here goes through ``generator`` (default:
    a new one seeded with 0), which gives the same numbers as the notebook's
    global ``torch.manual_seed(0)``.  The notebook's column vectors become
    rows (``x`` is 1 × 4, ``target`` 1 × 1), which reshapes without
    reordering a single draw.  The activation is the sigmoid on layers 1..5,
    none on layer 6, and :func:`squared_loss` is the notebook's (y − target)²/2.

    >>> net, x, target = course_setting()
    >>> [tuple(A.shape) for A in net.A], tuple(x.shape), tuple(target.shape)
    ([(4, 4), (4, 4), (4, 4), (4, 4), (4, 4), (1, 4)], (1, 4), (1, 1))
    >>> round(target.item(), 7)  # the second number drawn after seeding with 0
    0.3074228
    """
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    x = torch.rand(COURSE_WIDTHS[0], 1, generator=generator).T
    target = torch.rand(1, 1, generator=generator)
    A, b = [], []
    for n_in, n_out in zip(COURSE_WIDTHS[:-1], COURSE_WIDTHS[1:]):
        A.append(torch.rand(n_out, n_in, generator=generator))
        b.append(torch.rand(n_out, 1, generator=generator).view(n_out))
    return MLP(A, b, "sigmoid"), x, target


def course_gradients(generator: torch.Generator | None = None) -> dict:
    """The notebook's two gradients of the loss with respect to A_1, and its loss, in :func:`course_setting`.

    ``"autograd"`` is ``torch.autograd``'s (the notebook's option 1), ``"by_hand"``
    is :func:`backward`'s (its option 3: the loop over layers written out).
    Both are 4 × 4 float32 tensors; ``"loss"`` and ``"output"`` are floats.

    >>> g = course_gradients()
    >>> print(g["autograd"][0, 0].item() > 0, round(g["loss"], 6))
    True 0.884454
    """
    net, x, target = course_setting(generator)
    loss, dA_hand, _ = gradients_by_hand(net, x, target)
    _, dA_auto, _ = gradients_by_autograd(net, x, target)
    with torch.no_grad():
        output = forward(net, x)[0]
    return {"autograd": dA_auto[0], "by_hand": dA_hand[0], "loss": loss.item(), "output": output.item()}


def equal_as_printed(first: torch.Tensor, second: torch.Tensor, digits: int = 5) -> bool:
    """Whether every entry of the two tensors prints the same with ``digits`` significant digits.

    This is the sense in which two tensors printed by PyTorch (5 significant
    digits in scientific notation) "are identical": it does not mean bitwise equal.

    >>> equal_as_printed(torch.tensor([1.00001e-5]), torch.tensor([1.00002e-5]))
    True
    >>> equal_as_printed(torch.tensor([1.0001e-5]), torch.tensor([1.0002e-5]))
    False
    """
    if first.shape != second.shape:
        raise ValueError(f"cannot compare tensors of shapes {tuple(first.shape)} and {tuple(second.shape)}")
    def fmt(t):
        return [f"{v:.{digits - 1}e}" for v in t.flatten().tolist()]
    return fmt(first) == fmt(second)


def as_nested_tuple(t: torch.Tensor) -> tuple:
    """A matrix as a tuple of row tuples of floats: how a printed tensor is compared (and glued).

    >>> as_nested_tuple(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    ((1.0, 2.0), (3.0, 4.0))
    """
    if t.dim() != 2:
        raise ValueError(f"expected a matrix; got shape {tuple(t.shape)}")
    return tuple(map(tuple, t.tolist()))


def course_printed_values(generator: torch.Generator | None = None) -> dict:
    """The build's values of the three items hw5 (2021) P1 printed, by printed id (``derivations.course``).

    The two gradients of the loss with respect to A_1 as nested tuples, and
    the verdict "the two are the same" as a bool (equal at the printed
    precision, see :func:`equal_as_printed`).  The page glues them; the test
    of the course's numbers compares them with the print.
    """
    g = course_gradients(generator)
    return {"hw5-2021-p1-autograd": as_nested_tuple(g["autograd"]),
            "hw5-2021-p1-backprop": as_nested_tuple(g["by_hand"]),
            "hw5-2021-p1-agree": equal_as_printed(g["autograd"], g["by_hand"])}
