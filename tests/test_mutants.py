"""Every planted error must be rejected by the check of its claim."""

import pytest

import derivations
from derivations import core

CASES = [(name, k) for name, claim in sorted(derivations.all_claims().items()) for k in range(len(claim.mutants))]


@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}[{k}]" for n, k in CASES])
def test_mutant_is_rejected(name, index):
    claim = derivations.get(name)
    mutant = claim.mutants[index]
    result = core.check(claim.mutant(mutant))
    assert not result.holds, f"mutant {mutant.kind!r} of {name!r} ({mutant.description}) was not rejected"


def test_mutation_score_is_reported(capsys):
    """Print the mutation score (rejected / total) in the test log."""
    total = rejected = 0
    for claim in derivations.all_claims().values():
        for _, result in core.check_mutants(claim):
            total += 1
            rejected += not result.holds
    with capsys.disabled():
        print(f"\nmutation score: {rejected}/{total} planted errors rejected")
    assert total > 0 and rejected == total
