"""Every registered claim must hold; a failure names the claim and its residual."""

from pathlib import Path

import pytest
import sympy as sp

import derivations
import claimcheck

CLAIMS = derivations.all_claims()


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_holds(name):
    result = claimcheck.check(CLAIMS[name])
    assert result.holds, f"claim {name!r} {result.status}: {result.failure_report()}"


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_is_well_formed(name):
    claim = CLAIMS[name]
    assert claim.title and claim.doc, f"claim {name!r} needs a title and a docstring saying what it proves"
    assert claim.source[1] > 0


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_hypotheses_and_wrong_answers_render(name):
    """Its domains fit its symbols (else the page would fail to build).

    A missing-hypothesis mutant shows what it changes.
    """
    from claimcheck.latex import changed_hypotheses, changed_parts, conditions

    claim = CLAIMS[name]
    shown = conditions(claim)
    labels = {a.base.label for _, rel in claim.parts() for a in rel.atoms(sp.Indexed)}
    assert not [s for s in labels if f"{sp.latex(s)} \\in \\mathbb{{R}}" in shown], \
        f"claim {name!r} shows the name of a family of entries as a number"
    for mutant in (m for m in claim.mutants if m.kind == "missing hypothesis"):
        assert changed_parts(claim, mutant) or changed_hypotheses(claim, mutant) != ([], []), \
            f"claim {name!r}: the page shows no hypothesis that mutant {mutant.description!r} changes"


def test_errata_cite_registered_claims_and_existing_tests():
    tests_dir = Path(__file__).resolve().parent
    for entry in derivations.REGISTRY.errata():
        assert entry.shown_by or entry.checked_by, f"erratum {entry.where!r} is not backed by any claim or test"
        for name in entry.shown_by:
            assert name in CLAIMS, f"erratum {entry.where!r} cites unknown claim {name!r}"
        for test_id in entry.checked_by:
            path, _, function = test_id.partition("::")
            file = tests_dir.parent / path
            assert file.is_file() and f"def {function}(" in file.read_text(), (
                f"erratum {entry.where!r} cites {test_id!r}, which is not a test in {path}")
