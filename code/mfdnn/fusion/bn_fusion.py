"""Fold eval-mode batch norm into the layer before it (claims ``bnfuse.*``).

In eval mode, BN of channel ``o`` is the affine map ``t ↦ γ (t − μ)/√(σ² + ε) + β``
with the running statistics ``μ, σ²``.  After ``t = (W x)_o + b_o`` it is again
affine in ``x``: scale row (output channel) ``o`` of ``W`` by ``γ/√(σ² + ε)`` and
replace the bias by ``γ (b − μ)/√(σ² + ε) + β``.
"""

import copy

import torch
from torch import nn


def _bn_affine(bn: nn.modules.batchnorm._BatchNorm) -> tuple[torch.Tensor, torch.Tensor]:
    """The per-channel ``(scale, shift)`` of an eval-mode batch norm: ``BN(t) = scale · t + shift``."""
    if bn.training:
        raise ValueError(f"{bn} is in train mode, where it normalises by batch statistics; call model.eval() "
                         "before fusing")
    if bn.running_mean is None:
        raise ValueError(f"{bn} has track_running_stats=False: it has no fixed statistics to fold in")
    scale = torch.rsqrt(bn.running_var + bn.eps)
    if bn.weight is not None:                      # affine=False means γ = 1, β = 0
        scale = scale * bn.weight
    shift = -bn.running_mean * scale
    if bn.bias is not None:
        shift = shift + bn.bias
    return scale, shift


@torch.no_grad()
def _fuse(layer: nn.Module, bn: nn.modules.batchnorm._BatchNorm) -> nn.Module:
    if layer.weight.shape[0] != bn.num_features:
        raise ValueError(f"{layer} has {layer.weight.shape[0]} outputs but {bn} normalises {bn.num_features}")
    scale, shift = _bn_affine(bn)
    fused = copy.deepcopy(layer)
    bias = layer.bias if layer.bias is not None else torch.zeros_like(scale)
    fused.weight.copy_(layer.weight * scale.view(-1, *([1] * (layer.weight.dim() - 1))))
    fused.bias = nn.Parameter(bias * scale + shift)
    return fused


def fuse_conv_bn(conv: nn.Conv2d, bn: nn.BatchNorm2d) -> nn.Conv2d:
    """A Conv2d equal to ``bn(conv(x))`` for an eval-mode ``bn``: weight ``W γ/√(σ²+ε)`` per output channel.

    >>> _ = torch.manual_seed(0)
    >>> conv, bn = nn.Conv2d(2, 3, 3), nn.BatchNorm2d(3)
    >>> _ = bn.running_mean.uniform_(-1, 1), bn.running_var.uniform_(0.5, 2), bn.eval()
    >>> x = torch.randn(1, 2, 5, 5)
    >>> torch.allclose(fuse_conv_bn(conv, bn)(x), bn(conv(x)), atol=1e-6)
    True

    A train-mode batch norm normalises by the batch, which no fixed layer can do:

    >>> fuse_conv_bn(conv, bn.train())
    Traceback (most recent call last):
    ...
    ValueError: BatchNorm2d(3, ...) is in train mode, where it normalises by batch statistics;
    call model.eval() before fusing
    """
    return _fuse(conv, bn)


def fuse_linear_bn(linear: nn.Linear, bn: nn.BatchNorm1d) -> nn.Linear:
    """A Linear equal to ``bn(linear(x))`` for an eval-mode ``bn``: row ``o`` of the weight scaled by ``γ_o/√(σ_o²+ε)``.

    >>> bn = nn.BatchNorm1d(2).eval()
    >>> _ = bn.running_var.fill_(4.0)   # σ² = 4: the fused weights are the originals halved (ε aside)
    >>> linear = nn.Linear(3, 2)
    >>> torch.allclose(fuse_linear_bn(linear, bn).weight, linear.weight / 2, rtol=1e-4)
    True
    """
    return _fuse(linear, bn)


def fuse_sequential(model: nn.Sequential, conv_bn=fuse_conv_bn, linear_bn=fuse_linear_bn) -> nn.Sequential:
    """A copy of ``model`` with every (Conv2d, BatchNorm2d) and (Linear, BatchNorm1d) pair fused.

    ``conv_bn`` and ``linear_bn`` do the fusing: ours by default, or PyTorch's
    ``torch.nn.utils.fusion.fuse_*_bn_eval`` to compare with.

    >>> model = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Flatten(),
    ...                       nn.Linear(8, 4), nn.BatchNorm1d(4)).eval()
    >>> fuse_sequential(model)
    Sequential(
      (0): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))
      (1): ReLU()
      (2): Flatten(start_dim=1, end_dim=-1)
      (3): Linear(in_features=8, out_features=4, bias=True)
    )
    >>> x = torch.randn(2, 1, 4, 4)
    >>> torch.allclose(fuse_sequential(model)(x), model(x), atol=1e-6)
    True
    """
    if model.training:
        raise ValueError("the model is in train mode; call model.eval() before fusing")
    pairs = {(nn.Conv2d, nn.BatchNorm2d): conv_bn, (nn.Linear, nn.BatchNorm1d): linear_bn}
    layers, modules, k = [], list(model), 0
    while k < len(modules):
        after = modules[k + 1] if k + 1 < len(modules) else None
        fuse = next((f for (kind, norm), f in pairs.items()
                     if isinstance(modules[k], kind) and isinstance(after, norm)), None)
        if fuse is None:
            layers.append(copy.deepcopy(modules[k]))
            k += 1
        else:
            layers.append(fuse(modules[k], after))
            k += 2
    return nn.Sequential(*layers).eval()
