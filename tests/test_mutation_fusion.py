"""mfdnn.fusion: the course network's blocks, the reference fusion, the agreement table's rows, NiN's helpers."""

import torch
from torch import nn
from torch.nn.utils import fusion

from mfdnn.fusion import bn_course, nin


def _random_bn_net():
    torch.manual_seed(1)
    model = bn_course.course_bn_net(width=2, hidden=6, size=4)
    for m in model:
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-1, 1)
            m.running_var.uniform_(0.5, 2)
    return model.eval()


def test_course_blocks_are_layer_norm_relu_and_the_last_layer():
    blocks = bn_course.course_blocks(bn_course.course_bn_net(width=2, hidden=4, size=4))
    kinds = {name: [type(m).__name__ for m in block] for name, block in blocks.items()}
    assert kinds == {"conv1": ["Conv2d", "BatchNorm2d", "ReLU"], "conv2": ["Conv2d", "BatchNorm2d", "ReLU"],
                     "fc1": ["Linear", "BatchNorm1d", "ReLU"], "fc2": ["Linear", "ReLU"]}
    assert (blocks["fc1"][0].in_features, blocks["fc2"][0].out_features) == (2 * 4 * 4, 10)


def test_reference_fusion_is_torchs_for_both_kinds_of_layer():
    model = _random_bn_net()
    reference = bn_course.reference_fusion(model)
    conv = fusion.fuse_conv_bn_eval(model[0], model[1])
    linear = fusion.fuse_linear_bn_eval(model[7], model[8])
    fused = [m for m in reference if isinstance(m, (nn.Conv2d, nn.Linear))]
    assert torch.equal(fused[0].weight, conv.weight) and torch.equal(fused[0].bias, conv.bias)
    assert torch.equal(fused[2].weight, linear.weight) and torch.equal(fused[2].bias, linear.bias)


def test_agreement_table_rows_say_what_was_compared_and_in_units_of_eps():
    model = _random_bn_net()
    images = torch.randn(3, 3, 4, 4, generator=torch.Generator().manual_seed(0))
    rows, floors = bn_course.agreement_table(model, images, (torch.float64,))
    assert [r[:3] for r in rows] == [
        ["float64", "one conv + BN2d", "ours vs unfused"], ["float64", "one linear + BN1d", "ours vs unfused"],
        ["float64", "course network", "ours vs unfused"],
        ["float64", "course network", "torch.nn.utils.fusion vs unfused"],
        ["float64", "course network", "ours vs torch.nn.utils.fusion"],
        ["float64", "course network", "fused weights, ours vs torch"]]
    gaps, eps = floors["float64"], torch.finfo(torch.float64).eps
    layer = bn_course.single_layer_gaps(torch.float64)
    values = [layer["conv"], layer["linear"], gaps["ours_vs_unfused"], gaps["torch_vs_unfused"],
              gaps["ours_vs_torch"], gaps["weights_ours_vs_torch"]]
    assert [r[3:] for r in rows] == [[f"{v:.1e}", f"{v / eps:.1f}"] for v in values]
    assert gaps["eps"] == eps


def test_synthetic_images_are_offset_scaled_templates_with_noise():
    images, labels = bn_course.synthetic_images(600, classes=3, size=8, seed=1, task_seed=2)
    assert images.shape == (600, 3, 8, 8) and labels.shape == (600,) and set(labels.tolist()) == {0, 1, 2}
    other, other_labels = bn_course.synthetic_images(600, classes=3, size=8, seed=5, task_seed=2)
    for c in range(3):  # the same task: the same class means, from other samples
        assert torch.allclose(images[labels == c].mean(0), other[other_labels == c].mean(0), atol=0.25)
    assert abs(images.mean().item() - 2.0) < 0.5  # offset far from 0
    noise = images[labels == 0] - images[labels == 0].mean(0)
    assert abs(noise.std().item() - 0.7) < 0.05
    new_task, _ = bn_course.synthetic_images(600, classes=3, size=8, seed=1, task_seed=3)
    assert (new_task - images).abs().mean() > 0.5


def test_nin_stand_ins_and_timing_rows():
    images = nin.stand_in_images(2, 5, 6)
    assert images.shape == (2, 3, 5, 6) and 0 <= images.min() and images.max() < 1
    assert torch.equal(images, nin.stand_in_images(2, 5, 6, seed=0))
    assert nin.stand_in_images(1).shape == (1, 3, 32, 32)
    rows = nin.timing_rows([{"size": 40, "windows": 81, "conv": 0.1, "batched": 0.25, "loop": 2.0}])
    assert rows == [["40×40", 81, "100.0", "250.0", "2000", "20.0×", "2.5×"]]


def test_course_cnn_shapes_and_feature_size():
    cnn = nin.course_cnn(channels=(2, 3), kernels=(3, 5), hidden=4, classes=7, input_size=10)
    assert [type(m).__name__ for m in cnn] == ["Conv2d", "ReLU", "Conv2d", "Flatten", "Linear", "ReLU",
                                              "Linear", "ReLU", "Linear"]
    assert nin.feature_size(cnn, 10) == 10 - 2 - 4 and cnn[4].in_features == 3 * 4 * 4
    assert cnn(torch.zeros(1, 3, 10, 10)).shape == (1, 7)
    assert nin.feature_size(nin.course_cnn(hidden=4)) == 18


def test_agreement_table_leaves_the_callers_model_alone_and_counts_in_eps(monkeypatch):
    model = _random_bn_net()
    images = torch.randn(2, 3, 4, 4, generator=torch.Generator().manual_seed(0))
    real = bn_course.agreement

    def with_a_weight_gap(*args):  # fused weights 3 eps apart (ours and torch's agree exactly here)
        gaps = real(*args)
        return dict(gaps, weights_ours_vs_torch=3 * gaps["eps"])

    monkeypatch.setattr(bn_course, "agreement", with_a_weight_gap)
    monkeypatch.setattr(bn_course, "single_layer_gaps", lambda dtype: {"conv": 0.0, "linear": 0.0})
    rows, _ = bn_course.agreement_table(model, images, (torch.float64,))
    assert rows[-1][2:] == ["fused weights, ours vs torch", f"{3 * torch.finfo(torch.float64).eps:.1e}", "3.0"]
    assert all(p.dtype == torch.float32 for p in model.parameters())  # converted a copy, not the caller's model


def test_course_bn_net_has_the_courses_sizes_by_default():
    with torch.device("meta"):  # 16·32·32 → 1024 is 16 M weights: shapes only
        net = bn_course.course_bn_net()
    assert (net[0].out_channels, net[3].out_channels) == (16, 16)
    assert (net[7].in_features, net[7].out_features, net[10].in_features) == (16 * 32 * 32, 1024, 1024)
    assert net[10].out_features == 10


def test_rounding_bounds_are_strictly_below_100_eps():
    eps = torch.finfo(torch.float32).eps
    assert bn_course.same_up_to_rounding(99 * eps) and not bn_course.same_up_to_rounding(100 * eps)
    assert nin.equal_up_to_rounding((99 * eps) ** 2) and not nin.equal_up_to_rounding((100 * eps) ** 2)


def test_synthetic_images_and_brief_training_depend_on_their_seeds_only():
    torch.manual_seed(1)
    images, labels = bn_course.synthetic_images(4)
    torch.manual_seed(2)
    again, again_labels = bn_course.synthetic_images(4)
    assert images.shape == (4, 3, 32, 32)
    assert torch.equal(images, again) and torch.equal(labels, again_labels)

    def run(global_seed):
        torch.manual_seed(0)
        model = nn.Sequential(nn.Flatten(), nn.Linear(3 * 2 * 2, 10))
        torch.manual_seed(global_seed)
        return bn_course.train_briefly(model, torch.randn(3, 3, 2, 2, generator=torch.Generator().manual_seed(0)),
                                       torch.tensor([0, 1, 2]), steps=2, batch=2)

    losses = run(1)
    assert losses == run(2) and all(isinstance(v, float) for v in losses)
    one = bn_course.train_briefly(nn.Sequential(nn.Flatten(), nn.Linear(12, 10)), torch.ones(1, 3, 2, 2),
                                  torch.tensor([3]), steps=1)  # a single image is a valid (if small) data set
    assert len(one) == 1


def test_fuse_sequential_copies_the_unfused_layers_and_refuses_train_mode():
    from mfdnn.fusion.bn_fusion import fuse_sequential

    model = nn.Sequential(nn.Linear(2, 2)).eval()
    before = model[0].weight.clone()
    fused = fuse_sequential(model)
    with torch.no_grad():
        fused[0].weight.add_(1.0)
    assert torch.equal(model[0].weight, before)
    try:
        fuse_sequential(model.train())
    except ValueError as exc:
        assert str(exc) == "the model is in train mode; call model.eval() before fusing"
    else:
        raise AssertionError("a train-mode model was fused")
