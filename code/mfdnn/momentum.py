"""Momentum SGD in its two forms, against torch.optim.SGD.

Form I (heavy ball): θ_{k+1} = θ_k − α_k g_k + β(θ_k − θ_{k−1}), with θ_{−1} = θ_0.
Form II (velocity):  v_{k+1} = g_k + β v_k, θ_{k+1} = θ_k − α_k v_{k+1}, with v_0 = 0.

With a constant step size the two produce the same iterates (see the
``momentum.*`` claims); with a step size that changes they do not.
Step sizes are given as a function ``k ↦ α_k`` so that both forms and the
torch run see exactly the same schedule.
"""

import ast
import importlib
import inspect
import math
import textwrap
from typing import Callable

import torch
from torch import nn

GradFn = Callable[[torch.Tensor], torch.Tensor]


def constant(alpha: float) -> Callable[[int], float]:
    """The schedule ``α_k = alpha``."""
    return lambda k: alpha


def step_decay(alpha: float, every: int, factor: float) -> Callable[[int], float]:
    """``α_k = alpha · factor^{⌊k/every⌋}``: what ``torch.optim.lr_scheduler.StepLR`` does."""
    return lambda k: alpha * factor ** (k // every)


def fixed_sequence(gradients: torch.Tensor) -> GradFn:
    """A "gradient" that ignores θ and returns the rows g_0, g_1, … in turn (the setting of the claims)."""
    rows = iter(gradients)

    def grad(theta: torch.Tensor) -> torch.Tensor:
        try:
            return next(rows)
        except StopIteration:
            raise ValueError(f"the fixed gradient sequence has only {len(gradients)} rows") from None

    return grad


def _check(steps: int, beta: float):
    if steps < 0:
        raise ValueError(f"steps must be ≥ 0, got {steps}")
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"momentum β must be in [0, 1), got {beta}")


def form_one(grad: GradFn, theta0: torch.Tensor, schedule, beta: float, steps: int,
             theta_minus_one: torch.Tensor | None = None) -> torch.Tensor:
    """Form I iterates θ_0 … θ_steps (one row each); ``theta_minus_one`` defaults to θ_0."""
    _check(steps, beta)
    prev = theta0.clone() if theta_minus_one is None else theta_minus_one.clone()
    curr = theta0.clone()
    path = [curr.clone()]
    for k in range(steps):
        prev, curr = curr, curr - schedule(k) * grad(curr) + beta * (curr - prev)
        path.append(curr.clone())
    return torch.stack(path)


def form_two(grad: GradFn, theta0: torch.Tensor, schedule, beta: float, steps: int,
             v0: torch.Tensor | None = None, return_velocity: bool = False):
    """Form II iterates θ_0 … θ_steps; with ``return_velocity`` also v_1 … v_steps.

    The operations are in torch.optim.SGD's order (``v ← β v + g``, ``θ ← θ − α v``).
    """
    _check(steps, beta)
    theta = theta0.clone()
    vel = torch.zeros_like(theta0) if v0 is None else v0.clone()
    path, velocities = [theta.clone()], []
    for k in range(steps):
        vel = vel.mul(beta).add(grad(theta))
        theta = theta.add(vel, alpha=-schedule(k))
        path.append(theta.clone())
        velocities.append(vel.clone())
    path = torch.stack(path)
    return (path, torch.stack(velocities)) if return_velocity else path


# --------------------------------------------------------------------------
# torch.optim.SGD: its source, and the hypotheses under which it is Form II

#: The lines of ``_single_tensor_sgd`` that the momentum page reads, by role.  Each must occur
#: in the excerpt: if torch changes them, :func:`sgd_update_lines` fails and so does the build.
SGD_UPDATE_LINES = {
    "first_step": "buf = grad.detach().clone()",
    "velocity": "buf.mul_(momentum).add_(grad, alpha=1 - dampening)",
    "direction": "grad = buf",
    "position": "param.add_(grad, alpha=-lr)",
    "maximize": "grad = grads[i] if not maximize else -grads[i]",
    "weight_decay": "grad = grad.add(param, alpha=weight_decay)",
    "nesterov": "grad = grad.add(buf, alpha=momentum)",
}


def loop_body(function) -> str:
    """The body of the first ``for`` loop of ``function``, dedented: located by parsing, not by text markers.

    >>> def demo(xs):
    ...     total = 0  # for the loop below
    ...     for x in xs:
    ...         total += x
    ...     return total
    >>> loop_body(demo)
    'total += x'
    """
    source = textwrap.dedent(inspect.getsource(function))
    loops = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.For)]
    if not loops:
        raise ValueError(f"{function.__qualname__} has no for loop")
    lines = source.splitlines()
    body = loops[0].body
    return textwrap.dedent("\n".join(lines[body[0].lineno - 1:body[-1].end_lineno])).strip()


def sgd_source_excerpt() -> str:
    """The per-parameter loop of the installed torch's ``torch.optim.sgd._single_tensor_sgd``.

    This is the implementation ``torch.optim.SGD`` runs on CPU tensors (the
    ``foreach`` variant is the default only on accelerators).
    """
    return loop_body(importlib.import_module("torch.optim.sgd")._single_tensor_sgd)


def sgd_update_lines(excerpt: str) -> dict[str, str]:
    """The lines of ``excerpt`` that hold each of :data:`SGD_UPDATE_LINES`, stripped; a clear error if one is missing.

    >>> sgd_update_lines("x = 1")
    Traceback (most recent call last):
    ...
    ValueError: the torch.optim.SGD excerpt lacks 'buf = grad.detach().clone()' (first_step): revise the momentum page
    """
    found = {}
    for role, text in SGD_UPDATE_LINES.items():
        hits = [line.strip() for line in excerpt.splitlines() if text in line]
        if not hits:
            raise ValueError(f"the torch.optim.SGD excerpt lacks {text!r} ({role}): revise the momentum page")
        found[role] = hits[0]
    return found


def torch_sgd_on_gradients(grad: GradFn, theta0: torch.Tensor, lr: float, steps: int, **options) -> torch.Tensor:
    """θ_0 … θ_steps of ``torch.optim.SGD(lr=lr, **options)`` when the gradient at θ is ``grad(θ)``.

    The gradient is written into ``param.grad`` directly, so torch and the forms
    see bit-for-bit the same g_k and differences come from the update rule alone.
    """
    param = theta0.clone().requires_grad_(True)
    opt = torch.optim.SGD([param], lr=lr, **options)
    path = [theta0.clone()]
    for _ in range(steps):
        param.grad = grad(param.detach())
        opt.step()
        path.append(param.detach().clone())
    return torch.stack(path)


def sgd_hypotheses(condition: float = 20.0, lr: float = 0.04, beta: float = 0.8, steps: int = 40,
                   dampening: float = 0.5, weight_decay: float = 0.1) -> list[dict]:
    """torch.optim.SGD(momentum=β) against Form II on a quadratic, with each hypothesis of the identification broken.

    One row per run: ``label``, the SGD ``options``, ``gap`` (largest
    |torch − Form II on g = ∇f| over the path) and, where a modified gradient
    restores the identity, ``refit`` (the gap to Form II run on that gradient)
    and ``refit_gradient`` (what it is).  The first row keeps every hypothesis.

    >>> rows = sgd_hypotheses(steps=10)
    >>> [(r["label"], r["gap"] == 0.0) for r in rows][:2]
    [('hypotheses hold', True), ('dampening = 0.5', False)]
    """
    hess, grad = quadratic(condition)
    theta0 = rotated_point(1.0, 0.5)
    form_ii = lambda g: form_two(g, theta0, constant(lr), beta, steps)  # noqa: E731 (one use per row)
    runs = [
        ("hypotheses hold", {}, None, None),
        (f"dampening = {dampening:g}", {"dampening": dampening}, None, None),
        ("nesterov = True", {"nesterov": True}, None, None),
        (f"weight_decay = {weight_decay:g}", {"weight_decay": weight_decay},
         lambda t: grad(t).add(t, alpha=weight_decay), f"g = ∇f(θ) + {weight_decay:g} θ"),
        ("maximize = True", {"maximize": True}, lambda t: -grad(t), "g = −∇f(θ)"),
    ]
    plain = form_ii(grad)
    rows = []
    for label, options, refit_grad, refit_text in runs:
        path = torch_sgd_on_gradients(grad, theta0, lr, steps, momentum=beta, **options)
        row = {"label": label, "options": options, "gap": (path - plain).abs().max().item()}
        if refit_grad is not None:
            row["refit"] = (path - form_ii(refit_grad)).abs().max().item()
            row["refit_gradient"] = refit_text
        rows.append(row)
    return rows


# --------------------------------------------------------------------------
# A real training problem: a small tanh MLP on two interleaved spirals


def two_spirals(points_per_class: int, noise: float = 0.05, generator: torch.Generator | None = None,
                dtype=torch.float64) -> tuple[torch.Tensor, torch.Tensor]:
    """Two interleaved spirals in the plane, labels 0 and 1 (a classic non-convex classification task)."""
    if points_per_class < 1:
        raise ValueError(f"points_per_class must be ≥ 1, got {points_per_class}")
    t = torch.linspace(0.25, 3 * math.pi, points_per_class, dtype=dtype)
    arm = torch.stack([t * torch.cos(t), t * torch.sin(t)], dim=1) / (3 * math.pi)
    x = torch.cat([arm, -arm]) + noise * torch.randn(2 * points_per_class, 2, dtype=dtype, generator=generator)
    y = torch.cat([torch.zeros(points_per_class), torch.ones(points_per_class)]).to(torch.long)
    return x, y


def spiral_classifier(hidden: int, dtype=torch.float64) -> nn.Sequential:
    """2 → hidden → hidden → 2 with tanh, PyTorch's default initialization."""
    return nn.Sequential(nn.Linear(2, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                         nn.Linear(hidden, 2)).to(dtype)


def flat_gradient_fn(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> GradFn:
    """``θ ↦ ∇ loss(θ)``: full-batch cross-entropy gradient at a flat parameter vector θ."""
    params = [p for p in model.parameters()]

    def grad(theta: torch.Tensor) -> torch.Tensor:
        nn.utils.vector_to_parameters(theta, params)
        loss = nn.functional.cross_entropy(model(x), y)
        grads = torch.autograd.grad(loss, params)
        return torch.cat([g.reshape(-1) for g in grads]).detach()

    return grad


def torch_sgd_path(model: nn.Module, x: torch.Tensor, y: torch.Tensor, lr: float, beta: float, steps: int,
                   decay_every: int | None = None, decay: float = 0.5):
    """Train with ``torch.optim.SGD(momentum=β)`` (optionally ``StepLR``); the flat parameters and buffers.

    Returns ``(path, buffers)``: θ_0 … θ_steps and the optimizer's
    ``momentum_buffer`` after each step, flattened (the gradient when β = 0, where torch keeps none).
    """
    _check(steps, beta)
    params = list(model.parameters())
    opt = torch.optim.SGD(params, lr=lr, momentum=beta)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=decay_every, gamma=decay) if decay_every else None
    path = [nn.utils.parameters_to_vector(params).detach().clone()]
    buffers = []
    for _ in range(steps):
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        if sched:
            sched.step()
        path.append(nn.utils.parameters_to_vector(params).detach().clone())
        # With β = 0 torch keeps no buffer: Form II's velocity is then the gradient itself.
        buffers.append(torch.cat([(opt.state[p]["momentum_buffer"] if beta else p.grad).reshape(-1)
                                  for p in params]).clone())
    return torch.stack(path), torch.stack(buffers)


def which_form(hidden: int, points_per_class: int, lr: float, beta: float, steps: int,
               decay_every: int | None = None, seed: int = 0) -> dict:
    """Run torch's SGD and both forms from the same start on the spirals; the largest gaps.

    Returns the maximal absolute parameter differences over all steps between
    torch and Form II, torch and Form I, the largest difference between torch's
    momentum buffer and Form II's velocity, and the final loss.
    """
    gen = torch.Generator().manual_seed(seed)
    x, y = two_spirals(points_per_class, generator=gen)
    torch.manual_seed(seed)
    model = spiral_classifier(hidden)
    theta0 = nn.utils.parameters_to_vector(model.parameters()).detach().clone()
    torch_path, buffers = torch_sgd_path(model, x, y, lr, beta, steps, decay_every)

    schedule = step_decay(lr, decay_every, 0.5) if decay_every else constant(lr)
    probe = spiral_classifier(hidden)
    grad = flat_gradient_fn(probe, x, y)
    path_two, velocities = form_two(grad, theta0, schedule, beta, steps, return_velocity=True)
    path_one = form_one(grad, theta0, schedule, beta, steps)
    nn.utils.vector_to_parameters(torch_path[-1], list(probe.parameters()))
    with torch.no_grad():
        final_loss = nn.functional.cross_entropy(probe(x), y).item()
    return {
        "parameters": theta0.numel(),
        "torch_vs_two": (torch_path - path_two).abs().max().item(),
        "torch_vs_one": (torch_path - path_one).abs().max().item(),
        "buffer_vs_velocity": (buffers - velocities).abs().max().item(),
        "step_norm": (torch_path[1:] - torch_path[:-1]).norm(dim=1).max().item(),
        "final_loss": final_loss,
    }


# --------------------------------------------------------------------------
# The ill-conditioned quadratic of the figure


QUADRATIC_ANGLE = math.pi / 6


def rotated_point(flat: float, steep: float, angle: float = QUADRATIC_ANGLE, dtype=torch.float64) -> torch.Tensor:
    """The point with coordinates ``flat``, ``steep`` along the eigenvectors of :func:`quadratic`'s H."""
    c, s = math.cos(angle), math.sin(angle)
    return torch.tensor([c * flat - s * steep, s * flat + c * steep], dtype=dtype)


def quadratic(condition: float, angle: float = QUADRATIC_ANGLE, dtype=torch.float64):
    """``f(θ) = ½ θᵀHθ`` with eigenvalues 1 and ``condition``, axes rotated by ``angle``; returns (H, grad)."""
    if condition < 1:
        raise ValueError(f"condition number must be ≥ 1, got {condition}")
    c, s = math.cos(angle), math.sin(angle)
    rot = torch.tensor([[c, -s], [s, c]], dtype=dtype)
    hess = rot @ torch.diag(torch.tensor([1.0, condition], dtype=dtype)) @ rot.T
    return hess, (lambda theta: hess @ theta)


def plot_trajectories(ax, hess: torch.Tensor, paths: dict, title: str) -> None:
    """Contours of ½θᵀHθ and the given trajectories (label → (path, matplotlib style kwargs))."""
    every = torch.cat([p for p, _ in paths.values()])
    lo, hi = every.min(dim=0).values, every.max(dim=0).values
    pad = 0.1 * (hi - lo).max().item()
    gx, gy = torch.meshgrid(torch.linspace(lo[0].item() - pad, hi[0].item() + pad, 200, dtype=hess.dtype),
                            torch.linspace(lo[1].item() - pad, hi[1].item() + pad, 200, dtype=hess.dtype),
                            indexing="xy")
    pts = torch.stack([gx, gy], dim=-1)
    f = 0.5 * torch.einsum("...i,ij,...j->...", pts, hess, pts)
    ax.contour(gx, gy, f, levels=torch.logspace(-4, 0, 12).mul(f.max()).tolist(), colors="0.8", linewidths=0.6)
    for label, (path, style) in paths.items():
        ax.plot(path[:, 0], path[:, 1], label=label, **style)
    ax.plot([0], [0], "k*", ms=10)
    ax.set_aspect("equal")
    ax.set_title(title)
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    ax.legend(loc="lower right")


def quadratic_paths(condition: float, alpha: float, beta: float, steps: int, drop_at: int,
                    theta0: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """The Hessian of :func:`quadratic` and five paths from ``theta0`` on it.

    ``gd`` (β = 0); Forms I and II with the constant step ``alpha`` (``const_one``,
    ``const_two``), and with ``alpha`` halved every ``drop_at`` steps
    (``sched_one``, ``sched_two``).  A constant step makes the forms coincide:

    >>> hess, paths = quadratic_paths(10.0, 0.1, 0.8, 20, 5, rotated_point(1.0, 0.5))
    >>> (paths["const_one"] - paths["const_two"]).abs().max().item() < 1e-12
    True
    >>> (paths["sched_one"] - paths["sched_two"]).abs().max().item() > 1e-3
    True
    """
    hess, grad = quadratic(condition)
    sched = step_decay(alpha, drop_at, 0.5)
    return hess, {
        "gd": form_two(grad, theta0, constant(alpha), 0.0, steps),
        "const_one": form_one(grad, theta0, constant(alpha), beta, steps),
        "const_two": form_two(grad, theta0, constant(alpha), beta, steps),
        "sched_one": form_one(grad, theta0, sched, beta, steps),
        "sched_two": form_two(grad, theta0, sched, beta, steps),
    }


def plot_quadratic_paths(axes, hess: torch.Tensor, paths: dict[str, torch.Tensor], drop_at: int) -> None:
    """First axes: the constant-step paths of :func:`quadratic_paths`; second: the scheduled ones."""
    plot_trajectories(axes[0], hess, {
        r"gradient descent ($\beta = 0$)": (paths["gd"], dict(color="0.5", lw=1)),
        "Form I": (paths["const_one"], dict(color="tab:blue", lw=2.5, alpha=0.5)),
        "Form II": (paths["const_two"], dict(color="tab:red", ls="none", marker="o", ms=3)),
    }, "constant step size: the forms coincide")
    plot_trajectories(axes[1], hess, {
        r"Form I, $\alpha_k$": (paths["sched_one"], dict(color="tab:blue", lw=1.5, marker="s", ms=2.5)),
        r"Form II, $\alpha_k$ (PyTorch)": (paths["sched_two"], dict(color="tab:red", lw=1.5, marker="o", ms=2.5)),
    }, f"step size halved every {drop_at} steps: they part")
