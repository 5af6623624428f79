"""Every registered claim must hold; a failure names the claim and its residual."""

from pathlib import Path

import pytest

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
