"""The answer box's reader and messages (claimcheck.answers), pinned by what the reader sees: the verdict, the
point and the two values a wrong answer is shown at, and the position and reason of an unreadable one."""

import re

import pytest
import sympy as sp

from claimcheck import Claim, Mutant, relation
from claimcheck.answers import AnswerKey, answer_key, check_answer, parse_answer, typed

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


def test_an_undefined_or_infinite_answer_to_a_number_is_not_equal_and_says_why():
    third = AnswerKey(sp.Rational(1, 3), {})
    undefined = check_answer("1/0", third)
    assert (undefined.status, undefined.message) == (
        "fails", "✘ Not equal (the left side undefined after the substitutions (a division by zero)).")
    infinite = check_answer("oo", third)
    assert infinite.status == "fails"
    assert infinite.message.startswith("✘ Not equal: exact values differ. Your answer, oo,"), infinite.message
    assert check_answer("1/4", third).message == "✘ Not equal: exact values differ. Your answer, 0.25, is too small."
    assert check_answer("0.5", third).message == "✘ Not equal: exact values differ. Your answer, 0.5, is too large."
    assert AnswerKey(sp.Rational(1, 3), {}).names() == "none (a number)"


n = sp.Symbol("n", integer=True, positive=True)
j = sp.Symbol("j", integer=True)
w = sp.IndexedBase("w", real=True)
SUM = AnswerKey(sp.Sum(w[j] ** 2, (j, 1, n)), {"w": w, "n": n, "j": j})


def test_an_indexed_family_is_typed_with_brackets_or_an_underscore_and_a_sum_either_way():
    assert SUM.names() == "j, n, w[j] (or w_j)"
    for typed_sum in ("sum(w_j^2, j, 1, n)", "sum(w[j]^2, j, 1, n)", "sum(w_j^2, (j, 1, n))"):
        assert check_answer(typed_sum, SUM).status == "holds", typed_sum


def test_a_wrong_answer_with_a_family_shows_the_entries_drawn():
    verdict = check_answer("w_1^2", SUM)
    assert verdict.status == "fails" and re.match(r"n = \d, w\[1\] = \S+, w\[2\] = ", verdict.point), verdict.point


@pytest.mark.parametrize(("text", "position", "why"), [
    ("(w_1", 1, "this bracket is never closed."),
    ("w_1 = 2", 5, "type only the expression, without '=' or a comparison."),
    ("w_1 < 1", 5, "type only the expression, without '=' or a comparison."),
    ("2w_1", 1, "invalid decimal literal (write a product as 2*x)."),
    ("'a'", 1, "quotes are not allowed."),
    ("w_1 + 3 )", 9, "unmatched ')'."),
    ("sum(w_j^2, j, 1)", 1, "SymPy could not build it: write sum(f, i, a, b): the term, the index, its first and its "
                            "last value."),
])
def test_an_unreadable_answer_says_where_and_why(text, position, why):
    verdict = check_answer(text, SUM)
    assert verdict.status == "unreadable"
    assert verdict.message.startswith(f"Cannot read your answer at position {position}: {why}\n"), verdict.message


def test_a_symbol_the_hypotheses_replace_is_shown_at_its_value_there():
    y, s = sp.Symbol("y", positive=True), sp.Symbol("s", positive=True)
    claim = Claim("demo.w", "t", relation(y, "=", s + 1), where={y: s + 1})
    key = answer_key(claim, side="lhs")
    verdict = check_answer("y + 1", key)
    shown = re.fullmatch(r"y = (\S+)", verdict.point)
    assert shown and verdict.message == (f"✘ Not equal. At y = {shown.group(1)}, your answer is "
                                         f"{float(shown.group(1)) + 1:.6g} and the checked one {shown.group(1)}.")
    with pytest.raises(ValueError, match="side must be 'lhs' or 'rhs', not 'middle'"):
        answer_key(claim, side="middle")


def test_an_answer_is_typed_as_a_reader_types_it_sums_and_products_included():
    key = AnswerKey(SUM.expected * sp.Product(j, (j, 1, n)), SUM.symbols)
    assert typed(key.expected, key) == "product(j, (j, 1, n))*sum(w[j]**2, (j, 1, n))"
    assert check_answer(typed(key.expected, key), key).status == "holds"
    assert typed(sp.Sum(j, (j, 1, 3)), AnswerKey(sp.Integer(6), {})) == "6"  # a number: its value


def test_a_box_names_only_the_planted_errors_a_reader_can_type_and_that_differ_from_the_right_answer():
    s, k = sp.Symbol("s", nonnegative=True), sp.Symbol("k", positive=True)
    claim = Claim("demo.p", "t", (relation(x**2 + k, ">=", k), relation(x**2, "=", x * x)), where={k: s + 1},
                  mutants=(Mutant("flipped sign", "minus", (relation(x**2 - k, ">=", k), relation(x**2, "=", -x * x))),
                           Mutant("wrong constant", "the same once k = s + 1",
                                  (relation(x**2 + k, ">=", s + 1), relation(x**2, "=", x * x))),
                           Mutant("missing hypothesis", "k = s", where={k: s}),
                           Mutant("dropped factor", "one part", relation(x**2, ">=", 0)),
                           Mutant("wrong constant", "a slack variable", (relation(x**2 + k, ">=", k + s),
                                                                         relation(x**2, "=", x * x)))))
    planted = {(part, side): [(p.description, p.expr) for p in answer_key(claim, part, side).planted]
               for part, side in ((1, "lhs"), (1, "rhs"), (2, "rhs"))}
    assert planted == {(1, "lhs"): [("minus", x**2 - k), ("one part", x**2)], (1, "rhs"): [("one part", 0)],
                       (2, "rhs"): [("minus", -(x**2))]}
    verdict = check_answer("-x*x", answer_key(claim, 2, "rhs"))
    assert verdict.as_data()["planted"] == {"kind": "flipped sign", "description": "minus"}
    assert verdict.as_data()["status"] == "planted" and verdict.as_data()["message"] == (
        "✘ A planted error: flipped sign (minus).")


def test_decimals_are_read_as_exact_fractions():
    key = AnswerKey(x / 2, {"x": x})
    assert parse_answer("0.5*x", key) == x / 2 and check_answer("0.5*x", key).status == "holds"


def test_an_answer_to_a_number_is_checked_as_an_exact_instance_and_an_undefined_one_says_why():
    third = AnswerKey(sp.Rational(1, 3), {})
    assert check_answer("1/4", third).detail == "exact values differ"
    assert check_answer("0*oo", third).message == (
        "✘ Not equal (the left side undefined after the substitutions (a division by zero)).")
    assert check_answer("(x, x)", SQUARE).message.startswith(
        "Cannot read your answer at position 1: it is not a single expression.")


@pytest.mark.parametrize(("text", "position"), [("x +", 4), ("x ** ", 6), ("sqrt(x", 5)])
def test_an_answer_that_ends_too_early_is_reported_where_it_ends_or_where_its_bracket_opens(text, position):
    message = check_answer(text, SQUARE).message
    assert message.startswith(f"Cannot read your answer at position {position}: "), message
