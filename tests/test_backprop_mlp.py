"""The MLP backward pass by hand equals autograd; bad networks are clear errors."""

import random

import pytest
import torch

from mfdnn.backprop import mlp


@pytest.mark.parametrize("seed", range(8))
def test_backward_by_hand_equals_autograd_float64(seed):
    rng = random.Random(seed)
    widths = [rng.randint(1, 6) for _ in range(rng.randint(2, 6))]
    gen = torch.Generator().manual_seed(seed)
    net = mlp.random_mlp(widths, activation=rng.choice(list(mlp.ACTIVATIONS)), generator=gen)
    x = torch.randn(rng.randint(1, 5), widths[0], dtype=torch.float64, generator=gen)
    target = torch.randn(x.shape[0], widths[-1], dtype=torch.float64, generator=gen)
    assert mlp.max_gradient_gap(net, x, target) < 1e-12


def test_loss_values_agree():
    net = mlp.random_mlp([3, 4, 2], generator=torch.Generator().manual_seed(0))
    x, t = torch.randn(5, 3, dtype=torch.float64), torch.randn(5, 2, dtype=torch.float64)
    assert torch.equal(mlp.gradients_by_hand(net, x, t)[0], mlp.gradients_by_autograd(net, x, t)[0])


def test_sigma_at_output_is_wrong():
    """The hidden-layer formula applied at ℓ = L gives wrong gradients (outside its range)."""
    net = mlp.random_mlp([3, 4, 4, 2], generator=torch.Generator().manual_seed(1))
    x, t = torch.randn(2, 3, dtype=torch.float64), torch.randn(2, 2, dtype=torch.float64)
    assert mlp.max_gradient_gap(net, x, t, sigma_at_output=True) > 1e-2


def test_course_setting_draws_like_the_global_seed():
    """An explicit generator seeded with 0 gives the notebook's global ``torch.manual_seed(0)`` draws, in its order."""
    torch.manual_seed(0)
    draws = [torch.rand(4, 1), torch.rand(1, 1)]
    for n_out in (4, 4, 4, 4, 4, 1):
        draws += [torch.rand(n_out, 4), torch.rand(n_out, 1)]
    net, x, target = mlp.course_setting()
    ours = [x.T, target] + [t for A, b in zip(net.A, net.b) for t in (A, b.view(-1, 1))]
    assert len(ours) == len(draws) and all(torch.equal(a, b) for a, b in zip(ours, draws))
    assert [tuple(A.shape) for A in net.A] == [(4, 4)] * 5 + [(1, 4)]


def test_course_gradients_agree_as_printed():
    """Equal at the printed precision; bitwise equality is not required (it depends on the BLAS's summation order)."""
    g = mlp.course_gradients()
    assert mlp.equal_as_printed(g["autograd"], g["by_hand"])
    assert (g["autograd"] - g["by_hand"]).abs().max() < 1e-10


def test_equal_as_printed_rejects_other_shapes():
    with pytest.raises(ValueError, match="shapes"):
        mlp.equal_as_printed(torch.zeros(2), torch.zeros(3))


def test_bad_networks_are_clear_errors():
    with pytest.raises(ValueError, match="layer 2: A has 3 columns but layer 1 outputs 4"):
        mlp.MLP([torch.zeros(4, 2), torch.zeros(1, 3)], [torch.zeros(4), torch.zeros(1)])
    with pytest.raises(ValueError, match="unknown activation 'relu6'"):
        mlp.MLP([torch.zeros(1, 2)], [torch.zeros(1)], "relu6")
    with pytest.raises(ValueError, match="as many biases as weight matrices"):
        mlp.MLP([torch.zeros(1, 2)], [])



@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_activation_derivatives_at_extreme_inputs_against_high_precision(name, dtype):
    """σ(1 − σ) and 1 − tanh², as torch's autograd computes them (the hand backward pass matches it bit for bit):
    accurate to eps absolute everywhere; past saturation the activation rounds to ±1 and the derivative to 0,
    whose true value is below eps."""
    import mpmath

    exact = {"sigmoid": lambda z: mpmath.exp(-z) / (1 + mpmath.exp(-z)) ** 2, "tanh": lambda z: mpmath.sech(z) ** 2}
    points = [-800.0, -60.0, -30.0, -12.0, -1.0, -1e-9, 0.0, 1e-9, 0.5, 8.0, 12.0, 30.0, 60.0, 800.0]
    _, derivative = mlp.ACTIVATIONS[name]
    values = derivative(torch.tensor(points, dtype=dtype)).tolist()
    eps = torch.finfo(dtype).eps
    with mpmath.workdps(50):
        for z, value in zip(points, values):
            reference = exact[name](mpmath.mpf(z))
            error = abs(mpmath.mpf(value) - reference)
            # 1 − σ and 1 − tanh² are accurate to eps absolute: relative precision only while the derivative is
            # not small, so a relative bound only for |z| ≤ 1.
            assert error <= 4 * eps, f"{name}'({z}) in {dtype}: {value!r}, exact {mpmath.nstr(reference, 17)}"
            if abs(z) <= 1:
                assert error <= 8 * eps * reference, f"{name}'({z}) in {dtype}: {value!r}, relative error"
