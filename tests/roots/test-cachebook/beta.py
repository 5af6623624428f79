"""The module that page two imports; it imports gamma in turn."""

from gamma import LIMIT

VALUE = 2 * LIMIT
