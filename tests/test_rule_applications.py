"""A step that applies a named rule by substitution holds only if it is an instance of the rule's statement."""

import pytest
import sympy as sp

import derivations
from claimcheck.checker import matrices
from claimcheck import (FAILS, HOLDS, Application, Claim, DependencyError, Mutant, Registry, check, derivation,
                        relation)

k, l, n = sp.symbols("k l n", integer=True, positive=True)
A, B = sp.MatrixSymbol("A", k, l), sp.MatrixSymbol("B", l, k)
#: The rule tr(AB) = tr(BA) at a symbolic size, as a rule claim states it.
CYCLIC = relation(sp.Trace(A * B), "=", sp.Trace(B * A))
M, P, Q = (sp.MatrixSymbol(name, n, n) for name in "MPQ")
x = sp.MatrixSymbol("x", n, 1)
t = sp.Symbol("t", real=True)


def step(before, after, substitution, pattern=CYCLIC):
    """A derivation of one step ``before = after`` that applies the cyclic rule with ``substitution``."""
    return derivation(before, ("=", after, "tr(AB) = tr(BA)", Application("rules.cyclic", pattern, substitution)))


def verdict(chain):
    return check(Claim("demo.step", "t", chain))


def test_a_right_substitution_holds_in_context_and_says_which():
    result = verdict(step(t + sp.Trace(M * P * Q), t + sp.Trace(Q * M * P), {A: M * P, B: Q}))
    assert result.holds, result.failure_report()
    assert result.parts[0][1].detail.startswith("instance of rules.cyclic")


def test_a_rule_applies_right_to_left():
    assert verdict(step(sp.Trace(x * x.T * M), sp.Trace(M * x * x.T), {A: M, B: x * x.T})).holds


@pytest.mark.parametrize("substitution, why", [
    ({A: M, B: P * Q}, "does not turn"),  # splits MPQ after M: the rule gives tr(PQM), not tr(QMP)
    ({A: P, B: Q * M}, "neither side"),   # tr(PQM) = tr(QMP): neither occurs in tr(MPQ)
    ({A: x, B: M}, "substitution gives a n × n matrix"),  # x is n × 1: B = M cannot be l × k = 1 × n
])
def test_a_wrong_substitution_fails(substitution, why):
    result = verdict(step(sp.Trace(M * P * Q), sp.Trace(Q * M * P), substitution))
    assert result.status == FAILS and why in result.parts[0][1].detail, result.parts[0][1].detail


def test_a_step_that_does_more_than_the_rule_fails():
    """tr(MPQ) = 2 tr(QMP) is not what the rule gives, although tr(MPQ) occurs in the start."""
    result = verdict(step(sp.Trace(M * P * Q), 2 * sp.Trace(Q * M * P), {A: M * P, B: Q}))
    assert result.status == FAILS and "does not turn the step's start into its end" in result.parts[0][1].detail


def _book(uses=("rules.cyclic",), pattern=CYCLIC) -> Registry:
    book = Registry()

    @book.claim
    def cyclic():
        """The rule, checked at one size."""
        a, b = sp.MatrixSymbol("a", 2, 2), sp.MatrixSymbol("b", 2, 2)
        return Claim("rules.cyclic", "cyclic", relation(sp.Trace(a * b), "=", sp.Trace(b * a)), pattern=CYCLIC,
                     mutants=(Mutant("swapped order", "tr(ab) = tr(a)", relation(sp.Trace(a * b), "=", sp.Trace(a))),))

    @book.claim
    def applied():
        """A proof that applies it."""
        return Claim("demo.applied", "applied", step(sp.Trace(M * P), sp.Trace(P * M), {A: M, B: P}, pattern),
                     uses=uses, mutants=(Mutant("wrong step", "B = M",
                                                step(sp.Trace(M * P), sp.Trace(P * M), {A: M, B: M}, pattern)),))
    return book


def test_the_rule_must_be_listed_and_its_pattern_be_the_rule_claims_own():
    book = _book()
    book.check_dependencies()
    assert check(book.get("demo.applied")).status == HOLDS
    assert check(book.get("demo.applied").mutant(book.get("demo.applied").mutants[0])).status == FAILS
    with pytest.raises(DependencyError, match="must list it in uses"):
        _book(uses=()).check_dependencies()
    with pytest.raises(DependencyError, match="not the rule claim's own"):
        _book(pattern=relation(sp.Trace(A * B), "=", sp.Trace(A.T * B.T))).check_dependencies()


def test_the_flatten_rule_is_instantiated_from_its_pattern_and_applied_by_substitution():
    rule = derivations.get("rules.flatten")
    general = derivations.get("fusion.linear_as_conv_general")
    applied = [a for a in general.statement.applications() if a]
    assert len(applied) == 2 and all(a.rule == "rules.flatten" and a.pattern == rule.pattern for a in applied)
    wrong_substitution = general.mutant(general.mutants[1])
    result = check(wrong_substitution)
    assert result.status == FAILS and "not an instance of rules.flatten" in result.parts[0][1].detail


def test_the_trace_tactic_applies_the_rule_claims_pattern_and_reports_each_rotation():
    assert derivations.get(matrices.TRACE_CYCLIC_RULE).pattern == matrices.TRACE_CYCLIC
    assert derivations.get(matrices.DET_RULE).pattern == matrices.DET_MULTIPLICATIVE
    result = check(Claim("demo.rotated", "t", relation(sp.Trace(M * P * Q) + t, "=", sp.Trace(Q * M * P) + t)))
    assert result.holds and "each an instance of the rule: rules.trace_cyclic 1 time" in result.parts[0][1].detail


def test_a_rotation_that_is_no_instance_of_the_rule_is_not_made(monkeypatch):
    """A tactic that sorted the factors (a trace is not symmetric under every reordering) would prove
    tr(MPQ) = tr(QPM); each of its "rotations" fails the instance check, the traces stay closed, and a point
    refutes the claim."""
    def sorted_factors(matrices_):
        return tuple(sorted(matrices_, key=sp.srepr)), list(matrices_), 1

    monkeypatch.setattr(matrices, "_canonical_cycle", sorted_factors)
    with matrices.recorded_rotations() as rotations:
        opened = matrices.open_traces_and_determinants(sp.Trace(Q * P * M))
    assert opened == sp.Trace(Q * P * M) and rotations[0][:2] == (matrices.TRACE_CYCLIC_RULE, FAILS)
    assert check(Claim("demo.reordered", "t", relation(sp.Trace(M * P * Q), "=", sp.Trace(Q * P * M)))).status == FAILS


def test_each_opening_of_a_determinant_is_an_instance_of_the_determinants_rules():
    with matrices.recorded_rotations() as applied:
        opened = matrices.open_traces_and_determinants(sp.Determinant(2 * M * P.T) - 2**n * sp.Determinant(M) *
                                                       sp.Determinant(P))
    assert opened == 0 and [(rule, status) for rule, status, _ in applied] == [(matrices.DET_RULE, HOLDS)] * 3
    wrong = Application(matrices.DET_RULE, matrices.DET_MULTIPLICATIVE, {sp.Symbol("a", real=True): 2, A: M})
    assert check(Claim("demo.det", "t", derivation(sp.Determinant(2 * M), ("=", 2 * sp.Determinant(M), "det(aA)",
                                                                            wrong)))).status == FAILS
