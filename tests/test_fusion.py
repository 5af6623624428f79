"""Linear layers as convolutions (network in network) and batch-norm fusion (mfdnn.fusion)."""

import pytest
import torch
from torch import nn
from torch.nn.utils import fusion

from mfdnn.fusion import bn_course
from mfdnn.fusion import bn_fusion
from mfdnn.fusion import nin


def small_cnn():
    torch.manual_seed(0)
    return nin.course_cnn(channels=(4, 6, 8, 8, 8), hidden=16).double().eval()


def random_bn(bn):
    with torch.no_grad():
        bn.running_mean.uniform_(-2, 2)
        bn.running_var.uniform_(0.1, 3)
        if bn.affine:
            bn.weight.uniform_(0.5, 2)
            bn.bias.uniform_(-1, 1)
    return bn.eval()


def test_fully_convolutional_equals_cnn_on_32x32():
    cnn = small_cnn()
    fcn = nin.fully_convolutional(cnn)
    x = torch.randn(3, 3, 32, 32, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(fcn(x).flatten(1), cnn(x), rtol=0, atol=1e-12)


def test_fully_convolutional_slides_the_classifier():
    cnn = small_cnn()
    fcn = nin.fully_convolutional(cnn)
    x = torch.randn(1, 3, 35, 34, dtype=torch.float64)
    with torch.no_grad():
        dense = fcn(x)
    assert dense.shape == (1, 10, 4, 3)
    assert torch.allclose(dense, nin.windows_by_loop(cnn, x), atol=1e-12)
    assert torch.allclose(dense, nin.windows_batched(cnn, x), atol=1e-12)


@pytest.mark.parametrize("bias", [True, False])
def test_fuse_conv_bn(bias):
    conv = nn.Conv2d(3, 5, 3, padding=1, bias=bias).double().eval()
    bn = random_bn(nn.BatchNorm2d(5).double())
    x = torch.randn(2, 3, 7, 7, dtype=torch.float64)
    fused = bn_fusion.fuse_conv_bn(conv, bn)
    with torch.no_grad():
        assert torch.allclose(fused(x), bn(conv(x)), atol=1e-12)
        assert torch.allclose(fused.weight, fusion.fuse_conv_bn_eval(conv, bn).weight, atol=1e-15)


def test_fuse_linear_bn_without_affine():
    lin = nn.Linear(6, 4).double().eval()
    bn = random_bn(nn.BatchNorm1d(4, affine=False).double())
    x = torch.randn(5, 6, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(bn_fusion.fuse_linear_bn(lin, bn)(x), bn(lin(x)), atol=1e-12)


def test_fusion_refuses_train_mode_and_mismatches():
    with pytest.raises(ValueError, match="train mode"):
        bn_fusion.fuse_conv_bn(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2))
    with pytest.raises(ValueError, match="2 outputs but"):
        bn_fusion.fuse_conv_bn(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(3).eval())
    with pytest.raises(ValueError, match="track_running_stats"):
        bn_fusion.fuse_linear_bn(nn.Linear(2, 2), nn.BatchNorm1d(2, track_running_stats=False).eval())


def test_fused_course_network_agrees():
    torch.manual_seed(0)
    model = bn_course.course_bn_net(width=4, hidden=32, size=8).double()
    for m in model:
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            random_bn(m)
    model.eval()
    x = torch.randn(6, 3, 8, 8, dtype=torch.float64)
    gaps = bn_course.agreement(model, x)
    assert gaps["ours_vs_unfused"] < 1e-13 and gaps["torch_vs_unfused"] < 1e-13
    effects = bn_course.train_mode_effects(model, x)
    assert effects["train_vs_fused"] > 1e-3 and "train mode" in effects["refused"]


def test_agreement_table_has_one_floor_per_dtype():
    torch.manual_seed(0)
    model = bn_course.course_bn_net(width=4, hidden=32, size=8)
    for m in model:
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            random_bn(m)
    model.eval()
    rows, floors = bn_course.agreement_table(model, torch.randn(6, 3, 8, 8), (torch.float32, torch.float64))
    assert set(floors) == {"float32", "float64"} and len(rows) == 12
    assert all(len(r) == len(bn_course.AGREEMENT_HEADER) for r in rows)
    assert floors["float64"]["ours_vs_unfused"] < floors["float32"]["ours_vs_unfused"] < 1e-4


def test_fully_convolutional_agreement_and_timing_sweep():
    torch.manual_seed(0)
    cnn = nin.course_cnn(channels=(2, 2, 2, 2, 2), hidden=4).eval()
    fcn = nin.fully_convolutional(cnn)
    checks = nin.agreement(cnn, fcn, big=(35, 33))
    assert checks["big_shape"] == (4, 2) and checks["eq64"] < 1e-12 and checks["window_gap"] < 1e-12
    timing = nin.timing_sweep(cnn, fcn, [32, 33], repeats=1)
    assert [t["windows"] for t in timing] == [1, 4] and all(t["conv"] > 0 for t in timing)
    assert len(nin.timing_rows(timing)[0]) == len(nin.TIMING_HEADER)
