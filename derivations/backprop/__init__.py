"""Backpropagation: the claims of the chapter of that name, ``backprop.*``.

Two parts, one file each: the Jacobians and weight gradients of an MLP
(:mod:`.mlp`, claims ``backprop.mlp_*``) and backpropagation through 1-D
convolutions (:mod:`.conv1d`, claims ``backprop.conv1d_*``).
"""

from . import conv1d, mlp

__all__ = ["conv1d", "mlp"]
