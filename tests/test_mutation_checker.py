"""The checker's verdicts on one relation and its random points, each pinned by what a reader of a verdict sees:
the status, the detail that says why, the point and values shown (claimcheck.checker.relations, .probes)."""

import random

import sympy as sp

from claimcheck import INSTANCE, NUMERIC, relation
from claimcheck.checker import probes
from claimcheck.checker.relations import check_relation

x = sp.Symbol("x", real=True)
f, g = sp.Function("f"), sp.Function("g")


def test_a_numeric_spot_check_that_fails_says_the_values_differ_and_where():
    r = check_relation(relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 2), NUMERIC)
    assert r.status == "fails" and r.detail.startswith("values differ at x="), r.detail


def test_a_numeric_spot_check_with_no_point_it_can_evaluate_is_undecided_and_says_so():
    r = check_relation(relation(f(x), "=", g(x)), NUMERIC)
    assert (r.status, r.detail) == ("undecided", "no random point could be evaluated")


def test_an_exact_instance_that_is_false_says_the_exact_values_differ_and_shows_both():
    r = check_relation(relation(sp.Rational(3, 7), "=", sp.Rational(1, 2)), INSTANCE)
    assert (r.status, r.detail) == ("fails", "exact values differ")
    assert r.sides_tex == r"\text{left side} = \frac{3}{7},\ \text{right side} = \frac{1}{2}"


def test_an_identity_no_normal_form_decides_and_no_point_refutes_is_undecided_and_says_why():
    r = check_relation(relation(f(x), "=", g(x)))
    assert (r.status, r.detail) == ("undecided", "no normal form reached 0, no counterexample found")


def test_a_substitution_that_divides_by_zero_names_the_undefined_side():
    y = sp.Symbol("y", real=True)
    left = check_relation(relation(1 / y, "=", 1), where={y: 0})
    right = check_relation(relation(sp.Integer(1), "=", 1 / y), where={y: 0})
    assert left.status == right.status == "fails"
    assert left.detail == "the left side undefined after the substitutions (a division by zero)"
    assert right.detail == "the right side undefined after the substitutions (a division by zero)"


def test_sides_sympy_cannot_subtract_are_undecided_with_sympys_reason():
    r = check_relation(relation(sp.Matrix([[x]]), "<=", sp.Matrix([[x, 1]])))
    assert r.status == "undecided" and r.detail.startswith("SymPy could not decide: Matrix size mismatch"), r


# ---------------------------------------------------------------------------------------------------------
# Random points


def test_the_symbols_of_a_matrix_symbols_shape_are_drawn_with_the_others():
    n = sp.Symbol("n", integer=True, positive=True)
    y = sp.Symbol("y", real=True)
    assert probes.free_symbols(y * sp.Trace(sp.MatrixSymbol("A", n, n))) == [n, y]


def test_entries_drawn_for_a_point_keep_their_values_when_the_point_is_evaluated_again():
    """Both sides of a relation are evaluated at one point: an entry drawn for the first keeps its value."""
    n, i = sp.Symbol("n", integer=True, positive=True), sp.Symbol("i", integer=True)
    v = sp.IndexedBase("v", real=True)
    total, point = sp.Sum(v[i] ** 2, (i, 1, n)), {n: sp.Integer(3)}
    first = probes.numeric(total, point)
    drawn = dict(point)
    assert probes.numeric(total, point) == first and point == drawn
    assert first == complex(sum(point[v[k]] ** 2 for k in (1, 2, 3)))


def test_a_limit_left_unevaluated_is_evaluated_at_the_point():
    a, t = sp.symbols("a t", positive=True)
    assert probes.numeric(sp.Limit(sp.sin(a * t) / t, t, 0), {a: sp.Integer(2)}) == 2


def test_a_symbols_draws_respect_its_sign_and_an_unsigned_integers_are_symmetric():
    rng = random.Random(1)
    negative = sp.Symbol("k", integer=True, negative=True)
    assert all(probes.sample(negative, rng) < 0 for _ in range(300))
    nonpositive = sp.Symbol("k", integer=True, nonpositive=True)
    assert {probes.sample(nonpositive, rng) <= 0 for _ in range(300)} == {True}
    unsigned = [probes.sample(sp.Symbol("k", integer=True), rng) for _ in range(600)]
    assert max(unsigned) == -min(unsigned) > 0


def test_a_point_is_shown_as_its_values_and_the_matrices_whose_entries_it_drew():
    y, a = sp.Symbol("y", real=True), sp.Symbol("a", positive=True)
    assert probes.show({y: sp.Float(1.5), a: sp.Integer(2)}) == "y=1.5, a=2"
    n = sp.Symbol("n", integer=True, positive=True)
    point = {n: sp.Integer(2)}
    probes.numeric(sp.Trace(sp.MatrixSymbol("A", n, n)), point)
    assert probes.show(point) == "n=2, entries of A drawn at random"


def test_a_complex_value_shows_the_sign_of_its_imaginary_part():
    assert probes.show_number(complex(0.5, 2)) == "0.5 + 2 i"
    assert probes.show_number(complex(0.5, -2)) == "0.5 - 2 i"


def test_a_limit_sympy_leaves_unevaluated_is_refuted_at_a_point_with_both_sides_shown():
    a, t = sp.Symbol("a", real=True), sp.Symbol("t", positive=True)
    limit = sp.Limit(sp.exp(a * t), t, sp.oo)
    equality = check_relation(relation(limit, "=", 0))
    assert equality.status == "fails" and equality.detail.startswith("difference nonzero, evaluated at the point at a=")
    assert equality.counterexample_tex.startswith("a = ") and equality.sides_tex.startswith(r"\text{left side} = ")
    inequality = check_relation(relation(limit, ">=", 1))
    assert inequality.status == "fails" and inequality.detail.startswith("gap -1, evaluated at the point at a=-")
    assert inequality.sides_tex == r"\text{left side} = 0,\ \text{right side} = 1"


def test_a_false_inequality_shows_its_gap_the_point_and_both_sides():
    r = check_relation(relation(x**2, ">=", 1))
    assert r.status == "fails" and r.detail.startswith("gap -") and " at x=" in r.detail
    point = float(r.detail.rpartition("x=")[2])
    assert r.counterexample_tex == f"x = {point:.4g}"
    left, right = (side.rpartition("= ")[2] for side in r.sides_tex.split(r",\ "))
    assert abs(float(left) - point**2) < 1e-3 and right == "1", r.sides_tex
    gap = float(r.detail.split()[1])
    assert abs(gap - (float(left) - 1)) < 1e-2, r.detail
    assert r.residual == "x**2 - 1"


def test_a_strict_inequality_of_numbers_that_is_false_says_the_gap_is_not_positive():
    for method in ("symbolic proof", INSTANCE):
        r = check_relation(relation(sp.Integer(2), "<", 1), method)
        assert (r.status, r.detail, r.residual) == ("fails", "gap is not > 0", "-1")
        assert r.sides_tex == r"\text{left side} = 2,\ \text{right side} = 1"


def test_an_inequality_no_tactic_decides_and_no_point_refutes_is_undecided_with_its_gap():
    r = check_relation(relation(x**2, ">", 0))
    assert (r.status, r.detail, r.residual) == ("undecided", "sign of gap not decided, no counterexample found", "x**2")


def test_a_true_inequality_holds_by_the_assumptions_and_names_the_tactic():
    r = check_relation(relation(x**2 + 1, ">", 0))
    assert (r.status, r.detail, r.residual) == ("holds", "gap > 0 by assumptions (direct)", "0")
    weak = check_relation(relation(x**2, ">=", 0))
    assert weak.holds and weak.detail.startswith("gap >= 0 by assumptions")


def test_a_numeric_spot_check_of_a_true_inequality_holds_at_every_point():
    r = check_relation(relation(sp.exp(x), ">=", x + 1), NUMERIC)
    assert (r.status, r.detail) == ("holds", "agrees at 24 random points")
    wrong = check_relation(relation(x + 1, ">", sp.exp(x)), NUMERIC)
    assert wrong.status == "fails" and wrong.detail.startswith("gap not > 0 at x=")


def test_an_exact_instance_shows_rational_sides_exactly_and_others_to_four_digits():
    exact = check_relation(relation(sp.Integer(3), "=", sp.Rational(1, 3)), INSTANCE)
    assert exact.sides_tex == r"\text{left side} = 3,\ \text{right side} = \frac{1}{3}" and exact.residual == "8/3"
    rounded = check_relation(relation(sp.sqrt(2), "=", sp.Rational(7, 5)), INSTANCE)
    assert rounded.sides_tex == r"\text{left side} = 1.414,\ \text{right side} = \frac{7}{5}"


def test_matrices_that_differ_fail_with_the_difference_of_their_entries():
    r = check_relation(relation(sp.Matrix([[x, 1]]), "=", sp.Matrix([[x, 2]])))
    assert (r.status, r.detail, r.residual, r.sides_tex) == ("fails", "difference nonzero", "Matrix([[0, -1]])", "")


def test_a_numeric_spot_check_tolerates_rounding_relative_to_the_sides_and_no_more():
    big = 10**8 * (1 + x**2)
    assert check_relation(relation(big * sp.Float(1 + 1e-14), "=", big), NUMERIC).holds  # 1e-6 apart, of 1e8
    assert check_relation(relation(big * sp.Float(1 + 1e-9), "=", big), NUMERIC).status == "fails"
    assert check_relation(relation(x + sp.Float(1e-14), "=", x), NUMERIC).holds
    assert check_relation(relation(x + sp.Float(1e-5), "=", x), NUMERIC).status == "fails"


def test_a_numeric_gap_of_zero_breaks_a_strict_inequality_only_and_rounding_breaks_neither():
    assert check_relation(relation(x**2 + 1, ">", x**2 + 1), NUMERIC).detail == "gap not > 0"
    assert check_relation(relation(x**2 + 1, ">=", x**2 + 1), NUMERIC).holds
    assert check_relation(relation(x**2 - sp.Float(1e-14), ">=", x**2), NUMERIC).holds
    assert check_relation(relation(x**2 - sp.Float(1e-10), ">=", x**2), NUMERIC).detail == "gap not >= 0"


def test_a_point_with_many_entries_names_their_family_and_a_few_shows_each():
    n, i = sp.Symbol("n", integer=True, positive=True), sp.Symbol("i", integer=True)
    v = sp.IndexedBase("v", real=True)
    many, few = {n: sp.Integer(7)}, {n: sp.Integer(6)}
    for point in (many, few):
        probes.numeric(sp.Sum(v[i], (i, 1, n)), point)
    assert probes.show(many) == "n=7, entries of v drawn at random"
    assert probes.show_tex(many) == "n = 7,\\ \\text{entries of } v \\text{ drawn at random}"
    assert probes.show(few).startswith("n=6, v[1]=") and probes.show(few).count("v[") == 6


def test_infinite_and_undefined_values_are_told_apart_and_shown_as_such():
    assert probes.numeric(sp.Integer(1) / 0, {}) == complex(float("inf"), float("inf"))
    assert probes.numeric(sp.oo, {}) == complex(float("inf")) and probes.numeric(-sp.oo, {}) == complex(float("-inf"))
    assert probes.numeric(sp.nan, {}) is None
    assert probes.show_number(complex(float("inf"), float("inf"))).endswith(r"\text{(undefined: a division by zero)}")
    assert (probes.show_number(complex(float("inf"))), probes.show_number(complex(float("-inf")))) == ("\\infty",
                                                                                                      "-\\infty")
    assert probes.show_number(complex(1, 1e-14)) == "1" and probes.sides_tex("", "2") == ""


def test_a_matrix_is_valued_by_its_largest_entry_and_an_inverse_by_its_entries():
    assert probes.numeric(sp.Matrix([[1, -3], [2, 0]]), {}) == -3
    n = sp.Symbol("n", integer=True, positive=True)
    A = sp.MatrixSymbol("A", n, n)
    assert abs(probes.numeric(sp.Determinant(A) * sp.Determinant(A.I), {n: sp.Integer(2)}) - 1) < 1e-12


class _Drawn:
    """A random source that gives set values: ``random()`` once, then ``uniform`` as the midpoint."""

    def __init__(self, first: float):
        self.first = first

    def random(self) -> float:
        return self.first

    def uniform(self, lo: float, hi: float) -> float:
        return (lo + hi) / 2


def test_a_nonnegative_symbol_is_drawn_as_zero_a_quarter_of_the_time():
    for sign, value in (("nonnegative", 2), ("nonpositive", -2)):
        symbol = sp.Symbol("z", real=True, **{sign: True})
        assert probes.sample(symbol, _Drawn(0.2499)) == 0
        assert float(probes.sample(symbol, _Drawn(0.25))) == value  # a draw from the range from 0.25 on


def test_a_real_signed_symbol_is_drawn_within_its_range_and_an_entry_of_a_family_is_no_symbol_to_draw():
    rng = random.Random(3)
    negative = [float(probes.sample(sp.Symbol("z", negative=True), rng)) for _ in range(200)]
    assert all(-4.0 <= z <= -0.05 for z in negative)
    nonpositive = [float(probes.sample(sp.Symbol("z", nonpositive=True), rng)) for _ in range(200)]
    assert all(-4.0 <= z <= 0 for z in nonpositive) and min(nonpositive) < -3.5 and max(nonpositive) == 0
    j, y, w = sp.Symbol("j", integer=True), sp.Symbol("y", real=True), sp.IndexedBase("w")
    assert probes.free_symbols(w[j] + y) == [j, y]


def test_a_function_that_names_a_concrete_instance_is_evaluated_as_it():
    class unknown(sp.Function):
        def probe_instance(self):
            return sp.exp(self.args[0])

    assert probes.numeric(unknown(sp.Integer(0)) + 1, {}) == 2
    r = check_relation(relation(unknown(x), ">", 1))  # false for the instance where x < 0
    assert r.status == "fails" and r.detail.startswith("gap -")


def test_a_substitution_that_divides_by_zero_leaves_an_undefined_residual():
    y = sp.Symbol("y", real=True)
    assert check_relation(relation(1 / y, "=", 1), where={y: 0}).residual == "zoo"


def test_a_check_that_runs_out_of_time_is_undecided_and_says_how_long_it_had(monkeypatch):
    from claimcheck.checker import relations
    from claimcheck.checker.timelimit import Timeout

    def too_slow(*_):
        raise Timeout()

    monkeypatch.setattr(relations, "_sides", too_slow)
    r = check_relation(relation(x, "=", x))
    assert (r.status, r.detail) == ("undecided", f"no decision within {relations.CHECK_TIME_LIMIT_S} s")


def test_aligning_a_sum_of_powers_whose_base_may_be_zero_keeps_its_value_at_zero():
    from claimcheck.checker.bounds import align_ranges

    beta, j = sp.Symbol("beta", nonnegative=True), sp.Symbol("j", integer=True)
    geometric = sp.Sum(beta ** (3 - j), (j, 1, 3))  # beta^2 + beta + 1
    assert align_ranges(geometric).subs(beta, 0).doit() == 1, "beta^(3-j) split as beta^3 beta^(-j) is 0 * oo at 0"
    nonzero = sp.Symbol("beta", positive=True)
    split = align_ranges(geometric.subs(beta, nonzero))
    assert sp.expand(split.doit() - (nonzero ** 2 + nonzero + 1)) == 0


def test_a_numeric_spot_check_reports_its_point_both_sides_and_what_is_left():
    failed = check_relation(relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 2), NUMERIC)
    assert (failed.counterexample_tex, failed.sides_tex) == (
        "x = 2.755", r"\text{left side} = 1,\ \text{right side} = 2"), "the point, and both sides there"
    assert abs(complex(failed.residual) + 1) < 1e-9, "the difference at the point"
    held = check_relation(relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 1), NUMERIC)
    assert (held.status, held.residual, held.counterexample_tex, held.detail) == (
        "holds", "0", "", "agrees at 24 random points")
    assert check_relation(relation(f(x), "=", g(x)), NUMERIC).residual == ""


def test_sides_sympy_can_evaluate_only_at_a_point_are_refuted_by_their_difference_or_their_gap():
    a, t = sp.Symbol("a", real=True), sp.Symbol("t", positive=True)
    grows = sp.Limit(sp.exp(a * t), t, sp.oo)  # 0, 1 or oo by the sign of a
    equality = check_relation(relation(grows, "=", 3))
    assert equality.status == "fails" and equality.residual == str(grows - 3), "the difference, left side first"
    below = check_relation(relation(grows, "<=", -1))
    assert below.status == "fails" and below.residual == str(-1 - grows), "the gap of a ≤ is right side minus left"
    assert below.detail == "gap -inf, evaluated at the point at a=2.755", below.detail
