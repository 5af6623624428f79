"""mfdnn.backprop (conv1d, mlp): whole refusals, generators honoured, devices kept, the timing harness."""

import re

import matplotlib
import pytest
import torch

from mfdnn.backprop import conv1d as c
from mfdnn.backprop import mlp

matplotlib.use("Agg")


def _raises(message, fn, *args, **kwargs):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        fn(*args, **kwargs)


def test_convnet_refusals_name_the_layer_and_the_shapes():
    one = torch.ones(2, dtype=torch.float64)
    zero_d = torch.tensor(0.0, dtype=torch.float64)
    _raises("a ConvNet needs one scalar bias per filter and at least one filter; got 1 filters and 0 biases",
            c.ConvNet, [one], [])
    _raises("layer 2: the filter must be a 1-D tensor and the bias a 0-D tensor; got shapes (2, 2) and ()",
            c.ConvNet, [one, torch.ones(2, 2)], [zero_d, zero_d])
    _raises("layer 1: the filter must be a 1-D tensor and the bias a 0-D tensor; got shapes (2,) and (1,)",
            c.ConvNet, [one], [torch.ones(1)])
    _raises("unknown activation 'relu'; use one of sigmoid, tanh", c.ConvNet, [one], [zero_d], "relu")
    _raises("filter_sizes must be a non-empty list of positive sizes; got [3, 0]", c.random_convnet, [3, 0])
    _raises("filter_sizes must be a non-empty list of positive sizes; got []", c.random_convnet, [])
    net, x = c.scalar_output_example()
    _raises("the readings are for a scalar output y_L (n_L = 1); choose sizes that end at 1",
            c.filter_gradient_readings, net, torch.zeros(1, 13, dtype=torch.float64), 1)


def test_mlp_refusals_name_the_layer_and_the_shapes():
    _raises("layer 1: A must be a matrix and b a vector of its row count; got A (2, 3) and b (3,)",
            mlp.MLP, [torch.zeros(2, 3)], [torch.zeros(3)])
    _raises("unknown activation 'relu6'; use one of sigmoid, tanh", mlp.MLP, [torch.zeros(1, 2)], [torch.zeros(1)],
            "relu6")
    _raises("widths must list n_0, …, n_L (at least two positive sizes); got [3, 0]", mlp.random_mlp, [3, 0])
    _raises("expected a matrix; got shape (3,)", mlp.as_nested_tuple, torch.zeros(3))


def test_random_networks_use_their_generator_activation_and_device():
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        conv_net = c.random_convnet([3, 2], activation="tanh", generator=torch.Generator().manual_seed(4))
        mlp_net = mlp.random_mlp([3, 2], activation="tanh", generator=torch.Generator().manual_seed(4))
        if global_seed == 0:
            first = conv_net.w + conv_net.b + mlp_net.A + mlp_net.b
    assert all(torch.equal(a, b) for a, b in zip(first, conv_net.w + conv_net.b + mlp_net.A + mlp_net.b))
    assert conv_net.activation == mlp_net.activation == "tanh"
    # Another device than the CPU: the meta device stands in for a GPU.
    meta = c.random_convnet([3, 2], device="meta")
    assert {t.device.type for t in meta.w + meta.b} == {"meta"}
    assert c.conv_matrix(torch.ones(3, device="meta"), 6).device.type == "meta"


def test_scalar_output_example_honours_its_generator_and_defaults_to_seed_0():
    torch.manual_seed(123)
    net, x = c.scalar_output_example()
    seeded_net, seeded_x = c.scalar_output_example(torch.Generator().manual_seed(0))
    assert torch.equal(x, seeded_x)
    assert all(torch.equal(a, b) for a, b in zip(net.w + net.b, seeded_net.w + seeded_net.b))
    other_net, other_x = c.scalar_output_example(torch.Generator().manual_seed(1))
    assert not torch.equal(x, other_x) and not torch.equal(net.w[0], other_net.w[0])


def test_dense_backward_uses_the_given_output_gradient():
    net = c.random_convnet([3, 2], generator=torch.Generator().manual_seed(2))
    x = torch.randn(2, 7, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    _, dw, db = c.backward_dense(net, x, grad_of_output=torch.ones_like)   # the loss Σ y_L
    _, dw_a, db_a = c.autograd_grads(net, x, loss=torch.sum)
    assert c.max_gap(dw + db, dw_a + db_a) < 1e-12


def test_max_gap_is_relative_to_the_largest_entry():
    second = [torch.tensor([0.5, -0.25])]
    assert c.max_gap([torch.tensor([0.75, -0.25])], second) == 0.5
    assert c.max_gap([torch.tensor([3.0])], [torch.tensor([4.0])]) == 0.25


def test_fitted_slope_of_a_power_law():
    rows = [{"n": n, "s": 3e-6 * n**2} for n in (2, 4, 8, 16, 32)]
    assert c.fitted_slope(rows, "s") == pytest.approx(2.0, rel=1e-12)
    rows[0]["s"] = 1.0                              # outside the last three: no effect
    assert c.fitted_slope(rows, "s", last=3) == pytest.approx(2.0, rel=1e-12)


def test_timing_figure_draws_measurements_with_markers_and_black_reference_slopes():
    import matplotlib.pyplot as plt
    rows = [{"n": n, "matrix_free_s": 1e-5 * n, "dense_s": 1e-7 * n**2 + 3e-6} for n in (10, 20, 40)]
    fig, ax = plt.subplots()
    c.plot_timing(rows, ax)
    lines = {line.get_label(): line for line in ax.get_lines()}
    plt.close(fig)
    n = [10, 20, 40]
    free, dense = lines["matrix-free (conv1d, conv_transpose1d)"], lines[r"forming $A_w$"]
    slope2, slope1 = lines[r"slope 2 ($\propto n^2$)"], lines[r"slope 1 ($\propto n$)"]
    assert free.get_marker() not in ("None", "", None) and dense.get_marker() not in ("None", "", None)
    assert free.get_marker() != dense.get_marker()
    for line in (slope2, slope1):
        assert list(line.get_xdata()) == n and matplotlib.colors.to_rgb(line.get_color()) == (0.0, 0.0, 0.0)
    assert slope2.get_linestyle() != slope1.get_linestyle()
    # Each reference slope passes through its method's last measurement.
    assert list(slope2.get_ydata()) == pytest.approx([rows[-1]["dense_s"] * (k / 40) ** 2 for k in n], rel=1e-12)
    assert list(slope1.get_ydata()) == pytest.approx([rows[-1]["matrix_free_s"] * k / 40 for k in n], rel=1e-12)


def test_timing_sweep_threads_and_devices(monkeypatch):
    seen = []
    monkeypatch.setattr(c, "_time_one", lambda n, f, b, r, device, dtype: seen.append(
        (torch.get_num_threads(), device.type)) or {"n": n})
    threads = torch.get_num_threads()
    torch.set_num_threads(3)
    try:
        c.timing_sweep([4], [2], batch=1, repeats=1)
        c.timing_sweep([4], [2], batch=1, repeats=1, device="cuda")   # not started: _time_one is replaced
        c.timing_sweep([4], [2], batch=1, repeats=1, device="meta")
        after = torch.get_num_threads()
    finally:
        torch.set_num_threads(threads)
    assert seen == [(1, "cpu"), (3, "cuda"), (1, "meta")] and after == 3


def test_time_one_times_both_computations_on_one_seeded_draw(monkeypatch):
    calls = {"free": [], "dense": []}
    free, dense = c.half_squared_norm_grads, c.backward_dense
    monkeypatch.setattr(c, "half_squared_norm_grads", lambda net, x: calls["free"].append((net, x)) or free(net, x))
    monkeypatch.setattr(c, "backward_dense", lambda net, x: calls["dense"].append((net, x)) or dense(net, x))
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        row = c._time_one(9, [3, 2], 2, 2, torch.device("cpu"), torch.float32)
        assert row["gap"] < 1e-5
    # One untimed call and two timed ones per method and per run; the same draws whatever the global state.
    assert len(calls["free"]) == len(calls["dense"]) >= 2 * (1 + 2)
    (net0, x0), (net1, x1) = calls["free"][0], calls["free"][len(calls["free"]) // 2]
    assert torch.equal(x0, x1) and all(torch.equal(a, b) for a, b in zip(net0.w + net0.b, net1.w + net1.b))
    assert x0.dtype == net0.w[0].dtype == torch.float32 and x0.shape == (2, 9)


def test_time_one_keeps_the_device(monkeypatch):
    """On another device than the CPU (meta stands in for a GPU) the network and the input are both there."""
    seen = []
    free = c.half_squared_norm_grads
    monkeypatch.setattr(c, "half_squared_norm_grads", lambda net, x: seen.extend(
        t.device.type for t in net.w + net.b + [x]) or free(net, x))
    monkeypatch.setattr(c, "max_gap", lambda first, second: seen.extend(t.device.type for t in first + second) or 0.0)
    monkeypatch.setattr(c, "fastest_interleaved", lambda contenders, repeats, sync: {
        name: (fn(), 1.0)[1] for name, fn in contenders.items()})
    row = c._time_one(9, [3, 2], 2, 1, torch.device("meta"), torch.float64)
    assert row["gap"] == 0.0 and set(seen) == {"meta"}


def test_mlp_backward_defaults_to_no_sigma_at_the_output():
    net = mlp.random_mlp([3, 4, 2], generator=torch.Generator().manual_seed(0))
    x = torch.randn(2, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    target = torch.zeros(2, 2, dtype=torch.float64)
    y, ys, zs = mlp.forward(net, x)
    dA, db = mlp.backward(net, ys, zs, mlp.squared_loss_grad(y, target))
    _, dA_a, db_a = mlp.gradients_by_autograd(net, x, target)
    assert all(torch.allclose(h, a, rtol=1e-12, atol=1e-14) for h, a in zip(dA + db, dA_a + db_a))


def test_max_gradient_gap_is_relative_to_the_largest_autograd_entry():
    net = mlp.random_mlp([3, 4, 4, 2], generator=torch.Generator().manual_seed(1))
    x, t = torch.randn(2, 3, dtype=torch.float64), torch.randn(2, 2, dtype=torch.float64)
    _, dA_h, db_h = mlp.gradients_by_hand(net, x, t, sigma_at_output=True)
    _, dA_a, db_a = mlp.gradients_by_autograd(net, x, t)
    gap = max((h - a).abs().max().item() for h, a in zip(dA_h + db_h, dA_a + db_a))
    scale = max(a.abs().max().item() for a in dA_a + db_a)
    assert mlp.max_gradient_gap(net, x, t, sigma_at_output=True) == pytest.approx(gap / scale, rel=1e-12)


def test_course_values_honour_the_generator():
    gen = torch.Generator().manual_seed(1)
    net, x, target = mlp.course_setting(torch.Generator().manual_seed(1))
    _, dA_a, _ = mlp.gradients_by_autograd(net, x, target)
    g = mlp.course_gradients(gen)
    assert torch.equal(g["autograd"], dA_a[0]) and not torch.equal(g["autograd"], mlp.course_gradients()["autograd"])
    printed = mlp.course_printed_values(torch.Generator().manual_seed(1))
    assert printed["hw5-2021-p1-autograd"] == mlp.as_nested_tuple(dA_a[0])


@pytest.mark.parametrize("device,waits", [("cuda", True), ("cpu", False)])
def test_time_one_waits_for_the_gpu_before_reading_the_clock(monkeypatch, device, waits):
    """On a CUDA device the timer synchronises (kernels run asynchronously); on the CPU it need not.

    Without a GPU, moving a tensor is made a no-op, so the CPU computes what would run on the GPU.
    """
    received = {}
    monkeypatch.setattr(torch.Tensor, "to", lambda self, *args, **kwargs: self)
    monkeypatch.setattr(c, "fastest_interleaved", lambda contenders, repeats, sync=None: received.update(
        sync=sync) or dict.fromkeys(contenders, 1.0))
    c._time_one(9, [3, 2], 1, 1, torch.device(device), torch.float64)
    assert (received["sync"] is torch.cuda.synchronize) == waits and callable(received["sync"])
