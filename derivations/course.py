"""The course as it was posed: its problem sets, 24 problems, and every number and conclusion it printed.

The records are data, in ``course.toml`` beside this module; this module is
their schema.  It loads the file when imported and validates every record
(unique ids, known problems, sources, sets, kinds and rules, printed strings
that parse to the recorded values, no unknown or missing field), raising
:class:`CourseDataError` naming the record at fault.  It is the project's own
record of the five course files, so that pages, the course map and the tests
never read ``../shared/course``: a clone of the project has no such directory.

* :data:`SOURCES` names the course files (by the short keys the records use).
* :data:`PROBLEMS` has one :class:`Problem` per course problem: where it is
  stated and solved, the chapter that answers it, the course's setting and
  the files the course used that this project does not have.
* :data:`PRINTED` has one :class:`Printed` per number or conclusion that the
  course printed, with its value exactly as printed, how the site reproduces
  it and how the two are compared (:func:`agreement`).

``Printed.printed`` keeps the course's text for provenance and for the tests: a
number exactly as printed; a verdict, which the course states in a sentence
(some in Korean), paraphrased in English and marked so, since the project copies
no sentence of the course.  A page shows ``what`` and ``value`` in its own words.
The module holds no claims: the package imports it like a claim module.

To extend: add a ``[[problem]]`` or ``[[printed]]`` table to ``course.toml``
(its header lists the fields).

>>> len(PROBLEMS)
24
>>> problem("hw5-2021-p1").chapter
'chapters/backprop'
>>> [p.id for p in printed_for("hw4-2024-p7")]
['hw4-2024-p7-original', 'hw4-2024-p7-modern', 'hw4-2024-p7-reduction']
"""

from __future__ import annotations

import ast
import dataclasses
import re
import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

#: The data file this module is the schema of.
DATA = Path(__file__).with_name("course.toml")

#: What a printed item is.
KINDS = ("value", "tensor", "count", "shape", "difference", "timing", "verdict")

#: How a reproduced value is compared with the course's.
#: exact: equal as numbers (counts, exact constants);
#: digits: equal when printed the way the course printed it (``digits`` significant digits);
#: tolerance: within ``tolerance`` (relative);
#: magnitude: the same power of ten (within a factor ``tolerance``) on stand-in data;
#: verdict: the site's numbers support (or contradict) the course's statement.
RULES = ("exact", "digits", "tolerance", "magnitude", "verdict")

#: What a reproduced value must do against the course's.
EXPECTATIONS = ("agrees", "disagrees")

_NOT_REPRODUCIBLE = "not reproducible: "


class CourseDataError(ValueError):
    """A record of this module is inconsistent; the message names it."""


@dataclasses.dataclass(frozen=True)
class Missing:
    """A file the course used that the project does not have, and what that stops us checking."""

    what: str
    limits: str


@dataclasses.dataclass(frozen=True)
class Problem:
    """One course problem.

    ``stated_in`` and ``solved_in`` are keys of :data:`SOURCES` (empty when the
    course files hold no statement, or no solution, of it); ``chapter`` is the
    Sphinx docname of the page that answers it; ``setting`` is the course's set-up
    as data (shapes, widths, seeds, distributions, order of draws, hyperparameters).
    """

    id: str
    set_name: str
    year: int
    number: int
    title: str
    stated_in: tuple[str, ...]
    solved_in: tuple[str, ...]
    chapter: str
    setting: Mapping[str, object]
    unavailable: tuple[Missing, ...] = ()
    same_topic_as: str | None = None
    note: str = ""
    #: The claims (registered names) whose boxes answer the problem on its page.
    claims: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Printed:
    """A number or conclusion that the course printed.

    ``printed`` is the text exactly as it stands in the course file (OCR damage
    included); ``value`` is what it says, parsed.  ``reproduce`` says how the site
    recomputes it (an mfdnn function and setting) or starts with
    ``"not reproducible: "`` and says why; ``check_instead`` then says what is
    checked in its place.  ``rule`` is one of :data:`RULES`.
    """

    id: str
    problem: str
    source: str
    what: str
    printed: str
    value: object
    kind: str
    reproduce: str
    rule: str
    digits: int | None = None
    tolerance: float | None = None
    check_instead: str = ""
    ditto_of: str | None = None
    #: What the build's value must do against the course's: "agrees", or "disagrees" (the build
    #: contradicts the course, and an erratum of the problem says why).
    expect: str = "agrees"

    @property
    def reproducible(self) -> bool:
        return not self.reproduce.startswith(_NOT_REPRODUCIBLE)


def _as_tuples(value):
    return tuple(_as_tuples(v) for v in value) if isinstance(value, (list, tuple)) else value


def _record(cls, table: dict, where: str, **fixed):
    """A ``cls`` from one table of the data file: lists become tuples; an unknown or missing field is an error."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise CourseDataError(f"{DATA.name}, {where}: unknown field(s) {unknown}; known: {sorted(fields)}")
    missing = sorted(name for name, f in fields.items() if name not in table and name not in fixed
                     and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    if missing:
        raise CourseDataError(f"{DATA.name}, {where}: missing field(s) {missing}")
    values = {name: _as_tuples(value) for name, value in table.items()}
    return cls(**{**values, **fixed})


def _load(path: Path = DATA):
    """SOURCES, SETS, PROBLEMS and PRINTED from the data file; a clear error names a malformed one."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CourseDataError(f"cannot read the course data {path}: {exc}") from exc
    unknown = sorted(set(data) - {"sources", "sets", "missing", "problem", "printed"})
    if unknown:
        raise CourseDataError(f"{path.name}: unknown table(s) {unknown}")
    sources = {key: (entry["file"], entry["about"]) for key, entry in data.get("sources", {}).items()}
    sets = {(entry["name"], entry["year"]): entry["problems"] for entry in data.get("sets", [])}
    missing = {key: _record(Missing, entry, f"[missing.{key}]") for key, entry in data.get("missing", {}).items()}
    problems = []
    for k, table in enumerate(data.get("problem", [])):
        where = f"problem {table.get('id', k + 1)!r}"
        keys = table.get("unavailable", [])
        if not set(keys) <= set(missing):
            raise CourseDataError(f"{path.name}, {where}: unknown missing file(s) {sorted(set(keys) - set(missing))}")
        setting = MappingProxyType(dict(table.get("setting", {})))
        problems.append(_record(Problem, table, where, unavailable=tuple(missing[key] for key in keys),
                                setting=setting))
    printed = [_record(Printed, table, f"printed {table.get('id', k + 1)!r}")
               for k, table in enumerate(data.get("printed", []))]
    return MappingProxyType(sources), MappingProxyType(sets), tuple(problems), tuple(printed)


SOURCES, SETS, PROBLEMS, PRINTED = _load()

_PROBLEM_ID = re.compile(r"^hw(\d)-(\d{4})-p(\d+)$")
_CHAPTER = re.compile(r"^chapters/[a-z][a-z0-9_]*$")
_TENSOR = re.compile(r"^tensor\((.*)\)$", re.S)
_NUMBER_PREFIX = re.compile(r"^[A-Za-z][A-Za-z ]*:\s*")


def parse_printed(text: str) -> object:
    """The number, tuple or nested tuple that a course print shows; ``None`` when it is prose.

    Thousands separators, a ``Label:`` prefix and a ``tensor(...)`` wrapper are removed.

    >>> parse_printed("1,114,636,288")
    1114636288
    >>> parse_printed("tensor(6.6905e-09)")
    6.6905e-09
    >>> parse_printed("Average Pixel Diff: 7.1e-17")
    7.1e-17
    >>> parse_printed("tensor([[1.0, 2.0], [3.0, 4.0]])")
    ((1.0, 2.0), (3.0, 4.0))
    >>> parse_printed("seems better") is None
    True
    """
    body = _NUMBER_PREFIX.sub("", text.strip())
    tensor = _TENSOR.match(body)
    if tensor:
        body = tensor.group(1)
    body = re.sub(r"(?<=\d),(?=\d{3}\b)", "", body)
    try:
        value = ast.literal_eval(body)
    except (ValueError, SyntaxError):
        return None
    return _as_tuples(value) if isinstance(value, (int, float, list, tuple)) else None


def _fail(record, message: str):
    raise CourseDataError(f"{type(record).__name__} {getattr(record, 'id', record)!r}: {message}")


def _validate_problem(p: Problem) -> None:
    match = _PROBLEM_ID.match(p.id)
    if not match:
        _fail(p, "id must look like 'hw7-2024-p1'")
    if (p.set_name.lower(), p.year, p.number) != (f"hw{match.group(1)}", int(match.group(2)), int(match.group(3))):
        _fail(p, f"id disagrees with set {p.set_name!r}, year {p.year}, number {p.number}")
    if (p.set_name, p.year) not in SETS:
        _fail(p, f"unknown set {p.set_name} ({p.year}); known: {sorted(SETS)}")
    if not 1 <= p.number <= SETS[p.set_name, p.year]:
        _fail(p, f"number {p.number} outside 1..{SETS[p.set_name, p.year]}")
    for key in p.stated_in + p.solved_in:
        if key not in SOURCES:
            _fail(p, f"unknown source {key!r}; known: {sorted(SOURCES)}")
    if not _CHAPTER.match(p.chapter):
        _fail(p, f"chapter {p.chapter!r} is not a docname like 'chapters/softmax'")
    if not p.title or not isinstance(p.setting, Mapping) or not p.setting:
        _fail(p, "needs a title and a non-empty setting")
    if not all(isinstance(m, Missing) for m in p.unavailable):
        _fail(p, "unavailable must hold Missing records")


def _validate_printed(r: Printed, problems: Mapping[str, Problem], by_id: Mapping[str, Printed]) -> None:
    if r.problem not in problems:
        _fail(r, f"refers to unknown problem {r.problem!r}")
    if not r.id.startswith(r.problem + "-"):
        _fail(r, f"id must start with its problem's id {r.problem!r}")
    if r.source not in SOURCES:
        _fail(r, f"unknown source {r.source!r}")
    problem_sources = problems[r.problem].stated_in + problems[r.problem].solved_in
    if r.source not in problem_sources:
        _fail(r, f"source {r.source!r} is not among its problem's files {problem_sources}")
    if r.kind not in KINDS:
        _fail(r, f"kind {r.kind!r} not in {KINDS}")
    if r.rule not in RULES:
        _fail(r, f"rule {r.rule!r} not in {RULES}")
    if r.rule == "digits" and not r.digits:
        _fail(r, "rule 'digits' needs digits")
    if r.rule in ("tolerance", "magnitude") and not (r.tolerance and r.tolerance > 0):
        _fail(r, f"rule {r.rule!r} needs a positive tolerance")
    if not r.reproducible and not r.check_instead:
        _fail(r, "not reproducible: say what is checked instead (check_instead)")
    if r.reproducible and r.check_instead:
        _fail(r, "check_instead is only for records that are not reproducible")
    if r.ditto_of is not None:
        if r.ditto_of not in by_id or by_id[r.ditto_of].value != r.value:
            _fail(r, f"ditto of {r.ditto_of!r}, which is missing or has another value")
        return
    if r.kind in ("count", "difference", "timing", "tensor", "shape", "value"):
        parsed = parse_printed(r.printed)
        if parsed is not None and parsed != r.value:
            _fail(r, f"printed {r.printed!r} parses to {parsed!r}, not the recorded {r.value!r}")
    if r.kind == "count" and not isinstance(r.value, (int, tuple)):
        _fail(r, "a count is an integer or a tuple of integers")
    if r.expect not in EXPECTATIONS:
        _fail(r, f"expect {r.expect!r} not in {EXPECTATIONS}")
    if r.kind == "verdict" and not isinstance(r.value, str):
        _fail(r, "a verdict's value is a short statement")


def _validate() -> None:
    problems: dict[str, Problem] = {}
    for p in PROBLEMS:
        _validate_problem(p)
        if p.id in problems:
            _fail(p, "duplicate id")
        problems[p.id] = p
    for (name, year), count in SETS.items():
        numbers = sorted(p.number for p in PROBLEMS if (p.set_name, p.year) == (name, year))
        if numbers != list(range(1, count + 1)):
            raise CourseDataError(f"set {name} ({year}) must have problems 1..{count}, has {numbers}")
    for p in PROBLEMS:
        if p.same_topic_as is not None and p.same_topic_as not in problems:
            _fail(p, f"same_topic_as refers to unknown problem {p.same_topic_as!r}")
    by_id: dict[str, Printed] = {}
    for r in PRINTED:
        if r.id in by_id:
            _fail(r, "duplicate id")
        by_id[r.id] = r
    for r in PRINTED:
        _validate_printed(r, problems, by_id)


_validate()

_BY_ID = {p.id: p for p in PROBLEMS}


def problem(problem_id: str) -> Problem:
    """The problem called ``problem_id``; a clear error lists the known ids."""
    if problem_id not in _BY_ID:
        raise KeyError(f"no course problem {problem_id!r}; known: {', '.join(_BY_ID)}")
    return _BY_ID[problem_id]


def printed_for(problem_id: str) -> list[Printed]:
    """The course's printed numbers and conclusions for one problem, in the order of the course file."""
    problem(problem_id)
    return [r for r in PRINTED if r.problem == problem_id]


def problems_on(chapter: str) -> list[Problem]:
    """The course problems that the page ``chapter`` (a docname) answers."""
    return [p for p in PROBLEMS if p.chapter == chapter]


def _significant(x: float, digits: int) -> float:
    return float(f"{x:.{digits - 1}e}")


def _leaves(value) -> list:
    return [leaf for v in value for leaf in _leaves(v)] if isinstance(value, (list, tuple)) else [value]


def agreement(record: Printed, value) -> tuple[bool, str]:
    """Whether ``value``, computed by the build, agrees with what the course printed, and how it was compared.

    The comparison follows ``record.rule``: ``exact`` (equal as numbers),
    ``digits`` (every entry equal when both are rounded to ``record.digits``
    significant digits), ``tolerance`` (relative difference at most
    ``record.tolerance``), ``magnitude`` (within a factor ``record.tolerance``)
    and ``verdict`` (``value`` is True when the build's numbers support the
    course's statement).

    >>> count = Printed("hw4-2024-p7-modern", "hw4-2024-p7", "hw4-official", "parameters", "61706", 61706,
    ...                 "count", "count the modules", "exact")
    >>> agreement(count, 61706)
    (True, 'equal')
    >>> agreement(count, 61707)
    (False, 'differs by 1')
    >>> diff = dataclasses.replace(count, rule="magnitude", tolerance=10.0, value=6.7e-09)
    >>> agreement(diff, 3.8e-08)[0], agreement(diff, 3.8e-06)[0]
    (True, False)
    """
    course = record.value
    if record.rule == "verdict":
        return (bool(value), "supported by this build's numbers" if value else "not supported by this build's numbers")
    if record.rule == "exact":
        same = _as_tuples(value) == course
        if same:
            return True, "equal"
        if isinstance(course, (int, float)) and isinstance(value, (int, float)):
            return False, f"differs by {value - course:g}"
        return False, "differs"
    ours, theirs = _leaves(_as_tuples(value)), _leaves(course)
    if len(ours) != len(theirs):
        return False, f"{len(ours)} entries against the course's {len(theirs)}"
    if record.rule == "digits":
        off = [k for k, (a, b) in enumerate(zip(ours, theirs))
               if _significant(a, record.digits) != _significant(b, record.digits)]
        return (not off, f"equal to {record.digits} significant digits" if not off
                else f"{len(off)} of {len(ours)} entries differ at {record.digits} significant digits")
    worst = max(abs(a - b) / abs(b) if b else abs(a) for a, b in zip(ours, theirs))
    if record.rule == "tolerance":
        return worst <= record.tolerance, f"largest relative difference {worst:.2g} (allowed {record.tolerance:g})"
    tiny = 1e-300  # keeps a zero from dividing
    factor = max(max(abs(a), tiny) / max(abs(b), tiny) for a, b in zip(ours + theirs, theirs + ours))
    return factor <= record.tolerance, f"within a factor {factor:.2g} (allowed {record.tolerance:g})"
