"""The course network with batch norm, synthetic images to train it on, and the fusion comparisons."""

import copy

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils import fusion

from ..benchmark import fastest_interleaved
from .bn_fusion import fuse_conv_bn, fuse_linear_bn, fuse_sequential


def course_bn_net(width: int = 16, hidden: int = 1024, classes: int = 10, size: int = 32) -> nn.Sequential:
    """The course's smallNetTrain: conv 3→16 + BN + ReLU, conv 16→16 + BN + ReLU (3 × 3, padding 1),
    linear 16·32·32 → 1024 + BN + ReLU, linear 1024 → 10 + ReLU.

    The final ReLU acts on the logits (both course solutions have it): every
    negative logit becomes 0.  It is unusual but does not touch the fusion.

    >>> type(course_bn_net(width=2, hidden=4, size=4)[-1]).__name__
    'ReLU'
    """
    return nn.Sequential(
        nn.Conv2d(3, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
        nn.Conv2d(width, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(width * size * size, hidden), nn.BatchNorm1d(hidden), nn.ReLU(),
        nn.Linear(hidden, classes), nn.ReLU(),
    )


def course_blocks(net: nn.Sequential) -> nn.ModuleDict:
    """The layers of :func:`course_bn_net` grouped under the course's names ``conv1, conv2, fc1, fc2``.

    Each block is (layer, batch norm, ReLU) as in the course's code, where
    ``model.conv1[0]`` is the convolution and ``model.conv1[1]`` its batch norm
    (``fc2`` is the last linear layer and its ReLU).

    >>> list(course_blocks(course_bn_net(width=2, hidden=4, size=4)))
    ['conv1', 'conv2', 'fc1', 'fc2']
    """
    return nn.ModuleDict({"conv1": net[0:3], "conv2": net[3:6], "fc1": net[7:10], "fc2": net[10:12]})


def synthetic_images(n: int, classes: int = 10, size: int = 32, seed: int = 0,
                     task_seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` RGB images: a smooth random template per class (4 × 4 noise upsampled) plus pixel noise.

    ``task_seed`` fixes the templates (the task), ``seed`` the samples: a test
    set is the same task with another ``seed``.  The offset and scale are far
    from 0 and 1, so the BN layers learn statistics far from their initial values.
    """
    templates = F.interpolate(torch.randn(classes, 3, 4, 4, generator=torch.Generator().manual_seed(task_seed)),
                              size=size, mode="bilinear", align_corners=False)
    gen = torch.Generator().manual_seed(seed + 1)
    labels = torch.randint(0, classes, (n,), generator=gen)
    images = 2.0 + 1.5 * templates[labels] + 0.7 * torch.randn(n, 3, size, size, generator=gen)
    return images, labels


def train_briefly(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, steps: int, batch: int = 64,
                  seed: int = 0) -> list[float]:
    """A few Adam steps on random batches (train mode, so BN's running statistics are updated); returns the losses."""
    gen = torch.Generator().manual_seed(seed)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    losses = []
    for _ in range(steps):
        pick = torch.randint(0, len(images), (batch,), generator=gen)
        loss = F.cross_entropy(model(images[pick]), labels[pick])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    model.eval()
    return losses


@torch.no_grad()
def output_differences(model: nn.Sequential, fused: nn.Sequential, images: torch.Tensor) -> dict[str, float]:
    """Statistics of ``model(images) − fused(images)`` (eval mode): the course printed one of them, which is unknown.

    ``mean_abs``, ``mean_square``, ``max_abs`` of the difference; ``max_relative``
    (``max_abs`` over the largest output); ``zero_share``, the share of outputs
    that the final ReLU sets to 0.
    """
    model.eval()
    y = model(images)
    gap = y - fused(images)
    return {"mean_abs": gap.abs().mean().item(), "mean_square": gap.pow(2).mean().item(),
            "max_abs": gap.abs().max().item(), "max_relative": (gap.abs().max() / y.abs().max()).item(),
            "zero_share": (y == 0).float().mean().item()}


def same_up_to_rounding(max_relative: float, dtype: torch.dtype = torch.float32, units: float = 100.0) -> bool:
    """Whether a largest difference relative to the largest output is rounding: below ``units`` machine epsilons.

    >>> same_up_to_rounding(1e-6), same_up_to_rounding(1e-3)
    (True, False)
    """
    return max_relative < units * torch.finfo(dtype).eps


def reference_fusion(model: nn.Sequential) -> nn.Sequential:
    """``model`` fused with PyTorch's reference functions ``torch.nn.utils.fusion.fuse_*_bn_eval``."""
    return fuse_sequential(model, fusion.fuse_conv_bn_eval, fusion.fuse_linear_bn_eval)


@torch.no_grad()
def agreement(model: nn.Sequential, images: torch.Tensor) -> dict[str, float]:
    """Relative output gaps ``max|a − b| / max|b|`` between unfused, our fused and PyTorch's fused model,
    and the largest relative gap between our fused weights and PyTorch's."""
    model = model.eval()
    ours, reference = fuse_sequential(model), reference_fusion(model)
    y = model(images)
    scale = y.abs().max()
    weight_gap = max(((a.weight - b.weight).abs().max() / b.weight.abs().max()).item()
                     for a, b in zip(ours, reference) if isinstance(a, (nn.Conv2d, nn.Linear)))
    return {
        "ours_vs_unfused": ((ours(images) - y).abs().max() / scale).item(),
        "torch_vs_unfused": ((reference(images) - y).abs().max() / scale).item(),
        "ours_vs_torch": ((ours(images) - reference(images)).abs().max() / scale).item(),
        "weights_ours_vs_torch": weight_gap,
        "eps": torch.finfo(images.dtype).eps,
    }


@torch.no_grad()
def single_layer_gaps(dtype: torch.dtype, seed: int = 0) -> dict[str, float]:
    """Relative gap of :func:`fuse_conv_bn` / :func:`fuse_linear_bn` to the unfused pair,
    on random layers and statistics."""
    torch.manual_seed(seed)
    conv, bn2 = nn.Conv2d(8, 16, 3, padding=1).to(dtype), nn.BatchNorm2d(16).to(dtype)
    lin, bn1 = nn.Linear(64, 32).to(dtype), nn.BatchNorm1d(32).to(dtype)
    for bn in (bn2, bn1):
        bn.running_mean.uniform_(-2, 2)
        bn.running_var.uniform_(0.1, 4)
        bn.weight.uniform_(0.5, 2)
        bn.bias.uniform_(-1, 1)
        bn.eval()
    x4, x2 = torch.randn(4, 8, 12, 12, dtype=dtype), torch.randn(16, 64, dtype=dtype)
    y4, y2 = bn2(conv(x4)), bn1(lin(x2))
    return {
        "conv": ((fuse_conv_bn(conv, bn2)(x4) - y4).abs().max() / y4.abs().max()).item(),
        "linear": ((fuse_linear_bn(lin, bn1)(x2) - y2).abs().max() / y2.abs().max()).item(),
    }


@torch.no_grad()
def train_mode_effects(model: nn.Sequential, images: torch.Tensor) -> dict:
    """What goes wrong outside eval mode, on a copy of ``model``.

    * the unfused model in train mode normalises by the batch's own
      statistics, so it no longer equals the fused (running-statistics) model;
    * that train-mode pass also moves the running statistics (momentum 0.1),
      so the model fused before it no longer matches the model in eval mode;
    * fusing a train-mode model is refused with a clear error.
    """
    model = copy.deepcopy(model).eval()
    fused = fuse_sequential(model)
    y_fused = fused(images)
    scale = y_fused.abs().max()
    model.train()
    y_train = model(images)
    try:
        fuse_sequential(model)
        refused = ""
    except ValueError as exc:
        refused = str(exc)
    model.eval()
    return {
        "train_vs_fused": ((y_train - y_fused).abs().max() / scale).item(),
        "eval_after_train_pass_vs_fused": ((model(images) - y_fused).abs().max() / scale).item(),
        "refused": refused,
    }


@torch.no_grad()
def fusion_timing(model: nn.Sequential, images: torch.Tensor, repeats: int, sync=lambda: None,
                  threads: int | None = None) -> dict[str, float]:
    """Fastest eval forward time of the unfused and the fused model, and of the unfused model's batch-norms alone.

    The batch-norm time is measured on the inputs each batch-norm receives in
    the unfused forward pass (captured by hooks): it is what fusion can save.
    """
    model = model.eval()
    fused = fuse_sequential(model)
    inputs = {}
    hooks = [m.register_forward_pre_hook(lambda m, args: inputs.__setitem__(m, args[0]))
             for m in model if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    model(images)
    for h in hooks:
        h.remove()
    return fastest_interleaved({
        "unfused": lambda: model(images),
        "fused": lambda: fused(images),
        "batch_norms": lambda: [m(x) for m, x in inputs.items()],
    }, repeats, sync, threads)


AGREEMENT_HEADER = ["dtype", "model", "comparison", "max |Δ| / max |y|", "in units of eps"]


def agreement_table(model: nn.Sequential, images: torch.Tensor, dtypes) -> tuple[list[list], dict[str, dict]]:
    """Rows (columns :data:`AGREEMENT_HEADER`) of the fusion error floors per dtype, and :func:`agreement` per dtype.

    For each dtype: one fused conv and one fused linear layer (:func:`single_layer_gaps`),
    then ``model`` fused ours, fused by ``torch.nn.utils.fusion`` and unfused, compared
    pairwise on ``images``, and the two fused weight sets compared with each other.
    """
    rows, floors = [], {}
    for dtype in dtypes:
        layer = single_layer_gaps(dtype)
        gaps = agreement(copy.deepcopy(model).to(dtype), images.to(dtype))
        eps = gaps["eps"]
        name = str(dtype).replace("torch.", "")
        floors[name] = gaps
        rows += [[name, "one conv + BN2d", "ours vs unfused", f"{layer['conv']:.1e}", f"{layer['conv'] / eps:.1f}"],
                 [name, "one linear + BN1d", "ours vs unfused", f"{layer['linear']:.1e}",
                  f"{layer['linear'] / eps:.1f}"]]
        for key, what in (("ours_vs_unfused", "ours vs unfused"),
                          ("torch_vs_unfused", "torch.nn.utils.fusion vs unfused"),
                          ("ours_vs_torch", "ours vs torch.nn.utils.fusion")):
            rows.append([name, "course network", what, f"{gaps[key]:.1e}", f"{gaps[key] / eps:.1f}"])
        rows.append([name, "course network", "fused weights, ours vs torch", f"{gaps['weights_ours_vs_torch']:.1e}",
                     f"{gaps['weights_ours_vs_torch'] / eps:.1f}"])
    return rows, floors
