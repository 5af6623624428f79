"""mfdnn.momentum: each form by hand on a few steps, the fixed gradient sequence, torch's runs and their reports."""

import math

import pytest
import torch
from torch import nn

from mfdnn import momentum as mo


def test_schedules():
    assert [mo.constant(0.3)(k) for k in (0, 7)] == [0.3, 0.3]
    assert [mo.step_decay(1.0, 2, 0.5)(k) for k in range(5)] == [1.0, 1.0, 0.5, 0.5, 0.25]


def test_both_forms_by_hand_on_a_fixed_gradient_sequence():
    g = torch.tensor([[1.0], [2.0], [-1.0]], dtype=torch.float64)
    theta0 = torch.tensor([10.0], dtype=torch.float64)
    alpha, beta = mo.step_decay(0.5, 2, 0.1), 0.5
    one = mo.form_one(mo.fixed_sequence(g), theta0, alpha, beta, 3)
    # θ1 = 10 − 0.5; θ2 = θ1 − 0.5·2 + 0.5(θ1 − θ0); θ3 = θ2 − 0.05·(−1) + 0.5(θ2 − θ1)
    t1 = 9.5
    t2 = t1 - 1.0 + 0.5 * (t1 - 10)
    t3 = t2 + 0.05 + 0.5 * (t2 - t1)
    assert one.flatten().tolist() == pytest.approx([10.0, t1, t2, t3])
    two, vel = mo.form_two(mo.fixed_sequence(g), theta0, alpha, beta, 3, return_velocity=True)
    v = [1.0, 2.0 + 0.5, -1.0 + 0.5 * 2.5]
    assert vel.flatten().tolist() == pytest.approx(v)
    assert two.flatten().tolist() == pytest.approx([10.0, 10 - 0.5 * v[0], 10 - 0.5 * v[0] - 0.5 * v[1],
                                                    10 - 0.5 * (v[0] + v[1]) - 0.05 * v[2]])
    start = mo.form_two(mo.fixed_sequence(g), theta0, mo.constant(1.0), 0.5, 1, v0=torch.tensor([4.0]))
    assert start[1].item() == 10 - (1.0 + 0.5 * 4.0)


def test_a_fixed_sequence_that_runs_out_says_how_long_it_was():
    grad = mo.fixed_sequence(torch.zeros(2, 3))
    grad(None), grad(None)
    with pytest.raises(ValueError, match="the fixed gradient sequence has only 2 rows"):
        grad(None)


@pytest.mark.parametrize("form", [mo.form_one, mo.form_two])
def test_bad_steps_and_momentum_are_refused(form):
    grad, theta0 = mo.fixed_sequence(torch.zeros(3, 1)), torch.zeros(1)
    with pytest.raises(ValueError, match="steps must be ≥ 0, got -1"):
        form(grad, theta0, mo.constant(0.1), 0.5, -1)
    with pytest.raises(ValueError, match=r"momentum β must be in \[0, 1\), got -0.1"):
        form(grad, theta0, mo.constant(0.1), -0.1, 1)
    assert form(grad, theta0, mo.constant(0.1), 0.0, 0).shape == (1, 1)  # β = 0 and no step are fine


def test_quadratic_has_its_eigenvalues_along_the_rotated_axes():
    hess, grad = mo.quadratic(9.0, angle=math.pi / 6)
    flat, steep = mo.rotated_point(1.0, 0.0), mo.rotated_point(0.0, 1.0)
    assert (hess @ flat).tolist() == pytest.approx(flat.tolist())
    assert (hess @ steep).tolist() == pytest.approx((9 * steep).tolist())
    assert flat.tolist() == pytest.approx([math.cos(math.pi / 6), math.sin(math.pi / 6)])
    assert grad(steep).tolist() == pytest.approx((hess @ steep).tolist())
    assert torch.allclose(mo.quadratic(1.0)[0], torch.eye(2, dtype=torch.float64))  # condition 1 is allowed


def test_torch_sgd_on_given_gradients_is_plain_sgd_without_momentum():
    g = torch.tensor([[1.0, 0.0], [0.0, 2.0]], dtype=torch.float64)
    path = mo.torch_sgd_on_gradients(mo.fixed_sequence(g), torch.zeros(2, dtype=torch.float64), 0.5, 2)
    assert path.tolist() == [[0.0, 0.0], [-0.5, 0.0], [-0.5, -1.0]]


def test_hypotheses_rows_name_each_option_and_the_gradient_that_restores_form_two():
    rows = mo.sgd_hypotheses(steps=5, dampening=0.25, weight_decay=0.3)
    assert [r["label"] for r in rows] == ["hypotheses hold", "dampening = 0.25", "nesterov = True",
                                          "weight_decay = 0.3", "maximize = True"]
    assert [r["options"] for r in rows] == [{}, {"dampening": 0.25}, {"nesterov": True}, {"weight_decay": 0.3},
                                            {"maximize": True}]
    assert [r.get("refit_gradient") for r in rows] == [None, None, None, "g = ∇f(θ) + 0.3 θ", "g = −∇f(θ)"]
    assert rows[3]["refit"] == 0.0 and rows[4]["refit"] == 0.0 and rows[3]["gap"] > 0


def test_two_spirals_are_point_symmetric_arms_with_labels():
    x, y = mo.two_spirals(5, noise=0.0)
    assert x.shape == (10, 2) and x.dtype == torch.float64 and y.dtype == torch.long
    assert y.tolist() == [0] * 5 + [1] * 5
    assert torch.equal(x[5:], -x[:5])
    t = torch.linspace(0.25, 3 * math.pi, 5, dtype=torch.float64)
    assert x[:5, 0].tolist() == pytest.approx((t * torch.cos(t) / (3 * math.pi)).tolist())
    assert x[:5, 1].tolist() == pytest.approx((t * torch.sin(t) / (3 * math.pi)).tolist())
    noisy, _ = mo.two_spirals(5, noise=0.1, generator=torch.Generator().manual_seed(0))
    assert 0 < (noisy - x).abs().max() < 0.5
    with pytest.raises(ValueError, match="points_per_class must be ≥ 1, got 0"):
        mo.two_spirals(0)


def test_spiral_classifier_shape():
    net = mo.spiral_classifier(3)
    linear = [m for m in net if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linear] == [(2, 3), (3, 3), (3, 2)]
    assert sum(isinstance(m, nn.Tanh) for m in net) == 2 and linear[0].weight.dtype == torch.float64


def test_which_form_reports_sizes_steps_and_the_final_loss():
    got = mo.which_form(hidden=3, points_per_class=4, lr=0.1, beta=0.5, steps=3)
    assert got["parameters"] == (2 * 3 + 3) + (3 * 3 + 3) + (3 * 2 + 2)
    assert got["torch_vs_two"] == 0.0 and got["torch_vs_one"] < 1e-12  # a constant step: the forms agree
    assert got["buffer_vs_velocity"] == 0.0
    gen = torch.Generator().manual_seed(0)
    x, y = mo.two_spirals(4, generator=gen)
    torch.manual_seed(0)
    model = mo.spiral_classifier(3)
    path, buffers = mo.torch_sgd_path(model, x, y, 0.1, 0.5, 3)
    assert path.shape == (4, got["parameters"]) and buffers.shape == (3, got["parameters"])
    assert got["step_norm"] == pytest.approx((path[1:] - path[:-1]).norm(dim=1).max().item())
    with torch.no_grad():
        assert got["final_loss"] == pytest.approx(nn.functional.cross_entropy(model(x), y).item())


def test_torch_sgd_path_halves_the_step_with_step_decay_and_takes_no_momentum():
    """β = 0 is allowed (plain SGD): torch then keeps no momentum buffer, and the velocity reported is the gradient."""
    gen = torch.Generator().manual_seed(1)
    x, y = mo.two_spirals(3, generator=gen)
    torch.manual_seed(1)
    model = mo.spiral_classifier(2)
    path, buffers = mo.torch_sgd_path(model, x, y, lr=0.2, beta=0.0, steps=2, decay_every=1, decay=0.5)
    # With β = 0 the buffer is the gradient: step k moves by α_k times it, α = 0.2 then 0.1.
    assert (path[1] - path[0]).tolist() == pytest.approx((-0.2 * buffers[0]).tolist())
    assert (path[2] - path[1]).tolist() == pytest.approx((-0.1 * buffers[1]).tolist())


def test_hypotheses_by_default_break_dampening_at_one_half_and_decay_at_one_tenth():
    rows = mo.sgd_hypotheses(steps=2)
    assert [r["label"] for r in rows] == ["hypotheses hold", "dampening = 0.5", "nesterov = True",
                                          "weight_decay = 0.1", "maximize = True"]
    assert rows[3]["refit_gradient"] == "g = ∇f(θ) + 0.1 θ"


def test_momentum_one_is_refused_and_one_point_per_arm_is_allowed():
    with pytest.raises(ValueError, match=r"momentum β must be in \[0, 1\), got 1.0"):
        mo.form_one(mo.fixed_sequence(torch.zeros(1, 1)), torch.zeros(1), mo.constant(0.1), 1.0, 1)
    x, y = mo.two_spirals(1, noise=0.0)
    assert x.shape == (2, 2) and y.tolist() == [0, 1]


def test_spiral_noise_is_added_gaussian_noise_from_the_generator():
    clean, _ = mo.two_spirals(4, noise=0.0)
    noisy, _ = mo.two_spirals(4, noise=0.1, generator=torch.Generator().manual_seed(3))
    eps = torch.randn(8, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    assert torch.allclose(noisy, clean + 0.1 * eps, rtol=1e-12, atol=0)


def test_scheduled_paths_halve_the_step():
    theta0 = mo.rotated_point(1.0, 0.5)
    hess, paths = mo.quadratic_paths(10.0, 0.1, 0.8, 9, 3, theta0)
    _, grad = mo.quadratic(10.0)
    halved = mo.step_decay(0.1, 3, 0.5)
    assert torch.equal(paths["sched_one"], mo.form_one(grad, theta0, halved, 0.8, 9))
    assert torch.equal(paths["sched_two"], mo.form_two(grad, theta0, halved, 0.8, 9))
    assert torch.equal(paths["gd"], mo.form_two(grad, theta0, mo.constant(0.1), 0.0, 9))


def test_spirals_default_noise_has_standard_deviation_five_hundredths():
    """The default that :func:`which_form` uses: N(0, 0.05²) noise on each coordinate."""
    clean, _ = mo.two_spirals(500, noise=0.0)
    noisy, _ = mo.two_spirals(500, generator=torch.Generator().manual_seed(0))
    spread = (noisy - clean).std().item()
    assert 0.045 < spread < 0.055


def test_each_form_keeps_its_colour_in_both_panels_whatever_the_axes_drew_before():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    hess, paths = mo.quadratic_paths(10.0, 0.1, 0.8, 6, 3, mo.rotated_point(1.0, 0.5))
    fig, axes = plt.subplots(2, 1)
    for ax in axes:
        for _ in range(3):
            ax.plot([], [])  # the colour cycle moves on
    mo.plot_quadratic_paths(axes, hess, paths, 3)
    colours = [{line.get_label(): to_rgba(line.get_color()) for line in ax.get_lines()} for ax in axes]
    blue, red = to_rgba("tab:blue"), to_rgba("tab:red")
    assert colours[0]["Form I"] == colours[1][r"Form I, $\alpha_k$"] == blue
    assert colours[0]["Form II"] == colours[1][r"Form II, $\alpha_k$ (PyTorch)"] == red
    plt.close(fig)


def test_hypotheses_by_default_descend_with_a_stable_step():
    """The default step is stable on the default quadratic (α · condition < 2): the descent runs stay within a
    few units of each other (an unstable step parts them by 1e11 in ten steps), so their gaps measure the options,
    not a blow-up (maximize climbs, by design)."""
    rows = mo.sgd_hypotheses(steps=10)
    assert all(r["gap"] < 10 for r in rows if r["label"] != "maximize = True")
