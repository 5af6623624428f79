"""mfdnn.init: torch's default Linear init, the variance formula and the Monte Carlo."""

import math
from fractions import Fraction

import pytest
import torch

from mfdnn import init


def test_batched_layers_use_torchs_bounds_and_variance():
    torch.manual_seed(0)
    weight, bias = init.default_linear_layers(50, 7, 400)
    bound = 1 / math.sqrt(50)
    assert weight.shape == (400, 7, 50) and bias.shape == (400, 7)
    assert weight.abs().max() <= bound and bias.abs().max() <= bound
    assert weight.abs().max() > 0.99 * bound
    assert weight.var().item() == pytest.approx(1 / (3 * 50), rel=0.02)


def test_closed_form_matches_exact_recursion():
    widths = [784, 256, 64, 10]
    exact = Fraction(1)
    for n in widths[:-1]:
        exact = exact / 3 + Fraction(1, 3 * n)
    assert init.second_moment_closed_form(widths) == pytest.approx(float(exact), rel=1e-15)
    assert init.second_moment_recursion(widths)[-1] == pytest.approx(float(exact), rel=1e-15)


def test_monte_carlo_agrees_with_theory():
    res = init.monte_carlo([6, 6, 6, 6], copies=3000, seed=1)
    assert res["z"].abs().max() < 4.5
    assert (res["mean"].abs() < 5 * res["mean_se"]).all()


def test_bad_widths_are_a_clear_error():
    with pytest.raises(ValueError, match="positive integers"):
        init.second_moment_closed_form([4, 0, 3])


def test_linear_docstring_states_the_default_as_a_formula():
    text = init.documented_init()
    assert text.startswith("weight:") and "bias:" in text
    for piece in init.DOCUMENTED_INIT:
        assert text.count(piece) == 2  # once for the weight, once for the bias
    # ... and the docstring is right: the bounds it states are those of the modules torch builds.
    layer = torch.nn.Linear(30, 2000)
    assert layer.weight.abs().max() <= 1 / math.sqrt(30) and layer.bias.abs().max() <= 1 / math.sqrt(30)


def test_a_docstring_without_the_formula_is_refused():
    weight_only = ("Attributes:\n        weight: initialized from :math:`\\mathcal{U}(-\\sqrt{k}, \\sqrt{k})`, "
                   "where :math:`k = \\frac{1}{\\text{in\\_features}}`\n        bias: zeros\n\n    Examples::\n")
    with pytest.raises(ValueError, match="no longer states"):
        init.documented_init(weight_only)
    with pytest.raises(ValueError, match="no 'Attributes:' section"):
        init.documented_init("An affine map.")
