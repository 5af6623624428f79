"""Expectations computed through moments, not integrals.

``Expectation(expr, x, mean, second)`` stands for ``E[expr]`` where ``x`` is a
``d × 1`` MatrixSymbol whose law has mean vector ``mean`` and second-moment
matrix ``second = E[x xᵀ]``.  It prints as ``𝔼[…]`` and ``doit()`` evaluates it:
``expr`` is expanded into a polynomial of degree at most 2 in the entries of
``x`` and each monomial is replaced by its moment.  That is exact for any law
with those moments (linearity of expectation), which is why the Gaussian and
exponential computations in :mod:`derivations.kl` never call ``integrate``.

``mean`` and ``second`` may be MatrixSymbols when the statement is displayed;
the claim's ``where`` substitutes explicit matrices before checking.

When ``x`` has a symbolic size (``MatrixSymbol("x", d, 1)``) ``doit()`` uses
the same rule written with matrices: quadratic forms become traces
(``vᵀMv = tr(M v vᵀ)``), traces are opened by linearity, and in each term
``tr(⋯ x xᵀ ⋯)`` becomes ``tr(⋯ E[x xᵀ] ⋯)`` and ``x`` becomes ``E[x]``
(linearity of expectation).  The claim ``rules.expectation_quadratic``
checks this rule against the entrywise computation at several sizes.
Matrix symbols stand for real matrices.
"""

import sympy as sp
from sympy.core.logic import fuzzy_and

from claimcheck.checker.matrices import open_traces_and_determinants


def gaussian_second_moment(mean, cov):
    """``E[x xᵀ] = Σ + μμᵀ`` for a law with mean ``μ`` and covariance ``Σ``."""
    return cov + mean * mean.T


class Expectation(sp.Expr):
    """``E[expr]`` over ``x`` with the given first and second moments (see the module docstring)."""

    is_commutative = True

    def __new__(cls, expr, x, mean, second, law=r"p"):
        law = law if isinstance(law, sp.core.symbol.Str) else sp.core.symbol.Str(law)
        return sp.Expr.__new__(cls, sp.sympify(expr), x, mean, second, law)

    @property
    def free_symbols(self):
        expr, x, mean, second, _ = self.args
        return (expr.free_symbols - _bound(x)) | mean.free_symbols | second.free_symbols

    def doit(self, **hints):
        expr, x, mean, second, _ = self.args
        mean, second = mean.doit(**hints), second.doit(**hints)
        if not all(sp.sympify(k).is_number for k in x.shape):
            return _general_moments(expr, x, mean, second)
        if not (isinstance(mean, sp.MatrixBase) and isinstance(second, sp.MatrixBase)):
            raise ValueError(
                f"Expectation needs explicit moments to evaluate, got {mean} and {second}: "
                "substitute matrices for them (the claim's `where`) before calling doit()"
            )
        if isinstance(x, sp.MatrixSymbol):
            xs = sp.symbols(f"xi_1:{x.shape[0] + 1}", real=True, cls=sp.Dummy)
            expr = expr.xreplace({x: sp.ImmutableMatrix(xs)})
        else:
            xs = tuple(x)
        explicit = sp.expand(sp.expand_log(_scalar(expr.doit(**hints))))
        try:
            poly = sp.Poly(explicit, *xs)
        except sp.PolynomialError as exc:
            raise ValueError(
                f"the integrand is not a polynomial in {x} after expanding logs ({exc}); a log of a density "
                "splits only when its factors are known to be positive (e.g. a covariance given by its Cholesky factor)"
            ) from exc
        if poly.total_degree() > 2:
            raise ValueError(
                f"Expectation knows only first and second moments, but the integrand has degree "
                f"{poly.total_degree()} in {x}: reduce it, or extend Expectation with higher moments"
            )
        total = sp.Integer(0)
        for powers, coeff in poly.terms():
            idx = [i for i, p in enumerate(powers) for _ in range(p)]
            moment = 1 if not idx else mean[idx[0], 0] if len(idx) == 1 else second[idx[0], idx[1]]
            total += coeff * moment
        return total

    def _latex(self, printer):
        expr, x, mean, second, law = self.args
        shown = printer._print(x) if isinstance(x, sp.MatrixSymbol) else \
            r"\left(%s\right)" % ", ".join(printer._print(v) for v in x)
        return r"\mathbb{E}_{%s \sim %s}\left[%s\right]" % (shown, law.name, printer._print(expr))


def _general_moments(expr, x, mean, second):
    """``E[expr]`` for ``x`` of symbolic size: each term's ``x xᵀ`` (cyclically) and ``x`` by its moment."""
    opened = open_traces_and_determinants(sp.expand(sp.expand_log(expr)).doit())
    total = sp.Integer(0)
    for term in sp.Add.make_args(opened):
        traces = [f for f in sp.Mul.make_args(term) if f.has(x)]
        if not traces:
            total += term
            continue
        if len(traces) > 1 or not isinstance(traces[0], sp.Trace):
            raise ValueError(f"Expectation at a symbolic size needs terms linear in one trace of x, got {term}")
        total += term / traces[0] * _trace_moment(traces[0], x, mean, second)
    return total


def _trace_moment(trace, x, mean, second):
    arg = trace.arg
    matrices = list(arg.args) if isinstance(arg, sp.MatMul) else [arg]
    count = sum(m in (x, x.T) for m in matrices)
    if count == 1:
        return sp.Trace(sp.MatMul(*(mean if m == x else mean.T if m == x.T else m for m in matrices)).doit())
    for k in range(len(matrices)):
        if count == 2 and matrices[k] == x and matrices[(k + 1) % len(matrices)] == x.T:
            rest = (matrices[k:] + matrices[:k])[2:]
            return sp.Trace(sp.MatMul(second, *rest).doit()) if rest else sp.Trace(second)
    raise ValueError(f"Expectation knows first and second moments only; cannot reduce {trace}")


def _bound(x) -> set:
    """The variables an expectation integrates out: a MatrixSymbol, or the entries of an explicit vector."""
    return {x} if isinstance(x, sp.MatrixSymbol) else set(x)


def _scalar(expr):
    """A 1×1 matrix (from a quadratic form) as its single entry; scalars unchanged."""
    if isinstance(expr, sp.MatrixBase):
        if expr.shape != (1, 1):
            raise ValueError(f"expected a scalar or a 1×1 matrix inside the expectation, got shape {expr.shape}")
        return expr[0, 0]
    return expr


class RealTrace(sp.Trace):
    """The trace of a product of real matrices (the book's matrix symbols are real): a real number,
    so that ``log(exp(−½ vᵀMv)) = −½ vᵀMv`` is known to SymPy."""

    is_extended_real = True

    def doit(self, **hints):
        done = super().doit(**hints)
        return RealTrace(done.arg) if isinstance(done, sp.Trace) else done


class QuadForm(sp.Expr):
    """The scalar ``vᵀ M v`` (``v`` a column, ``M`` square); ``doit()`` multiplies it out."""

    is_commutative = True

    def __new__(cls, v, M):
        return sp.Expr.__new__(cls, v, M)

    @property
    def free_symbols(self):
        return self.args[0].free_symbols | self.args[1].free_symbols

    def _eval_is_extended_real(self):
        return fuzzy_and(entry.is_extended_real for a in self.args if isinstance(a, sp.MatrixBase) for entry in a)

    def doit(self, **hints):
        v, M = (a.doit(**hints) for a in self.args)
        if not all(sp.sympify(k).is_number for k in v.shape):
            return RealTrace(v.T * M * v)  # a 1 × 1 matrix is its trace
        if not (isinstance(v, sp.MatrixBase) and isinstance(M, sp.MatrixBase)):
            raise ValueError(f"QuadForm needs explicit matrices to evaluate, got {v} and {M}: substitute them first")
        return (v.T * M * v)[0, 0]

    def _latex(self, printer):
        v, M = self.args
        vt = printer._print(v)
        if isinstance(v, sp.MatrixBase):  # an explicit column, written as a tuple
            vt = r"\left(%s\right)" % ", ".join(printer._print(e) for e in v)
        elif not isinstance(v, sp.MatrixSymbol):
            vt = r"\left(%s\right)" % vt
        return r"%s^{\top} %s\, %s" % (vt, printer._print(M), vt)
