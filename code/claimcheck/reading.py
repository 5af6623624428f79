"""Mechanical signs that a printed statement does not read as the course writes it.

SymPy prints a sum in its own order and an unevaluated product as it was
built; most of what follows is fixed by the printer (:mod:`.printing`) or by a
display form (:attr:`claimcheck.Claim.display`).  :func:`reading_problems`
names what is left in a statement's LaTeX:

* a parenthesis that opens with a minus sign, ``(-a + b)`` (the author writes ``(b - a)``);
* fractions over the same denominator added term by term, ``a/2 - b/2 + c/2``
  (the author writes one fraction, or the ½ in front of one parenthesis);
* a unit fraction trailing a parenthesis, ``(a + b)·½`` (the author writes ``(a + b)/2``);
* a factor 0 or 1 written out in a product, ``α·0``, ``a_L·1`` (left over from a substitution);
* a transpose taken term by term, ``(x^T - b^T)`` (the author writes ``(x - b)^⊤``).

:func:`statement_problems` applies them to what a claim box shows: the
statement (its display form where it has one) and each planted error's wrong
statement.  ``python -m claimcheck.reading MODULE`` lists every claim of the
registry that ``MODULE`` fills, with its printed statement and these signs.

>>> for problem in reading_problems(r"\\left(- a + b\\right) = \\frac{a}{2} - \\frac{b}{2}"):
...     print(problem)
parenthesis opens with a minus: \\left(- a + b\\right)
one fraction split over a sum: \\frac{a}{2} - \\frac{b}{2}
>>> reading_problems(r"\\left(b - a\\right) = \\frac{a - b}{2}")
[]
"""

from __future__ import annotations

import re

from .latex import changed_parts, latex
from .model import Claim, Mutant

#: ``\left(`` or ``(`` followed by a minus sign (not a minus infinity in a limit).
MINUS_OPENS = re.compile(r"(?:\\left\(|(?<![\\\w])\()\s*-(?!\s*\\infty)")
#: A transpose taken of each term: ``x^{T} - b^{T}``.
TERMWISE_TRANSPOSE = re.compile(r"\^\{(?:T|\\top)\}\s*[-+]\s*[^\s=&]+?\^\{(?:T|\\top)\}")
#: A unit fraction as the last factor after a parenthesis: ``\right) \frac{1}{2}``.
TRAILING_UNIT_FRACTION = re.compile(r"\\right[)\]]\s*\\frac\{1\}\{[^{}]+\}")
#: Commands after which a 0 or 1 is not a factor (relations, operators, a sum's or product's summand).
NOT_A_FACTOR_AFTER = ("leq", "geq", "le", "ge", "lt", "gt", "neq", "cdot", "times", "to", "sum", "prod", "mapsto")


def _group_end(tex: str, start: int) -> int:
    """The index just past the braced group that opens at ``tex[start] == "{"``."""
    depth = 0
    for k in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[k], 0)
        if depth == 0:
            return k + 1
    return len(tex)


def _without_limits(tex: str) -> str:
    """``tex`` with the limits of sums and products taken out (``\\sum_{i=1}^{n} 1`` becomes ``\\sum 1``)."""
    out, k = [], 0
    for match in re.finditer(r"\\(?:sum|prod)(?:\\limits)?", tex):
        if match.start() < k:
            continue
        out.append(tex[k:match.end()])
        k = match.end()
        while k < len(tex) and tex[k] in "_^":
            k = _group_end(tex, k + 1) if tex[k + 1:k + 2] == "{" else k + 2
    return "".join(out) + tex[k:]


def _factor_zero_or_one(tex: str) -> list[str]:
    """A 0 or 1 juxtaposed to the factor before it, as in ``\\alpha 0`` or ``{a}_{L} 1``."""
    found = []
    bare = _without_limits(tex)
    for match in re.finditer(r"(?<=[A-Za-z}]) ([01])(?![\d.^{])(?=[ \t]*(?:$|\\\\|&|=|\\right|[-+<>]|\\[lg]e))", bare):
        before = bare[:match.start()]
        command = re.search(r"\\([A-Za-z]+)\s*$", before)
        if command and command.group(1) in NOT_A_FACTOR_AFTER:
            continue
        found.append(f"a factor {match.group(1)} written out: {bare[max(0, match.start() - 24):match.end()].strip()}")
    for match in re.finditer(r"(?<![\d.{^_])1 (?=\\frac|[A-Za-z])", bare):  # 1 in front of a factor: "1 \frac{1}{n}"
        found.append(f"a factor 1 written out: {bare[match.start():match.end() + 12]}")
    return found


def _fractions(tex: str) -> list[tuple[int, int, str]]:
    """Each outermost-level ``\\frac{A}{B}`` as (start, end, denominator B)."""
    found, k = [], 0
    while True:
        k = tex.find("\\frac{", k)
        if k < 0:
            return found
        numerator_end = _group_end(tex, k + 5)
        if tex[numerator_end:numerator_end + 1] != "{":
            k = numerator_end
            continue
        end = _group_end(tex, numerator_end)
        found.append((k, end, tex[numerator_end + 1:end - 1]))
        k = end


def _split_fractions(tex: str) -> list[str]:
    """Two fractions over one denominator, one added to the other: ``\\frac{a}{2} - \\frac{b}{2}``."""
    tex = _without_limits(tex)
    fractions = _fractions(tex)
    return [f"one fraction split over a sum: {tex[a_start:b_end]}"
            for (a_start, a_end, a_den), (b_start, b_end, b_den) in zip(fractions, fractions[1:])
            if a_den == b_den and re.fullmatch(r"\s*[-+]\s*", tex[a_end:b_start])
            and not re.search(r"\\(?:sum|prod)\s*$", tex[:a_start])]  # a summand of Σ is no term of the sum


def _parenthesis(tex: str, start: int) -> str:
    """The parenthesis that opens at ``start``, up to its first closing one (at most 60 characters); a
    ``\\right)`` ends at its ")" too."""
    end = min(k for k in (tex.find(")", start) + 1, start + 60) if k > start)
    return tex[start:end]


def reading_problems(tex: str) -> list[str]:
    """What in ``tex`` (a printed statement) reads unlike the course, one line each (empty: reads well)."""
    problems = [f"parenthesis opens with a minus: {_parenthesis(tex, m.start())}" for m in MINUS_OPENS.finditer(tex)]
    problems += _split_fractions(tex)
    problems += [f"unit fraction trailing a parenthesis: {m.group(0)}" for m in TRAILING_UNIT_FRACTION.finditer(tex)]
    problems += _factor_zero_or_one(tex)
    problems += [f"transpose taken term by term: {m.group(0)}" for m in TERMWISE_TRANSPOSE.finditer(tex)]
    return problems


def wrong_statements(claim: Claim, mutant: Mutant) -> list[str]:
    """The LaTeX a claim box shows for a planted error's statement (as ``claimbox._wrong_statement`` picks it):
    the whole statement where the mutant has a display form or the claim one part, else each part it changes."""
    changed = changed_parts(claim, mutant)
    if mutant.display is not None or (changed and len(claim.parts()) == 1):
        return [latex(claim.mutant(mutant))]
    return [tex for _, tex in changed]


def statement_problems(claim: Claim) -> list[str]:
    """What reads unlike the course in a claim box's statement and in its planted errors' wrong statements."""
    found = [f"statement: {p}" for p in reading_problems(latex(claim))]
    for mutant in claim.mutants:
        found += [f"wrong answer ({mutant.kind}: {mutant.description}): {p}"
                  for tex in wrong_statements(claim, mutant) for p in reading_problems(tex)]
    return found


def main(argv: list[str] | None = None) -> int:
    """List every claim of a registry with its printed statement and what reads badly in it."""
    import argparse
    import importlib

    from .registry import REGISTRY

    parser = argparse.ArgumentParser(prog="python -m claimcheck.reading", description=main.__doc__)
    parser.add_argument("module", help="the package that registers the claims (derivations)")
    parser.add_argument("prefix", nargs="*", help="list only claims whose names start so")
    parser.add_argument("--bad", action="store_true", help="list only claims with a sign of bad reading")
    args = parser.parse_args(argv)
    importlib.import_module(args.module)
    claims = sorted(REGISTRY.claims().items())
    bad = 0
    for name, claim in claims:
        if args.prefix and not name.startswith(tuple(args.prefix)):
            continue
        problems = statement_problems(claim)
        bad += bool(problems)
        if args.bad and not problems:
            continue
        print(f"== {name}{' (display form)' if claim.display is not None else ''}: {claim.title}")
        print(latex(claim))
        for problem in problems:
            print(f"   !! {problem}")
    print(f"{bad} of {len(claims)} claims read badly")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
