"""Inception-style blocks without and with 1×1 reductions ("Model I" and "Model II").

The course's widths (hw5 2021, problem 5): Model I runs a 1×1 convolution to
124 channels, a 3×3 to 192 and a 5×5 to 96 side by side on a 256-channel
input; Model II puts a 1×1 reduction to 64 channels before the 3×3 and the 5×5
and a third one after the pooling branch.  The extension uses the widths of
GoogLeNet's inception (3b) (Szegedy et al. 2015, Table 1).  Every convolution
keeps the side (same padding) and is followed by a ReLU; the branch outputs are
concatenated.  Both models carry the 3×3 max-pool branch of the inception
figure; it has no parameters and no multiply-adds.
"""

import torch
from torch import nn


def conv_relu(c_in: int, c_out: int, k: int) -> nn.Sequential:
    """A k×k convolution with same padding, then a ReLU."""
    return nn.Sequential(nn.Conv2d(c_in, c_out, k, padding=k // 2), nn.ReLU())


class Concat(nn.Module):
    """Run every branch on the same input and concatenate along the channels."""

    def __init__(self, *branches: nn.Module):
        super().__init__()
        self.branches = nn.ModuleList(branches)

    def forward(self, x):
        return torch.cat([branch(x) for branch in self.branches], dim=1)


def _pool() -> nn.MaxPool2d:
    return nn.MaxPool2d(3, stride=1, padding=1)


def naive_block(c_in: int, one: int, three: int, five: int) -> Concat:
    """Model I: 1×1 → ``one``, 3×3 → ``three``, 5×5 → ``five``, and a 3×3 max pool passing the input through."""
    return Concat(conv_relu(c_in, one, 1), conv_relu(c_in, three, 3), conv_relu(c_in, five, 5), _pool())


def reduced_block(c_in: int, one: int, reduce3: int, three: int, reduce5: int, five: int, pool_proj: int) -> Concat:
    """Model II: 1×1 → ``one``; 1×1 → ``reduce3`` then 3×3 → ``three``; 1×1 → ``reduce5`` then 5×5 → ``five``;
    max pool then 1×1 → ``pool_proj``."""
    return Concat(
        conv_relu(c_in, one, 1),
        nn.Sequential(conv_relu(c_in, reduce3, 1), conv_relu(reduce3, three, 3)),
        nn.Sequential(conv_relu(c_in, reduce5, 1), conv_relu(reduce5, five, 5)),
        nn.Sequential(_pool(), conv_relu(c_in, pool_proj, 1)),
    )


def model_i(c_in: int = 256) -> Concat:
    """The course's Model I: 1×1 → 124, 3×3 → 192, 5×5 → 96 (and the pool branch)."""
    return naive_block(c_in, 124, 192, 96)


def model_ii(c_in: int = 256) -> Concat:
    """The course's Model II: 1×1 → 124; 1×1 → 64 then 3×3 → 192; 1×1 → 64 then 5×5 → 96; pool then 1×1 → 64."""
    return reduced_block(c_in, 124, 64, 192, 64, 96, 64)


def inception_3b_i(c_in: int = 256) -> Concat:
    """Extension, GoogLeNet's naive block at (3b) widths: 1×1 → 128, 3×3 → 192, 5×5 → 96 (and the pool)."""
    return naive_block(c_in, 128, 192, 96)


def inception_3b_ii(c_in: int = 256) -> Concat:
    """Extension, inception (3b): 1×1 → 128; 1×1 → 128 then 3×3 → 192; 1×1 → 32 then 5×5 → 96; pool, 1×1 → 64."""
    return reduced_block(c_in, 128, 128, 192, 32, 96, 64)


def conv_layers(block: nn.Module) -> list[tuple[str, tuple[int, int, int]]]:
    """Each convolution-with-ReLU of ``block``, in module order: its name and ``(C_in, C_out, k)``.

    >>> [spec for _, spec in conv_layers(model_ii())]
    [(256, 124, 1), (256, 64, 1), (64, 192, 3), (256, 64, 1), (64, 96, 5), (256, 64, 1)]
    """
    layers = []
    for name, module in block.named_modules():
        if isinstance(module, nn.Sequential) and len(module) == 2 and isinstance(module[0], nn.Conv2d):
            conv = module[0]
            layers.append((name, (conv.in_channels, conv.out_channels, conv.kernel_size[0])))
    return layers
