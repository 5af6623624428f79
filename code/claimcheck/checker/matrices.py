"""A normal form for matrix expressions of symbolic shape: traces and determinants opened by their rules.

SymPy's ``expand`` multiplies out ``MatMul`` and ``MatAdd`` but leaves
``Trace(A + B)`` and ``Determinant(AB)`` closed, so an identity between traces
or determinants of ``n × n`` matrices does not reach 0.  :func:`open_traces_and_determinants`
applies, everywhere in an expression, the rules that the book states and
checks at concrete sizes as claims of their own (``rules.*`` in
``derivations``): the trace is linear, ``tr(AB) = tr(BA)`` and
``tr(Aᵀ) = tr(A)`` (each trace of a product is rotated, and read backwards
transposed, to one canonical order); the determinant is multiplicative,
``det(cA) = cⁿ det A``, ``det Aᵀ = det A`` and ``det A⁻¹ = 1/det A``.
A claim whose check reaches 0 only by this normal form lists those rules in
``uses``.

Each rotation of a trace is recorded as an application of the cyclic rule,
``tr(AB) = tr(BA)`` (:data:`TRACE_CYCLIC`, the pattern of the book's claim
:data:`TRACE_CYCLIC_RULE`), with what stands for ``A`` and ``B``, and checked
to be an instance of it (:mod:`.applications`); a rotation that is not one is
not made, so the trace stays closed.  So is each opening of a determinant of a
product, a scaled matrix or a transpose (:data:`DET_MULTIPLICATIVE`, the
pattern of :data:`DET_RULE`).  :func:`recorded_rotations` collects them for
the verdict's detail.  The trace's linearity and transposition, and
``det A⁻¹ = 1/det A``, are applied without such a record.
"""

from __future__ import annotations

import contextlib
import contextvars

import sympy as sp

from ..model import HOLDS, Application
from .applications import instance_verdict

RULES_NAME = "trace and determinant rules"
#: The cyclic rule at a symbolic size, as the tactic applies it: ``A`` is ``k × l``, ``B`` is ``l × k``.
_k, _l = sp.symbols("k l", integer=True, positive=True)
_A, _B = sp.MatrixSymbol("A", _k, _l), sp.MatrixSymbol("B", _l, _k)
TRACE_CYCLIC = sp.Eq(sp.Trace(_A * _B), sp.Trace(_B * _A), evaluate=False)
#: The claim that states and checks :data:`TRACE_CYCLIC` (its ``pattern``).
TRACE_CYCLIC_RULE = "rules.trace_cyclic"
#: The determinant's rules at a symbolic size: ``A`` and ``B`` are ``n × n``, ``a`` a number.
_n = sp.Symbol("n", integer=True, positive=True)
_a = sp.Symbol("a", real=True)
_An, _Bn = sp.MatrixSymbol("A", _n, _n), sp.MatrixSymbol("B", _n, _n)
DET_MULTIPLICATIVE = (sp.Eq(sp.Determinant(_An * _Bn), sp.Determinant(_An) * sp.Determinant(_Bn), evaluate=False),
                      sp.Eq(sp.Determinant(_An.T), sp.Determinant(_An), evaluate=False),
                      sp.Eq(sp.Determinant(_a * _An), _a ** _n * sp.Determinant(_An), evaluate=False))
#: The claim that states and checks :data:`DET_MULTIPLICATIVE`.
DET_RULE = "rules.det_multiplicative"
_ROTATIONS: contextvars.ContextVar[list | None] = contextvars.ContextVar("rotations", default=None)


def _applied(rule: str, pattern, substitution: dict, before, after):
    """``after`` if the step ``before → after`` is the rule with the substitution, else ``before``; recorded."""
    status, detail = instance_verdict(before, after, Application(rule, pattern, substitution))
    record = _ROTATIONS.get()
    if record is not None:
        record.append((rule, status, detail))
    return after if status == HOLDS else before


@contextlib.contextmanager
def recorded_rotations():
    """Collect ``(rule, status, detail)`` for each rule applied by substitution inside the ``with`` block: the
    rotations of traces and the openings of determinants."""
    record: list = []
    token = _ROTATIONS.set(record)
    try:
        yield record
    finally:
        _ROTATIONS.reset(token)


def _factors(term) -> tuple[sp.Expr, list]:
    """A matrix term as its scalar coefficient and its matrix factors."""
    if isinstance(term, sp.MatMul):
        coeff, matrices = term.as_coeff_matrices()
        return coeff, list(matrices)
    return sp.Integer(1), [term]  # SymPy adds no scalar to a matrix: every term is a matrix expression


def _canonical_cycle(matrices: list) -> tuple[tuple, list, int]:
    """The rotation (of the factors, or of their transposes read backwards) that sorts first, with the reading it
    rotates and by how many factors."""
    backwards = [sp.Transpose(m).doit() for m in reversed(matrices)]
    candidates = [(tuple(seq[k:] + seq[:k]), seq, k) for seq in (matrices, backwards) for k in range(len(seq))]
    return min(candidates, key=lambda c: tuple(sp.srepr(m) for m in c[0]))


def _product(factors):
    """The product of the factors as SymPy writes it (one factor is itself)."""
    return sp.MatMul(*factors).doit(deep=False) if len(factors) > 1 else factors[0]


def _rotated(reading: list, k: int, rotated: tuple):
    """``tr(reading)`` rotated to ``tr(rotated)``, if that is the cyclic rule with ``A`` the first ``k`` factors
    and ``B`` the rest; else ``tr(reading)`` unrotated.  Either way recorded for the verdict."""
    before, after = sp.Trace(_product(reading)), sp.Trace(_product(list(rotated)))
    if k == 0:
        return after
    return _applied(TRACE_CYCLIC_RULE, TRACE_CYCLIC, {_A: _product(reading[:k]), _B: _product(reading[k:])},
                    before, after)


def _open_trace(trace: sp.Trace):
    arg = sp.expand(trace.arg)
    terms = arg.args if isinstance(arg, sp.MatAdd) else (arg,)
    total = sp.Integer(0)
    for term in terms:
        coeff, matrices = _factors(term)
        if len(matrices) == 1 and isinstance(matrices[0], sp.Identity):
            total += coeff * matrices[0].shape[0]
            continue
        rotated, reading, k = _canonical_cycle(matrices)
        total += coeff * _rotated(reading, k, rotated)
    return total


def _open_determinant(det: sp.Determinant):
    """``det`` opened by the determinant's rules, each opening checked an instance of :data:`DET_MULTIPLICATIVE`
    (one that is not leaves the determinant closed)."""
    arg = det.arg
    if isinstance(arg, sp.MatMul):
        coeff, matrices = arg.as_coeff_matrices()
        size, rest = arg.shape[0], _product(matrices)
        if coeff != 1:  # det(cP) = cⁿ det P
            after = coeff ** size * sp.Determinant(rest)
            if _applied(DET_RULE, DET_MULTIPLICATIVE, {_a: coeff, _An: rest, _n: size}, det, after) == det:
                return det
            return coeff ** size * _open_determinant(sp.Determinant(rest))
        if len(matrices) > 1:  # det(M R) = det M det R
            first, others = matrices[0], _product(matrices[1:])
            after = sp.Determinant(first) * sp.Determinant(others)
            if _applied(DET_RULE, DET_MULTIPLICATIVE, {_An: first, _Bn: others, _n: size}, det, after) == det:
                return det
            return _open_determinant(sp.Determinant(first)) * _open_determinant(sp.Determinant(others))
        return _open_determinant(sp.Determinant(rest))
    if isinstance(arg, sp.Transpose):  # det Aᵀ = det A
        after = sp.Determinant(arg.arg)
        if _applied(DET_RULE, DET_MULTIPLICATIVE, {_An: arg.arg, _n: arg.shape[0]}, det, after) == det:
            return det
        return _open_determinant(after)
    if isinstance(arg, sp.Inverse):
        return 1 / _open_determinant(sp.Determinant(arg.arg))
    if isinstance(arg, sp.Identity):
        return sp.Integer(1)
    return det


def open_traces_and_determinants(expr):
    """``expr`` expanded with every trace and determinant opened by the rules (see the module docstring).

    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    >>> open_traces_and_determinants(sp.Trace(A * B + 2 * B.T) - sp.Trace(B * A) - 2 * sp.Trace(B))
    0
    >>> open_traces_and_determinants(sp.Determinant(A * B.T) - sp.Determinant(A) * sp.Determinant(B))
    0
    """
    if not expr.has(sp.Trace, sp.Determinant):
        return sp.expand(expr)
    opened = sp.expand(expr).replace(lambda e: isinstance(e, sp.Determinant), _open_determinant)
    opened = opened.replace(lambda e: isinstance(e, sp.Trace), _open_trace)
    return sp.expand(opened)
