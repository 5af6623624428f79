"""Shared pytest configuration: the sample books' folder, and the mutation score.

The score is counted from the outcomes of the mutant tests themselves, in the
controlling process from the reports of every run test, so it holds with
parallel workers (pytest -n) and never checks a mutant twice.
"""

from pathlib import Path

import pytest

# The sample books are built by tests/test_claimbook.py, not collected as tests.
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the sample books (``testroot="claimbook"`` is roots/test-claimbook)."""
    return Path(__file__).resolve().parent / "roots"


MUTANT_TEST = "test_mutants.py::test_mutant_is_rejected["


def pytest_terminal_summary(terminalreporter):
    reports = [r for outcome in ("passed", "failed") for r in terminalreporter.stats.get(outcome, [])
               if r.when == "call" and MUTANT_TEST in r.nodeid]
    if reports:
        rejected = sum(r.passed for r in reports)
        undecided = sum(r.passed and ("status", "undecided") in r.user_properties for r in reports)
        terminalreporter.write_line(f"mutation score: {rejected}/{len(reports)} planted errors rejected "
                                    f"({rejected - undecided} refuted, {undecided} undecided)")
