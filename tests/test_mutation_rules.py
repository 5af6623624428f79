"""Rules applied by substitution and the normal forms that apply them (claimcheck.checker.applications, .tactics,
.matrices, .bounds), pinned by the verdicts and the details a reader of a proof step sees."""

import pytest
import sympy as sp

from claimcheck import Claim, derivation, relation
from claimcheck.checker import check
from claimcheck.checker.applications import instance_verdict, substituted
from claimcheck.checker.bounds import align_ranges
from claimcheck.checker.matrices import RULES_NAME, open_traces_and_determinants
from claimcheck.checker.tactics import zero_by_normal_forms
from claimcheck.model import Application

n = sp.Symbol("n", integer=True, positive=True)
A, B, C, D = (sp.MatrixSymbol(s, n, n) for s in "ABCD")
CYCLIC = relation(sp.Trace(A * B), "=", sp.Trace(B * A))
x = sp.Symbol("x")


def test_the_rules_a_normal_form_applied_are_named_with_how_often_and_their_first_substitutions():
    once = zero_by_normal_forms(sp.Trace(A * B) - sp.Trace(B * A))
    assert once == (f"{RULES_NAME} (rules applied by substitution, each an instance of the rule: "
                    "rules.trace_cyclic 1 time: $A \\mapsto B, B \\mapsto A$)")
    four = zero_by_normal_forms(sp.Trace(A * B) + sp.Trace(B * C * A) + sp.Trace(C * D) + sp.Trace(D * A * B * C)
                                - sp.Trace(B * A) - sp.Trace(A * B * C) - sp.Trace(D * C) - sp.Trace(A * B * C * D))
    assert four.endswith("rules.trace_cyclic 4 times: $A \\mapsto B, B \\mapsto A$; $A \\mapsto D, B \\mapsto C$; "
                         "$A \\mapsto B C, B \\mapsto A$, …)"), four
    two_rules = zero_by_normal_forms(sp.Trace(A * B) - sp.Trace(B * A)
                                     + sp.Determinant(A * B) - sp.Determinant(A) * sp.Determinant(B))
    assert two_rules.endswith(": rules.det_multiplicative 1 time: each symbol standing for itself; "
                              "rules.trace_cyclic 1 time: $A \\mapsto B, B \\mapsto A$)"), two_rules


def test_the_determinant_of_an_inverse_is_one_over_the_determinant():
    assert zero_by_normal_forms(sp.Determinant(A.I) - 1 / sp.Determinant(A)) == RULES_NAME
    assert zero_by_normal_forms(sp.Determinant(A.I) - 2 / sp.Determinant(A)) is None


def test_ranges_are_aligned_in_the_chain_that_differs_by_constants_even_beside_a_longer_unrelated_one():
    j, a, b, c, d = sp.symbols("j a b c d", integer=True)
    f = sp.Function("f")

    def total(lower, upper):
        return sp.Sum(f(j), (j, lower, upper))

    expr = ((total(a, b + 1) - total(a, b) - f(b + 1)) + (total(a, b + 2) - total(a, b + 1) - f(b + 2))
            + (total(c, d) - f(c) - total(c + 1, d)))
    assert align_ranges(expr) == 0
    assert zero_by_normal_forms(expr) == "ranges aligned"


def test_a_function_given_a_lambda_is_replaced_by_its_values():
    m, g = sp.Symbol("m", integer=True), sp.Function("g")
    assert substituted(g(m) + 1, {g: sp.Lambda(m, m**2)}) == m**2 + 1


def test_a_step_that_is_no_instance_says_whether_the_rule_occurs_in_its_start_at_all():
    given = Application("rules.trace_cyclic", CYCLIC, {A: C, B: D})
    assert instance_verdict(sp.Trace(C * D) + x, sp.Trace(D * C) + x, given) == (
        "holds", "instance of rules.trace_cyclic: $A \\mapsto C, B \\mapsto D$")
    assert instance_verdict(sp.Trace(D * C) + x, sp.Trace(D * C) + 2 * x, given) == (
        "fails", "not an instance of rules.trace_cyclic: the rule with $A \\mapsto C, B \\mapsto D$ does not turn "
                 "the step's start into its end")
    assert instance_verdict(sp.Trace(C * C) + x, sp.Trace(D * C) + x, given) == (
        "fails", "not an instance of rules.trace_cyclic: neither side of the rule with $A \\mapsto C, B \\mapsto D$ "
                 "occurs in the step's start")
    itself = Application("rules.trace_cyclic", CYCLIC, {})
    assert instance_verdict(sp.Trace(C * D), sp.Trace(D * C), itself)[1].endswith(
        "neither side of the rule with each symbol standing for itself occurs in the step's start")


def test_a_rule_applied_in_an_inequality_step_fails_and_says_a_rule_gives_an_equality():
    step = derivation(sp.Trace(C * D), ("<=", sp.Trace(D * C), "rotate",
                                        Application("rules.trace_cyclic", CYCLIC, {A: C, B: D})))
    result = check(Claim("demo.rot", "t", step))
    (label, part), = result.parts
    assert (result.status, part.detail) == ("fails", "a rule applied by substitution gives an equality, not <=")
    assert part.seconds >= 0 and result.seconds >= part.seconds


def test_a_claim_fails_if_any_part_fails_and_is_undecided_if_any_other_is():
    y, f, g = sp.Symbol("y", real=True), sp.Function("f"), sp.Function("g")
    holds, fails, undecided = relation(y**2, ">=", 0), relation(y**2, ">=", 1), relation(f(y), "<=", g(y))
    assert check(Claim("demo.a", "t", (undecided, fails, holds))).status == "fails"
    assert check(Claim("demo.b", "t", (holds, undecided))).status == "undecided"
    assert check(Claim("demo.c", "t", (holds, holds))).status == "holds"


def test_a_rule_applied_right_to_left_says_so_and_a_step_that_applies_it_holds_by_symbolic_proof():
    given = Application("rules.trace_cyclic", CYCLIC, {A: C, B: D})
    assert instance_verdict(sp.Trace(D * C), sp.Trace(C * D), given) == (
        "holds", "instance of rules.trace_cyclic (right to left): $A \\mapsto C, B \\mapsto D$")
    (label, part), = check(Claim("demo.rot", "t", derivation(sp.Trace(C * D), ("=", sp.Trace(D * C), "rotate",
                                                                                given)))).parts
    assert (part.status, part.method) == ("holds", "symbolic proof") and part.seconds >= 0
    assert part.as_data()["seconds"] == part.seconds


def test_a_matrix_given_another_shape_than_the_rules_is_named_with_both_shapes():
    wide = sp.MatrixSymbol("M", 2, 3)
    assert instance_verdict(sp.Trace(D * C), sp.Trace(C * D), Application("r", CYCLIC, {A: wide, B: D})) == (
        "fails", "not an instance of r: A is n × n in the rule, but the substitution gives a 2 × 3 matrix")


def test_a_lambda_for_a_plain_symbol_is_a_clear_error():
    y, m = sp.symbols("y m")
    with pytest.raises(ValueError, match="^a Lambda can stand for an indexed family or a function, not for y$"):
        substituted(y + 1, {y: sp.Lambda(m, 1)})


def test_terms_peeled_off_a_range_are_its_first_ones_and_factors_free_of_the_index_come_out():
    j, a, b, c = sp.symbols("j a b c", integer=True)
    f = sp.Function("f")
    assert align_ranges(sp.Sum(f(j), (j, a, b)) - f(a) - f(a + 1) - sp.Sum(f(j), (j, a + 2, b))) == 0
    assert align_ranges(sp.Sum(c * (j + 1) ** j, (j, 1, b)) - c * sp.Sum((j + 1) ** j, (j, 1, b))) == 0


def test_the_determinant_of_the_identity_is_one_and_of_a_product_of_one_factor_that_factors():
    assert open_traces_and_determinants(sp.Determinant(sp.Identity(n))) == 1
    assert open_traces_and_determinants(sp.Determinant(sp.MatMul(A, evaluate=False)) - sp.Determinant(A)) == 0


def test_a_substitution_is_shown_whole_whatever_the_names_it_holds():
    labelled = sp.MatrixSymbol("P: R", n, n)  # a name with a colon, as the detail's own separator
    assert zero_by_normal_forms(sp.Trace(labelled * B) - sp.Trace(B * labelled)).endswith(
        "rules.trace_cyclic 1 time: $A \\mapsto P: R, B \\mapsto B$)")


def test_the_trace_of_a_multiple_of_the_identity_is_that_multiple_of_its_size():
    assert open_traces_and_determinants(sp.Trace(2 * sp.Identity(n)) - 2 * n) == 0


def test_a_rule_applied_twice_says_two_times_and_a_size_the_substitution_gives_binds_the_shape():
    twice = zero_by_normal_forms(sp.Trace(A * B) + sp.Trace(C * D) - sp.Trace(B * A) - sp.Trace(D * C))
    assert "rules.trace_cyclic 2 times: " in twice, twice
    square = sp.MatrixSymbol("M", 3, 3)
    assert instance_verdict(sp.Trace(D * C), sp.Trace(C * D), Application("r", CYCLIC, {n: 2, A: square, B: D})) == (
        "fails", "not an instance of r: A is n × n in the rule, but the substitution gives a 3 × 3 matrix")


def test_a_trace_of_a_sum_opens_term_by_term_the_identity_counting_its_size_and_one_matrix_staying_closed():
    from claimcheck.checker.matrices import open_traces_and_determinants as opened

    assert opened(sp.Trace(A)) == sp.Trace(A), "tr A is no number: it stays closed"
    total = opened(sp.Trace(A + sp.Identity(n) + B * A))  # SymPy orders the terms B A, I, A
    assert sp.expand(total - (sp.Trace(A) + n + sp.Trace(A * B))) == 0, total
    assert opened((x + 1) ** 2) == x**2 + 2 * x + 1, "an expression with no trace is expanded all the same"


def test_each_recorded_rotation_names_the_rule_it_is_an_instance_of():
    from claimcheck.checker import matrices

    with matrices.recorded_rotations() as rotations:
        matrices.open_traces_and_determinants(sp.Trace(A * B) - sp.Trace(B * A))
    assert [detail.partition(":")[0] for _, _, detail in rotations] == ["instance of rules.trace_cyclic"]


def test_a_rule_of_several_relations_names_the_one_each_reason_is_about_and_a_clash_is_said_once():
    from claimcheck.checker import matrices

    P, Q = sp.MatrixSymbol("P", n, n), sp.MatrixSymbol("Q", n, n)
    wrong = Application(matrices.DET_RULE, matrices.DET_MULTIPLICATIVE, {matrices._An: P, matrices._Bn: Q})
    given = "with $A \\mapsto P, B \\mapsto Q$"
    assert instance_verdict(sp.Determinant(P * Q), sp.Determinant(Q) ** 2, wrong) == (
        "fails", "not an instance of rules.det_multiplicative: "
        f"$\\left|{{A B}}\\right| = \\left|{{A}}\\right| \\left|{{B}}\\right|$ {given} does not turn the step's "
        f"start into its end; neither side of $\\left|{{A^{{\\top}}}}\\right| = \\left|{{A}}\\right|$ {given} occurs "
        f"in the step's start; neither side of $\\left|{{a A}}\\right| = a^{{n}} \\left|{{A}}\\right|$ {given} "
        "occurs in the step's start")
    scalar = Application(matrices.DET_RULE, matrices.DET_MULTIPLICATIVE, {matrices._An: 2})
    assert instance_verdict(sp.Determinant(2 * P), 2**n * sp.Determinant(P), scalar) == (
        "fails", "not an instance of rules.det_multiplicative: A is a matrix in the rule, but the substitution gives 2")


def test_a_clash_with_a_rule_matrix_of_two_sizes_names_both_of_them():
    from claimcheck.checker import matrices

    wide, tall, square = sp.MatrixSymbol("W", 2, 3), sp.MatrixSymbol("T", 3, 2), sp.MatrixSymbol("S", 3, 3)
    clash = Application("r", matrices.TRACE_CYCLIC, {matrices._A: wide, matrices._B: square})
    assert instance_verdict(sp.Trace(wide * tall), sp.Trace(tall * wide), clash) == (
        "fails", "not an instance of r: B is l × k in the rule, but the substitution gives a 3 × 3 matrix")


def test_a_rule_step_that_is_no_equality_fails_as_a_symbolic_check_and_says_why():
    rotated = derivation(sp.Trace(A * B), ("<=", sp.Trace(B * A), "cyclic", Application("r", CYCLIC, {})))
    (label, step), = check(Claim("demo.le", "t", rotated)).parts
    assert (step.status, step.method, step.detail) == (
        "fails", "symbolic proof", "a rule applied by substitution gives an equality, not <=")
    (_, held), = check(Claim("demo.eq", "t", derivation(sp.Trace(A * B), ("=", sp.Trace(B * A), "cyclic",
                                                                             Application("r", CYCLIC, {}))))).parts
    assert held.status == "holds" and held.method == "symbolic proof" and 0 <= held.seconds < 60


def test_an_empty_range_sums_to_zero_and_multiplies_to_one_and_sums_of_other_terms_are_left_alone():
    j, k, a, b = sp.symbols("j k a b", integer=True)
    f, g = sp.Function("f"), sp.Function("g")
    assert align_ranges(x + sp.Sum(f(j), (j, a, a - 1))) == x
    assert align_ranges(x * sp.Product(f(j), (j, a, a - 1))) == x
    for apart in (sp.Sum(f(j), (j, 1, b)) + sp.Sum(g(j), (j, 2, b)),  # other terms
                  sp.Sum(f(j), (j, 1, b)) + sp.Product(f(j), (j, 2, b)),  # a sum and a product
                  sp.Sum(a, (j, 1, b)) + sp.Sum(a, (k, 2, b))):  # one term, other indices
        ranges = {op.limits for op in align_ranges(apart).atoms(sp.Sum, sp.Product)}
        assert ranges == {op.limits for op in apart.atoms(sp.Sum, sp.Product)}, apart


def test_a_rule_of_two_relations_names_each_of_them_too():
    from claimcheck.checker import matrices

    P, R = sp.MatrixSymbol("P", n, n), sp.MatrixSymbol("R", n, n)
    An, Bn = matrices._An, matrices._Bn
    two = (relation(sp.Trace(An * Bn), "=", sp.Trace(Bn * An)), relation(sp.Trace(An.T), "=", sp.Trace(An)))
    status, detail = instance_verdict(sp.Trace(P * P), sp.Trace(P * P), Application("r2", two, {An: P, Bn: R}))
    assert status == "fails" and detail.count("neither side of $\\operatorname{tr}") == 2, detail
