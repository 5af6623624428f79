"""mfdnn.vanishing: the network's shape, the product bound's exact value, and the interventions' checks."""

import pytest
import torch
from torch import nn

from mfdnn import vanishing as va


def test_sigmoid_mlp_has_the_stated_layers():
    net = va.sigmoid_mlp(3, width=4, n_in=5, n_out=2)
    assert [type(m) for m in net] == [nn.Linear, nn.Sigmoid, nn.Linear, nn.Sigmoid, nn.Linear]
    assert [(m.in_features, m.out_features) for m in va.linear_layers(net)] == [(5, 4), (4, 4), (4, 2)]
    assert all(m.weight.dtype == torch.float64 for m in va.linear_layers(net))
    assert [type(m) for m in va.sigmoid_mlp(1, 3, 2)] == [nn.Linear]  # depth 1: one linear layer, no sigmoid


@pytest.mark.parametrize("sizes", [dict(depth=0, width=3, n_in=2), dict(depth=2, width=0, n_in=2),
                                   dict(depth=2, width=3, n_in=0), dict(depth=2, width=3, n_in=2, n_out=0)])
def test_empty_networks_are_refused(sizes):
    with pytest.raises(ValueError, match="need depth ≥ 1 and positive sizes"):
        va.sigmoid_mlp(**sizes)


def test_bound_is_the_product_of_spectral_norms_and_quarter_powers():
    torch.manual_seed(0)
    net = va.sigmoid_mlp(3, width=3, n_in=2, n_out=2)
    x, target = torch.randn(4, 2, dtype=torch.float64), torch.randn(4, 2, dtype=torch.float64)
    got = va.layer_gradient_norms(net, x, target)
    out = net(x).detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(nn.functional.mse_loss(out, target), out)
    per_sample = grad.norm(dim=1).sum()
    spectral = [torch.linalg.svdvals(m.weight.detach())[0] for m in va.linear_layers(net)]
    expected = [per_sample * spectral[1] * spectral[2] / 16, per_sample * spectral[2] / 4, per_sample]
    assert got["bias_bound"].tolist() == pytest.approx([e.item() for e in expected], rel=1e-12)
    assert (got["bias"] <= got["bias_bound"]).all()
    layers = va.linear_layers(net)
    assert got["weight"].tolist() == pytest.approx([m.weight.grad.norm().item() for m in layers])
    assert got["bias"].tolist() == pytest.approx([m.bias.grad.norm().item() for m in layers])
    assert got["bias"][-1].item() == pytest.approx(grad.sum(0).norm().item(), rel=1e-12)  # ∂loss/∂b_L
    again = va.layer_gradient_norms(net, x, target)  # gradients are zeroed first, not accumulated
    assert again["weight"].tolist() == pytest.approx(got["weight"].tolist(), rel=1e-12)


def test_depth_sweep_has_one_row_per_network_and_one_column_per_layer():
    sweep = va.depth_sweep([2, 3], width=3, nets=4, batch=2, seed=1)
    assert {d: tuple(n.shape) for d, n in sweep["norms"].items()} == {2: (4, 2), 3: (4, 3)}
    assert sweep["norms"][3].dtype == torch.float64 and (sweep["norms"][3] > 0).all()
    assert torch.equal(va.depth_sweep([2, 3], width=3, nets=4, batch=2, seed=1)["norms"][3], sweep["norms"][3])


def test_geometric_mean_is_over_networks():
    rows = torch.tensor([[1.0, 100.0], [4.0, 1.0]], dtype=torch.float64)
    assert va.geometric_mean(rows).tolist() == pytest.approx([2.0, 10.0])


def test_interventions_leave_the_network_unchanged_when_they_change_nothing():
    assert va.intervention_ratios(4, 3, 5, layer=2, kind="small", strength=1.0).tolist() == pytest.approx([1.0] * 4)
    assert va.intervention_ratios(4, 3, 5, layer=2, kind="saturate", strength=0.0).tolist() == pytest.approx([1.0] * 4)
    ratios = va.intervention_ratios(4, 3, 5, layer=2, kind="saturate", strength=40.0)
    assert (ratios[:2] < 1e-12).all() and (ratios[2:] > 0.1).all()  # layer 2's units saturated: σ' ≈ 0


@pytest.mark.parametrize("layer", [0, 5])
def test_intervention_outside_the_network_is_refused(layer):
    with pytest.raises(ValueError, match=rf"layer must be in 1\.\.4 \('saturate': 1\.\.3.*got {layer}"):
        va.intervention_ratios(4, 3, 2, layer=layer, kind="small", strength=0.5)


def test_unknown_intervention_is_refused():
    with pytest.raises(ValueError, match="kind must be 'small' or 'saturate', got 'large'"):
        va.intervention_ratios(4, 3, 2, layer=1, kind="large", strength=2.0)


def test_networks_are_built_on_the_device_asked_for():
    net = va.sigmoid_mlp(2, 3, 2, device="meta")
    assert all(p.device.type == "meta" for p in net.parameters())
    assert all(p.dtype == torch.float32 for p in va.sigmoid_mlp(2, 3, 2, dtype=torch.float32).parameters())


def test_sweep_networks_are_the_ones_the_seed_draws_and_the_worst_ratio_is_the_largest_seen():
    sweep = va.depth_sweep([3], width=4, nets=2, batch=16)  # seed 0 by default
    torch.manual_seed(0)
    worst = 0.0
    for row in sweep["norms"][3]:
        net = va.sigmoid_mlp(3, 4, 4)
        x, target = torch.randn(16, 4, dtype=torch.float64), torch.randn(16, 1, dtype=torch.float64)
        got = va.layer_gradient_norms(net, x, target)
        assert row.tolist() == got["weight"].tolist()
        worst = max(worst, (got["bias"] / got["bias_bound"]).max().item())
    assert sweep["worst_bound_ratio"] == worst < 1


def test_interventions_at_the_first_and_the_last_layer():
    first = va.intervention_ratios(3, 3, 4, layer=1, kind="small", strength=1.0)
    last = va.intervention_ratios(3, 3, 4, layer=3, kind="small", strength=1.0)
    assert first.tolist() == pytest.approx([1.0] * 3) and last.tolist() == pytest.approx([1.0] * 3)
    assert va.intervention_ratios(3, 3, 4, layer=1, kind="saturate", strength=0.0).tolist() == pytest.approx([1.0] * 3)


def test_per_layer_factor_of_a_five_layer_network():
    sweep = {"norms": {5: torch.tensor([[0.001, 0.01, 0.1, 2.0, 5.0]], dtype=torch.float64)}}
    assert va.per_layer_factor(sweep, 5) == pytest.approx((0.001 / 2.0) ** (1 / 3), rel=1e-12)


def test_float32_networks_and_no_broadcasting_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a target of another shape than the output would broadcast, with a warning
        ratios = va.intervention_ratios(3, 3, 4, layer=2, kind="small", strength=1.0, dtype=torch.float32)
        sweep = va.depth_sweep([2], width=3, nets=1, batch=4, dtype=torch.float32)
    assert ratios.dtype == torch.float32 and ratios.tolist() == pytest.approx([1.0] * 3)
    assert sweep["norms"][2].dtype == torch.float32


def test_intervention_ratios_are_those_of_the_float64_draws_of_the_seed():
    """The network, the input and the target all drawn in float64 after seeding: gradients by autograd here."""
    got = va.intervention_ratios(3, 4, 5, layer=2, kind="small", strength=0.3)

    def weight_grad_norms(net, x, target):
        weights = [m.weight for m in va.linear_layers(net)]
        grads = torch.autograd.grad(((net(x) - target) ** 2).mean(), weights)
        return torch.stack([g.norm() for g in grads])

    torch.manual_seed(0)
    net = va.sigmoid_mlp(3, 4, 4)
    x, target = torch.randn(5, 4, dtype=torch.float64), torch.randn(5, 1, dtype=torch.float64)
    before = weight_grad_norms(net, x, target)
    with torch.no_grad():
        va.linear_layers(net)[1].weight.mul_(0.3)
    assert got.tolist() == pytest.approx((weight_grad_norms(net, x, target) / before).tolist(), rel=1e-12)


def test_first_over_last_marks_each_measured_depth():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    va.plot_first_over_last(ax, [2, 4, 8], torch.tensor([1.0, 0.1, 0.01]))
    line, = ax.get_lines()
    assert line.get_marker() == "o" and line.get_linestyle() == "-" and list(line.get_xdata()) == [2, 4, 8]
    plt.close(fig)
