"""Errata: what checking the course notes turned up, with the checks that show it."""

from __future__ import annotations

import dataclasses

#: The kinds of erratum, kept apart on the errata page: a slip of the pen (OCR damage included), a wrong
#: mathematical statement (formula, range, dimension, number), a bug in code, and a discrepancy that is not an
#: error (an assumption the course leaves implicit, a convention, wording that holds only up to rounding, content
#: that is lost, a verdict the book's own protocol does not support without showing the course's run wrong).
KINDS = {"typo": "Typos", "math": "Mathematical errors", "code": "Bugs in code",
         "note": "Discrepancies that are not errors: implicit assumptions, conventions, rounding, lost content"}


@dataclasses.dataclass(frozen=True)
class Erratum:
    """An error, typo or other discrepancy in the course notes, with the checks that show it.

    ``where`` says where it is (set, problem, which solution or code);
    ``problem`` is the id of the course problem it belongs to, if any; ``kind``
    is one of :data:`KINDS`.  ``shown_by`` names registered claims;
    ``checked_by`` names pytest tests (``tests/test_x.py::test_y``), for errors
    in the course's code, which a test of the corrected code shows better than
    an identity does.  Text may hold inline math as ``$...$``.

    >>> Erratum("Notes §1", "says 2", "it is 3", shown_by=("demo.three",), kind="math").shown_by
    ('demo.three',)
    >>> Erratum("Notes §1", "says 2", "it is 3", shown_by=("demo.three",), kind="slip")
    Traceback (most recent call last):
    ...
    ValueError: erratum 'Notes §1': kind 'slip' is not one of typo, math, code, note

    >>> Erratum("Set 5", "the statements are lost", "restated", shown_by=(), checked_by=("t.py::t",), kind="note").kind
    'note'
    """

    where: str
    says: str
    correction: str
    shown_by: tuple[str, ...]
    checked_by: tuple[str, ...] = ()
    kind: str = "math"
    problem: str = ""

    def __post_init__(self):
        if not self.shown_by and not self.checked_by:
            raise ValueError(f"erratum {self.where!r} is backed by no claim (shown_by) and no test (checked_by)")
        if self.kind not in KINDS:
            raise ValueError(f"erratum {self.where!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
