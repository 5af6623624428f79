"""Normal forms that bring a difference to zero, and forms that decide a sign."""

from __future__ import annotations

from typing import Callable

import sympy as sp

from .bounds import ALIGN_NAME, align_ranges
from .matrices import RULES_NAME, open_traces_and_determinants, recorded_rotations

#: Normal forms tried, in order, to bring a difference to zero.
NORMALIZERS: tuple[tuple[str, Callable], ...] = (
    ("expand", sp.expand),
    ("cancel", lambda e: sp.cancel(sp.together(e))),
    ("expand_log", lambda e: sp.expand(sp.expand_log(sp.expand(e)))),
    ("expand_log+cancel", lambda e: sp.cancel(sp.expand_log(sp.expand(e)))),
    (ALIGN_NAME, lambda e: sp.cancel(sp.together(align_ranges(e))) if e.has(sp.Sum, sp.Product) else e),
)

#: Normal forms tried for a difference of matrix expressions (``cancel`` cannot take them).
MATRIX_NORMALIZERS: tuple[tuple[str, Callable], ...] = (
    ("expand", sp.expand),
    (RULES_NAME, lambda e: sp.expand(sp.expand_log(open_traces_and_determinants(sp.expand_log(e))))),
)


def _has_matrices(expr) -> bool:
    return isinstance(expr, sp.MatrixExpr) or expr.has(sp.MatrixSymbol)


def _is_zero(value) -> bool:
    """0, or a zero matrix of any (symbolic) shape."""
    return value == 0 or isinstance(value, sp.ZeroMatrix)


def zero_by_normal_forms(diff) -> str | None:
    """The first normal form that takes ``diff`` (an expression or a matrix, entrywise) to 0, with the rules it
    applied by substitution (each an instance of its rule)."""
    entries = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
    for name, normalize in MATRIX_NORMALIZERS if any(map(_has_matrices, entries)) else NORMALIZERS:
        with recorded_rotations() as rotations:
            zero = all(_is_zero(normalize(entry)) for entry in entries)
        if zero:
            return name + _rotations_text(rotations)
    return None


def _rotations_text(applied: list) -> str:
    """`` (rules applied by substitution, each an instance: rules.trace_cyclic 3 times, A ↦ …; …)``, the
    substitutions of the first few of each rule; "" when none was applied."""
    if not applied:
        return ""
    parts = []
    for rule in dict.fromkeys(r for r, _, _ in applied):
        details = [d.split(": ", 1)[1] for r, _, d in applied if r == rule]
        times = f"{len(details)} time{'s' if len(details) > 1 else ''}"
        parts.append(f"{rule} {times}: {'; '.join(details[:3])}{', …' if len(details) > 3 else ''}")
    return f" (rules applied by substitution, each an instance of the rule: {'; '.join(parts)})"


def _strip_positive_factors(expr):
    """Drop factors known to be positive: they do not change the sign."""
    if isinstance(expr, sp.Mul):
        kept = [f for f in expr.args if f.is_positive is not True]
        return sp.Mul(*kept)
    return expr


def sign_tactics(g):
    """Forms of ``g`` whose sign SymPy's assumptions may decide, with names.

    Each is equivalent in sign to ``g``: positive factors are dropped;
    ``exp(h) - 1`` has the sign of ``h``; for ``A - B`` with ``A, B > 0``,
    ``log A - log B`` has the sign of ``A - B``.
    """
    for name, form in (("direct", g), ("expand", sp.expand(g)), ("cancel", sp.cancel(sp.together(g)))):
        core = _strip_positive_factors(sp.factor_terms(form))
        yield name, core
        yield name + "+exp", sp.cancel(sp.exp(core) - 1)
        if isinstance(core, sp.Add):
            pos = [t for t in core.args if t.is_positive]
            neg = [-t for t in core.args if (-t).is_positive]
            if pos and neg and len(pos) + len(neg) == len(core.args):
                yield name + "+log", sp.expand(sp.expand_log(sp.log(sp.Add(*pos)) - sp.log(sp.Add(*neg))))


def decide_sign(g, strict: bool) -> tuple[bool | None, str]:
    """Whether ``g > 0`` (``strict``) or ``g >= 0`` by the first tactic that decides it, and its name."""
    for name, form in sign_tactics(g):
        verdict = form.is_positive if strict else form.is_nonnegative
        if verdict is not None:
            return verdict, name
    return None, ""
