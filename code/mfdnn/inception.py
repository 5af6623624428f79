"""Inception-style blocks with and without 1×1 reductions ("Model I" and "Model II").

Branch widths are those of GoogLeNet's inception (3b) (Szegedy et al. 2015,
Table 1), whose input has 256 channels.  Every convolution keeps the side
(same padding) and is followed by a ReLU; the branch outputs are concatenated.
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


def model_i(c_in: int = 256) -> Concat:
    """Naive block: 1×1 → 128, 3×3 → 192, 5×5 → 96, and a 3×3 max pool passing the input through."""
    return Concat(conv_relu(c_in, 128, 1), conv_relu(c_in, 192, 3), conv_relu(c_in, 96, 5),
                  nn.MaxPool2d(3, stride=1, padding=1))


def model_ii(c_in: int = 256) -> Concat:
    """With reductions: 1×1 → 128; 1×1 → 128 then 3×3 → 192; 1×1 → 32 then 5×5 → 96; pool then 1×1 → 64."""
    return Concat(
        conv_relu(c_in, 128, 1),
        nn.Sequential(conv_relu(c_in, 128, 1), conv_relu(128, 192, 3)),
        nn.Sequential(conv_relu(c_in, 32, 1), conv_relu(32, 96, 5)),
        nn.Sequential(nn.MaxPool2d(3, stride=1, padding=1), conv_relu(c_in, 64, 1)),
    )
