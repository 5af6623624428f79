"""Linear layers as convolutions and batch-norm fusion, for the chapter of that name.

:func:`fuse_conv_bn` and :func:`fuse_linear_bn` fold an eval-mode batch norm into the layer
before it (:mod:`.bn_fusion`); :mod:`.bn_course` runs them on the course's network;
:mod:`.nin` turns the course CNN's linear layers into convolutions (network in network).
"""

from . import bn_course, bn_fusion, nin
from .bn_fusion import fuse_conv_bn, fuse_linear_bn, fuse_sequential

__all__ = ["bn_course", "bn_fusion", "fuse_conv_bn", "fuse_linear_bn", "fuse_sequential", "nin"]
