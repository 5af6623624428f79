"""The course data of the tiny course book: the shape of derivations.course, five problems, three printed items."""

import dataclasses

from claimcheck import Claim, Mutant, Registry, relation

import sympy as sp

BOOK = Registry()
x = sp.Symbol("x", real=True)


@BOOK.claim
def square() -> Claim:
    """x² ≥ 0 for real x."""
    return Claim("tiny.square", "A square is nonnegative", relation(x**2, ">=", 0),
                 mutants=(Mutant("flipped sign", "−x² ≥ 0", relation(-x**2, ">=", 0)),))


@BOOK.claim
def abs_value() -> Claim:
    """|x| ≥ 0 for real x."""
    return Claim("tiny.abs", "An absolute value is nonnegative", relation(sp.Abs(x), ">=", 0),
                 mutants=(Mutant("flipped sign", "−|x| ≥ 0", relation(-sp.Abs(x), ">=", 0)),))


@BOOK.claim
def positive() -> Claim:
    """x² + 1 > 0 for real x."""
    return Claim("tiny.positive", "One more than a square is positive", relation(x**2 + 1, ">", 0),
                 mutants=(Mutant("one less", "x² − 1 > 0", relation(x**2 - 1, ">", 0)),))


@dataclasses.dataclass(frozen=True)
class Problem:
    id: str
    set_name: str
    year: int
    number: int
    title: str
    chapter: str
    claims: tuple = ()
    unavailable: tuple = ()


@dataclasses.dataclass(frozen=True)
class Missing:
    what: str
    limits: str


@dataclasses.dataclass(frozen=True)
class Printed:
    id: str
    problem: str
    what: str
    value: object
    expect: str = "agrees"
    reproducible: bool = True
    reproduce: str = "recompute"
    check_instead: str = ""


SETS = {("HW1", 2024): 5}
PROBLEMS = (Problem("hw1-2024-p1", "HW1", 2024, 1, "Counting $n^2$ squares", "counts", claims=("tiny.square",),
                    unavailable=(Missing("the file `squares.csv`", "its counts are not printed"),)),
            Problem("hw1-2024-p2", "HW1", 2024, 2, "Posed nowhere", "counts"),
            Problem("hw1-2024-p3", "HW1", 2024, 3, "Answered by a claim above", "answered", claims=("tiny.square",)),
            # Its solution links to a theorem in a section: the section's box answers it.
            Problem("hw1-2024-p4", "HW1", 2024, 4, "Answered by a section", "sections", claims=("tiny.positive",)),
            # Its solution links to a theorem directly under the page's title, whose block holds no box:
            # the page's other boxes do not answer it.
            Problem("hw1-2024-p5", "HW1", 2024, 5, "Answered by a theorem alone", "sections"))
PRINTED = (Printed("hw1-2024-p1-count", "hw1-2024-p1", "the count", 61706),
           Printed("hw1-2024-p1-wrong", "hw1-2024-p1", "a count the course got wrong", 900, expect="disagrees"),
           Printed("hw1-2024-p1-drift", "hw1-2024-p1", "a count that drifted", 7))


def agreement(record, value):
    return value == record.value, "equal" if value == record.value else f"differs by {value - record.value}"
