"""The answer box's reader and messages (claimcheck.answers), pinned by what the reader sees: the verdict, the
point and the two values a wrong answer is shown at, and the position and reason of an unreadable one."""

import re

import pytest
import sympy as sp

from claimcheck import Claim, Mutant, relation
from claimcheck.answers import AnswerKey, PlantedAnswer, answer_key, check_answer, parse_answer, typed

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


# --------------------------------------------------------------------------
# The messages a reader reads, whole


def test_a_right_answer_is_told_so_with_the_checkers_reason():
    verdict = check_answer("x*x", SQUARE)
    assert verdict.as_data() == {
        "status": "holds", "detail": "difference is 0 after expand", "point": "", "planted": None,
        "message": "✔ Right: the checker proves your answer equal to the checked one (difference is 0 after expand)."}


def test_an_answer_no_normal_form_decides_is_undecided_and_never_a_tick():
    verdict = check_answer("x^2 + sin(x)^2 + cos(x)^2 - 1", SQUARE)
    assert verdict.as_data() == {
        "status": "undecided", "detail": "no normal form reached 0, no counterexample found", "point": "",
        "planted": None,
        "message": "? Undecided: SymPy could neither prove nor refute it (no normal form reached 0, no counterexample "
                   "found). This is not a ✔."}


def test_a_wrong_answer_carries_the_point_it_is_shown_at():
    verdict = check_answer("-x^2", SQUARE)
    assert verdict.as_data() == {
        "status": "fails", "detail": "difference nonzero at x=2.755", "point": "x = 2.75537", "planted": None,
        "message": "✘ Not equal. At x = 2.75537, your answer is -7.59209 and the checked one 7.59209."}


def test_a_planted_error_keeps_the_checkers_detail_on_the_right_answer():
    planted = PlantedAnswer("flipped sign", "minus x squared", -(x**2))
    verdict = check_answer("-x*x", AnswerKey(x**2, {"x": x}, planted=(planted,)))
    assert (verdict.status, verdict.planted) == ("planted", planted)
    assert verdict.detail == check_answer("-x*x", SQUARE).detail == "difference nonzero at x=2.755"


THIRD = AnswerKey(sp.Rational(1, 3), {})


@pytest.mark.parametrize(("answer", "shown", "compared"), [
    ("0.3333334", "0.333333", "too large"),  # compared exactly, not as shown
    ("0.3333333", "0.333333", "too small"),
    ("oo", "oo", "too large"),
    ("-oo", "-oo", "too small"),
    ("sqrt(-1)", "0+1i", "not the checked value"),
    ("10^6 + sqrt(-1)/10^8", "1000000", "not the checked value"),  # an imaginary part below the tolerance is not shown
    ("sqrt(-1)*3/(2*10^12)", "0+1.5e-12i", "not the checked value"),
    ("999999999999999", "999999999999999", "too large"),  # up to 15 digits, every digit
    ("10^15", "1e+15", "too large"),
])
def test_a_wrong_number_is_said_to_be_too_large_or_too_small_without_giving_the_right_one_away(answer, shown, compared):
    verdict = check_answer(answer, THIRD)
    assert verdict.message == f"✘ Not equal: exact values differ. Your answer, {shown}, is {compared}.", verdict.message


def test_a_number_under_hypotheses_is_compared_exactly_too():
    y, s = sp.Symbol("y", positive=True), sp.Symbol("s", positive=True)
    key = answer_key(Claim("demo.two", "t", relation(y, "=", 2), where={y: s + 1}))
    verdict = check_answer("3", key)
    assert (verdict.message, verdict.detail) == ("✘ Not equal: exact values differ. Your answer, 3, is too large.",
                                                 "difference nonzero")


def test_an_answer_is_checked_under_the_hypotheses_that_relate_its_symbols():
    k = sp.Symbol("k", integer=True, positive=True)
    key = AnswerKey(j + k, {"j": j, "k": k, "n": n}, where={n: j + k})
    assert check_answer("n", key).status == "holds"
    assert AnswerKey.from_data(key.as_data()) == key  # the hypotheses as the page carries them


def test_an_answer_off_by_a_constant_from_a_side_written_unexpanded_is_refuted_at_a_point():
    key = AnswerKey(x**2 + 2 * x - (x + 1) ** 2 + 2, {"x": x})
    verdict = check_answer("(x+1)^2 - x^2 - 2*x + 3", key)
    assert (verdict.status, verdict.detail) == ("fails", "difference nonzero at x=2.755"), verdict


# --------------------------------------------------------------------------
# The point a wrong answer is shown at


def test_the_point_names_the_symbols_as_typed_in_the_order_typed():
    var, a = sp.Symbol("\\sigma^2", positive=True), sp.Symbol("a", real=True)
    verdict = check_answer("sigma2*a + 1", AnswerKey(var * a, {"sigma2": var, "a": a}))
    assert verdict.point == "a = 2.06364, sigma2 = 3.38547", verdict.point


def test_a_point_where_the_answer_nearly_agrees_is_not_shown_as_where_it_differs():
    """At x > 0 (the first two points drawn) the answer is off by 1e-10 of values near 1000, within the
    tolerance; at x < 0 by 2|x|."""
    verdict = check_answer("x^2 + 1000 + 10^-10 + abs(x) - x", AnswerKey(x**2 + 1000, {"x": x}))
    assert (verdict.point, verdict.detail) == ("x = -0.635427", "difference nonzero at x=-0.6354"), verdict


def test_a_difference_of_tiny_values_beyond_the_tolerance_is_shown_where_it_is():
    verdict = check_answer("x/10^13 + 15/10^13", AnswerKey(x / 10**13, {"x": x}))
    assert verdict.message == ("✘ Not equal. At x = 2.75537, your answer is 1.77554e-12 and the checked one "
                               "2.75537e-13."), verdict.message


def test_an_answer_too_large_to_evaluate_is_shown_at_the_checkers_point():
    verdict = check_answer("exp(exp(x^2))", SQUARE)
    assert (verdict.detail, verdict.message) == (
        "difference nonzero at x=2.755", "✘ Not equal. At x = 2.75537, your answer is oo and the checked one 7.59209.")


def test_a_symbol_only_the_answer_has_is_given_a_value_at_the_point():
    """The right answer, a sum from 1 to 3, is the number 6; the answer leaves its index free."""
    verdict = check_answer("j", AnswerKey(sp.Sum(j, (j, 1, 3)), {"j": j}))
    shown = re.fullmatch(r"✘ Not equal\. At j = (-?\d+), your answer is (-?\d+) and the checked one 6\.",
                         verdict.message)
    assert shown and shown.group(1) == shown.group(2), verdict.message


# --------------------------------------------------------------------------
# Reading the typed text


@pytest.mark.parametrize(("text", "entry"), [("w_0", w[0]), ("w_9", w[9]), ("w_n", w[n]), ("w_j", w[j])])
def test_an_entry_is_typed_with_an_underscore_and_a_digit_or_an_integer_symbol(text, entry):
    assert parse_answer(text, SUM) == entry


def test_an_entry_may_be_typed_with_its_index_even_where_the_index_is_not_an_integer_symbol():
    i = sp.Symbol("i")
    assert parse_answer("w_i^2", AnswerKey(sp.Sum(w[i] ** 2, (i, 1, n)), {"w": w, "n": n, "i": i})) == w[i] ** 2


@pytest.mark.parametrize(("text", "position", "why"), [
    ("w_10", 1, "'w_10' is not one of its symbols"),  # a digit, not a number: w[10]
    ("w_x", 1, "'w_x' is not one of its symbols"),  # x is a real symbol, not an index
    ("sum(w_j^2, j)", 1, "SymPy could not build it: write sum(f, i, a, b): the term, the index, its first and its "
                         "last value"),
    ("exp(x=1)", 6, "type only the expression, without '=' or a comparison"),
    ("x == 1", 3, "type only the expression, without '=' or a comparison"),
    ("x > 1", 3, "type only the expression, without '=' or a comparison"),
    ("x <= 1", 3, "type only the expression, without '=' or a comparison"),
    ("x >= 1", 3, "type only the expression, without '=' or a comparison"),
    ("x != 1", 3, "type only the expression, without '=' or a comparison"),
    ("x = w_1 = 1", 3, "type only the expression, without '=' or a comparison"),
    ("w[1:2]", 4, "':' is not allowed here"),
    ("[x]", 1, "'[' is not allowed here"),
    ("2X", 1, "invalid decimal literal (write a product as 2*x)"),
    ("", 1, "this bracket is never closed"),
])
def test_what_an_answer_cannot_hold_is_named_with_its_position(text, position, why):
    key = AnswerKey(SUM.expected + sp.Symbol("X") + x, {**SUM.symbols, "X": sp.Symbol("X"), "x": x})
    verdict = check_answer(text, key)
    assert verdict.status == "unreadable"
    assert verdict.message == (
        f"Cannot read your answer at position {position}: {why}.\n"
        "Symbols: X, j, n, w[j] (or w_j), x. Functions: exp, log, sqrt, abs, sin, cos, tanh, sum(f, i, a, b), "
        "product(f, i, a, b); constants pi, e, oo; ^ or ** for powers."), verdict.message


def test_decimals_are_read_as_the_decimal_fractions_written():
    key = AnswerKey(x / 10, {"x": x})
    assert parse_answer("0.1*x", key) == x / 10 and check_answer("0.1*x", key).status == "holds"


def test_a_complex_number_is_read_as_python_writes_it():
    assert check_answer("x + 1j", AnswerKey(x + sp.I, {"x": x})).status == "holds"


# --------------------------------------------------------------------------
# The key: the names beside the box, the planted errors, the key as the page carries it


def test_the_index_shown_beside_the_box_is_a_free_one_before_a_bound_one():
    k = sp.Symbol("k", integer=True)
    key = AnswerKey(w[k] + SUM.expected, {**SUM.symbols, "k": k})
    assert key.names() == "j, k, n, w[k] (or w_k)"


def test_a_family_with_only_numbered_entries_is_shown_with_the_first():
    assert AnswerKey(w[1] + w[2], {"w": w}).names() == "w[1] (or w_1)"


@pytest.mark.parametrize(("name", "typed_as"), [("e", "e"), ("\\exp", "exp"), ("x'", "x'")])
def test_a_symbol_a_reader_cannot_type_is_refused_naming_it(name, typed_as):
    with pytest.raises(ValueError) as raised:
        answer_key(Claim("demo.e", "t", relation(sp.Symbol(name), "=", x)), side="lhs")
    assert str(raised.value) == f"symbol {name!r} cannot be typed (as {typed_as!r}): give it a plain name"


def test_two_symbols_typed_alike_are_refused():
    with pytest.raises(ValueError, match=r"^symbol 'beta' cannot be typed \(as 'beta'\): give it a plain name$"):
        answer_key(Claim("demo.b", "t", relation(sp.Symbol("\\beta") + sp.Symbol("beta"), "=", x)), side="lhs")


def test_a_box_names_each_planted_error_once_and_those_after_a_mutant_without_its_part():
    claim = Claim("demo.q", "t", (relation(x, ">=", 0), relation(x**2, "=", x * x)), where={},
                  mutants=(Mutant("dropped factor", "one part", relation(x, ">=", 0)),
                           Mutant("flipped sign", "minus", (relation(x, ">=", 0), relation(x**2, "=", -x * x))),
                           Mutant("wrong constant", "again", (relation(x, ">=", 1), relation(x**2, "=", -x * x)))))
    assert answer_key(claim, 2, "rhs").planted == (PlantedAnswer("flipped sign", "minus", -(x**2)),)


def test_a_number_within_the_tolerance_of_the_right_one_is_still_compared():
    verdict = check_answer("1/3 + 10^-20", THIRD)
    assert verdict.message == "✘ Not equal: exact values differ. Your answer, 0.333333, is too large.", verdict.message
