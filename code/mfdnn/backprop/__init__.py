"""Backpropagation by hand, for the chapter of that name: an MLP (:mod:`.mlp`) and 1-D convolutions (:mod:`.conv1d`)."""

from . import conv1d, mlp

__all__ = ["conv1d", "mlp"]
