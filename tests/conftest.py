"""The mutation score, from the outcomes of the mutant tests themselves.

Counted in the controlling process from the reports of every run test, so it
holds with parallel workers (pytest -n) and never checks a mutant twice.
"""

MUTANT_TEST = "test_mutants.py::test_mutant_is_rejected["


def pytest_terminal_summary(terminalreporter):
    reports = [r for outcome in ("passed", "failed") for r in terminalreporter.stats.get(outcome, [])
               if r.when == "call" and MUTANT_TEST in r.nodeid]
    if reports:
        rejected = sum(r.passed for r in reports)
        terminalreporter.write_line(f"mutation score: {rejected}/{len(reports)} planted errors rejected")
