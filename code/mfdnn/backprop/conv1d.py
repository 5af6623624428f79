"""Backpropagation through single-channel 1-D convolutions without forming A_w.

Stride 1, no padding.  Layer ℓ has a filter ``w_ℓ`` of size ``f_ℓ`` and a
scalar bias ``b_ℓ``; ``n_ℓ = n_{ℓ-1} − f_ℓ + 1``.  With ``A_w`` the matrix of
``v ↦ conv1d(v, w)`` (PyTorch's convolution is a cross-correlation,
``(A_w v)_i = Σ_k w_k v_{i+k-1}``), the network is

    y_ℓ = σ(A_{w_ℓ} y_{ℓ-1} + b_ℓ 1)  for ℓ < L,   y_L = A_{w_L} y_{L-1} + b_L 1.

The backward pass (checked symbolically in :mod:`derivations.conv1d`) uses two
operations only: ``conv1d`` for products ``A_w v`` and for the filter gradient
(a correlation of the layer input with δ), and ``conv_transpose1d`` for
``A_wᵀ u`` (the full convolution).  :func:`backward_dense` does the same with
``A_w`` formed explicitly: it is the baseline of the timing figure.
"""

from __future__ import annotations

import dataclasses

import torch
import torch.nn.functional as F

from ..benchmark import fastest_interleaved
from .mlp import ACTIVATIONS


@dataclasses.dataclass
class ConvNet:
    """Filters ``w[ℓ-1] = w_ℓ`` (1-D tensors) and scalar biases ``b[ℓ-1] = b_ℓ`` (0-D tensors)."""

    w: list[torch.Tensor]
    b: list[torch.Tensor]
    activation: str = "sigmoid"

    def __post_init__(self):
        if len(self.w) != len(self.b) or not self.w:
            raise ValueError(f"a ConvNet needs one scalar bias per filter and at least one filter; "
                             f"got {len(self.w)} filters and {len(self.b)} biases")
        for l, (w, b) in enumerate(zip(self.w, self.b), 1):
            if w.dim() != 1 or b.dim() != 0:
                raise ValueError(f"layer {l}: the filter must be a 1-D tensor and the bias a 0-D tensor; "
                                 f"got shapes {tuple(w.shape)} and {tuple(b.shape)}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r}; use one of {', '.join(ACTIVATIONS)}")

    @property
    def depth(self) -> int:
        return len(self.w)

    def sizes(self, n_in: int) -> list[int]:
        """``[n_0, …, n_L]``; a clear error if a filter is longer than its input."""
        sizes = [n_in]
        for l, w in enumerate(self.w, 1):
            if w.numel() > sizes[-1]:
                raise ValueError(f"layer {l}: filter of size {w.numel()} is longer than its input of size "
                                 f"{sizes[-1]}; use a longer input or shorter filters")
            sizes.append(sizes[-1] - w.numel() + 1)
        return sizes


def random_convnet(filter_sizes: list[int], activation: str = "sigmoid", dtype=torch.float64,
                   generator: torch.Generator | None = None, device=None) -> ConvNet:
    """Standard normal filters of the given sizes and standard normal scalar biases."""
    if not filter_sizes or min(filter_sizes) < 1:
        raise ValueError(f"filter_sizes must be a non-empty list of positive sizes; got {filter_sizes}")
    w = [torch.randn(f, dtype=dtype, generator=generator).to(device) for f in filter_sizes]
    b = [torch.randn((), dtype=dtype, generator=generator).to(device) for _ in filter_sizes]
    return ConvNet(w, b, activation)


def conv(v: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """``A_w v`` for each row of ``v`` (shape batch × n), by ``conv1d``."""
    return F.conv1d(v.unsqueeze(1), w.view(1, 1, -1)).squeeze(1)


def conv_transpose(u: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """``A_wᵀ u`` for each row of ``u``, by ``conv_transpose1d`` (the full convolution of u with w)."""
    return F.conv_transpose1d(u.unsqueeze(1), w.view(1, 1, -1)).squeeze(1)


def filter_gradient(v: torch.Tensor, delta: torch.Tensor) -> torch.Tensor:
    """``Σ_rows Σ_i δ_i v_{i+k-1}`` for each k: the correlation of the inputs with δ, by one ``conv1d``.

    The batch is passed as input channels, so the convolution's sum over
    channels is the sum over inputs.
    """
    return F.conv1d(v.unsqueeze(0), delta.unsqueeze(0)).view(-1)


def forward(net: ConvNet, x: torch.Tensor):
    """``(y_L, ys, zs)`` for inputs ``x`` (batch × n_0): output, layer inputs ``y_0 … y_{L-1}``, pre-activations."""
    if x.dim() != 2:
        raise ValueError(f"x must be batch × n_0 (one input per row); got shape {tuple(x.shape)}")
    net.sizes(x.shape[1])
    sigma, _ = ACTIVATIONS[net.activation]
    y, ys, zs = x, [], []
    for l, (w, b) in enumerate(zip(net.w, net.b), 1):
        ys.append(y)
        z = conv(y, w) + b
        zs.append(z)
        y = z if l == net.depth else sigma(z)
    return y, ys, zs


def deltas(net: ConvNet, zs, grad_output: torch.Tensor, sigma_at_output: bool = False) -> list[torch.Tensor]:
    """``[δ_1, …, δ_L]`` with ``δ_ℓ = ∂loss/∂z_ℓ`` (one row per input), given ``grad_output = ∂loss/∂y_L``.

    ``δ_L = grad_output`` (no σ at the output layer) and
    ``δ_ℓ = σ'(z_ℓ) ⊙ A_{w_{ℓ+1}}ᵀ δ_{ℓ+1}``, the transpose by ``conv_transpose1d``.
    For the loss y_L itself (n_L = 1, ``grad_output`` = 1), ``δ_ℓ`` is the row
    ``(∂y_L/∂y_ℓ) diag(σ'(z_ℓ))`` for ℓ < L and 1 for ℓ = L.
    ``sigma_at_output=True`` multiplies δ_L by σ'(z_L), the hidden-layer formula
    outside its range: it exists to show that this is wrong.
    """
    _, sigma_prime = ACTIVATIONS[net.activation]
    out = [None] * net.depth
    g = grad_output
    for l in range(net.depth, 0, -1):
        hidden = l < net.depth or sigma_at_output
        out[l - 1] = g * sigma_prime(zs[l - 1]) if hidden else g  # no σ at the output layer
        g = conv_transpose(out[l - 1], net.w[l - 1])
    return out


def backward(net: ConvNet, ys, zs, grad_output: torch.Tensor, sigma_at_output: bool = False):
    """Gradients ``(dw, db)`` given ``grad_output = ∂loss/∂y_L``; never forms A_w.

    ``∂loss/∂w_ℓ`` is the correlation of the layer input ``y_{ℓ-1}`` with ``δ_ℓ``
    (length f_ℓ) and ``∂loss/∂b_ℓ`` the sum of ``δ_ℓ``; see :func:`deltas`.
    """
    ds = deltas(net, zs, grad_output, sigma_at_output)
    return ([filter_gradient(y, d) for y, d in zip(ys, ds)], [d.sum() for d in ds])


def conv_matrix(w: torch.Tensor, n_in: int) -> torch.Tensor:
    """The matrix ``A_w`` (n_in − f + 1) × n_in, with ``(A_w)_{i, i+k} = w_k``: O(n²) memory."""
    f = w.numel()
    n_out = n_in - f + 1
    A = torch.zeros(n_out, n_in, dtype=w.dtype, device=w.device)
    rows = torch.arange(n_out, device=w.device).unsqueeze(1)
    A[rows, rows + torch.arange(f, device=w.device)] = w
    return A


def backward_dense(net: ConvNet, x: torch.Tensor, grad_of_output=None):
    """Forward and backward with every ``A_w`` formed: the wasteful baseline.

    Returns ``(y_L, dw, db)`` for the loss whose gradient at ``y_L`` is
    ``grad_of_output(y_L)`` (default: the output itself, i.e. ``½‖y_L‖²``).
    The filter gradient uses the matrix of ``w ↦ A_w v`` (entries ``v_{i+k-1}``).
    """
    sigma, sigma_prime = ACTIVATIONS[net.activation]
    mats, ys, zs, y = [], [], [], x
    for l, (w, b) in enumerate(zip(net.w, net.b), 1):
        A = conv_matrix(w, y.shape[1])
        mats.append(A)
        ys.append(y)
        z = y @ A.T + b
        zs.append(z)
        y = z if l == net.depth else sigma(z)
    g = y if grad_of_output is None else grad_of_output(y)
    dw, db = [None] * net.depth, [None] * net.depth
    for l in range(net.depth, 0, -1):
        delta = g if l == net.depth else g * sigma_prime(zs[l - 1])
        f = net.w[l - 1].numel()
        windows = ys[l - 1].unfold(1, f, 1)  # batch × n_ℓ × f: the matrix of w ↦ A_w v per input
        dw[l - 1] = torch.einsum("bi,bik->k", delta, windows)
        db[l - 1] = delta.sum()
        g = delta @ mats[l - 1]
    return y, dw, db


def half_squared_norm_grads(net: ConvNet, x: torch.Tensor):
    """``(y_L, dw, db)`` for the loss ``½‖y_L‖²`` by :func:`forward` and :func:`backward`."""
    with torch.no_grad():
        y_out, ys, zs = forward(net, x)
        dw, db = backward(net, ys, zs, y_out)
    return y_out, dw, db


def half_squared_norm(y_out: torch.Tensor) -> torch.Tensor:
    """``½‖y_L‖²`` over every entry and input: the loss of :func:`half_squared_norm_grads`."""
    return 0.5 * (y_out ** 2).sum()


def autograd_grads(net: ConvNet, x: torch.Tensor, loss=half_squared_norm):
    """``(y_L, dw, db)`` for ``loss(y_L)`` (default ``½‖y_L‖²``) by ``torch.autograd`` through ``conv1d``."""
    params = [p.detach().clone().requires_grad_(True) for p in net.w + net.b]
    leaf = ConvNet(params[:net.depth], params[net.depth:], net.activation)
    y_out = forward(leaf, x)[0]
    grads = torch.autograd.grad(loss(y_out), params)
    return y_out.detach(), list(grads[:net.depth]), list(grads[net.depth:])


#: Filter sizes and input size of :func:`scalar_output_example`: sizes 12 → 9 → 7 → 1, so n_L = 1.
EXAMPLE_FILTERS = (4, 3, 7)
EXAMPLE_INPUT = 12


def scalar_output_example(generator: torch.Generator | None = None) -> tuple[ConvNet, torch.Tensor]:
    """``(net, x)``: a sigmoid network of depth 3 with a scalar output and one standard normal input, float64.

    The course poses the problem without numbers; this is the page's own
    instance (default generator seeded with 0).  The middle layer has
    n_1 = 9 inputs, f_2 = 3 and n_2 = 7 outputs.

    >>> net, x = scalar_output_example()
    >>> net.sizes(x.shape[1])
    [12, 9, 7, 1]
    """
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    net = random_convnet(list(EXAMPLE_FILTERS), generator=generator)
    return net, torch.randn(1, EXAMPLE_INPUT, dtype=torch.float64, generator=generator)


def filter_gradient_readings(net: ConvNet, x: torch.Tensor, layer: int) -> dict:
    """Two readings of ``∂y_L/∂w_ℓ`` for one input ``x`` (1 × n_0) and ``layer`` ℓ, against autograd.

    With ``v = δ_ℓ = (∂y_L/∂y_ℓ) diag(σ'(z_ℓ))`` (1 at ℓ = L), the gradient's
    entry k is ``v · (y_{ℓ-1})_{k..k+n_ℓ-1}``: the correlation of ``y_{ℓ-1}``
    with ``v`` as the filter, ``C_v y_{ℓ-1}``, of length n_{ℓ-1} − n_ℓ + 1 = f_ℓ.
    Multiplying by the transpose instead, ``C_vᵀ y_{ℓ-1}`` (a transposed
    convolution of ``y_{ℓ-1}`` with ``v``), gives a vector of length
    n_{ℓ-1} + n_ℓ − 1.  Returns the three vectors (``"autograd"``,
    ``"correlation"``, ``"transposed"``) and ``"f"``, the filter size.

    >>> net = random_convnet([4, 3, 7], generator=torch.Generator().manual_seed(0))
    >>> r = filter_gradient_readings(net, torch.ones(1, 12, dtype=torch.float64), layer=2)
    >>> r["f"], r["correlation"].numel(), r["transposed"].numel()
    (3, 3, 15)
    """
    if x.dim() != 2 or x.shape[0] != 1:
        raise ValueError(f"x must be one input, shape 1 × n_0; got {tuple(x.shape)}")
    if not 1 <= layer <= net.depth:
        raise ValueError(f"layer must be in 1..{net.depth}; got {layer}")
    if net.sizes(x.shape[1])[-1] != 1:
        raise ValueError("the readings are for a scalar output y_L (n_L = 1); choose sizes that end at 1")
    with torch.no_grad():
        y_out, ys, zs = forward(net, x)
        v = deltas(net, zs, torch.ones_like(y_out))[layer - 1]
    _, dw_auto, _ = autograd_grads(net, x, loss=torch.sum)  # the output y_L itself
    return {"autograd": dw_auto[layer - 1], "correlation": conv(ys[layer - 1], v[0]).view(-1),
            "transposed": conv_transpose(ys[layer - 1], v[0]).view(-1), "f": net.w[layer - 1].numel()}


def max_gap(first, second) -> float:
    """Largest entrywise |difference| between two lists of gradients, relative to the largest entry."""
    gaps = max((a - b).abs().max().item() for a, b in zip(first, second))
    scale = max(b.abs().max().item() for b in second)
    return gaps / max(scale, 1e-300)


def timing_sweep(sizes: list[int], filter_sizes: list[int], batch: int, repeats: int,
                 device=None, dtype=torch.float64) -> list[dict]:
    """Best-of-``repeats`` seconds of one forward+backward, matrix-free vs forming A_w, per input size n.

    Each row also records the largest relative gap between the two methods'
    gradients, so the figure compares equal computations.  On the CPU the
    sweep runs on one thread: on a shared machine, thread scheduling noise
    would otherwise swamp the small sizes.
    """
    device = torch.device("cpu") if device is None else torch.device(device)
    cuda = device.type == "cuda"
    threads = torch.get_num_threads()
    if not cuda:
        torch.set_num_threads(1)
    try:
        return [_time_one(n, filter_sizes, batch, repeats, device, dtype) for n in sizes]
    finally:
        torch.set_num_threads(threads)


def _time_one(n: int, filter_sizes: list[int], batch: int, repeats: int, device, dtype) -> dict:
    """One row of :func:`timing_sweep`; the first (untimed) calls also warm up the kernels."""
    cuda = device.type == "cuda"
    g = torch.Generator().manual_seed(n)
    net = random_convnet(filter_sizes, dtype=dtype, generator=g, device=device)
    x = torch.randn(batch, n, dtype=dtype, generator=g).to(device)
    _, dw_free, db_free = half_squared_norm_grads(net, x)
    with torch.no_grad():
        _, dw_dense, db_dense = backward_dense(net, x)
    seconds = fastest_interleaved(
        {"matrix_free_s": lambda: half_squared_norm_grads(net, x),
         "dense_s": torch.no_grad()(lambda: backward_dense(net, x))},
        repeats, sync=torch.cuda.synchronize if cuda else (lambda: None))
    return {"n": n, **seconds, "gap": max_gap(dw_free + db_free, dw_dense + db_dense)}


def plot_timing(rows: list[dict], ax) -> None:
    """Log-log seconds against n for both methods, with n and n² reference slopes."""
    n = [r["n"] for r in rows]
    free = [r["matrix_free_s"] for r in rows]
    dense = [r["dense_s"] for r in rows]
    ax.loglog(n, free, "o-", label="matrix-free (conv1d, conv_transpose1d)")
    ax.loglog(n, dense, "s-", label=r"forming $A_w$")
    ax.loglog(n, [dense[-1] * (k / n[-1]) ** 2 for k in n], "k:", lw=1, label=r"slope 2 ($\propto n^2$)")
    ax.loglog(n, [free[-1] * (k / n[-1]) for k in n], "k--", lw=1, label=r"slope 1 ($\propto n$)")
    ax.set_xlabel("input size $n$")
    ax.set_ylabel("seconds, forward + backward (best of repeats)")
    ax.legend()


def fitted_slope(rows: list[dict], key: str, last: int = 3) -> float:
    """Least-squares slope of log(seconds) against log(n) over the ``last`` sizes."""
    import math

    pts = [(math.log(r["n"]), math.log(r[key])) for r in rows[-last:]]
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    return sum((a - mx) * (b - my) for a, b in pts) / sum((a - mx) ** 2 for a, _ in pts)
