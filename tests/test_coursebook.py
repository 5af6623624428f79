"""The course directives (coursebook.sources) on a tiny book: tests/roots/test-coursebook.

One build: a page glues three printed items of its problem (one agrees, one
disagrees as the data expects, one drifted), and a second problem is posed by
no exercise.  The build must fail naming each fault, and the tables must show
the comparisons.
"""

import pytest


@pytest.mark.sphinx("html", testroot="coursebook", freshenv=True)
def test_course_numbers_and_map_compare_the_build_with_the_course_and_fail_on_drift(app):
    app.build()
    log = app.warning.getvalue()
    assert "page 'counts': printed item 'hw1-2024-p1-drift' disagrees with the course, but the data expects it " \
           "to agree" in log
    assert "hw1-2024-p1-count" not in log and "hw1-2024-p1-wrong" not in log, log
    assert "course problem 'hw1-2024-p2' has no exercise 'ex-hw1-2024-p2' on its page 'counts'" in log
    # The claims the data lists for a problem are those its solution gives (coursebook.exerciseclaims).
    assert "page 'counts': course problem 'hw1-2024-p1' (course data) lists claims its solution does not give: " \
           "['tiny.square']" in log
    assert "hw1-2024-p3' (course data)" not in log, log
    # A linked theorem gives its section's boxes, or its own alone when it stands under the page's title.
    assert "hw1-2024-p4' (course data)" not in log and "hw1-2024-p5' (course data)" not in log, log
    counts = (app.outdir / "counts.html").read_text(encoding="utf8")
    assert "<em>HW1 (2024), problem 1</em>" in counts
    assert "✔ equal" in counts and "✘ differs by 1" in counts
    course_map = (app.outdir / "map.html").read_text(encoding="utf8")
    assert 'href="counts.html#ex-hw1-2024-p1"' in course_map
    assert "printed numbers 1 of 3 reproduced, 1 contradicted" in course_map
    assert "✔ 1 of 1 claims hold" in course_map
    # What the course used and the book lacks stands at the exercise, not on the map.
    assert "Not available to this book" in counts and "<code" in counts and "squares.csv" in counts
    assert "squares.csv" not in course_map
    # The search finds the exercise by its set and number (index entries) and by its title (an object).
    index = (app.outdir / "searchindex.js").read_text(encoding="utf8")
    assert '"hw1 problem 1"' in index and '"hw1 (2024), problem 1"' in index
    assert "HW1 (2024), problem 1: Counting n^2 squares" in index
