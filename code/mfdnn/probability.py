"""Gaussians by change of variables, and KL divergences: formulas against torch.distributions.

Everything is float64.  Pages call these functions; the tests call the same ones.
"""

import math

import torch
from torch.distributions import MultivariateNormal, kl_divergence

LOG_2PI = math.log(2 * math.pi)


def _check_square(name: str, M: torch.Tensor) -> None:
    if M.dim() != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"{name} must be a square matrix, got shape {tuple(M.shape)}")


def random_invertible(n: int, generator: torch.Generator, device="cpu") -> torch.Tensor:
    """A random invertible ``n × n`` matrix ``U diag(s) V`` (float64).

    ``U``, ``V`` are random orthogonal (either sign of determinant) and the
    singular values ``s`` are uniform in ``[0.5, 2]``, so the condition number
    is at most 4: a comparison of log-densities then measures the formula,
    not the ill-conditioning of a nearly singular matrix.
    """
    U, _ = torch.linalg.qr(torch.randn(n, n, generator=generator, dtype=torch.float64))
    V, _ = torch.linalg.qr(torch.randn(n, n, generator=generator, dtype=torch.float64))
    s = 0.5 + 1.5 * torch.rand(n, generator=generator, dtype=torch.float64)
    return (U @ torch.diag(s) @ V).to(device)


def random_spd(d: int, generator: torch.Generator, device="cpu", floor: float = 0.1) -> torch.Tensor:
    """A random symmetric positive definite ``d × d`` matrix ``BBᵀ/d + floor·I`` (float64)."""
    B = torch.randn(d, d, generator=generator, dtype=torch.float64)
    return (B @ B.T / d + floor * torch.eye(d, dtype=torch.float64)).to(device)


# --------------------------------------------------------------------------
# Change of variables: X = AY + b, Y ~ N(0, I)


def _solve_rows(M: torch.Tensor, rows: torch.Tensor, lower_triangular: bool = False) -> torch.Tensor:
    """``M⁻¹ r`` for every row ``r`` of ``rows`` (shape ``(..., n)``), as one solve with many right-hand sides.

    Broadcasting ``M`` against a batch of columns would copy it once per point.
    """
    flat = rows.reshape(-1, rows.shape[-1]).T
    if lower_triangular:
        solved = torch.linalg.solve_triangular(M, flat, upper=False)
    else:
        solved = torch.linalg.solve(M, flat)
    return solved.T.reshape(rows.shape)


def log_density_change_of_variables(x: torch.Tensor, A: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``log p_Y(φ(x)) + log|det ∂φ/∂x|`` with ``φ(x) = A⁻¹(x − b)``: the theorem, applied literally.

    ``x`` has shape ``(..., n)``.  A singular ``A`` is refused: ``φ`` would not exist.
    """
    _check_square("A", A)
    if torch.linalg.matrix_rank(A) < A.shape[0]:
        raise ValueError("A is singular: X = AY + b has no density on R^n (its law lives on a subspace); "
                         "use an invertible A")
    y = _solve_rows(A, x - b)
    n = A.shape[0]
    return -0.5 * n * LOG_2PI - 0.5 * (y**2).sum(-1) - torch.linalg.slogdet(A).logabsdet


def log_density_no_jacobian(x: torch.Tensor, A: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The mistake of dropping the Jacobian factor: ``log p_Y(φ(x))`` alone."""
    return log_density_change_of_variables(x, A, b) + torch.linalg.slogdet(A).logabsdet


def log_density_gaussian(x: torch.Tensor, b: torch.Tensor, Sigma: torch.Tensor) -> torch.Tensor:
    """``log N(x; b, Σ) = −(n/2) log 2π − ½ log det Σ − ½ (x−b)ᵀΣ⁻¹(x−b)``, through a Cholesky factor."""
    _check_square("Sigma", Sigma)
    L, info = torch.linalg.cholesky_ex(Sigma)
    if info.item() != 0:
        raise ValueError("Sigma is not positive definite: N(b, Sigma) has no density; "
                         "pass a symmetric positive definite covariance")
    z = _solve_rows(L, x - b, lower_triangular=True)
    n = Sigma.shape[0]
    return -0.5 * n * LOG_2PI - torch.log(torch.diagonal(L)).sum() - 0.5 * (z**2).sum(-1)


def sample_affine(A: torch.Tensor, b: torch.Tensor, count: int, generator: torch.Generator) -> torch.Tensor:
    """``count`` samples of ``X = AY + b`` with ``Y ~ N(0, I)`` (rows); ``A`` is ``n × m``, ``Y`` has ``m`` entries."""
    y = torch.randn(count, A.shape[1], generator=generator, dtype=torch.float64).to(A.device)
    return y @ A.T + b


def change_of_variables_errors(A: torch.Tensor, b: torch.Tensor, x: torch.Tensor) -> dict:
    """Largest |difference| from ``MultivariateNormal(b, AAᵀ).log_prob`` of: the theorem, the
    explicit Gaussian formula, the wrong covariance ``AᵀA``, and the formula without Jacobian."""
    truth = MultivariateNormal(b, covariance_matrix=A @ A.T).log_prob(x)

    def worst(values):
        return (values - truth).abs().max().item()

    return {
        "change_of_variables": worst(log_density_change_of_variables(x, A, b)),
        "gaussian_formula": worst(log_density_gaussian(x, b, A @ A.T)),
        "wrong_covariance": worst(log_density_gaussian(x, b, A.T @ A)),
        "no_jacobian": worst(log_density_no_jacobian(x, A, b)),
    }


def grid_mass(log_density, lo: float, hi: float, steps: int) -> float:
    """``∫ exp(log_density)`` over the square ``[lo, hi]²`` by the midpoint rule (2-D only)."""
    h = (hi - lo) / steps
    t = lo + h * (torch.arange(steps, dtype=torch.float64) + 0.5)
    grid = torch.stack(torch.meshgrid(t, t, indexing="ij"), dim=-1).reshape(-1, 2)
    return (torch.exp(log_density(grid)).sum() * h * h).item()


def share_above_levels(log_density, samples: torch.Tensor, peak_at: torch.Tensor, levels) -> list[float]:
    """For each ``c`` in ``levels``: the share of samples where the density is at least ``c`` times its peak.

    ``log_density`` maps points (rows) to log-densities; ``peak_at`` is where the peak is.  For the
    right 2-D Gaussian the exact probability is ``1 − c`` (claim ``changevar.contour_mass_2d``).
    """
    log_peak = log_density(peak_at.unsqueeze(0))
    log_p = log_density(samples)
    return [(log_p >= log_peak + math.log(c)).double().mean().item() for c in levels]


def plot_samples_vs_contours(ax, samples: torch.Tensor, A: torch.Tensor, b: torch.Tensor, levels=(0.01, 0.1, 0.5),
                             steps: int = 200) -> None:
    """The samples' empirical density (2-D histogram) under the contours of the change-of-variables
    density at ``c × peak`` for each ``c`` in ``levels``, and those of the wrong covariance AᵀA."""
    s = samples.cpu()
    ax.hist2d(s[:, 0].numpy(), s[:, 1].numpy(), bins=45, density=True, cmap="Greys")
    lo = s.min(0).values - 0.5
    hi = s.max(0).values + 0.5
    u = torch.linspace(lo[0].item(), hi[0].item(), steps, dtype=torch.float64)
    v = torch.linspace(lo[1].item(), hi[1].item(), steps, dtype=torch.float64)
    U, V = torch.meshgrid(u, v, indexing="ij")
    grid = torch.stack([U, V], dim=-1)
    A, b = A.cpu(), b.cpu()
    right = torch.exp(log_density_change_of_variables(grid, A, b))
    wrong = torch.exp(log_density_gaussian(grid, b, A.T @ A))
    peak = math.exp(log_density_change_of_variables(b.unsqueeze(0), A, b).item())
    heights = [peak * c for c in sorted(levels)]
    ax.contour(U, V, right, levels=heights, colors="tab:blue", linewidths=2)
    ax.contour(U, V, wrong, levels=heights, colors="tab:red", linestyles="--", linewidths=1.5)
    ax.plot([], [], color="tab:blue", lw=2, label=r"formula, $\Sigma = AA^\top$")
    ax.plot([], [], color="tab:red", ls="--", label=r"wrong covariance $A^\top A$")
    ax.set_aspect("equal")
    ax.legend(loc="upper left")


# --------------------------------------------------------------------------
# KL divergence of Gaussians


def gaussian_kl(mu0: torch.Tensor, S0: torch.Tensor, mu1: torch.Tensor, S1: torch.Tensor) -> torch.Tensor:
    """``½(tr(Σ₁⁻¹Σ₀) + (μ₁−μ₀)ᵀΣ₁⁻¹(μ₁−μ₀) − d + log(det Σ₁/det Σ₀))``, the closed form.

    Batched over leading dimensions.  Both covariances must be positive definite.
    """
    L0, info0 = torch.linalg.cholesky_ex(S0)
    L1, info1 = torch.linalg.cholesky_ex(S1)
    if (info0 != 0).any() or (info1 != 0).any():
        raise ValueError("gaussian_kl needs positive definite covariances S0 and S1 (a Cholesky factor failed)")
    d = S0.shape[-1]
    trace = torch.cholesky_solve(S0, L1).diagonal(dim1=-2, dim2=-1).sum(-1)
    diff = (mu1 - mu0).unsqueeze(-1)
    z = torch.linalg.solve_triangular(L1, diff, upper=False)
    quad = (z**2).sum((-2, -1))
    logdet = 2 * (torch.log(L1.diagonal(dim1=-2, dim2=-1)).sum(-1) - torch.log(L0.diagonal(dim1=-2, dim2=-1)).sum(-1))
    return 0.5 * (trace + quad - d + logdet)


def gaussian_kl_unchecked(mu0, S0, mu1, S1) -> torch.Tensor:
    """The closed form applied to any symmetric matrices (no positive-definiteness check): for the counterexample."""
    d = S0.shape[-1]
    diff = mu1 - mu0
    S1inv = torch.linalg.inv(S1)
    return 0.5 * (torch.trace(S1inv @ S0) + diff @ S1inv @ diff - d + torch.log(torch.det(S1) / torch.det(S0)))


def kl_agreement(dims, pairs: int, generator: torch.Generator, device="cpu") -> list[dict]:
    """For each ``d``: closed form against ``torch.distributions.kl_divergence`` on random Gaussian pairs.

    Returns rows ``{d, max_abs_err, max_rel_err, min_kl, max_kl}`` (float64 throughout).
    """
    rows = []
    for d in dims:
        mu0 = torch.randn(pairs, d, generator=generator, dtype=torch.float64).to(device)
        mu1 = torch.randn(pairs, d, generator=generator, dtype=torch.float64).to(device)
        S0 = torch.stack([random_spd(d, generator, device) for _ in range(pairs)])
        S1 = torch.stack([random_spd(d, generator, device) for _ in range(pairs)])
        ours = gaussian_kl(mu0, S0, mu1, S1)
        theirs = kl_divergence(MultivariateNormal(mu0, S0), MultivariateNormal(mu1, S1))
        err = (ours - theirs).abs()
        rows.append({"d": d, "max_abs_err": err.max().item(), "max_rel_err": (err / theirs.abs()).max().item(),
                     "min_kl": ours.min().item(), "max_kl": ours.max().item()})
    return rows


def monte_carlo_kl(p: MultivariateNormal, q: MultivariateNormal, sizes, generator: torch.Generator) -> dict:
    """Monte Carlo estimates ``mean of log p(x) − log q(x)``, ``x ~ p``, using the first N of one sample, per N.

    Returns the sizes, the estimates, and the sample standard deviation of the
    log-ratio (for the ``1/√N`` band).
    """
    n_max = max(sizes)
    eps = torch.randn(n_max, p.loc.shape[-1], generator=generator, dtype=torch.float64).to(p.loc.device)
    x = p.loc + eps @ p.scale_tril.T
    ratio = p.log_prob(x) - q.log_prob(x)
    running = torch.cumsum(ratio, 0) / torch.arange(1, n_max + 1, device=ratio.device)
    sizes = torch.as_tensor(sorted(sizes))
    return {"sizes": sizes, "estimates": running[(sizes - 1).to(running.device)].cpu(), "std": ratio.std().item()}


def plot_mc_convergence(ax, mc: dict, exact: float) -> None:
    """Estimates against N (log axis), the exact value, and the band exact ± 1.96 σ/√N."""
    n = mc["sizes"].double()
    band = 1.96 * mc["std"] / n.sqrt()
    ax.fill_between(n, exact - band, exact + band, color="tab:blue", alpha=0.2,
                    label=r"exact $\pm 1.96\,\sigma/\sqrt{N}$")
    ax.semilogx(n, mc["estimates"], color="tab:blue", lw=1.5, label="Monte Carlo estimate")
    ax.axhline(exact, color="k", ls="--", lw=1, label="closed form")
    ax.set_xlabel("number of samples N")
    ax.set_ylabel(r"estimate of $D_{KL}$")
    ax.legend()


def correlated_pair_gap(rho: float) -> dict:
    """KL of ``N(0, [[1, ρ], [ρ, 1]])`` from ``N(0, I)``: joint, sum of marginal KLs, and −½ log(1 − ρ²)."""
    if not -1 < rho < 1:
        raise ValueError(f"rho must lie strictly between -1 and 1 for a positive definite covariance, got {rho}")
    zero = torch.zeros(2, dtype=torch.float64)
    Sigma = torch.tensor([[1.0, rho], [rho, 1.0]], dtype=torch.float64)
    joint = kl_divergence(MultivariateNormal(zero, Sigma), MultivariateNormal(zero, torch.eye(2, dtype=torch.float64)))
    std = torch.distributions.Normal(torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64))
    marginals = 2 * kl_divergence(std, std)
    return {"joint": joint.item(), "marginals": marginals.item(), "gap": (joint - marginals).item(),
            "mutual_information": 0.5 * math.log(1 / (1 - rho**2))}  # (not -0.5 log: -0.0 at rho = 0)


def exponential_additivity(rates_p, rates_q) -> dict:
    """KL between products of exponentials: torch's joint value against the sum of 1-D values."""
    lp = torch.as_tensor(rates_p, dtype=torch.float64)
    lq = torch.as_tensor(rates_q, dtype=torch.float64)
    Exp, Ind = torch.distributions.Exponential, torch.distributions.Independent
    joint = kl_divergence(Ind(Exp(lp), 1), Ind(Exp(lq), 1)).item()
    parts = kl_divergence(Exp(lp), Exp(lq))
    closed = torch.log(lp / lq) + lq / lp - 1
    return {"joint": joint, "sum": parts.sum().item(), "closed_form_sum": closed.sum().item()}


def uniform_kl(width_f: float, width_g: float) -> float:
    """``D_KL(U[0, width_f] ‖ U[0, width_g])`` by ``torch.distributions.kl_divergence``.

    ``log(width_g/width_f)`` when the first support lies inside the second; ``+∞`` otherwise, because
    then ``g = 0 < f`` on a set of positive length.

    >>> round(uniform_kl(1.0, 2.0), 6), uniform_kl(2.0, 1.0)
    (0.693147, inf)
    """
    def law(width):
        return torch.distributions.Uniform(torch.tensor(0.0, dtype=torch.float64),
                                           torch.tensor(width, dtype=torch.float64))
    return torch.distributions.kl_divergence(law(width_f), law(width_g)).item()


def kl_against_scaled(scale: float, count: int, generator: torch.Generator) -> float:
    """``∫ f log(f/g)`` with ``f = N(0, 1)`` and ``g = scale·f`` (not a density unless scale = 1), by sampling."""
    x = torch.randn(count, generator=generator, dtype=torch.float64)
    f = torch.distributions.Normal(torch.tensor(0.0, dtype=torch.float64), torch.tensor(1.0, dtype=torch.float64))
    return (f.log_prob(x) - (math.log(scale) + f.log_prob(x))).mean().item()
