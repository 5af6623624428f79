"""mfdnn.probability beyond typical inputs: the counterexample's closed form, the bounds of ρ, exact references."""

import math

import pytest
import torch

from mfdnn import probability as pr

EYE = torch.eye(2, dtype=torch.float64)
ZERO = torch.zeros(2, dtype=torch.float64)


def test_unchecked_kl_is_the_closed_form_and_goes_negative_without_positive_definiteness():
    """The page's counterexample: Σ₀ = I, Σ₁ = −I gives ½(tr(−I) − 2 + log 1) = −2 < 0."""
    assert pr.gaussian_kl_unchecked(ZERO, EYE, ZERO, -EYE).item() == -2.0
    mu0, mu1 = torch.tensor([0.5, -1.0], dtype=torch.float64), torch.tensor([2.0, 1.0], dtype=torch.float64)
    S0 = torch.tensor([[2.0, 0.3], [0.3, 1.0]], dtype=torch.float64)
    S1 = torch.tensor([[1.0, -0.2], [-0.2, 3.0]], dtype=torch.float64)
    inv = torch.linalg.inv(S1)
    d = mu1 - mu0
    by_hand = 0.5 * (torch.trace(inv @ S0) + d @ inv @ d - 2 + math.log(torch.det(S1) / torch.det(S0)))
    assert pr.gaussian_kl_unchecked(mu0, S0, mu1, S1).item() == pytest.approx(by_hand.item(), rel=1e-14)
    assert pr.gaussian_kl(mu0, S0, mu1, S1).item() == pytest.approx(by_hand.item(), rel=1e-12)


@pytest.mark.parametrize("rho", [-1.0, 1.0, -1.5, 2.0])
def test_rho_outside_the_open_interval_is_refused(rho):
    with pytest.raises(ValueError, match=rf"rho must lie strictly between -1 and 1 .*got {rho}"):
        pr.correlated_pair_gap(rho)


def test_correlated_pair_gap_is_the_mutual_information():
    for rho in (-0.9, 0.0, 0.5):
        gap = pr.correlated_pair_gap(rho)
        exact = -0.5 * math.log1p(-rho**2)
        assert gap["joint"] == pytest.approx(exact, abs=1e-15) and gap["marginals"] == 0.0
        assert gap["mutual_information"] == pytest.approx(exact, abs=1e-15)
        assert gap["gap"] == pytest.approx(exact, abs=1e-15)
    assert math.copysign(1.0, pr.correlated_pair_gap(0.0)["mutual_information"]) == 1.0  # +0, not −0


@pytest.mark.parametrize(("rates_p", "rates_q"), [
    ([1.0, 2.0, 0.5], [3.0, 0.5, 0.5]),
    ([0.1, 0.7, 3.3], [0.3, 0.2, 1.1]),  # rates that float32 rounds: the sums are float64
])
def test_exponential_kl_matches_the_closed_form_per_factor(rates_p, rates_q):
    got = pr.exponential_additivity(rates_p, rates_q)
    exact = sum(math.log(p / q) + q / p - 1 for p, q in zip(rates_p, rates_q))
    assert got == pytest.approx({"joint": exact, "sum": exact, "closed_form_sum": exact}, rel=1e-14)


def test_kl_against_a_scaled_density_is_minus_the_log_of_the_scale():
    gen = torch.Generator().manual_seed(1)
    for scale in (0.5, 3.0):
        assert pr.kl_against_scaled(scale, 10, gen) == pytest.approx(-math.log(scale), abs=1e-15)


def test_random_matrices_have_the_promised_spectra():
    gen = torch.Generator().manual_seed(2)
    for n in (1, 3, 5):
        s = torch.linalg.svdvals(pr.random_invertible(n, gen))
        assert s.min() >= 0.5 - 1e-12 and s.max() <= 2 + 1e-12
        S = pr.random_spd(n, gen, floor=0.25)
        assert torch.allclose(S, S.T, rtol=0, atol=1e-15) and torch.linalg.eigvalsh(S).min() >= 0.25 - 1e-12
    spread = torch.cat([torch.linalg.svdvals(pr.random_invertible(4, gen)) for _ in range(20)])
    assert spread.min() < 0.6 and spread.max() > 1.9  # uniform over the whole of [0.5, 2]


def test_sampling_has_the_law_of_ay_plus_b():
    gen = torch.Generator().manual_seed(3)
    A = torch.tensor([[2.0, 0.0], [1.5, 0.75]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0], dtype=torch.float64)
    x = pr.sample_affine(A, b, 20_000, gen)
    assert x.shape == (20_000, 2)
    assert torch.allclose(x.mean(0), b, atol=0.05)
    assert torch.allclose(torch.cov(x.T), A @ A.T, atol=0.1)


def test_grid_mass_of_a_gaussian_is_one_and_the_midpoint_rule_is_exact_for_a_constant():
    assert pr.grid_mass(lambda z: pr.log_density_gaussian(z, ZERO, EYE), -8, 8, 64) == pytest.approx(1.0, rel=1e-9)
    assert pr.grid_mass(lambda z: torch.zeros(len(z), dtype=torch.float64), 1, 3, 3) == pytest.approx(4.0)


def test_share_above_levels_counts_the_points_at_or_above_each_level():
    log_density = lambda z: -z[:, 0]  # noqa: E731 (peak 0 at the origin)
    samples = torch.tensor([[0.0, 0], [math.log(2), 0], [math.log(4), 0], [math.log(8), 0]], dtype=torch.float64)
    shares = pr.share_above_levels(log_density, samples, torch.zeros(2, dtype=torch.float64), (0.5, 0.2, 1.0))
    assert shares == pytest.approx([0.5, 0.75, 0.25])


def test_monte_carlo_kl_estimates_are_running_means_of_the_log_ratio():
    p = torch.distributions.MultivariateNormal(ZERO, EYE)
    q = torch.distributions.MultivariateNormal(torch.ones(2, dtype=torch.float64), 4 * EYE)
    mc = pr.monte_carlo_kl(p, q, [4, 1, 2], torch.Generator().manual_seed(4))
    x = torch.randn(4, 2, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
    ratio = p.log_prob(x) - q.log_prob(x)
    assert mc["sizes"].tolist() == [1, 2, 4]
    assert mc["estimates"].tolist() == pytest.approx([ratio[:1].mean().item(), ratio[:2].mean().item(),
                                                      ratio.mean().item()])
    assert mc["std"] == pytest.approx(ratio.std().item())


def test_kl_agreement_reports_each_dimension():
    rows = pr.kl_agreement([2, 5], 3, torch.Generator().manual_seed(5))
    assert [r["d"] for r in rows] == [2, 5]
    for r in rows:
        assert 0 <= r["max_abs_err"] < 1e-12 and 0 <= r["max_rel_err"] < 1e-12 and 0 < r["min_kl"] <= r["max_kl"]


def test_a_tall_a_is_sampled_on_its_subspace():
    """X = AY + b for A of shape 3 × 2: Y has two entries, X lives on A's column space (no density on R³)."""
    A = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
    x = pr.sample_affine(A, torch.zeros(3, dtype=torch.float64), 50, torch.Generator().manual_seed(0))
    assert x.shape == (50, 3) and torch.allclose(x[:, 2], x[:, 0] + x[:, 1])


def test_draws_follow_the_generator_and_the_device_asked_for():
    def draw(seed):
        gen = torch.Generator().manual_seed(seed)
        A = pr.random_invertible(3, gen)
        return A, pr.random_spd(3, gen), pr.sample_affine(A, torch.zeros(3, dtype=torch.float64), 4, gen)

    first, again = draw(7), draw(7)
    assert all(torch.equal(a, b) for a, b in zip(first, again))
    assert not torch.equal(draw(8)[0], first[0])
    rows, rows_again = (pr.kl_agreement([2], 2, torch.Generator().manual_seed(3)) for _ in range(2))
    assert rows == rows_again
    gen = torch.Generator().manual_seed(0)
    assert pr.random_spd(3, gen, device="meta").device.type == "meta"
    assert pr.random_invertible(3, gen, device="meta").device.type == "meta"
    assert pr.sample_affine(torch.eye(2, dtype=torch.float64, device="meta"), torch.zeros(2, device="meta"), 3,
                            gen).device.type == "meta"


def test_random_spd_is_b_bt_over_d_plus_the_floor():
    B = torch.randn(4, 4, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    S = pr.random_spd(4, torch.Generator().manual_seed(2))
    assert S.dtype == torch.float64
    assert torch.allclose(S, B @ B.T / 4 + 0.1 * torch.eye(4, dtype=torch.float64), rtol=0, atol=1e-15)


def test_densities_of_a_batch_of_batches_and_the_messages_naming_the_matrix():
    A = torch.tensor([[2.0, 0.0], [1.5, 0.75]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0], dtype=torch.float64)
    x = torch.randn(2, 3, 2, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    truth = torch.distributions.MultivariateNormal(b, A @ A.T).log_prob(x)
    assert pr.log_density_change_of_variables(x, A, b).shape == (2, 3)
    assert torch.allclose(pr.log_density_change_of_variables(x, A, b), truth, rtol=1e-12)
    assert torch.allclose(pr.log_density_gaussian(x, b, A @ A.T), truth, rtol=1e-12)
    with pytest.raises(ValueError, match=r"^A must be a square matrix, got shape \(2, 3\)$"):
        pr.log_density_change_of_variables(x, torch.ones(2, 3, dtype=torch.float64), b)
    with pytest.raises(ValueError, match=r"^Sigma must be a square matrix, got shape \(2,\)$"):
        pr.log_density_gaussian(x, b, b)
    with pytest.raises(ValueError, match=r"^A is singular: X = AY \+ b has no density on R\^n .*an invertible A$"):
        pr.log_density_change_of_variables(x, torch.ones(2, 2, dtype=torch.float64), b)
    with pytest.raises(ValueError, match=r"^Sigma is not positive definite: N\(b, Sigma\) has no density; "
                                         r"pass a symmetric positive definite covariance$"):
        pr.log_density_gaussian(x, b, -EYE)
    with pytest.raises(ValueError, match=r"^gaussian_kl needs positive definite covariances S0 and S1 \("):
        pr.gaussian_kl(ZERO, -EYE, ZERO, EYE)


def test_gaussian_kl_over_two_batch_dimensions():
    gen = torch.Generator().manual_seed(6)
    S0 = torch.stack([pr.random_spd(3, gen) for _ in range(6)]).reshape(2, 3, 3, 3)
    S1 = torch.stack([pr.random_spd(3, gen) for _ in range(6)]).reshape(2, 3, 3, 3)
    mu0, mu1 = torch.randn(2, 3, 3, generator=gen, dtype=torch.float64), torch.zeros(2, 3, 3, dtype=torch.float64)
    MVN = torch.distributions.MultivariateNormal
    expected = torch.distributions.kl_divergence(MVN(mu0, S0), MVN(mu1, S1))
    got = pr.gaussian_kl(mu0, S0, mu1, S1)
    assert got.shape == (2, 3) and torch.allclose(got, expected, rtol=1e-12)


def test_uniform_kl_keeps_float64_for_widths_that_float32_rounds():
    assert math.isclose(pr.uniform_kl(0.1, 0.3), math.log(3.0), rel_tol=1e-14)


def test_grid_mass_uses_midpoints_and_warns_of_nothing():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # The midpoint rule is exact for x + y: ∫∫_{[0,2]²} (x + y) = 8, with 2 steps.
        assert pr.grid_mass(lambda z: torch.log(z.sum(1)), 0.0, 2.0, 2) == pytest.approx(8.0, rel=1e-15)
        assert pr.grid_mass(lambda z: torch.log(z[:, 0]), 0.0, 1.0, 1) == pytest.approx(0.5, rel=1e-15)


# --------------------------------------------------------------------------
# Survivors of the mutation run (issue 27): values to the last digits, the generator, colours.


def _closed_form_by_hand(mu0, S0, mu1, S1):
    inv = torch.linalg.inv(S1)
    d = mu1 - mu0
    return 0.5 * (torch.trace(inv @ S0) + d @ inv @ d - len(mu0) + math.log(torch.det(S1) / torch.det(S0)))


def test_kl_agreement_rows_are_those_of_the_pairs_the_generator_draws():
    """Pairs drawn in float64 in the documented order (means, then covariances); the errors as relative ones."""
    rows = pr.kl_agreement([3, 2], 2, torch.Generator().manual_seed(9))
    gen = torch.Generator().manual_seed(9)
    MVN = torch.distributions.MultivariateNormal
    for row, d in zip(rows, [3, 2]):
        mu0 = torch.randn(2, d, generator=gen, dtype=torch.float64)
        mu1 = torch.randn(2, d, generator=gen, dtype=torch.float64)
        S0 = torch.stack([pr.random_spd(d, gen) for _ in range(2)])
        S1 = torch.stack([pr.random_spd(d, gen) for _ in range(2)])
        exact = [_closed_form_by_hand(mu0[k], S0[k], mu1[k], S1[k]).item() for k in range(2)]
        theirs = torch.distributions.kl_divergence(MVN(mu0, S0), MVN(mu1, S1))
        err = (pr.gaussian_kl(mu0, S0, mu1, S1) - theirs).abs()
        assert row["d"] == d and row["min_kl"] == pytest.approx(min(exact), rel=1e-12)
        assert row["max_kl"] == pytest.approx(max(exact), rel=1e-12)
        assert row["max_abs_err"] == err.max().item()
        assert row["max_rel_err"] == (err / theirs.abs()).max().item()


def test_kl_agreement_relative_error_divides_by_the_kl():
    """A stand-in for torch that is off by exactly 1 % of the KL shows a relative error of 0.01."""
    def off_by_one_percent(p, q):
        return pr.gaussian_kl(p.loc, p.covariance_matrix, q.loc, q.covariance_matrix) * 1.01

    import unittest.mock

    with unittest.mock.patch.object(pr, "kl_divergence", off_by_one_percent):
        row, = pr.kl_agreement([2], 3, torch.Generator().manual_seed(1))
    assert row["max_rel_err"] == pytest.approx(0.01 / 1.01, rel=1e-9)
    assert row["max_abs_err"] == pytest.approx(row["max_kl"] * 0.01, rel=1e-9)


def test_gaussian_kl_reads_the_dimension_from_the_matrices_not_the_batch():
    """A batch of shape (1, 4) of 2-D Gaussians: d = 2, whatever the batch sizes are."""
    gen = torch.Generator().manual_seed(11)
    S0 = torch.stack([pr.random_spd(2, gen) for _ in range(4)]).reshape(1, 4, 2, 2)
    S1 = torch.stack([pr.random_spd(2, gen) for _ in range(4)]).reshape(1, 4, 2, 2)
    mu0, mu1 = torch.randn(1, 4, 2, generator=gen, dtype=torch.float64), torch.zeros(1, 4, 2, dtype=torch.float64)
    got = pr.gaussian_kl(mu0, S0, mu1, S1)
    exact = [_closed_form_by_hand(mu0[0, k], S0[0, k], mu1[0, k], S1[0, k]).item() for k in range(4)]
    assert got.shape == (1, 4) and got[0].tolist() == pytest.approx(exact, rel=1e-12)


def test_grid_mass_in_float64_on_a_grid_that_float32_rounds():
    # ∫∫_{[0.1, 0.4]²} x = 0.3 · (0.4² − 0.1²)/2 = 0.0225, exact for the midpoint rule (linear integrand).
    assert pr.grid_mass(lambda z: torch.log(z[:, 0]), 0.1, 0.4, 3) == pytest.approx(0.0225, rel=1e-14)


def test_kl_against_scaled_draws_from_the_generator_it_is_given():
    """The page's later draws depend on it: the generator advances by ``count`` normals, the global one does not."""
    gen, same = torch.Generator().manual_seed(5), torch.Generator().manual_seed(5)
    torch.manual_seed(0)
    global_state = torch.get_rng_state()
    pr.kl_against_scaled(2.0, 7, gen)
    torch.randn(7, generator=same, dtype=torch.float64)
    assert torch.equal(gen.get_state(), same.get_state())
    assert torch.equal(torch.get_rng_state(), global_state)


def _cycle_moved_on(ax):
    """Axes whose colour cycle has moved past its first colour (a page may draw on them first)."""
    for _ in range(3):
        ax.plot([], [])
        ax.fill_between([], [], [])  # fills keep a colour cycle of their own


def test_convergence_figure_band_and_estimate_share_their_colour_and_the_exact_line_is_black():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    from cycler import cycler

    fig, ax = plt.subplots()
    _cycle_moved_on(ax)
    mc = {"sizes": torch.tensor([1, 10, 100]), "estimates": torch.tensor([0.5, 0.3, 0.31], dtype=torch.float64),
          "std": 1.0}
    with matplotlib.rc_context({"axes.prop_cycle": cycler(color=["tab:green", "tab:purple"])}):  # another C0
        pr.plot_mc_convergence(ax, mc, 0.3)
    handles, labels = ax.get_legend_handles_labels()
    by_label = dict(zip(labels, handles))
    blue = to_rgba("tab:blue")
    assert to_rgba(by_label["Monte Carlo estimate"].get_color()) == blue
    assert to_rgba(by_label[r"exact $\pm 1.96\,\sigma/\sqrt{N}$"].get_facecolor()[0], 1) == blue
    assert to_rgba(by_label["closed form"].get_color()) == to_rgba("k")
    plt.close(fig)


def test_contour_figure_legend_colours_are_those_of_the_contours():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    A = torch.tensor([[2.0, 0.0], [1.5, 0.75]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0], dtype=torch.float64)
    samples = pr.sample_affine(A, b, 200, torch.Generator().manual_seed(0))
    fig, ax = plt.subplots()
    _cycle_moved_on(ax)
    pr.plot_samples_vs_contours(ax, samples, A, b, steps=30)
    legend = {t.get_text(): h for t, h in zip(ax.get_legend().get_texts(), ax.get_legend().legend_handles)}
    assert list(legend) == [r"formula, $\Sigma = AA^\top$", r"wrong covariance $A^\top A$"]
    assert to_rgba(legend[r"formula, $\Sigma = AA^\top$"].get_color()) == to_rgba("tab:blue")
    assert to_rgba(legend[r"wrong covariance $A^\top A$"].get_color()) == to_rgba("tab:red")
    assert legend[r"wrong covariance $A^\top A$"].get_linestyle() == "--"
    plt.close(fig)


def test_grid_mass_names_the_grid_indexing_so_torch_does_not_warn(monkeypatch):
    """Without ``indexing`` torch.meshgrid warns (a warning fails the book's build); torch warns only once per
    process, so the test watches the call rather than the warning."""
    calls = []
    original = torch.meshgrid

    def watching(*tensors, **kwargs):
        calls.append(kwargs.get("indexing"))
        return original(*tensors, **kwargs)

    monkeypatch.setattr(torch, "meshgrid", watching)
    assert pr.grid_mass(lambda z: torch.zeros(len(z), dtype=torch.float64), 0.0, 1.0, 2) == 1.0
    assert calls and None not in calls
