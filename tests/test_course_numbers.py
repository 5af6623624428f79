"""The numbers the course printed, recomputed through the same mfdnn functions as the pages.

Each course problem with printed numbers has one test here, named after it
(``test_hw5_2021_p1`` for ``hw5-2021-p1``).  A test recomputes the problem's
printed items (the values its page glues) and compares each with the print
recorded in :mod:`derivations.course` by the item's rule
(:func:`derivations.course.agreement`): it fails when a reproduced number drifts
from the course's, or when an item expected to disagree starts to agree.
Expensive items (training runs) are checked by the build only; their tests say so.
"""

from derivations import course
from mfdnn import mlp


def assert_course_numbers(problem_id: str, values: dict) -> None:
    """Every printed item of ``problem_id`` has a value, and each agrees (or disagrees) as its record expects."""
    records = course.printed_for(problem_id)
    missing = sorted({r.id for r in records} - set(values))
    unknown = sorted(set(values) - {r.id for r in records})
    assert not missing and not unknown, f"{problem_id}: values missing for {missing}, unknown ids {unknown}"
    for record in records:
        agrees, how = course.agreement(record, values[record.id])
        assert agrees == (record.expect == "agrees"), f"{record.id}: {how} (expected: {record.expect})"


# --- hw5 (2021) P1: backprop for an MLP by hand, against autograd (chapters/03-backpropagation) ---------------

def test_hw5_2021_p1():
    """The gradient of A_1 printed twice (autograd, by hand) to 5 significant digits, and 'the two agree'."""
    values = mlp.course_printed_values()
    assert_course_numbers("hw5-2021-p1", values)
    assert values["hw5-2021-p1-agree"] is True


def test_a_drifted_number_is_caught():
    """The comparison fails on a value that differs from the print in its fifth significant digit."""
    values = dict(mlp.course_printed_values())
    rows = [list(row) for row in values["hw5-2021-p1-autograd"]]
    rows[0][0] *= 1.001
    values["hw5-2021-p1-autograd"] = tuple(map(tuple, rows))
    try:
        assert_course_numbers("hw5-2021-p1", values)
    except AssertionError as error:
        assert "hw5-2021-p1-autograd" in str(error)
    else:
        raise AssertionError("a drifted gradient entry was not caught")
