"""The checker's pieces, each on its own: the verdict's record (claimcheck.checker.check) and the
sign tactics (claimcheck.checker.tactics)."""

import time

import sympy as sp

from claimcheck import Claim, relation
from claimcheck.checker import check
from claimcheck.checker.tactics import decide_sign, sign_tactics

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
