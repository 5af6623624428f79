"""The checker itself: each status and method is reachable and honest."""

import sympy as sp

import derivations
from derivations import core

x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)


def test_identity_holds_symbolically():
    r = core.check_relation(core.relation((x + 1) ** 2, "=", x**2 + 2 * x + 1))
    assert r.status == core.HOLDS and r.method == core.SYMBOLIC


def test_false_identity_fails_with_residual():
    r = core.check_relation(core.relation((x + 1) ** 2, "=", x**2 + 1))
    assert r.status == core.FAILS and "2*x" in r.residual


def test_inequality_uses_assumptions():
    assert core.check_relation(core.relation(sp.exp(-p), "<=", 1)).holds
    relaxed = core.check_relation(core.relation(sp.exp(-x), "<=", 1))
    assert relaxed.status == core.FAILS and "x=" in relaxed.detail


def test_undecidable_is_not_holds():
    # A true identity outside the normal forms tried: it must not be called "holds".
    r = core.check_relation(core.relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 1))
    assert r.status in (core.HOLDS, core.UNDECIDED)
    unknown = core.check_relation(core.relation(sp.Function("f")(x), "<=", sp.Function("g")(x)))
    assert unknown.status == core.UNDECIDED


def test_limit_that_sympy_cannot_decide_is_undecided():
    d = sp.Symbol("d", nonnegative=True)
    r = core.check_relation(core.relation(sp.Limit(sp.exp(-p * d), p, sp.oo), "=", 0))
    assert r.status == core.UNDECIDED


def test_numeric_method_is_labelled():
    r = core.check_relation(core.relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 1), method=core.NUMERIC)
    assert r.holds and r.method == core.NUMERIC and "random points" in r.detail
    bad = core.check_relation(core.relation(sp.sin(x) ** 2, "=", 1), method=core.NUMERIC)
    assert bad.status == core.FAILS


def test_exact_instance():
    r = core.check_relation(core.relation(x**2, "=", 4), method=core.INSTANCE, instance={x: 2})
    assert r.holds and r.method == core.INSTANCE
    assert core.check_relation(core.relation(x**2, "=", 5), method=core.INSTANCE, instance={x: 2}).status == core.FAILS


def test_derivation_reports_each_step():
    chain = core.derivation(x * (x + 1), ("=", x**2 + x, "expand"), ("<=", x**2 + x + 1, "add 1"),
                            ("=", x**2 + 2, "wrong step"))
    claim = core.Claim("t.chain", "chain", chain, mutants=(core.Mutant("wrong step", "-", None),))
    result = core.check(claim)
    assert [r.status for _, r in result.parts] == [core.HOLDS, core.HOLDS, core.FAILS]
    assert result.status == core.FAILS and "step 3" in result.failure_report()


def test_registry_rejects_a_claim_without_mutants():
    def bare():
        """No mutants."""
        return core.Claim("t.bare", "bare", core.relation(x, "=", x))

    try:
        core.claim(bare)
    except ValueError as exc:
        assert "no mutant" in str(exc)
    else:
        raise AssertionError("a claim without mutants was registered")


def test_unknown_claim_name_is_a_clear_error():
    try:
        derivations.get("no.such.claim")
    except KeyError as exc:
        assert "no such" not in str(exc) or "known claims" in str(exc)
    else:
        raise AssertionError


def test_latex_comes_from_the_checked_objects():
    claim = derivations.get("lse.upper_bound")
    tex = core.latex(claim)
    assert r"\log{\left(n \right)}" in tex and tex.count(r"\text{(") == len(claim.statement.steps)


def test_matrix_identities_are_checked_entrywise():
    a, b = sp.symbols("a b", real=True)
    A = sp.Matrix([[a, b], [0, a]])
    assert core.check_relation(core.relation(A * A, "=", sp.Matrix([[a**2, 2 * a * b], [0, a**2]]))).holds
    wrong = core.check_relation(core.relation(A * A, "=", sp.Matrix([[a**2, a * b], [0, a**2]])))
    assert wrong.status == core.FAILS
