"""The answer box's reader and messages (claimcheck.answers), pinned by what the reader sees: the verdict, the
point and the two values a wrong answer is shown at, and the position and reason of an unreadable one."""

import re

import pytest
import sympy as sp

from claimcheck import Claim, relation
from claimcheck.answers import AnswerKey, answer_key, check_answer, parse_answer

x = sp.Symbol("x", real=True)
SQUARE = AnswerKey(x**2, {"x": x})


@pytest.mark.parametrize("answer", ["-x^2", "x*abs(x)", "x^2 + 1"])
def test_a_wrong_answer_is_shown_at_a_point_where_it_differs_from_the_right_one(answer):
    verdict = check_answer(answer, SQUARE)
    assert verdict.status == "fails" and verdict.point, verdict
    shown = re.fullmatch(r"✘ Not equal\. At (x = \S+), your answer is (\S+) and the checked one (\S+)\.",
                         verdict.message)
    assert shown and shown.group(1) == verdict.point, verdict.message
    assert float(shown.group(2)) != float(shown.group(3)), verdict.message


def test_an_unreadable_answer_lists_the_functions_a_reader_may_type():
    message = check_answer("x +* 2", SQUARE).message
    assert "Functions: exp, log, sqrt, abs, sin, cos, tanh, sum(f, i, a, b), product(f, i, a, b); " \
           "constants pi, e, oo" in message, message


@pytest.mark.parametrize(("text", "position", "why"), [
    ("x.__class__", 2, "'.' is not allowed here"),
    ("x @ x", 3, "'@' is not allowed here"),
    ("{x}", 1, "'{' is not allowed here"),
])
def test_a_character_an_answer_cannot_hold_is_named_with_its_position(text, position, why):
    verdict = check_answer(text, SQUARE)
    assert verdict.status == "unreadable"
    assert verdict.message.startswith(f"Cannot read your answer at position {position}: {why}."), verdict.message


def test_a_product_is_typed_as_product_of_the_term_the_index_and_its_range():
    k, n = sp.Symbol("k", integer=True, positive=True), sp.Symbol("n", integer=True, positive=True)
    key = AnswerKey(sp.Product(k, (k, 1, n)), {"k": k, "n": n})
    assert parse_answer("product(k, k, 1, n)", key) == sp.Product(k, (k, 1, n))
    assert check_answer("product(k, k, 1, n)", key).status == "holds"


def test_a_part_the_claim_does_not_have_is_a_clear_error_naming_the_claim_and_its_parts():
    claim = Claim("demo.sq", "t", relation(x, "=", x))
    with pytest.raises(ValueError, match=r"claim demo\.sq has 1 part\(s\); part 2 does not exist"):
        answer_key(claim, part=2)
