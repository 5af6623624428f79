"""LaTeX as the course writes it: SymPy's printer with names that are words set upright.

SymPy typesets a symbol named ``fan_in`` as :math:`fan_{in}`, italic letters
that read as a product f·a·n.  :func:`tex` (used for every statement,
hypothesis, counterexample and residual on the pages) prints a name of more
than one letter that is not Greek upright, ``\\mathrm{fan\\_in}``, and a
word in a subscript or superscript likewise, ``C_{\\mathrm{out}}``; a sum
opens with a positive term, ``b - a`` rather than SymPy's ``-a + b``; a transpose is
``A^{\\top}``, not ``A^{T}``; a sum or
product over an empty range (``Σ_{m=0}^{-1}``) prints as its value (0 or 1), and
as a term of a sum it is left out.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.printing.conventions import split_super_sub
from sympy.printing.latex import LatexPrinter, translate

#: A name made of letters only: a word, if it is longer than one letter and SymPy does not translate it (Greek).
_LETTERS = re.compile(r"[A-Za-z]+")


def _is_word(name: str) -> bool:
    return len(name) > 1 and _LETTERS.fullmatch(name) is not None and translate(name) == name


def _upright(name: str) -> str:
    return "\\mathrm{" + name.replace("_", "\\_") + "}"


class CoursePrinter(LatexPrinter):
    """SymPy's LaTeX printer with upright words (see the module's docstring)."""

    def _deal_with_super_sub(self, string: str, style: str = "plain") -> str:
        if "{" in string or "\\" in string or " " in string:  # a name written as TeX: as it is
            return super()._deal_with_super_sub(string, style)
        name, supers, subs = split_super_sub(string)
        if _is_word(name) and subs and all(_LETTERS.fullmatch(s) for s in subs) and not supers:
            return _upright(string)  # fan_in: one word with an underscore
        if not any(_is_word(part) for part in [name, *supers, *subs]):
            return super()._deal_with_super_sub(string, style)
        name = _upright(name) if _is_word(name) else translate(name)
        supers = [_upright(s) if _is_word(s) else translate(s) for s in supers]
        subs = [_upright(s) if _is_word(s) else translate(s) for s in subs]
        return (name + (f"^{{{' '.join(supers)}}}" if supers else "")
                + (f"_{{{' '.join(subs)}}}" if subs else ""))

    def _print_Add(self, expr, order=None):
        kept = [term for term in expr.args if not (isinstance(term, sp.Sum) and _empty_range(term))]
        if len(kept) < len(expr.args):  # an empty sum adds nothing: leave it out (a sum of only empty ones is 0)
            return self._print(sp.Add(*kept, evaluate=False))
        # A display form (order "none") keeps the terms as written, SymPy's printing sorts them; either way
        # a sum opens with a positive term where it has one: (b - a), not (-a + b).
        terms = self._as_ordered_terms(expr, order=order)
        first = next((k for k, term in enumerate(terms) if not term.could_extract_minus_sign()), 0)
        if first == 0:
            return super()._print_Add(expr, order)
        return self._print_terms([terms[first], *terms[:first], *terms[first + 1:]])

    def _print_terms(self, terms) -> str:
        """``LatexPrinter._print_Add`` for terms in a given order."""
        add = sp.MatAdd if isinstance(terms[0], sp.MatrixExpr) else sp.Add
        return super()._print_Add(add(*terms, evaluate=False), order="none")

    def _print_Indexed(self, expr):
        # An index k - 1 reads so in a display form too (SymPy keeps its arguments as -1 + k).
        order, self._settings["order"] = self._settings["order"], None
        try:
            return super()._print_Indexed(expr)
        finally:
            self._settings["order"] = order

    def _print_Sum(self, expr):
        if _empty_range(expr):
            return self._print(sp.Integer(0))
        if len(expr.limits) > 1:  # nested as written, the outermost first: Σ_c Σ_u Σ_v, not one Σ over a stack
            inner = super()._print_Sum(sp.Sum(expr.function, expr.limits[0]))
            outer = "".join(rf"\sum_{{{self._print(j)}={self._print(a)}}}^{{{self._print(b)}}} "
                            for j, a, b in reversed(expr.limits[1:]))
            return outer + inner
        return super()._print_Sum(expr)

    def _print_Transpose(self, expr):
        # The transpose as the hypotheses and the prose write it, A^⊤, not SymPy's A^{T} (a power T).
        printed = super()._print_Transpose(expr)
        return printed[:-len("^{T}")] + r"^{\top}" if printed.endswith("^{T}") else printed

    def _print_Product(self, expr):
        if _empty_range(expr):
            return self._print(sp.Integer(1))
        return super()._print_Product(expr)


def _empty_range(expr) -> bool:
    """Whether some range of a Sum or Product is empty for every value of its symbols: upper = lower − 1.  (SymPy
    gives a range with upper < lower − 1 a value of its own, by Karr's convention: Σ_{j=3}^{1} f(j) = −f(2).)"""
    return any((upper - lower + 1).is_zero for _, lower, upper in expr.limits)


def tex(expr, **settings) -> str:
    """LaTeX for a SymPy object as the course writes it.

    >>> fan_in, c_out, x = sp.Symbol("fan_in"), sp.Symbol("C_out"), sp.Symbol("x_1")
    >>> tex(2 / fan_in), tex(c_out), tex(x)
    ('\\\\frac{2}{\\\\mathrm{fan\\\\_in}}', 'C_{\\\\mathrm{out}}', 'x_{1}')
    >>> m = sp.Symbol("m", integer=True)
    >>> tex(1 + sp.Sum(3**m, (m, 0, -1))), tex(sp.Sum(3**m, (m, 0, -1)))
    ('1', '0')
    >>> a, b = sp.symbols("a b")
    >>> tex((b - a) ** 2), tex(-a - b)
    ('\\\\left(b - a\\\\right)^{2}', '- a - b')
    >>> A = sp.MatrixSymbol("A", 2, 2)
    >>> tex(A * A.T), tex(sp.Transpose(A * A))
    ('A A^{\\\\top}', '\\\\left(A^{2}\\\\right)^{\\\\top}')
    """
    return CoursePrinter(settings).doprint(expr)
