"""Convolutions, for the chapter of that name: classical filters (:mod:`.filters`), max-pooling and
activations (:mod:`.pooling`), receptive fields (:mod:`.receptive_field`)."""

from . import filters, pooling, receptive_field

__all__ = ["filters", "pooling", "receptive_field"]
