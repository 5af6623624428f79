"""A reader's answer, typed as plain math, checked against a claim by the checker.

An :class:`AnswerKey` is one side of one part of a claim (the right answer),
the symbols a reader may type, the claim's hypotheses (its ``where``), and the
same side in each planted error (mutant) where it differs.  :func:`check_answer`
reads the typed text and gives a :class:`Verdict`:

* ``holds``      -- the checker proves the answer equal to the right one;
* ``planted``    -- it proves it equal to one of the claim's planted errors,
  whose kind and description it names;
* ``fails``      -- a counterexample: the point, and both sides' values there;
* ``undecided``  -- neither proved nor refuted: never a ✔;
* ``unreadable`` -- the text is not a formula in the allowed symbols: the
  message names the position and the symbols.

It needs SymPy and the standard library only, so the site runs the same
function in the reader's browser (Pyodide), from the key written into the page
as JSON (:meth:`AnswerKey.as_data`).

>>> import sympy as sp
>>> from claimcheck import Claim, Mutant, relation
>>> x = sp.Symbol("x", real=True)
>>> square = Claim("demo.square", "(x+1)²", relation((x + 1) ** 2, "=", x**2 + 2*x + 1),
...                mutants=(Mutant("dropped factor", "2x becomes x", relation((x + 1) ** 2, "=", x**2 + x + 1)),))
>>> key = answer_key(square)
>>> check_answer("x^2 + 2*x + 1", key).status, check_answer("(1 + x)*(x + 1)", key).status
('holds', 'holds')
>>> check_answer("x**2 + x + 1", key).message
'✘ A planted error: dropped factor (2x becomes x).'
>>> check_answer("x**2 + 1", key).status
'fails'
>>> print(check_answer("x**2 + 2x", key).message)
Cannot read your answer at position 8: invalid decimal literal (write a product as 2*x).
Symbols: x. Functions: ...
"""

from __future__ import annotations

import ast
import dataclasses
import io
import math
import re
import tokenize

import sympy as sp

from .checker import check_relation
from .checker.probes import NUMERIC_TOL, free_symbols, numeric, probe
from .model import FAILS, HOLDS, INSTANCE, SYMBOLIC, Claim, relation

PLANTED, UNREADABLE = "planted", "unreadable"


def _sum(term, *limits):
    """``sum(f, i, a, b)`` (or SymPy's ``sum(f, (i, a, b))``): the sum of ``f`` for ``i`` from ``a`` to ``b``."""
    return sp.Sum(term, _limits(limits))


def _product(term, *limits):
    """``product(f, i, a, b)``: the product of ``f`` for ``i`` from ``a`` to ``b``."""
    return sp.Product(term, _limits(limits))


def _limits(limits):
    if len(limits) == 1 and isinstance(limits[0], tuple) and len(limits[0]) == 3:
        return limits[0]
    if len(limits) == 3:
        return limits
    raise TypeError("write sum(f, i, a, b): the term, the index, its first and its last value")


#: The functions and constants a reader may type, besides the exercise's symbols.
FUNCTIONS = {
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "abs": sp.Abs, "sin": sp.sin, "cos": sp.cos, "tanh": sp.tanh,
    "sum": _sum, "product": _product, "pi": sp.pi, "e": sp.E, "oo": sp.oo,
}
#: The names SymPy's reader itself inserts (numbers become exact), never typed.
_PARSER_NAMES = {"Integer": sp.Integer, "Float": sp.Float, "Rational": sp.Rational, "Symbol": sp.Symbol}


class UnreadableAnswer(ValueError):
    """The text is not a formula in the allowed symbols; the message says where and what is allowed."""


@dataclasses.dataclass(frozen=True)
class PlantedAnswer:
    """A planted error of the claim, as an answer: its kind, description, and the wrong expression."""

    kind: str
    description: str
    expr: sp.Basic


@dataclasses.dataclass(frozen=True)
class AnswerKey:
    """What an answer box checks against: the right expression, the hypotheses, the typed names, the planted errors.

    ``symbols`` maps each name a reader may type to a SymPy symbol or an
    ``IndexedBase`` (typed ``x[j]``, or ``x_j``); ``where`` are the claim's
    substitutions, applied to both sides before checking.
    """

    expected: sp.Basic
    symbols: dict
    where: dict = dataclasses.field(default_factory=dict)
    planted: tuple[PlantedAnswer, ...] = ()

    def names(self) -> str:
        """The symbols a reader may type, as shown beside the box: ``beta, n, x[j] (or x_j)``."""
        shown, free = [], {str(s) for s in self.expected.free_symbols}
        for name, obj in sorted(self.symbols.items()):
            if isinstance(obj, sp.IndexedBase):
                index = next(iter(sorted(map(str, _index_symbols(self)), key=lambda i: (i not in free, i))), "1")
                shown.append(f"{name}[{index}] (or {name}_{index})")
            else:
                shown.append(name)
        return ", ".join(shown) or "none (a number)"

    def as_data(self) -> dict:
        """The key as plain data (SymPy objects as ``srepr``), for JSON in the page."""
        return {
            "expected": sp.srepr(self.expected),
            "symbols": {name: sp.srepr(obj) for name, obj in self.symbols.items()},
            "where": [[sp.srepr(k), sp.srepr(v)] for k, v in self.where.items()],
            "planted": [{"kind": p.kind, "description": p.description, "expr": sp.srepr(p.expr)}
                        for p in self.planted],
        }

    @classmethod
    def from_data(cls, data: dict) -> "AnswerKey":
        """The key back from :meth:`as_data`.

        >>> x = sp.Symbol("x", positive=True)
        >>> key = AnswerKey(sp.log(x), {"x": x}, planted=(PlantedAnswer("flipped sign", "-log x", -sp.log(x)),))
        >>> AnswerKey.from_data(key.as_data()) == key
        True
        """
        return cls(
            expected=sp.sympify(data["expected"]),
            symbols={name: sp.sympify(s) for name, s in data["symbols"].items()},
            where={sp.sympify(k): sp.sympify(v) for k, v in data["where"]},
            planted=tuple(PlantedAnswer(p["kind"], p["description"], sp.sympify(p["expr"])) for p in data["planted"]),
        )


def answer_key(claim: Claim, part: int = 1, side: str = "rhs") -> AnswerKey:
    """The key of an answer box: ``side`` ("lhs" or "rhs") of the claim's ``part`` (1-based), and the same side in
    each mutant where it differs from the right one once the hypotheses are applied.

    A mutant that changes hypotheses plants its changed substitutions into the side.  Left out are the mutants
    an answer cannot show: those whose side is the right one once the hypotheses are applied, those without this
    part, and those whose side needs symbols a reader cannot type (a slack variable of a hypothesis).
    """
    if side not in ("lhs", "rhs"):
        raise ValueError(f"side must be 'lhs' or 'rhs', not {side!r}")
    parts = claim.parts()
    if not 1 <= part <= len(parts):
        raise ValueError(f"claim {claim.name} has {len(parts)} part(s); part {part} does not exist")
    expected = getattr(parts[part - 1][1], side)
    symbols = _typed_names(expected)
    planted, seen = [], {expected.xreplace(claim.where)}
    for m in claim.mutants:
        wrong = claim.mutant(m)
        if len(wrong.parts()) < part:
            continue
        changed = {k: v for k, v in wrong.where.items() if claim.where.get(k) != v}
        expr = getattr(wrong.parts()[part - 1][1], side).xreplace(changed)
        effective = expr.xreplace(claim.where)
        if effective not in seen and set(_typed_names(expr).values()) <= set(symbols.values()):
            seen.add(effective)
            planted.append(PlantedAnswer(m.kind, m.description, expr))
    return AnswerKey(expected, symbols, dict(claim.where), tuple(planted))


def _typed_names(expr) -> dict:
    """The names a reader may type: every symbol of ``expr`` (summation indices included) and every indexed family,
    each under its name with TeX's backslashes, braces and carets left out (``\\sigma^2`` is typed ``sigma2``)."""
    bases = {a.base for a in expr.atoms(sp.Indexed)}
    labels = {b.label for b in bases}
    objects = [s for s in expr.atoms(sp.Symbol) if s not in labels] + list(bases)
    names = {}
    for obj in sorted(objects, key=str):
        name = re.sub(r"[\\{}^]", "", str(obj))
        if not name.isidentifier() or name in FUNCTIONS or name in names:
            raise ValueError(f"symbol {str(obj)!r} cannot be typed (as {name!r}): give it a plain name")
        names[name] = obj
    return names


def _index_symbols(key: AnswerKey) -> set:
    return {i for a in key.expected.atoms(sp.Indexed) for i in a.indices if isinstance(i, sp.Symbol)}


# --------------------------------------------------------------------------
# Reading the typed text


def parse_answer(text: str, key: AnswerKey) -> sp.Basic:
    """The typed answer as a SymPy expression; :class:`UnreadableAnswer` says where it went wrong.

    ``^`` is a power, ``x_j`` the entry ``x[j]`` of an indexed family, ``sum(f, i, a, b)`` a sum;
    numbers are exact (``0.5`` is ``1/2``).

    >>> n = sp.Symbol("n", positive=True)
    >>> parse_answer("1/(3*n^2)", AnswerKey(1 / (3 * n), {"n": n}))
    1/(3*n**2)
    >>> parse_answer("1/(3*m)", AnswerKey(1 / (3 * n), {"n": n}))
    Traceback (most recent call last):
    ...
    claimcheck.answers.UnreadableAnswer: Cannot read your answer at position 6: 'm' is not one of its symbols.
    Symbols: n. Functions: ...
    """
    python, positions = _to_python(text)
    names = {**_PARSER_NAMES, **FUNCTIONS, **key.symbols}
    aliases = _indexed_aliases(key)
    try:
        tree = ast.parse(python.strip() or "(", mode="eval")
    except SyntaxError as exc:
        # Python gives offset 0 where the text ends too early ("x +"): the end is where it goes wrong.
        where = positions[min(exc.offset - 1, len(positions) - 1) if exc.offset else -1] if python.strip() else 1
        hint = " (write a product as 2*x)" if re.search(r"\d\s*[A-Za-z(]", text) else ""
        why = "this bracket is never closed" if "was never closed" in exc.msg else exc.msg
        if "=" in text:
            where, why = text.index("=") + 1, "type only the expression, without '=' or a comparison"
        raise _unreadable(key, text, where, f"{why.rstrip('.')}{hint}") from None
    for tok in tokenize.generate_tokens(io.StringIO(python).readline):
        if tok.type == tokenize.NAME and tok.string not in names and tok.string not in aliases:
            raise _unreadable(key, text, positions[tok.start[1]], f"{tok.string!r} is not one of its symbols")
        if tok.type == tokenize.OP and tok.string in ("=", "==", "<", ">", "<=", ">=", "!="):
            raise _unreadable(key, text, positions[tok.start[1]],
                              "type only the expression, without '=' or a comparison")
        if tok.type == tokenize.OP and tok.string in (".", ";", ":", "@", "{", "}", "[", "]") and not (
                tok.string in "[]" and _indexing(python, tok.start[1])):
            raise _unreadable(key, text, positions[tok.start[1]], f"{tok.string!r} is not allowed here")
        if tok.type == tokenize.STRING:
            raise _unreadable(key, text, positions[tok.start[1]], "quotes are not allowed")
    if aliases:
        tree = ast.parse(re.sub(r"\b\w+\b", lambda m: aliases.get(m.group(0), m.group(0)), python), mode="eval")
    try:
        value = eval(compile(_exact_numbers(tree), "<answer>", "eval"), {"__builtins__": {}}, names)
    except Exception as exc:  # a function given the wrong arguments, a division by zero, ...
        raise _unreadable(key, text, 1, f"SymPy could not build it: {exc}".splitlines()[0]) from None
    value = sp.sympify(value)
    if not isinstance(value, sp.Expr):
        raise _unreadable(key, text, 1, "it is not a single expression")
    return value


def _indexing(python: str, column: int) -> bool:
    """Whether the bracket at ``column`` indexes a family (``x[j]``): a name's ``[``, or its closing ``]``."""
    if python[column] == "[":
        return bool(re.search(r"\w\s*$", python[:column]))
    return "[" in python[:column]


def _to_python(text: str) -> tuple[str, list[int]]:
    """``text`` with ``^`` as ``**``, and for each character of the result its 1-based position in ``text``."""
    out, positions = [], []
    for k, char in enumerate(text, 1):
        if char == "^":
            out.append("**")
            positions += [k, k]
        else:
            out.append(char)
            positions.append(k)
    positions.append(len(text) + 1)
    return "".join(out), positions


def _indexed_aliases(key: AnswerKey) -> dict[str, str]:
    """``x_j`` -> ``x[j]`` for each indexed family and each of its index symbols (or a digit)."""
    indices = sorted({str(i) for i in _index_symbols(key)} | {n for n, s in key.symbols.items()
                                                              if isinstance(s, sp.Symbol) and s.is_integer})
    aliases = {}
    for name, obj in key.symbols.items():
        if isinstance(obj, sp.IndexedBase):
            aliases.update({f"{name}_{i}": f"{name}[{i}]" for i in indices})
            aliases.update({f"{name}_{d}": f"{name}[{d}]" for d in range(10)})
    return aliases


class _ExactNumbers(ast.NodeTransformer):
    """Numbers become SymPy's exact ones (``1/3`` is a third, not 0.333...)."""

    def visit_Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            return node
        func = "Integer" if isinstance(node.value, int) else "Rational"
        arg = ast.Constant(node.value if isinstance(node.value, int) else repr(node.value))
        return ast.copy_location(ast.Call(ast.Name(func, ast.Load()), [arg], []), node)


def _exact_numbers(tree):
    return ast.fix_missing_locations(_ExactNumbers().visit(tree))


def _unreadable(key: AnswerKey, text: str, position: int, why: str) -> UnreadableAnswer:
    functions = ", ".join(n for n in FUNCTIONS if n not in ("sum", "product", "pi", "e", "oo"))
    return UnreadableAnswer(
        f"Cannot read your answer at position {position}: {why}.\n"
        f"Symbols: {key.names()}. Functions: {functions}, sum(f, i, a, b), product(f, i, a, b); "
        f"constants pi, e, oo; ^ or ** for powers.")


# --------------------------------------------------------------------------
# The verdict


@dataclasses.dataclass(frozen=True)
class Verdict:
    """The outcome of checking one answer: status, a message to show, and the checker's detail."""

    status: str
    message: str
    detail: str = ""
    planted: PlantedAnswer | None = None
    point: str = ""

    def as_data(self) -> dict:
        """Plain (JSON) data, for the page's script."""
        planted = {"kind": self.planted.kind, "description": self.planted.description} if self.planted else None
        return {"status": self.status, "message": self.message, "detail": self.detail, "point": self.point,
                "planted": planted}


def check_answer(text: str, key: AnswerKey) -> Verdict:
    """Check a typed answer against the key with the claim checker (see the module's docstring)."""
    try:
        answer = parse_answer(text, key)
    except UnreadableAnswer as exc:
        return Verdict(UNREADABLE, str(exc))
    result = _equal(answer, key.expected, key)
    if result.status == HOLDS:
        return Verdict(HOLDS, f"✔ Right: the checker proves your answer equal to the checked one ({result.detail}).",
                       result.detail)
    for wrong in key.planted:
        if _equal(answer, wrong.expr, key).status == HOLDS:
            return Verdict(PLANTED, f"✘ A planted error: {wrong.kind} ({wrong.description}).", result.detail, wrong)
    if result.status == FAILS:
        point, yours, right = _witness(answer, key)
        if point:
            message = f"✘ Not equal. At {point}, your answer is {yours} and the checked one {right}."
        elif key.symbols or "undefined" in (yours, right):
            message = f"✘ Not equal ({result.detail})."
        else:  # a number: its value would give the answer away
            message = f"✘ Not equal: exact values differ. Your answer, {yours}, is {_compared(answer, key)}."
        return Verdict(FAILS, message, result.detail, point=point)
    return Verdict(result.status, f"? Undecided: SymPy could neither prove nor refute it ({result.detail}). "
                                  "This is not a ✔.", result.detail)


def _equal(answer, expected, key: AnswerKey):
    """The checker's verdict on ``answer = expected`` under the key's hypotheses (exact values when no symbol)."""
    rel = relation(answer, "=", expected)
    method = SYMBOLIC if free_symbols(rel.lhs - rel.rhs) or key.where else INSTANCE
    return check_relation(rel, method, key.where)


def _witness(answer, key: AnswerKey) -> tuple[str, str, str]:
    """The first probe point where the two sides differ, as the checker draws it, with both sides' values there."""
    lhs, rhs = (sp.sympify(e).xreplace(key.where).doit().doit() for e in (answer, key.expected))
    sides = {}

    def value_of(point):
        sides["values"] = values = (numeric(lhs, point), numeric(rhs, point))
        if None in values:
            return None
        return values[0] - values[1], 1.0 + abs(values[0]) + abs(values[1])

    # Both sides' symbols, not the difference's: a symbol that cancels (β in β + γz) still needs a value.
    for point, value, scale in probe(value_of, free_symbols(sp.Tuple(lhs, rhs))):
        if not math.isfinite(abs(value)) or abs(value) > NUMERIC_TOL * scale:  # as the checker: ∞ breaks at any scale
            return _show_point(point, key), *map(_show_value, sides["values"])
    return "", _show_value(numeric(lhs, {})), _show_value(numeric(rhs, {}))


def _compared(answer, key: AnswerKey) -> str:
    """Whether a number is larger or smaller than the right one, compared exactly: not as shown (to 6 digits,
    where 0.3333334 and a third read alike)."""
    difference = (sp.sympify(answer) - key.expected).xreplace(key.where).doit()
    if difference.is_extended_positive:
        return "too large"
    if difference.is_extended_negative:
        return "too small"
    return "not the checked value"  # complex


def _show_point(point: dict, key: AnswerKey) -> str:
    """The point in the reader's symbols: those the hypotheses replace get their value (``n = j + k``)."""
    typed = {obj: name for name, obj in key.symbols.items()}
    shown = {k: v for k, v in point.items() if k in typed or isinstance(k, sp.Indexed)}
    for symbol, value in key.where.items():
        if symbol in typed:
            shown[symbol] = sp.sympify(value).xreplace(point)
    return ", ".join(f"{typed.get(k, k)} = {_show_value(complex(v))}"
                     for k, v in sorted(shown.items(), key=lambda kv: str(typed.get(kv[0], kv[0]))))


def _show_value(value) -> str:
    if value is None:
        return "undefined"
    value = complex(value)
    if math.isinf(value.imag):  # SymPy's complex infinity: a division by zero
        return "undefined"
    if math.isinf(value.real):
        return "oo" if value.real > 0 else "-oo"
    if abs(value.imag) > NUMERIC_TOL * (1 + abs(value)):
        return f"{value.real:.6g}{value.imag:+.6g}i"
    if value.real == round(value.real) and abs(value.real) < 1e15:  # a count: every digit
        return str(int(value.real))
    return f"{value.real:.6g}"


def typed(expr, key: AnswerKey) -> str:
    r"""How a reader would type ``expr`` in the key's names (the tests type the right answer and each planted one).

    >>> n, var = sp.Symbol("n", positive=True), sp.Symbol("\\sigma^2", positive=True)
    >>> key = answer_key(Claim("demo", "demo", relation(n, "=", var / (3 * n)), mutants=()))
    >>> key.names(), typed(key.expected, key)
    ('n, sigma2', 'sigma2/(3*n)')
    """
    expr = sp.sympify(expr)
    if not free_symbols(expr):
        expr = expr.doit()
    plain = {obj: (sp.IndexedBase(name) if isinstance(obj, sp.IndexedBase) else sp.Symbol(name))
             for name, obj in key.symbols.items()}
    text = sp.sstr(expr.xreplace(plain))
    return re.sub(r"\bSum\(", "sum(", text).replace("Product(", "product(")


__all__ = ["AnswerKey", "PlantedAnswer", "UnreadableAnswer", "Verdict", "answer_key", "check_answer",
           "parse_answer", "typed"]
