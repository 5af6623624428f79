"""The checker itself: each status and method is reachable and honest."""

import pkgutil
import shutil
from pathlib import Path

import pytest
import sympy as sp

import claimcheck
import derivations

x = sp.Symbol("x", real=True)
p = sp.Symbol("p", positive=True)


def test_identity_holds_symbolically():
    r = claimcheck.check_relation(claimcheck.relation((x + 1) ** 2, "=", x**2 + 2 * x + 1))
    assert r.status == claimcheck.HOLDS and r.method == claimcheck.SYMBOLIC


def test_false_identity_fails_with_residual():
    r = claimcheck.check_relation(claimcheck.relation((x + 1) ** 2, "=", x**2 + 1))
    assert r.status == claimcheck.FAILS and "2*x" in r.residual


def test_inequality_uses_assumptions():
    assert claimcheck.check_relation(claimcheck.relation(sp.exp(-p), "<=", 1)).holds
    relaxed = claimcheck.check_relation(claimcheck.relation(sp.exp(-x), "<=", 1))
    assert relaxed.status == claimcheck.FAILS and "x=" in relaxed.detail


def test_undecidable_is_not_holds():
    # A true identity outside the normal forms tried: it must not be called "holds".
    r = claimcheck.check_relation(claimcheck.relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 1))
    assert r.status in (claimcheck.HOLDS, claimcheck.UNDECIDED)
    unknown = claimcheck.check_relation(claimcheck.relation(sp.Function("f")(x), "<=", sp.Function("g")(x)))
    assert unknown.status == claimcheck.UNDECIDED


def test_a_limit_sympy_cannot_evaluate_in_general_is_evaluated_at_points():
    """exp(−p d) → 0 needs d > 0; SymPy cannot say so for d ≥ 0, but at the point d = 0 the limit is 1."""
    d = sp.Symbol("d", nonnegative=True)
    r = claimcheck.check_relation(claimcheck.relation(sp.Limit(sp.exp(-p * d), p, sp.oo), "=", 0))
    assert r.status == claimcheck.FAILS and r.counterexample_tex == "d = 0", r
    assert r.sides_tex == r"\text{left side} = 1,\ \text{right side} = 0"


def test_a_limit_sympy_cannot_evaluate_even_at_a_point_is_undecided():
    f = sp.Function("f")
    r = claimcheck.check_relation(claimcheck.relation(sp.Limit(f(p) * x, p, sp.oo), "=", 0))
    assert r.status == claimcheck.UNDECIDED and "no counterexample" in r.detail, r


def test_numeric_method_is_labelled():
    r = claimcheck.check_relation(claimcheck.relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, "=", 1),
                                  method=claimcheck.NUMERIC)
    assert r.holds and r.method == claimcheck.NUMERIC and "random points" in r.detail
    bad = claimcheck.check_relation(claimcheck.relation(sp.sin(x) ** 2, "=", 1), method=claimcheck.NUMERIC)
    assert bad.status == claimcheck.FAILS


def test_exact_instance():
    r = claimcheck.check_relation(claimcheck.relation(x**2, "=", 4), method=claimcheck.INSTANCE, instance={x: 2})
    assert r.holds and r.method == claimcheck.INSTANCE
    wrong = claimcheck.check_relation(claimcheck.relation(x**2, "=", 5), method=claimcheck.INSTANCE, instance={x: 2})
    assert wrong.status == claimcheck.FAILS


def test_derivation_reports_each_step():
    chain = claimcheck.derivation(x * (x + 1), ("=", x**2 + x, "expand"), ("<=", x**2 + x + 1, "add 1"),
                            ("=", x**2 + 2, "wrong step"))
    claim = claimcheck.Claim("t.chain", "chain", chain, mutants=(claimcheck.Mutant("wrong step", "-", None),))
    result = claimcheck.check(claim)
    assert [r.status for _, r in result.parts] == [claimcheck.HOLDS, claimcheck.HOLDS, claimcheck.FAILS]
    assert result.status == claimcheck.FAILS and "step 3" in result.failure_report()


def test_registry_rejects_a_claim_without_mutants():
    def bare():
        """No mutants."""
        return claimcheck.Claim("t.bare", "bare", claimcheck.relation(x, "=", x))

    try:
        claimcheck.Registry().claim(bare)
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
    claim = derivations.get("softmax.upper_bound")
    tex = claimcheck.latex(claim)
    assert r"\log{\left(n \right)}" in tex and tex.count(r"\text{(") == len(claim.statement.steps)


def test_matrix_identities_are_checked_entrywise():
    a, b = sp.symbols("a b", real=True)
    A = sp.Matrix([[a, b], [0, a]])
    assert claimcheck.check_relation(claimcheck.relation(A * A, "=", sp.Matrix([[a**2, 2 * a * b], [0, a**2]]))).holds
    wrong = claimcheck.check_relation(claimcheck.relation(A * A, "=", sp.Matrix([[a**2, a * b], [0, a**2]])))
    assert wrong.status == claimcheck.FAILS


def test_a_claims_fingerprint_covers_every_module_of_the_checker(tmp_path, monkeypatch):
    """Editing any checker module must invalidate cached verdicts: the fingerprint hashes them all."""
    from claimcheck import checker, model

    hashed = set(model.verdict_source_files(model.VERDICT_SOURCES))
    checker_dir = Path(checker.__file__).parent
    assert {checker_dir / f"{m.name}.py" for m in pkgutil.iter_modules([str(checker_dir)])} <= hashed
    assert Path(model.__file__) in hashed

    copy = tmp_path / "checker"
    shutil.copytree(checker_dir, copy, ignore=shutil.ignore_patterns("__pycache__"))
    claim = derivations.get("softmax.upper_bound")
    monkeypatch.setattr(model, "VERDICT_SOURCES", (Path(model.__file__), copy))
    before = claim.fingerprint()
    tactics = copy / "tactics.py"
    tactics.write_text(tactics.read_text().replace('("expand", sp.expand),', '("expand", sp.expand),  # edited', 1))
    model.verdict_sources_digest.cache_clear()  # read once per process; a build is a new process
    assert claim.fingerprint() != before, "a change to the checker's tactics left the fingerprint unchanged"


def test_a_declared_domain_shows_a_vector_as_one_hypothesis_with_the_set_its_assumptions_give():
    x, i = sp.IndexedBase("x", real=True), sp.Symbol("i", integer=True, positive=True)
    n = sp.Symbol("n", integer=True, positive=True)
    squares = claimcheck.relation(sp.Sum(x[i] ** 2, (i, 1, n)), ">=", 0)
    shown = claimcheck.assumption_text(claimcheck.Claim("t.vec", "t", squares, domains=(claimcheck.Domain(x, "n"),)))
    assert shown == [r"x \in \mathbb{R}^{n}", r"n \in \mathbb{Z}_{\ge 1}"]
    bare = claimcheck.assumption_text(
        claimcheck.Claim("t.bare", "t", claimcheck.relation(sp.Sum(x[i] ** 2, (i, 1, n)), ">=", 0)))
    assert r"x \in \mathbb{R}" not in bare and r"{x}_{i} \in \mathbb{R}" in bare, \
        "undeclared, the label of a family is never shown as a number (x ∈ ℝ); its entries are"
    entry = claimcheck.assumption_text(claimcheck.Claim("t.entry", "t", claimcheck.relation(x[i] ** 2, ">=", 0)))
    assert entry == [r"i \in \mathbb{Z}_{\ge 1}", r"{x}_{i} \in \mathbb{R}"], "an entry shown: its label is not"


@pytest.mark.parametrize("family", ["tuple", "matrix"])
def test_a_domain_of_named_entries_is_the_only_hypothesis_on_them(family):
    x = sp.IndexedBase("x", real=True)
    entries = (x[1], x[2]) if family == "tuple" else sp.Matrix([x[1], x[2]])
    squares = claimcheck.relation(x[1] ** 2 + x[2] ** 2, ">=", 0)
    shown = claimcheck.assumption_text(
        claimcheck.Claim("t.pair", "t", squares, domains=(claimcheck.Domain(entries, "2", "x"),)))
    assert shown == [r"x \in \mathbb{R}^{2}"], "a domain over every entry says all there is about x"
    half = claimcheck.assumption_text(claimcheck.Claim(
        "t.half", "t", claimcheck.relation(x[1] ** 2 + x[2] ** 2, ">=", 0),
        domains=(claimcheck.Domain((x[1],), "1", "x_1"),)))
    assert r"x_2 \in \mathbb{R}" in half or r"{x}_{2} \in \mathbb{R}" in half, "an entry no domain covers is shown"


def test_a_domain_over_symbols_of_different_assumptions_is_a_clear_error():
    L = sp.Matrix([[sp.Symbol("l_1", positive=True), 0], [sp.Symbol("l_2", real=True), 1]])
    bad = claimcheck.Claim("t.mixed", "t", claimcheck.relation(L[0, 0] * L[1, 0], "=", L[1, 0] * L[0, 0]),
                           domains=(claimcheck.Domain(L, "2 \\times 2", "L"),))
    with pytest.raises(ValueError, match="different assumptions"):
        claimcheck.assumption_text(bad)


def test_a_mutant_that_changes_a_substitution_shows_the_hypothesis_it_drops_and_its_replacement():
    from claimcheck.latex import changed_hypotheses, changed_parts

    s = sp.Symbol("s", nonnegative=True)
    claim = claimcheck.Claim("t.slack", "t", claimcheck.relation(x**2 + s, ">=", 0), where={s: x**2})
    mutant = claimcheck.Mutant("missing hypothesis", "s any number", where={s: -1})  # a plain int, as written
    assert changed_parts(claim, mutant) == []
    assert changed_hypotheses(claim, mutant) == (["s = x^{2}"], ["s = -1"])
