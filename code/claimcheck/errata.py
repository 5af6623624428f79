"""Errata: what checking the course notes turned up, with the checks that show it."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Erratum:
    """An error, typo or unstated assumption in the course notes, with the checks that show it.

    ``shown_by`` names registered claims; ``checked_by`` names pytest tests
    (``tests/test_x.py::test_y``), for errors in the course's code, which a
    test of the corrected code shows better than an identity does.

    >>> Erratum("Notes §1", "says 2", "it is 3", shown_by=("demo.three",)).shown_by
    ('demo.three',)
    """

    where: str
    says: str
    correction: str
    shown_by: tuple[str, ...]
    checked_by: tuple[str, ...] = ()

    def __post_init__(self):
        if not self.shown_by and not self.checked_by:
            raise ValueError(f"erratum {self.where!r} is backed by no claim (shown_by) and no test (checked_by)")
