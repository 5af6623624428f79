"""The helpers that claims are written with: display forms kept as written (claimcheck.display) and
hypotheses taken away for planted errors (claimcheck.mutants.relax)."""

import sympy as sp

from claimcheck.display import minus, written
from claimcheck.model import Derivation, Step
from claimcheck.mutants import relax
from claimcheck.printing import tex

a, b = sp.symbols("a b")
beta = sp.Symbol("beta", positive=True)


def test_a_sum_is_shown_in_the_authors_order():
    assert tex(written(b, a), order="none") == "b + a"


def test_minus_keeps_a_sum_in_parentheses():
    assert tex(minus(written(b, a)), order="none") == "- (b + a)"


def forgets_positivity(expr) -> bool:
    """Every β in ``expr`` is real but no longer known positive (and no positive β is left)."""
    betas = [s for s in expr.free_symbols if s.name == "beta"]
    return betas != [] and all(s.is_real and s.is_positive is None for s in betas)


def test_relax_takes_the_hypothesis_from_every_step_of_a_derivation():
    chain = Derivation(sp.exp(-beta), (Step("<=", sp.Integer(1), "β > 0"), Step("=", beta ** 0, "a power 0")))
    relaxed = relax(chain, beta)
    assert forgets_positivity(relaxed.start)
    assert [(st.rel, st.reason) for st in relaxed.steps] == [(st.rel, st.reason) for st in chain.steps]
    assert relaxed.steps[0].expr == 1
    chain = Derivation(sp.Integer(0), (Step("<=", beta, "β > 0"), Step("<=", 2 * beta, "doubled")))
    assert all(forgets_positivity(st.expr) for st in relax(chain, beta).steps)


def test_relax_takes_the_hypothesis_from_each_member_of_a_tuple_and_a_substitution():
    pair = relax((beta, 2 * beta), beta)
    assert isinstance(pair, tuple) and len(pair) == 2 and all(forgets_positivity(e) for e in pair)
    where = relax({a: beta + 1}, beta)
    assert list(where) == [a] and forgets_positivity(where[a])


def test_relax_keeps_a_relation_unevaluated_and_passes_the_assumptions_down():
    relation = relax(sp.Le(beta, beta + 1, evaluate=False), beta)  # true for every real β: still shown
    assert isinstance(relation, sp.Le) and forgets_positivity(relation)
    pair = relax((beta, 2 * beta), beta, negative=True)
    assert all(s.is_negative for e in pair for s in e.free_symbols)
