"""Which tests run for a mutant: the fastest of those that reach its function, within a budget of test time.

mutmut learns from a traced run which tests call each function (directly or through other
functions), and runs all of them for each of the function's mutants.  The engine's checker is
reached by every claim test (some 600, a minute in all), the numerics' data loaders by the
training tests: a mutant that survives would cost that minute.  Here each function keeps the
tests that reach it fastest first (its own doctests and unit tests, then the cheapest claims),
up to ``budget`` seconds of the traced run's time, and always at least one; the tests in files that
import the function's module, and the module's doctests, run whatever they cost.  A mutant that
only a left-out test would catch counts as surviving: the kill rate measured is a lower bound,
and a survivor is answered with a direct test of the behaviour, which is what the module lacked.

``python -m killrate.selection BUDGET ARGS...`` is ``mutmut ARGS...`` with that selection.
"""

import dataclasses
import importlib
import os
import sys
from typing import Callable

#: Environment variables that narrow a run to some modules (``make mutation-sample``): the files to
#: mutate, and the test files to trace and run (space-separated paths in the stage).
ONLY_MUTATE, TESTS = "KILLRATE_ONLY_MUTATE", "KILLRATE_TESTS"


def narrow(tests_by_function: dict[str, set[str]], duration_by_test: dict[str, float], budget: float,
           direct: Callable[[str, str], bool] = lambda function, test: False) -> dict[str, set[str]]:
    """For each function, its direct tests (``direct(function, test)``: a test file that imports the
    function's module, or the module's doctests), and the fastest of the others whose traced times add
    up to at most ``budget`` seconds; one test at least.

    >>> narrow({"f": {"slow", "fast", "mid"}}, {"slow": 9.0, "fast": 0.1, "mid": 0.5}, budget=1.0)
    {'f': {'fast', 'mid'}}
    >>> narrow({"f": {"slow"}}, {"slow": 9.0}, budget=1.0)  # one test at least, whatever it costs
    {'f': {'slow'}}
    """
    narrowed = {}
    for function, tests in tests_by_function.items():
        kept = {t for t in tests if direct(function, t)}
        spent = 0.0
        for test in sorted(tests - kept, key=lambda t: (duration_by_test.get(t, 0.0), t)):
            spent += duration_by_test.get(test, 0.0)
            if kept and spent > budget:
                break
            kept.add(test)
        narrowed[function] = kept
    return narrowed


def direct_tests() -> Callable[[str, str], bool]:
    """Whether a test (a pytest node id) is one of a function's (a mutmut key, ``module.x_name``) direct
    tests: in a test file that imports its module, or a doctest of that module."""
    from .stage import tests_importing

    files: dict[str, set[str]] = {}

    def direct(function: str, test: str) -> bool:
        module = function.rpartition(".")[0]
        if module not in files:
            files[module] = set(tests_importing([module]))
        return test.partition("::")[0] in files[module]

    return direct


def configure() -> None:
    """Narrow mutmut's configuration (``[tool.mutmut]``) to the files and tests that ``ONLY_MUTATE`` and
    ``TESTS`` name, when they are set; before mutmut reads it."""
    import mutmut.configuration

    changes = {}
    if os.environ.get(ONLY_MUTATE):
        changes["only_mutate"] = os.environ[ONLY_MUTATE].split()
    if os.environ.get(TESTS):
        changes["pytest_add_cli_args_test_selection"] = os.environ[TESTS].split()
    if changes:
        mutmut.configuration._config = dataclasses.replace(mutmut.configuration.config(), **changes)


#: What torch imports lazily, at a model's first optimiser step: imported in each forked mutant's process,
#: ``torch._dynamo`` took 0.8 of a torch test file's 0.95 s.  Importing it computes nothing: forking stays safe.
LAZY_IMPORTS = ("torch._dynamo",)


def preload_lazy_imports() -> None:
    """Make the fork server, once it has collected the tests, import :data:`LAZY_IMPORTS`, so that the
    mutants' processes it forks find them imported."""
    from mutmut.runners.harness import PytestRunner

    collect = PytestRunner.warm_up

    def collect_then_import(runner: PytestRunner) -> None:
        collect(runner)
        for module in LAZY_IMPORTS:
            importlib.import_module(module)

    PytestRunner.warm_up = collect_then_import


def main(argv: list[str]) -> None:
    """Run mutmut's command line with each function's tests narrowed once mutmut has loaded its trace."""
    import mutmut.__main__ as mutmut_main
    from mutmut.state import state

    configure()
    preload_lazy_imports()
    budget = float(argv[0])
    collect_or_load_stats = mutmut_main.collect_or_load_stats

    def collect_then_narrow(*args, **kwargs):
        collect_or_load_stats(*args, **kwargs)
        tests = state().tests_by_mangled_function_name
        # In memory only: mutmut's trace on disk keeps every test, and each run narrows it afresh.
        for function, kept in narrow(tests, state().duration_by_test, budget, direct_tests()).items():
            tests[function] = kept

    mutmut_main.collect_or_load_stats = collect_then_narrow
    mutmut_main.cli.main(args=argv[1:], prog_name="mutmut")


if __name__ == "__main__":
    main(sys.argv[1:])
