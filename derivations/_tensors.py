"""Symbolic tensors for the convolution claims: images of SymPy symbols, a
reference convolution written from its definition, and an entrywise pairing.

A statement "two tensors are equal in every entry" is checked as one scalar
identity: with a tensor ``U`` of fresh symbols,

    ⟨U, A⟩ = Σₑ Uₑ Aₑ  =  Σₑ Uₑ Bₑ = ⟨U, B⟩

is a polynomial identity in the entries of ``U`` exactly when ``Aₑ = Bₑ`` for
every entry ``e``.  :class:`Pairing` shows ``⟨U, name⟩`` on the page and expands
to the sum when the checker calls ``doit()``, so the checker needs no
knowledge of tensors.
"""

import itertools

import numpy as np
import sympy as sp


def symbolic_tensor(name: str, *shape: int) -> np.ndarray:
    """An object array of plain symbols ``name_{a,b,...}`` (no assumptions: arbitrary values)."""
    out = np.empty(shape, dtype=object)
    for index in itertools.product(*(range(n) for n in shape)):
        out[index] = sp.Symbol(f"{name}_{{{','.join(map(str, index))}}}")
    return out


def conv2d(x: np.ndarray, weight: np.ndarray, bias=None, stride: int = 1, padding: int = 0,
           dilation: int = 1, groups: int = 1) -> np.ndarray:
    """Cross-correlation as PyTorch's ``Conv2d`` defines it, on object arrays, entry by entry.

    ``x`` is ``C × H × W``; ``weight`` is ``O × (C/groups) × kh × kw``.  Out-of-range
    input entries are 0 (zero padding).  Output channel ``o`` reads the input
    channels of its group, ``g = o // (O/groups)``.
    """
    channels, height, width = x.shape
    out_channels, per_group, kh, kw = weight.shape
    if channels != per_group * groups or out_channels % groups:
        raise ValueError(f"weight {weight.shape} does not fit {channels} input channels with groups={groups}")
    out_h = (height + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    out_w = (width + 2 * padding - dilation * (kw - 1) - 1) // stride + 1

    def pixel(c, i, j):
        return x[c, i, j] if 0 <= i < height and 0 <= j < width else 0

    y = np.empty((out_channels, out_h, out_w), dtype=object)
    for o, i, j in itertools.product(range(out_channels), range(out_h), range(out_w)):
        g = o // (out_channels // groups)
        y[o, i, j] = sp.Add(*(
            weight[o, c, a, b] * pixel(g * per_group + c, i * stride - padding + a * dilation,
                                       j * stride - padding + b * dilation)
            for c in range(per_group) for a in range(kh) for b in range(kw)
        )) + (0 if bias is None else bias[o])
    return y


def as_array(values) -> sp.ImmutableDenseNDimArray:
    """A SymPy array (a ``Basic``, so it can be an argument of an expression)."""
    return sp.ImmutableDenseNDimArray(np.asarray(values, dtype=object).tolist())


class Pairing(sp.Expr):
    """``⟨U, T⟩ = Σₑ Uₑ Tₑ``, shown as ``⟨U, name⟩``; ``doit()`` expands the sum.

    Arguments: the display symbols of ``U`` and ``T``, then their arrays.
    """

    def __new__(cls, test_name, test, tensor_name, tensor):
        return sp.Expr.__new__(cls, sp.Symbol(test_name), as_array(test), sp.Symbol(tensor_name), as_array(tensor))

    def doit(self, **hints):
        _, test, _, tensor = self.args
        if test.shape != tensor.shape:
            raise ValueError(f"pairing of shapes {test.shape} and {tensor.shape}")
        return sp.Add(*(u * t for u, t in zip(sp.flatten(test), sp.flatten(tensor))))

    def _latex(self, printer):
        return rf"\left\langle {self.args[0].name},\ {self.args[2].name} \right\rangle"


def entrywise(tensor_a_name: str, a, tensor_b_name: str, b, test_name: str = "U") -> sp.Eq:
    """The relation ``⟨U, A⟩ = ⟨U, B⟩`` with ``U`` a tensor of fresh symbols the shape of ``A``."""
    test = symbolic_tensor(test_name, *np.shape(a))
    return sp.Eq(Pairing(test_name, test, tensor_a_name, a), Pairing(test_name, test, tensor_b_name, b),
                 evaluate=False)


def matrix_tex(block) -> str:
    """LaTeX of a 2-D block of a weight (for the hypotheses shown next to a claim)."""
    return sp.latex(sp.Matrix(np.asarray(block, dtype=object).tolist()))
