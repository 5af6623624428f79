"""Every planted error must be rejected by the check of its claim."""

import functools

import pytest

import derivations
import claimcheck

CASES = [(name, k) for name, claim in sorted(derivations.all_claims().items()) for k in range(len(claim.mutants))]


@functools.cache
def mutant_result(name: str, index: int) -> claimcheck.ClaimResult:
    """Check a mutant once per session: the score below reuses the per-mutant tests' work."""
    claim = derivations.get(name)
    return claimcheck.check(claim.mutant(claim.mutants[index]))


@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}[{k}]" for n, k in CASES])
def test_mutant_is_rejected(name, index):
    mutant = derivations.get(name).mutants[index]
    result = mutant_result(name, index)
    assert not result.holds, f"mutant {mutant.kind!r} of {name!r} ({mutant.description}) was not rejected"


def test_mutation_score_is_reported(capsys):
    """Print the mutation score (rejected / total) in the test log."""
    total = len(CASES)
    rejected = sum(not mutant_result(name, index).holds for name, index in CASES)
    with capsys.disabled():
        print(f"\nmutation score: {rejected}/{total} planted errors rejected")
    assert total > 0 and rejected == total
