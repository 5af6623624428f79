"""What a reader sees in mfdnn's figures: the data drawn, against what the figure says it is (labels, legend, scales).

Each figure function draws on small inputs whose values are known, on matplotlib's ``Figure`` (no pyplot
state, nothing rendered): a line must hold the values its legend names, in the style that tells it apart.
"""

import math

import pytest
import torch
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from mfdnn import init, loss, momentum, probability, vanishing
from mfdnn.backprop import conv1d
from mfdnn.fusion import nin
from mfdnn.memorization import History, Setup, plot_history


def _axes(count: int = 1):
    return Figure().subplots(count, 1)


def _legend(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _data(line) -> tuple[list, list]:
    return [float(v) for v in line.get_xdata()], [float(v) for v in line.get_ydata()]


def test_margin_figure_draws_each_loss_and_its_slope_against_the_margin():
    margins = torch.linspace(-3.0, 3.0, 7, dtype=torch.float64)
    axes = _axes(2)
    loss.plot_margin_curves(axes, margins)
    curves = loss.margin_curves(margins)
    for ax, what in zip(axes, ("loss", "grad")):
        drawn = [line for line in ax.lines if line.get_label() in curves]
        assert [line.get_label() for line in drawn] == list(curves)
        for line in drawn:
            x, y = _data(line)
            assert x == margins.tolist() and y == pytest.approx(curves[line.get_label()][what].tolist())
            assert line.get_linewidth() > 1
        assert _legend(ax) == list(curves)
        assert ax.get_xlabel() == r"margin $\mu = yz$ (negative: wrong side)"
        zero = [line for line in ax.lines if line not in drawn]
        assert len(zero) == 1 and _data(zero[0])[0] == [0, 0]  # the vertical line at the margin 0
    assert axes[0].get_ylabel() == r"loss $\ell(z, y)$"
    assert axes[1].get_ylabel() == r"$|\partial \ell / \partial z|$"


def test_seed_figure_shows_every_run_and_the_mean_with_one_standard_deviation():
    records = [{"init": "zero", "loss": name, "test": t} for name, ts in
               (("KL (cross-entropy)", (0.90, 0.94)), ("sum of squares", (0.80, 0.86, 0.83))) for t in ts]
    summary = loss.summarise(records)
    ax = _axes()
    loss.plot_seeds(ax, records, summary)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [c.get_offsets()[:, 1].tolist() for c in dots] == [pytest.approx([90.0, 94.0]),
                                                               pytest.approx([80.0, 86.0, 83.0])]
    assert [c.get_offsets()[:, 0].tolist() for c in dots] == [[0, 0], [1, 1, 1]]
    assert all(0 < c.get_alpha() < 1 for c in dots)  # overlapping runs stay visible
    assert to_rgba(dots[0].get_facecolor()[0], 1) == to_rgba("tab:blue")
    assert to_rgba(dots[1].get_facecolor()[0], 1) == to_rgba("tab:orange")
    means = [line for line in ax.lines if line.get_marker() == "o"]
    assert [_data(m) for m in means] == [([0.15], [pytest.approx(92.0)]), ([1.15], [pytest.approx(83.0)])]
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]  # mean ± one standard deviation
    assert len(bars) == 2
    for bar, key in zip(bars, summary):
        (low, high), = [seg[:, 1].tolist() for seg in bar.get_segments()]
        s = summary[key]
        assert (low, high) == pytest.approx((100 * (s["mean"] - s["std"]), 100 * (s["mean"] + s["std"])))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["zero\nKL (cross-entropy)", "zero\nsum of squares"]
    assert ax.get_ylabel() == "evaluation accuracy (%)"


def test_quadratic_figure_draws_the_paths_that_its_legends_name():
    import warnings

    theta0 = momentum.rotated_point(1.0, 0.5)
    hess, paths = momentum.quadratic_paths(10.0, 0.1, 0.8, 12, 4, theta0)
    axes = _axes(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        momentum.plot_quadratic_paths(axes, hess, paths, drop_at=4)
    expected = [{r"gradient descent ($\beta = 0$)": "gd", "Form I": "const_one", "Form II": "const_two"},
                {r"Form I, $\alpha_k$": "sched_one", r"Form II, $\alpha_k$ (PyTorch)": "sched_two"}]
    for ax, named in zip(axes, expected):
        assert _legend(ax) == list(named)
        for line in ax.lines:
            if line.get_label() in named:
                path = paths[named[line.get_label()]]
                assert _data(line) == (path[:, 0].tolist(), path[:, 1].tolist())
        minimum = [line for line in ax.lines if line.get_label() not in named]
        assert len(minimum) == 1 and _data(minimum[0]) == ([0], [0]) and minimum[0].get_marker() == "*"
        assert ax.get_aspect() == 1 and ax.get_xlabel() == r"$\theta_1$" and ax.get_ylabel() == r"$\theta_2$"
        assert ax.get_legend()._loc == 4  # lower right, away from the start at the upper left
        levels = ax.collections[0].levels  # contours of ½θᵀHθ, spread over four decades below its largest value
        assert len(levels) == 12 and levels[-1] / levels[0] == pytest.approx(1e4)
        # The grid of the contours reaches a tenth of the paths' widest extent beyond them, on every side.
        every = torch.cat([paths[named[label]] for label in named])
        low, high = every.min(0).values, every.max(0).values
        pad = 0.1 * (high - low).max().item()
        assert ax.get_xlim() == pytest.approx((low[0].item() - pad, high[0].item() + pad))
        assert ax.get_ylim() == pytest.approx((low[1].item() - pad, high[1].item() + pad))
        corners = torch.tensor([[low[0] - pad, low[1] - pad], [high[0] + pad, low[1] - pad],
                                [low[0] - pad, high[1] + pad], [high[0] + pad, high[1] + pad]], dtype=hess.dtype)
        top = max(0.5 * (c @ hess @ c).item() for c in corners)  # ½θᵀHθ is largest at a corner of the box
        assert levels[-1] == pytest.approx(top)
        assert to_rgba(ax.collections[0].get_edgecolor()[0]) == to_rgba("0.8")  # light grey, behind the paths
        assert ax.collections[0].get_linewidth()[0] < min(line.get_linewidth() for line in ax.lines)
        star = minimum[0]
        assert star.get_markersize() > max(line.get_markersize() for line in ax.lines if line is not star)
    assert axes[0].get_title() == "constant step size: the forms coincide"
    assert axes[1].get_title() == "step size halved every 4 steps: they part"
    gd, one, two = axes[0].lines[:3]
    assert two.get_linestyle() == "None" and two.get_marker() == "o"  # dots on the line: the forms coincide
    assert to_rgba(one.get_color()) != to_rgba(two.get_color()) != to_rgba(gd.get_color())
    sched_one, sched_two = axes[1].lines[:2]
    assert to_rgba(sched_one.get_color()) != to_rgba(sched_two.get_color())
    assert sched_one.get_marker() != sched_two.get_marker() and "None" not in (sched_one.get_marker(),
                                                                                  sched_two.get_marker())
    # Each form has one colour in both panels; gradient descent is a thin grey line, Form I a wide pale one.
    assert to_rgba(one.get_color()) == to_rgba(sched_one.get_color())
    assert to_rgba(two.get_color()) == to_rgba(sched_two.get_color())
    assert to_rgba(gd.get_color()) == to_rgba("0.5")
    assert gd.get_linewidth() < sched_one.get_linewidth() == sched_two.get_linewidth() < one.get_linewidth()
    assert 0 < one.get_alpha() < 1


def test_contour_figure_draws_the_right_and_the_wrong_covariance_at_the_stated_levels():
    import warnings

    A = torch.tensor([[2.0, 0.0], [1.5, 0.75]], dtype=torch.float64)
    b = torch.tensor([1.0, -1.0], dtype=torch.float64)
    samples = probability.sample_affine(A, b, 500, torch.Generator().manual_seed(0))
    ax = _axes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probability.plot_samples_vs_contours(ax, samples, A, b, levels=(0.5, 0.1), steps=40)
    hist, right, wrong = ax.collections[:3]
    # The samples' empirical density, in grey under the coloured contours: it integrates to 1.
    (x0, x1), (y0, y1) = [(float(v.min()), float(v.max())) for v in (samples[:, 0], samples[:, 1])]
    corners = hist.get_coordinates()
    assert (corners[..., 0].min(), corners[..., 0].max()) == pytest.approx((x0, x1))
    assert (corners[..., 1].min(), corners[..., 1].max()) == pytest.approx((y0, y1))
    cells = (corners[1:, 1:] - corners[:-1, :-1]).prod(-1)
    assert float((hist.get_array().reshape(cells.shape) * cells).sum()) == pytest.approx(1.0)
    assert hist.get_cmap().name == "Greys"
    peak = 1 / (2 * math.pi * abs(torch.linalg.det(A).item()))
    assert right.levels.tolist() == pytest.approx([0.1 * peak, 0.5 * peak])
    assert wrong.levels.tolist() == pytest.approx([0.1 * peak, 0.5 * peak])
    assert _legend(ax) == [r"formula, $\Sigma = AA^\top$", r"wrong covariance $A^\top A$"]
    # Each legend entry looks like the contours it names.
    for contours, handle in zip((right, wrong), ax.get_legend().legend_handles):
        assert to_rgba(handle.get_color()) == tuple(contours.get_edgecolor()[0])
        assert handle.get_linewidth() == contours.get_linewidth()[0]
    assert to_rgba("tab:blue") == tuple(right.get_edgecolor()[0]) != tuple(wrong.get_edgecolor()[0])
    assert ax.get_legend().legend_handles[1].get_linestyle() == "--" and wrong.get_linestyle()[0][1] is not None
    assert right.get_linestyle()[0][1] is None  # solid
    assert ax.get_legend()._loc == 2  # upper left
    assert ax.get_aspect() == 1
    # The contours' grid reaches half a unit beyond the samples on every side.
    assert ax.get_xlim() == pytest.approx((x0 - 0.5, x1 + 0.5)) and ax.get_ylim() == pytest.approx((y0 - 0.5, y1 + 0.5))


def test_monte_carlo_figure_draws_the_estimates_the_exact_value_and_the_band():
    mc = {"sizes": torch.tensor([10, 100, 1000]), "estimates": torch.tensor([0.5, 0.3, 0.25]), "std": 2.0}
    ax = _axes()
    probability.plot_mc_convergence(ax, mc, exact=0.2)
    estimates, exact = ax.lines
    band_colour = ax.collections[0].get_facecolor()[0]
    assert to_rgba(band_colour, 1) == to_rgba(estimates.get_color()) == to_rgba("tab:blue")  # the estimate's band
    assert 0 < ax.collections[0].get_alpha() < 1 and to_rgba(exact.get_color()) == to_rgba("k")
    assert exact.get_linewidth() < estimates.get_linewidth()
    assert _data(estimates) == ([10, 100, 1000], pytest.approx([0.5, 0.3, 0.25]))
    assert _data(exact)[1] == [0.2, 0.2] and exact.get_linestyle() == "--"
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    half = [1.96 * 2.0 / math.sqrt(n) for n in (10, 100, 1000)]
    assert band.max() == pytest.approx(0.2 + half[0]) and band.min() == pytest.approx(0.2 - half[0])
    assert ax.get_xscale() == "log"
    assert _legend(ax) == [r"exact $\pm 1.96\,\sigma/\sqrt{N}$", "Monte Carlo estimate", "closed form"]
    assert ax.get_xlabel() == "number of samples N" and ax.get_ylabel() == r"estimate of $D_{KL}$"


def test_variance_figure_gives_each_of_five_profiles_its_own_colour():
    results = {f"profile {k}": {"theory": torch.tensor([1.0, 0.5]), "second": torch.tensor([1.0, 0.5]),
                                "second_se": torch.tensor([0.01, 0.02])} for k in range(5)}
    ax = _axes()
    init.plot_variance_vs_depth(ax, results)
    theory = [line for line in ax.lines if line.get_label().endswith("closed form")]
    colours = {to_rgba(line.get_color()) for line in theory}
    assert len(theory) == 5 and len(colours) == 5


def test_variance_figure_draws_theory_and_monte_carlo_with_two_standard_errors():
    results = {name: {"theory": torch.tensor([1.0, 0.5, 0.25]), "second": torch.tensor([1.0, 0.52, 0.24]),
                      "second_se": torch.tensor([0.01, 0.02, 0.03])} for name in ("narrow", "wide")}
    ax = _axes()
    init.plot_variance_vs_depth(ax, results)
    assert ax.get_yscale() == "log"
    theory = [line for line in ax.lines if line.get_linestyle() == "-"]
    assert [line.get_label() for line in theory] == ["narrow: closed form", "wide: closed form"]
    assert _data(theory[0]) == ([0, 1, 2], pytest.approx([1.0, 0.5, 0.25]))
    assert to_rgba(theory[0].get_color()) != to_rgba(theory[1].get_color())
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert _data(dots[0]) == ([0, 1, 2], pytest.approx([1.0, 0.52, 0.24]))
    assert to_rgba(dots[0].get_color()) == to_rgba(theory[0].get_color())  # one colour per profile
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    lows_highs = [v for seg in bars[0].get_segments() for v in (seg[0, 1], seg[1, 1])]
    assert lows_highs == pytest.approx([0.98, 1.02, 0.48, 0.56, 0.18, 0.30])  # ± 2 standard errors
    assert ax.get_xlabel() == r"depth $\ell$"
    assert ax.get_ylabel() == r"$\mathrm{Var}(y_{\ell,i}) = \mathbb{E}[y_{\ell,i}^2]$"
    assert _legend(ax)[:2] == ["narrow: closed form", "wide: closed form"]


def test_gradient_norm_figures_draw_one_line_per_depth_and_the_ratio():
    sweep = {"norms": {2: torch.tensor([[1.0, 4.0], [4.0, 1.0]]), 3: torch.tensor([[0.01, 0.1, 1.0]])}}
    ax = _axes()
    vanishing.plot_layer_norms(ax, sweep, [2, 3])
    assert ax.get_yscale() == "log"
    assert [line.get_label() for line in ax.lines] == ["$L = 2$", "$L = 3$"]
    assert _data(ax.lines[0]) == ([1, 2], pytest.approx([2.0, 2.0]))  # geometric means over networks
    assert _data(ax.lines[1]) == ([1, 2, 3], pytest.approx([0.01, 0.1, 1.0]))
    from matplotlib import colormaps

    # Colour by depth on viridis, the deepest network at its end; dots joined by lines.
    assert [to_rgba(line.get_color()) for line in ax.lines] == [colormaps["viridis"](2 / 3), colormaps["viridis"](1.0)]
    assert all(line.get_marker() == "o" and line.get_linestyle() == "-" for line in ax.lines)
    assert ax.get_xlabel() == "layer $i$"
    assert ax.get_ylabel() == r"$\|\partial \ell / \partial A_i\|_F$ (geometric mean)"
    assert _legend(ax) == ["$L = 2$", "$L = 3$"]
    ax = _axes()
    vanishing.plot_first_over_last(ax, [2, 3], torch.tensor([1.0, 0.01]))
    assert ax.get_yscale() == "log" and _data(ax.lines[0]) == ([2, 3], pytest.approx([1.0, 0.01]))
    assert ax.get_xlabel() == "depth $L$" and ax.get_title() == "first layer relative to last"
    assert ax.get_ylabel() == r"$\|\partial\ell/\partial A_1\| \,/\, \|\partial\ell/\partial A_L\|$"


def test_history_figure_draws_both_measurements_of_each_run():
    runs = {"random labels": History([0.1, 0.5], [2.3, 1.0], 1.0, Setup(), [0.12, 0.4], [2.2, 1.1]),
            "true labels": History([0.8, 0.99], [0.5, 0.05], 1.0, Setup(), [0.7, 0.95], [0.6, 0.1])}
    axes = _axes(2)
    plot_history(axes, runs)
    acc, cost = axes
    assert [line.get_label() for line in acc.lines] == [
        "random labels, eval mode", "random labels, course's way (dropout on)",
        "true labels, eval mode", "true labels, course's way (dropout on)"]
    assert [line.get_label() for line in cost.lines] == [
        "random labels, mean over the set", "random labels, last minibatch (course)",
        "true labels, mean over the set", "true labels, last minibatch (course)"]
    assert _data(acc.lines[0]) == ([1, 2], pytest.approx([10.0, 50.0]))
    assert _data(acc.lines[1]) == ([1, 2], pytest.approx([12.0, 40.0]))
    assert _data(cost.lines[2]) == ([1, 2], [0.5, 0.05]) and _data(cost.lines[3]) == ([1, 2], [0.6, 0.1])
    for ax in axes:
        eval_line, course_line = ax.lines[:2]
        assert course_line.get_linestyle() == ":" and eval_line.get_linestyle() == "-"
        assert eval_line.get_linewidth() > course_line.get_linewidth()
        assert to_rgba(ax.lines[0].get_color()) == to_rgba("tab:red") == to_rgba(ax.lines[1].get_color())
        assert to_rgba(ax.lines[2].get_color()) == to_rgba("tab:blue")
        assert ax.get_xlabel() == "epoch" and _legend(ax) == [line.get_label() for line in ax.lines]
        assert ax.get_ylim()[0] == 0
    assert acc.get_ylim() == (0, 102) and acc.get_ylabel() == "training accuracy (%)"
    assert cost.get_ylabel() == "training loss (cross-entropy)"


def test_timing_figures_draw_each_method_and_the_reference_slopes():
    rows = [{"n": 100, "matrix_free_s": 1e-4, "dense_s": 1e-3}, {"n": 1000, "matrix_free_s": 1e-3, "dense_s": 0.1}]
    ax = _axes()
    conv1d.plot_timing(rows, ax)
    free, dense, quadratic, linear = ax.lines
    assert _data(free) == ([100, 1000], [1e-4, 1e-3]) and _data(dense) == ([100, 1000], [1e-3, 0.1])
    assert _data(quadratic)[1] == pytest.approx([1e-3, 0.1])  # slope 2 through the last dense point
    assert _data(linear)[1] == pytest.approx([1e-4, 1e-3])  # slope 1 through the last matrix-free point
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert _legend(ax) == ["matrix-free (conv1d, conv_transpose1d)", r"forming $A_w$",
                           r"slope 2 ($\propto n^2$)", r"slope 1 ($\propto n$)"]
    assert ax.get_xlabel() == "input size $n$"
    assert ax.get_ylabel() == "seconds, forward + backward (best of repeats)"

    timing = [{"windows": 9, "conv": 0.001, "batched": 0.004, "loop": 0.02},
              {"windows": 25, "conv": 0.002, "batched": 0.01, "loop": 0.05}]
    ax = _axes()
    nin.plot_timing(ax, timing)
    assert [_data(line) for line in ax.lines] == [([9, 25], pytest.approx([1.0, 2.0])),
                                                  ([9, 25], pytest.approx([4.0, 10.0])),
                                                  ([9, 25], pytest.approx([20.0, 50.0]))]
    assert all(line.get_marker() == "o" for line in ax.lines)
    assert _legend(ax) == ["one pass of the convolutional net", "all windows as one batch", "loop over windows"]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["9", "25"] and not ax.get_xticks(minor=True).size
    assert ax.get_xlabel() == r"number of $32 \times 32$ windows" and ax.get_ylabel() == "time (ms, fastest run)"


def test_alexnet_cost_figure_shows_each_layers_costs_and_the_conv_and_linear_shares():
    from mfdnn.costs import plot_alexnet

    rows = [{"layer": "conv1", "kind": "conv", "macs": 900, "params": 10},
            {"layer": "conv2", "kind": "conv", "macs": 50, "params": 5},
            {"layer": "fc1", "kind": "linear", "macs": 50, "params": 85}]
    left, right = _axes(2)
    plot_alexnet(rows, (left, right))
    macs, params = left.containers
    assert [b.get_height() for b in macs] == [900, 50, 50] and [b.get_height() for b in params] == [10, 5, 85]
    assert [b.get_x() + b.get_width() / 2 for b in macs] == pytest.approx([-0.2, 0.8, 1.8])
    assert [b.get_x() + b.get_width() / 2 for b in params] == pytest.approx([0.2, 1.2, 2.2])
    assert to_rgba(macs[0].get_facecolor()) != to_rgba(params[0].get_facecolor())
    assert left.get_yscale() == "log" and left.get_title() == "per layer"
    assert [t.get_text() for t in left.get_xticklabels()] == ["conv1", "conv2", "fc1"]
    assert _legend(left) == ["multiply-adds", "parameters"]
    conv, linear = right.containers
    assert [b.get_width() for b in conv] == pytest.approx([0.95, 0.15])  # conv layers' shares of macs, params
    assert [b.get_width() for b in linear] == pytest.approx([0.05, 0.85])
    assert [b.get_x() for b in linear] == pytest.approx([0.95, 0.15])  # stacked after the conv share
    assert [t.get_text() for t in right.get_yticklabels()] == ["multiply-adds", "parameters"]
    texts = {t.get_text(): t for t in right.texts}
    assert set(texts) == {"95.0%", "5.0%", "15.0%", "85.0%"}
    assert texts["95.0%"].get_position() == pytest.approx((0.475, 0)) and texts["95.0%"].get_color() == "white"
    assert texts["5.0%"].get_position()[1] > 0 and texts["5.0%"].get_color() != "white"  # too narrow: above it
    assert texts["85.0%"].get_position() == pytest.approx((0.575, 1))
    assert right.get_xlim() == (0, 1) and right.get_ylim()[1] > 1.5
    assert right.get_title() == "share of the whole network" and _legend(right) == ["conv layers", "linear layers"]
