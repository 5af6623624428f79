"""The course data (derivations.course): complete, consistent, and its validation rejects planted errors."""

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest

from derivations import course

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_twenty_four_problems_in_four_sets():
    assert len(course.PROBLEMS) == 24
    per_set = Counter((p.set_name, p.year) for p in course.PROBLEMS)
    assert per_set == {("HW4", 2024): 7, ("HW5", 2021): 6, ("HW6", 2021): 6, ("HW7", 2024): 5}


def test_the_course_map_has_every_set_under_its_own_heading():
    """docs/course-map.md lists a set only where it asks for it: each set once, under a heading of its name."""
    text = (DOCS / "course-map.md").read_text(encoding="utf8")
    maps = re.findall(r"^## (\S+) \((\d{4})\)\n\n```\{course-map\} (\S+) (\d{4})$", text, flags=re.M)
    assert sorted((name, int(year)) for name, year, *_ in maps) == sorted(course.SETS)
    assert all((name, year) == (n2, y2) for name, year, n2, y2 in maps)


def test_the_lost_statements_are_recorded_as_unavailable():
    """The errata's notes on HW5 (2021) and HW7 (2024): no problem of theirs has a statement in the course files."""
    for problem in course.PROBLEMS:
        if problem.set_name in ("HW5", "HW7"):
            assert problem.stated_in == (), problem.id
            assert any("problem statements" in m.what for m in problem.unavailable), problem.id
        else:
            assert problem.stated_in, problem.id


def test_hw5_2021_p4_left_nothing_to_reproduce():
    """The errata's note on HW5 (2021) P4: the notebook has only its heading, so nothing was printed."""
    assert course.printed_for("hw5-2021-p4") == []


def test_ids_unique():
    for records in (course.PROBLEMS, course.PRINTED):
        counts = Counter(r.id for r in records)
        assert [i for i, n in counts.items() if n > 1] == []


def test_every_printed_refers_to_a_problem():
    ids = {p.id for p in course.PROBLEMS}
    assert {r.problem for r in course.PRINTED} <= ids


def test_every_problem_page_exists():
    missing = [(p.id, p.chapter) for p in course.PROBLEMS if not (DOCS / f"{p.chapter}.md").is_file()]
    assert missing == []


def test_the_two_repeated_topics_point_at_each_other():
    pairs = {(p.id, p.same_topic_as) for p in course.PROBLEMS if p.same_topic_as}
    assert all((b, a) in pairs for a, b in pairs)
    assert {("hw6-2021-p1", "hw7-2024-p3"), ("hw6-2021-p3", "hw7-2024-p4")} <= pairs


def test_not_reproducible_records_say_what_is_checked_instead():
    for r in course.PRINTED:
        assert r.reproducible or r.check_instead, r.id


def test_no_student_number_in_the_data():
    text = (Path(course.__file__)).read_text(encoding="utf-8")
    assert not re.search(r"\b20\d\d-\d{4,5}\b", text)


def test_lookup_errors_name_the_known_ids():
    with pytest.raises(KeyError, match="hw4-2024-p1"):
        course.problem("hw9-2030-p1")


# Planted errors: each must make the import-time validation fail, naming the record.

def _validate_with(monkeypatch, problems=None, printed=None):
    monkeypatch.setattr(course, "PROBLEMS", course.PROBLEMS if problems is None else problems)
    monkeypatch.setattr(course, "PRINTED", course.PRINTED if printed is None else printed)
    course._validate()


def test_validation_passes_on_the_data(monkeypatch):
    _validate_with(monkeypatch)


def _replace_printed(index, **changes):
    records = list(course.PRINTED)
    records[index] = dataclasses.replace(records[index], **changes)
    return tuple(records)


def _first(pred):
    return next(i for i, r in enumerate(course.PRINTED) if pred(r))


@pytest.mark.parametrize("mutant, message", [
    (lambda: dict(problems=course.PROBLEMS + course.PROBLEMS[:1]), "duplicate id"),
    (lambda: dict(problems=course.PROBLEMS[1:]), "must have problems 1..7"),
    (lambda: dict(printed=course.PRINTED + course.PRINTED[:1]), "duplicate id"),
    (lambda: dict(printed=_replace_printed(0, problem="hw4-2024-p9")), "unknown problem"),
    (lambda: dict(printed=_replace_printed(0, kind="number")), "kind"),
    (lambda: dict(printed=_replace_printed(_first(lambda r: r.kind == "count"), value=12345)), "parses to"),
    (lambda: dict(printed=_replace_printed(_first(lambda r: r.kind == "tensor" and r.printed.startswith("tensor")),
                                           value=((0.0,),))), "parses to"),
    (lambda: dict(printed=_replace_printed(_first(lambda r: r.ditto_of), value=1)), "ditto"),
    (lambda: dict(printed=_replace_printed(_first(lambda r: not r.reproducible), check_instead="")),
     "checked instead"),
    (lambda: dict(printed=_replace_printed(_first(lambda r: r.rule == "digits"), digits=None)), "needs digits"),
    (lambda: dict(printed=_replace_printed(0, source="hw5-notebook")), "not among its problem's files"),
    (lambda: dict(problems=(dataclasses.replace(course.PROBLEMS[0], chapter="softmax"),)
                  + course.PROBLEMS[1:]), "docname"),
    (lambda: dict(problems=(dataclasses.replace(course.PROBLEMS[0], number=2),) + course.PROBLEMS[1:]),
     "disagrees"),
    (lambda: dict(problems=(dataclasses.replace(course.PROBLEMS[0], same_topic_as="hw4-2024-p8"),)
                  + course.PROBLEMS[1:]), "same_topic_as"),
])
def test_validation_rejects_planted_errors(monkeypatch, mutant, message):
    with pytest.raises(course.CourseDataError, match=message):
        _validate_with(monkeypatch, **mutant())


@pytest.mark.parametrize("edit, message", [
    (lambda text: text.replace('id = "hw4-2024-p7-modern"', 'id = "hw4-2024-p7-modern"\ncolour = 1'),
     r"printed 'hw4-2024-p7-modern': unknown field\(s\) \['colour'\]"),
    (lambda text: text.replace('title = "Forward differences as one 3×3 convolution"\n', ""),
     r"problem 'hw4-2024-p1': missing field\(s\) \['title'\]"),
    (lambda text: text.replace('unavailable = ["cifar"', 'unavailable = ["cifar10"', 1),
     r"unknown missing file\(s\) \['cifar10'\]"),
    (lambda text: text + "\n[[printed]\n", r"cannot read the course data"),
    (lambda text: text + "\n[extra]\nx = 1\n", r"unknown table\(s\) \['extra'\]"),
])
def test_the_data_file_is_read_strictly(tmp_path, edit, message):
    """A field the schema does not know, one it needs, a dangling key or broken TOML: an error naming it."""
    broken = tmp_path / "course.toml"
    text = course.DATA.read_text(encoding="utf8")
    changed = edit(text)
    assert changed != text, "the planted edit did not apply"
    broken.write_text(changed, encoding="utf8")
    with pytest.raises(course.CourseDataError, match=message):
        course._load(broken)
