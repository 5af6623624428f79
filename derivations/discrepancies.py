"""Discrepancies with the course that are not errors and that no topic module owns.

A chapter that notes where the course material is incomplete, leaves a
convention unsaid, or holds only up to rounding records it here (or in its
topic module) with ``kind="note"``, backed like every erratum by the test that
shows it, so that the errata page lists every discrepancy a chapter mentions,
in a category apart from the mathematical errors.  This module registers no
claims.
"""

from claimcheck import erratum

erratum(
    where="HW5 (2021), every problem: the statements",
    says="the course files keep one student's executed notebook of this set and none of its problem statements",
    correction="each exercise of the set restates the problem from what that notebook answers, and says so at its "
               "source line; the settings (sizes, seeds, step sizes) are those of the notebook's code",
    checked_by=("tests/test_course_data.py::test_the_lost_statements_are_recorded_as_unavailable",),
    kind="note",
)

erratum(
    where="HW7 (2024), every problem: the statements",
    says="the course files keep two students' solutions of this set (one typed, one handwritten and partly "
         "illegible) and none of its problem statements",
    correction="each exercise of the set restates the problem that both solutions answer, and says so at its "
               "source line; where the two solutions differ the chapter says which it follows",
    checked_by=("tests/test_course_data.py::test_the_lost_statements_are_recorded_as_unavailable",),
    kind="note",
)

erratum(
    where="HW5 (2021) P4, the notebook",
    says="the notebook has only the heading of this problem (the receptive field): no statement, no solution "
         "and no number",
    correction="the exercise asks a question of the book's own on the receptive field, labelled as such",
    checked_by=("tests/test_course_data.py::test_hw5_2021_p4_left_nothing_to_reproduce",),
    kind="note", problem="hw5-2021-p4",
)

erratum(
    where="HW4 (2024) P5, statement: the two labels",
    says="the images of 4 and 9 get the labels $-1$ and $+1$, without saying which digit gets which",
    correction="a convention the book fixes (4 is $-1$, 9 is $+1$); swapping it negates $a$ and $b$ and changes "
               "neither loss's minimum nor the accuracy",
    checked_by=("tests/test_loss.py::test_swapping_the_labels_and_the_sign_of_z_changes_no_loss",),
    kind="note", problem="hw4-2024-p5",
)

erratum(
    where="HW5 (2021) P1, the notebook's conclusion",
    says="the gradient computed by the hand-written backward pass and autograd's gradient are the same",
    correction="they agree to the printed digits; as float32 tensors they may differ in the last bits, since the "
               "two add the same products in different orders",
    checked_by=("tests/test_course_numbers.py::test_hw5_2021_p1",),
    kind="note", problem="hw5-2021-p1",
)

erratum(
    where="HW7 (2024) P3, both solutions: the printed differences",
    says="the outputs with and without batch norm are called the same, with a printed difference of order "
         "$10^{-9}$ whose statistic the lost starter code chose",
    correction="the same up to float32 rounding, not bit for bit; the printed values are of the order of a mean "
               "absolute difference at that rounding, not of a mean squared one (the square of such a number)",
    checked_by=("tests/test_course_numbers.py::test_hw7_2024_p3",),
    kind="note", problem="hw7-2024-p3",
)
