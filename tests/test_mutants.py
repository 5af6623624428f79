"""Every planted error must be rejected by the check of its claim."""

import pytest

import derivations
import claimcheck

CASES = [(name, k) for name, claim in sorted(derivations.all_claims().items()) for k in range(len(claim.mutants))]


@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}[{k}]" for n, k in CASES])
def test_mutant_is_rejected(name, index, record_property):
    """Each mutant is checked once, in whichever worker runs this test; tests/conftest.py prints the score,
    counting the mutants refuted and those only left undecided apart (the status is recorded for it)."""
    claim = derivations.get(name)
    mutant = claim.mutants[index]
    result = claimcheck.check(claim.mutant(mutant))
    record_property("status", result.status)
    assert not result.holds, f"mutant {mutant.kind!r} of {name!r} ({mutant.description}) was not rejected"
    if claim.mutant(mutant).display is not None:  # the wrong answer shown is the one checked, and is rejected
        shown = [(label, r) for label, r in result.parts if label.startswith("display")]  # for its own reason
        assert shown and all(r.holds for _, r in shown), \
            f"mutant {mutant.kind!r} of {name!r}: its display form is not its checked statement: " + "; ".join(
                f"{label}: {r.status} ({r.detail})" for label, r in shown if not r.holds)


def test_every_claim_has_planted_errors():
    assert CASES and {name for name, _ in CASES} == set(derivations.all_claims())
