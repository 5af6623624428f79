"""mfdnn.init: the smallest layers, one network, chunked draws, and the input's share of the variance."""

import math
from fractions import Fraction

import pytest
import torch

from mfdnn import init


def test_the_smallest_layers_are_drawn():
    weight, bias = init.default_linear_layers(1, 1, 1)
    assert weight.shape == (1, 1, 1) and bias.shape == (1, 1) and weight.dtype == torch.float64
    assert weight.abs().item() <= 1 and bias.abs().item() <= 1  # bound 1/√fan_in = 1
    weight, bias = init.default_linear_layers(2, 3, 4, dtype=torch.float32)
    assert weight.shape == (4, 3, 2) and bias.shape == (4, 3) and weight.dtype == bias.dtype == torch.float32


@pytest.mark.parametrize("sizes", [(0, 3, 2), (3, 0, 2), (3, 2, 0)])
def test_empty_layers_are_refused(sizes):
    with pytest.raises(ValueError, match=r"fan_in, fan_out and copies must be ≥ 1, got " + ", ".join(map(str, sizes))):
        init.default_linear_layers(*sizes)


def test_copies_are_independent_draws_with_the_bias_bound():
    torch.manual_seed(0)
    weight, bias = init.default_linear_layers(4, 2, 3000)
    assert bias.abs().max() <= 0.5 and bias.abs().max() > 0.49  # U(−1/√4, 1/√4)
    assert bias.var().item() == pytest.approx(1 / 12, rel=0.05)
    assert abs(torch.corrcoef(weight[:, 0, :2].T)[0, 1].item()) < 0.06


def test_every_network_counts_and_chunked_draws_give_the_same_statistics(monkeypatch):
    res = init.monte_carlo([3, 2], copies=2, seed=0)
    torch.manual_seed(0)
    x = torch.randn(2, 3, dtype=torch.float64)  # the two networks' inputs
    assert res["mean"][0].item() == pytest.approx(x.mean().item())
    assert res["second"][0].item() == pytest.approx((x * x).mean().item())
    whole = init.monte_carlo([3, 4, 2], copies=10, seed=0)
    monkeypatch.setattr(init, "MAX_CHUNK_ELEMENTS", 12 * 4)  # four networks at a time: chunks 4, 4, 2
    chunked = init.monte_carlo([3, 4, 2], copies=10, seed=0)
    assert chunked["copies"] == 10 and chunked["widths"] == [3, 4, 2]
    assert torch.isfinite(chunked["second_se"]).all() and (chunked["second_se"] > 0).all()
    assert chunked["second"][0].item() != whole["second"][0].item()  # other draws ...
    assert chunked["theory"].tolist() == whole["theory"].tolist()  # ... of the same law


def test_monte_carlo_reports_standard_errors_and_z_scores():
    res = init.monte_carlo([5, 5], copies=400, seed=3)
    assert res["theory"].tolist() == pytest.approx([1.0, 1 / 3 + 1 / 15])
    assert res["z"].tolist() == pytest.approx(((res["second"] - res["theory"]) / res["second_se"]).tolist())
    assert res["second_se"][0].item() == pytest.approx(math.sqrt(2 / 5 / 400), rel=0.3)  # Var(mean of 5 χ²₁)/400
    assert res["mean_se"][0].item() == pytest.approx(math.sqrt(1 / 5 / 400), rel=0.2)


def test_input_share_is_three_to_the_minus_depth_over_the_second_moment():
    widths = [4, 8, 2, 5]
    s = [Fraction(1)]
    for n in widths[:-1]:
        s.append(s[-1] / 3 + Fraction(1, 3 * n))
    assert init.input_share(widths) == pytest.approx([float(Fraction(1, 3**k) / v) for k, v in enumerate(s)])
    assert init.input_share([7]) == [1.0]


@pytest.mark.parametrize("widths", [[], [3, 2.5], [3, -1]])
def test_bad_widths_are_refused_with_what_was_given(widths):
    with pytest.raises(ValueError, match=r"non-empty list of positive integers n_0, …, n_L; got \["):
        init.second_moment_recursion(widths)


def test_closed_form_at_depth_zero_and_one():
    assert init.second_moment_closed_form([5]) == 1.0
    assert init.second_moment_closed_form([5, 2]) == pytest.approx(1 / 3 + 1 / 15, rel=1e-15)


def test_layers_on_the_device_asked_for_and_in_float32():
    weight, bias = init.default_linear_layers(3, 2, 4, device="meta")
    assert weight.device.type == bias.device.type == "meta"
    res = init.monte_carlo([3, 2], copies=4, dtype=torch.float32, seed=0)
    assert torch.isfinite(res["second"]).all() and res["theory"].dtype == torch.float64


def test_each_network_is_drawn_once_in_chunks_under_the_cap(monkeypatch):
    drawn = []
    original = init.default_linear_layers

    def counting(fan_in, fan_out, copies, device=None, dtype=torch.float64):
        drawn.append((fan_in, fan_out, copies))
        return original(fan_in, fan_out, copies, device, dtype)

    monkeypatch.setattr(init, "default_linear_layers", counting)
    monkeypatch.setattr(init, "MAX_CHUNK_ELEMENTS", 4 * 12)  # the largest layer, 3 × 4, four networks at a time
    init.monte_carlo([3, 4, 2], copies=10, seed=0)
    assert drawn == [(3, 4, 4), (4, 2, 4), (3, 4, 4), (4, 2, 4), (3, 4, 2), (4, 2, 2)]
    drawn.clear()
    monkeypatch.setattr(init, "MAX_CHUNK_ELEMENTS", 1 << 24)
    init.monte_carlo([3, 4, 2], copies=10, seed=0)
    assert drawn == [(3, 4, 10), (4, 2, 10)]  # all at once under the real cap
    drawn.clear()
    monkeypatch.setattr(init, "MAX_CHUNK_ELEMENTS", 5)  # smaller than one network: one at a time
    init.monte_carlo([3, 4], copies=2, seed=0)
    assert drawn == [(3, 4, 1), (3, 4, 1)]


def test_width_one_and_a_single_width_are_allowed():
    assert init.second_moment_recursion([1, 1]) == pytest.approx([1.0, 2 / 3])
    assert init.second_moment_recursion([4]) == [1.0]


def test_documented_init_is_the_attributes_block_and_needs_both_entries():
    doc = ("A layer.\n\n    Attributes:\n        weight: from :math:`\\mathcal{U}(-\\sqrt{k}, \\sqrt{k})`, where\n"
           "            :math:`k = \\frac{1}{\\text{in\\_features}}`\n"
           "        bias: from :math:`\\mathcal{U}(-\\sqrt{k}, \\sqrt{k})`, where\n"
           "            :math:`k = \\frac{1}{\\text{in\\_features}}`\n\n    Examples::\n\n        >>> m = 1\n")
    text = init.documented_init(doc)
    assert text.splitlines() == [
        "weight: from :math:`\\mathcal{U}(-\\sqrt{k}, \\sqrt{k})`, where",
        "    :math:`k = \\frac{1}{\\text{in\\_features}}`",
        "bias: from :math:`\\mathcal{U}(-\\sqrt{k}, \\sqrt{k})`, where",
        "    :math:`k = \\frac{1}{\\text{in\\_features}}`"]
    with pytest.raises(ValueError, match="no longer states"):
        init.documented_init(doc.replace("bias:", "offset:"))


def test_the_chunk_cap_counts_the_largest_layer_whichever_end_it_is(monkeypatch):
    """Widths 1, 2, 50: the largest layer is the last, 2 × 50 = 100 weights a network."""
    drawn = []
    original = init.default_linear_layers

    def counting(fan_in, fan_out, copies, device=None, dtype=torch.float64):
        drawn.append(fan_in * fan_out * copies)
        return original(fan_in, fan_out, copies, device, dtype)

    monkeypatch.setattr(init, "default_linear_layers", counting)
    monkeypatch.setattr(init, "MAX_CHUNK_ELEMENTS", 200)
    init.monte_carlo([1, 2, 50], copies=4, seed=0)
    assert max(drawn) <= 200 and len(drawn) == 4  # two chunks of two networks, two layers each


def test_monte_carlo_of_the_input_alone():
    """Depth 0 (one width): the moments of the input x ~ N(0, I), s_0 = 1."""
    res = init.monte_carlo([6], copies=400, seed=0)
    assert res["theory"].tolist() == [1.0] and res["second"].shape == (1,)
    assert abs(res["z"][0].item()) < 4 and abs(res["mean"][0].item()) < 4 * res["mean_se"][0].item()


def test_closed_form_and_its_error_bars_share_a_colour_per_profile():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    results = {name: {"theory": torch.tensor([1.0, 0.5]), "second": torch.tensor([1.1, 0.4]),
                      "second_se": torch.tensor([0.1, 0.1])} for name in ("default", "He")}
    fig, ax = plt.subplots()
    for _ in range(3):
        ax.plot([], [])  # the colour cycle moves on
    init.plot_variance_vs_depth(ax, results)
    lines = {line.get_label(): to_rgba(line.get_color()) for line in ax.get_lines()}
    assert lines["default: closed form"] == to_rgba("tab:blue") and lines["He: closed form"] == to_rgba("tab:orange")
    bars = [c for c in ax.containers]
    assert [to_rgba(b.lines[0].get_color()) for b in bars] == [to_rgba("tab:blue"), to_rgba("tab:orange")]
    plt.close(fig)
