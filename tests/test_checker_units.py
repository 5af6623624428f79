"""The checker's pieces, each on its own: the verdict's record (claimcheck.checker.check) and the
sign tactics (claimcheck.checker.tactics)."""

import time

import sympy as sp

from claimcheck import NUMERIC, Claim, relation
from claimcheck.checker import check
from claimcheck.checker.tactics import decide_sign, sign_tactics, zero_by_normal_forms

p = sp.Symbol("p", positive=True)


def test_a_verdict_names_its_claim_and_method_and_how_long_it_took():
    claim = Claim("demo.exp", "exp is positive", relation(sp.exp(p), ">", 0))
    started = time.perf_counter()
    result = check(claim)
    elapsed = time.perf_counter() - started
    assert (result.name, result.method, result.status) == ("demo.exp", claim.method, "holds")
    assert 0 <= result.seconds <= elapsed


def test_a_sign_decided_as_given_is_credited_to_the_direct_form():
    assert decide_sign(p + 1, strict=True) == (True, "direct")


def test_the_log_form_is_offered_only_for_a_positive_part_minus_a_positive_part():
    names = [name for name, _ in sign_tactics(p + 2)]  # no negative part: log(0) would be no form at all
    assert not any(name.endswith("+log") for name in names)
    assert "direct+log" in [name for name, _ in sign_tactics(sp.exp(p) - p)]


def test_a_claim_with_an_undecided_part_is_undecided_not_holds():
    x = sp.Symbol("x", real=True)
    claim = Claim("demo.unknown", "f ≤ g", relation(sp.Function("f")(x), "<=", sp.Function("g")(x)))
    assert check(claim).status == "undecided"


def test_each_part_is_checked_by_the_claims_method():
    claim = Claim("demo.spot", "exp is positive", relation(sp.exp(p), ">", 0), method=NUMERIC)
    assert [result.method for _, result in check(claim).parts] == [NUMERIC]


def test_a_sign_is_credited_to_the_form_that_decided_it():
    assert decide_sign((p + 1) ** 2 - p**2, strict=True) == (True, "expand")
    assert decide_sign((p**2 - 1) / (p - 1) - p, strict=True) == (True, "cancel")
    assert decide_sign(sp.log(p + 1) - sp.log(p), strict=True) == (True, "direct+exp")
    assert decide_sign(sp.Symbol("y", real=True), strict=True) == (None, "")


def test_a_difference_of_matrix_expressions_is_brought_to_zero_by_the_matrix_rules():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    assert zero_by_normal_forms(sp.Trace(A + B) - sp.Trace(A) - sp.Trace(B)) == "trace and determinant rules"
