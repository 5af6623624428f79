"""Unit tests of mfdnn.probability and derivations.moments: formulas against torch.distributions."""

import math

import mpmath
import pytest
import sympy as sp
import torch
from torch.distributions import MultivariateNormal, kl_divergence

from derivations.moments import Expectation, QuadForm
from mfdnn import probability as pr


@pytest.fixture
def gen():
    return torch.Generator().manual_seed(0)


def test_change_of_variables_matches_torch(gen):
    for n in (1, 2, 3, 6):
        A = pr.random_invertible(n, gen)
        b = torch.randn(n, generator=gen, dtype=torch.float64)
        x = torch.randn(50, n, generator=gen, dtype=torch.float64)
        errors = pr.change_of_variables_errors(A, b, x)
        assert errors["change_of_variables"] < 1e-10 and errors["gaussian_formula"] < 1e-10


def test_the_two_mistakes_are_visible(gen):
    A = torch.tensor([[2.0, 0.0], [1.5, 0.75]], dtype=torch.float64)
    b = torch.zeros(2, dtype=torch.float64)
    x = pr.sample_affine(A, b, 200, gen)
    errors = pr.change_of_variables_errors(A, b, x)
    assert errors["wrong_covariance"] > 0.1
    assert errors["no_jacobian"] == pytest.approx(math.log(1.5))  # shifted by log|det A|
    mass = pr.grid_mass(lambda z: pr.log_density_no_jacobian(z, A, b), -15, 15, 200)
    assert mass == pytest.approx(1.5, rel=1e-4)


def test_singular_and_indefinite_inputs_are_clear_errors():
    singular = torch.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=torch.float64)
    with pytest.raises(ValueError, match="singular"):
        pr.log_density_change_of_variables(torch.zeros(1, 2, dtype=torch.float64), singular, torch.zeros(2))
    eye, zero = torch.eye(2, dtype=torch.float64), torch.zeros(2, dtype=torch.float64)
    with pytest.raises(ValueError, match="positive definite"):
        pr.gaussian_kl(zero, eye, zero, -eye)
    with pytest.raises(ValueError, match="square"):
        pr.log_density_gaussian(zero, zero, torch.ones(2, 3, dtype=torch.float64))
    with pytest.raises(ValueError, match="rho"):
        pr.correlated_pair_gap(1.0)


def test_gaussian_kl_matches_torch_and_is_nonnegative(gen):
    rows = pr.kl_agreement([1, 3, 16], 4, gen)
    assert all(r["max_rel_err"] < 1e-12 and r["min_kl"] > 0 for r in rows)
    S = pr.random_spd(3, gen)
    mu = torch.randn(3, generator=gen, dtype=torch.float64)
    assert pr.gaussian_kl(mu, S, mu, S).item() == pytest.approx(0.0, abs=1e-12)


def test_monte_carlo_is_within_a_few_standard_errors(gen):
    p = MultivariateNormal(torch.zeros(2, dtype=torch.float64), pr.random_spd(2, gen))
    q = MultivariateNormal(torch.ones(2, dtype=torch.float64), pr.random_spd(2, gen))
    mc = pr.monte_carlo_kl(p, q, [100, 20_000], gen)
    exact = kl_divergence(p, q).item()
    assert abs(mc["estimates"][-1].item() - exact) < 5 * mc["std"] / math.sqrt(20_000)


def test_additivity_and_its_failure():
    expo = pr.exponential_additivity([1.0, 2.0], [3.0, 0.5])
    assert expo["joint"] == pytest.approx(expo["sum"]) == pytest.approx(expo["closed_form_sum"])
    gap = pr.correlated_pair_gap(0.6)
    assert gap["marginals"] == 0 and gap["gap"] == pytest.approx(gap["mutual_information"])


def test_unnormalised_reference_breaks_nonnegativity(gen):
    assert pr.kl_against_scaled(2.0, 100, gen) == pytest.approx(-math.log(2.0))


def test_expectation_through_moments():
    x = sp.MatrixSymbol("x", 1, 1)
    mu, var = sp.symbols("mu var", real=True)
    E = Expectation(QuadForm(x, sp.ImmutableMatrix([[1]])), x, sp.ImmutableMatrix([mu]),
                    sp.ImmutableMatrix([[var + mu**2]]))
    assert sp.expand(E.doit() - (var + mu**2)) == 0
    assert x not in E.free_symbols


def test_expectation_errors_are_clear():
    x = sp.MatrixSymbol("x", 1, 1)
    m = sp.MatrixSymbol("m", 1, 1)
    with pytest.raises(ValueError, match="explicit moments"):
        Expectation(QuadForm(x, sp.ImmutableMatrix([[1]])), x, m, m).doit()
    one = sp.ImmutableMatrix([[1]])
    with pytest.raises(ValueError, match="degree 4"):
        Expectation(QuadForm(x, one) ** 2, x, one, one).doit()
    with pytest.raises(ValueError, match="not a polynomial"):
        Expectation(sp.log(QuadForm(x, one)), x, one, one).doit()


def test_share_inside_contours_is_one_minus_c(gen):
    A = torch.tensor([[2.0, 0.0], [1.5, 0.75]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0], dtype=torch.float64)
    samples = pr.sample_affine(A, b, 40_000, gen)
    shares = pr.share_above_levels(lambda z: pr.log_density_change_of_variables(z, A, b), samples, b, (0.1, 0.5))
    assert shares == pytest.approx([0.9, 0.5], abs=0.015)


def test_uniform_kl_is_log_ratio_inside_and_infinite_outside():
    """E21's example: the support of f inside that of g gives log(w_g/w_f); outside it, +∞ (still ≥ 0)."""
    assert math.isclose(pr.uniform_kl(1.0, 2.0), math.log(2.0), rel_tol=1e-12)
    assert pr.uniform_kl(2.0, 1.0) == math.inf


# Densities and the Gaussian KL at extreme scales, against 50-digit mpmath.

def _mp(t: torch.Tensor):
    return mpmath.matrix(t.tolist()) if t.dim() == 2 else mpmath.matrix([[v] for v in t.tolist()])


def _gaussian_log_density_mp(x, b, Sigma) -> mpmath.mpf:
    with mpmath.workdps(50):
        d = _mp(x) - _mp(b)
        S = _mp(Sigma)
        quad = (d.T * mpmath.inverse(S) * d)[0]
        return -len(x) * mpmath.log(2 * mpmath.pi) / 2 - mpmath.log(mpmath.det(S)) / 2 - quad / 2, quad


def _within(value: float, exact, scale: float, factor: float = 32):
    error = abs(mpmath.mpf(value) - exact)
    assert error <= factor * torch.finfo(torch.float64).eps * scale, (
        f"{value!r} against {mpmath.nstr(exact, 20)}: error {mpmath.nstr(error, 3)}, scale {scale:.3g}")


CORRELATED = torch.tensor([[2.0, 0.9], [0.9, 1.0]], dtype=torch.float64)


@pytest.mark.parametrize("scale", [1e-150, 1e-8, 1.0, 1e8, 1e150])
@pytest.mark.parametrize("offset", [[0.0, 0.0], [3.0, -4.0], [1e6, 0.0]])
def test_gaussian_log_density_matches_high_precision_at_extreme_scales(scale, offset):
    b = torch.tensor([1.0, -2.0], dtype=torch.float64) * math.sqrt(scale)
    x = b + torch.tensor(offset, dtype=torch.float64) * math.sqrt(scale)
    Sigma = scale * CORRELATED
    exact, quad = _gaussian_log_density_mp(x, b, Sigma)
    size = math.log(2 * math.pi) + abs(math.log(scale)) + 1 + float(quad)
    _within(pr.log_density_gaussian(x.unsqueeze(0), b, Sigma).item(), exact, size)
    A = torch.linalg.cholesky(Sigma)  # X = AY + b has covariance AAᵀ = Σ
    _within(pr.log_density_change_of_variables(x.unsqueeze(0), A, b).item(), exact, size)


def _gaussian_kl_mp(mu0, S0, mu1, S1):
    with mpmath.workdps(50):
        S1inv = mpmath.inverse(_mp(S1))
        diff = _mp(mu1) - _mp(mu0)
        trace = sum((S1inv * _mp(S0))[i, i] for i in range(len(mu0)))
        quad = (diff.T * S1inv * diff)[0]
        logdet = mpmath.log(mpmath.det(_mp(S1)) / mpmath.det(_mp(S0)))
        return (trace + quad - len(mu0) + logdet) / 2, abs(trace) + abs(quad) + len(mu0) + abs(logdet)


@pytest.mark.parametrize("case", ["nearly equal", "tiny against unit", "unit against tiny", "far means"])
def test_gaussian_kl_matches_high_precision_at_extremes(case):
    eye = torch.eye(2, dtype=torch.float64)
    mu0 = torch.tensor([0.5, -1.0], dtype=torch.float64)
    S0, mu1, S1 = CORRELATED, mu0, CORRELATED
    if case == "nearly equal":  # the terms cancel to ~1e-12: only an absolute accuracy is possible
        mu1, S1 = mu0 + 1e-7, CORRELATED * (1 + 1e-6)
    elif case == "tiny against unit":
        S0, S1 = 1e-100 * CORRELATED, eye
    elif case == "unit against tiny":
        S0, S1 = eye, 1e-100 * CORRELATED
    else:
        mu1 = mu0 + 1e80
    exact, size = _gaussian_kl_mp(mu0, S0, mu1, S1)
    value = pr.gaussian_kl(mu0, S0, mu1, S1).item()
    assert value >= 0
    _within(value, exact, float(size))
