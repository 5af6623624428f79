"""1-D convolution backprop: matrix-free equals autograd and the dense A_w; claims at other sizes."""

import random

import pytest
import torch

from derivations.backprop import conv1d as dc
import claimcheck
from mfdnn.backprop import conv1d as c


def test_conv_and_transpose_are_the_matrix_and_its_transpose():
    gen = torch.Generator().manual_seed(0)
    for n in range(1, 8):
        for f in range(1, n + 1):
            w = torch.randn(f, dtype=torch.float64, generator=gen)
            v = torch.randn(3, n, dtype=torch.float64, generator=gen)
            u = torch.randn(3, n - f + 1, dtype=torch.float64, generator=gen)
            A = c.conv_matrix(w, n)
            assert A.shape == (n - f + 1, n)
            torch.testing.assert_close(c.conv(v, w), v @ A.T, rtol=0, atol=1e-13)
            torch.testing.assert_close(c.conv_transpose(u, w), u @ A, rtol=0, atol=1e-13)


@pytest.mark.parametrize("seed", range(12))
def test_matrix_free_backprop_equals_autograd_float64(seed):
    rng = random.Random(seed)
    filters = [rng.randint(1, 5) for _ in range(rng.randint(1, 5))]
    n = sum(f - 1 for f in filters) + rng.randint(1, 12)
    gen = torch.Generator().manual_seed(seed)
    net = c.random_convnet(filters, activation=rng.choice(["sigmoid", "tanh"]), generator=gen)
    x = torch.randn(rng.randint(1, 4), n, dtype=torch.float64, generator=gen)
    _, dw, db = c.half_squared_norm_grads(net, x)
    _, dw_a, db_a = c.autograd_grads(net, x)
    assert c.max_gap(dw + db, dw_a + db_a) < 1e-12
    _, dw_d, db_d = c.backward_dense(net, x)
    assert c.max_gap(dw_d + db_d, dw_a + db_a) < 1e-12


def test_filter_gradient_is_a_correlation_not_the_transposed_product():
    """Erratum (HW7 P4(a), typed solution): ∂y_L/∂w_ℓ is C_{v_ℓ} y_{ℓ−1} (length f_ℓ), not C_{v_ℓ}ᵀ y_{ℓ−1}.

    For every hidden layer the course's C_vᵀ y has length n_{ℓ−1} + n_ℓ − 1 ≠ f_ℓ
    and its first f_ℓ entries are not the gradient; the correlation equals
    autograd.  At ℓ = L (n_L = 1, v_L = 1) the two readings coincide.
    """
    net, x = c.scalar_output_example()
    sizes = net.sizes(x.shape[1])
    for layer in range(1, net.depth + 1):
        r = c.filter_gradient_readings(net, x, layer)
        torch.testing.assert_close(r["correlation"], r["autograd"], rtol=1e-12, atol=0)
        assert r["transposed"].numel() == sizes[layer - 1] + sizes[layer] - 1
        if layer < net.depth:
            assert r["transposed"].numel() != r["f"]
            assert (r["transposed"][:r["f"]] - r["autograd"]).abs().max() > 1e-3
        else:
            torch.testing.assert_close(r["transposed"], r["autograd"], rtol=1e-12, atol=0)


def test_sigma_prime_at_the_output_layer_is_wrong():
    """Erratum (HW7 P4(a), typed solution): the factor diag(σ'(…)) does not belong to ℓ = L (v_L = 1)."""
    net, x = c.scalar_output_example()
    y_out, ys, zs = c.forward(net, x)
    right = c.backward(net, ys, zs, torch.ones_like(y_out))
    wrong = c.backward(net, ys, zs, torch.ones_like(y_out), sigma_at_output=True)
    _, dw_a, db_a = c.autograd_grads(net, x, loss=torch.sum)
    assert c.max_gap(right[0] + right[1], dw_a + db_a) < 1e-12
    assert c.max_gap(wrong[0] + wrong[1], dw_a + db_a) > 1e-2


def test_readings_reject_bad_input():
    net, x = c.scalar_output_example()
    with pytest.raises(ValueError, match="layer must be in 1..3"):
        c.filter_gradient_readings(net, x, 4)
    with pytest.raises(ValueError, match="one input"):
        c.filter_gradient_readings(net, x.repeat(2, 1), 1)
    with pytest.raises(ValueError, match="scalar output"):
        c.filter_gradient_readings(net, torch.zeros(1, 13, dtype=torch.float64), 1)


def test_timing_rows_compare_equal_computations():
    rows = c.timing_sweep([16, 32], [3, 3], batch=2, repeats=1)
    assert [r["n"] for r in rows] == [16, 32]
    assert all(r["gap"] < 1e-12 and r["matrix_free_s"] > 0 and r["dense_s"] > 0 for r in rows)


def test_filter_longer_than_input_is_a_clear_error():
    net = c.random_convnet([3, 4])
    with pytest.raises(ValueError, match="layer 2: filter of size 4 is longer than its input of size 3"):
        c.forward(net, torch.zeros(1, 5, dtype=torch.float64))
    with pytest.raises(ValueError, match="batch × n_0"):
        c.forward(net, torch.zeros(5, dtype=torch.float64))


@pytest.mark.parametrize("n", range(1, 8))
def test_transpose_claim_at_every_size(n):
    """The claim's builder at every 1 ≤ f ≤ n ≤ 7: holds, and the unflipped filter fails when f ≥ 2."""
    for f in range(1, n + 1):
        statement, where = dc.transpose_statement(n, f)
        assert all(claimcheck.check_relation(rel, where=where).holds for rel in statement), (n, f)
        if f >= 2:
            wrong = dc.transpose_statement(n, f, dc.full_convolution(n, f, filt=dc.FlippedFilter(f)))[0]
            assert not all(claimcheck.check_relation(rel, where=where).holds for rel in wrong), (n, f)
