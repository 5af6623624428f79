"""`make mutation`'s own choices (code/killrate): which tests run for a mutant, which mutants a sample draws."""

from killrate.__main__ import draw_per_module
from killrate import selection
from killrate.selection import narrow
from killrate import stage


def test_each_function_keeps_its_fastest_tests_within_the_budget_and_one_at_least():
    durations = {"slow": 9.0, "fast": 0.1, "mid": 0.5}
    assert narrow({"f": {"slow", "fast", "mid"}, "g": {"slow"}}, durations, budget=1.0) == {
        "f": {"fast", "mid"}, "g": {"slow"}}


def test_a_functions_direct_tests_run_whatever_they_cost_and_the_budget_is_for_the_others():
    durations = {"tests/test_mine.py::slow": 3.0, "claims::a": 0.1, "claims::b": 0.2}
    tests = {"f": set(durations)}
    mine = narrow(tests, durations, budget=0.25, direct=lambda function, test: test.startswith("tests/test_mine.py"))
    assert mine == {"f": {"tests/test_mine.py::slow", "claims::a"}}
    assert selection.direct_tests()("claimcheck.checker.tactics.x_decide_sign", "tests/test_checker_units.py::t")
    assert not selection.direct_tests()("claimcheck.checker.tactics.x_decide_sign", "tests/test_claims.py::t")


def test_the_draw_takes_at_most_k_from_each_module_and_is_the_same_for_the_same_seed():
    names = [f"mfdnn.softmax.x_lse__mutmut_{i}" for i in range(1, 9)] + ["mfdnn.config.x_f__mutmut_1"]
    drawn = draw_per_module(names, 3, seed=27)
    assert sorted(n.rpartition(".")[0] for n in drawn) == ["mfdnn.config"] + ["mfdnn.softmax"] * 3
    assert draw_per_module(list(reversed(names)), 3, seed=27) == drawn


def test_a_narrowed_run_traces_the_test_files_that_import_its_modules_and_their_doctests():
    assert stage.module_file("mfdnn.costs") == "mfdnn/costs/__init__.py"
    assert stage.module_file("mfdnn.loss") == "mfdnn/loss.py"
    tests = stage.tests_importing(["mfdnn.softmax", "claimcheck.scope"])
    assert {"tests/test_softmax.py", "tests/test_scope.py", "mfdnn/softmax.py", "claimcheck/scope.py"} <= set(tests)
    assert "tests/test_claims.py" not in tests and "tests/test_momentum.py" not in tests


def test_the_table_counts_timeouts_among_the_caught_and_leaves_equivalent_and_arbitrary_ones_out():
    from killrate.report import ModuleResult, table
    result = ModuleResult("mfdnn.demo", {"f__mutmut_1": "killed", "f__mutmut_2": "timeout", "f__mutmut_3": "survived",
                                         "f__mutmut_4": "survived", "f__mutmut_5": "survived"},
                          equivalent={"f__mutmut_4", "f__mutmut_5"}, kinds={"f__mutmut_5": "arbitrary"})
    header, row = table([result]).splitlines()[:2]
    assert header.split() == ["module", "mutants", "caught", "timeout", "survived", "equiv.", "arbitr.", "GPU",
                              "unrun", "kill", "rate"]
    assert row.split() == ["mfdnn.demo", "5", "2", "1", "1", "1", "1", "0", "0", "66.7%"]


def test_a_reason_that_starts_arbitrary_or_needs_a_gpu_lists_a_mutant_of_that_kind(tmp_path):
    from killrate.report import read_equivalents, read_results

    listed = tmp_path / "equivalent.txt"
    listed.write_text("# comment\nm.x_f__mutmut_1 dim=+1 for dim=-1: a matrix's last axis\n"
                      "m.x_f__mutmut_2 arbitrary: seed 1 for 0, any seed draws valid data\n"
                      "m.x_f__mutmut_4 needs a GPU: the CUDA graph's replay\n")
    meta = tmp_path / "mutants" / "mfdnn" / "demo.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text('{"exit_code_by_key": {"m.x_f__mutmut_1": 0, "m.x_f__mutmut_2": 0, "m.x_f__mutmut_3": 1, '
                    '"m.x_f__mutmut_4": 0}}')
    (result,) = read_results(tmp_path / "mutants", read_equivalents(listed))
    assert result.equivalent == {"m.x_f__mutmut_1", "m.x_f__mutmut_2", "m.x_f__mutmut_4"}
    assert [result.kind(f"m.x_f__mutmut_{k}") for k in (1, 2, 4)] == ["equivalent", "arbitrary", "GPU only"]
    counts = result.counts()
    assert (counts["equivalent"], counts["arbitrary"], counts["GPU only"], result.rate()) == (1, 1, 1, 1.0)


def test_the_fork_server_imports_what_torch_imports_lazily_after_collecting(monkeypatch):
    from mutmut.runners.harness import PytestRunner

    done = []
    monkeypatch.setattr(PytestRunner, "warm_up", lambda runner: done.append("collected"))
    monkeypatch.setattr(selection.importlib, "import_module", done.append)
    selection.preload_lazy_imports()
    PytestRunner.warm_up(None)
    assert done == ["collected", *selection.LAZY_IMPORTS] and "torch._dynamo" in selection.LAZY_IMPORTS


def test_a_report_leaves_the_copies_that_a_run_in_the_same_stage_is_reading(tmp_path, capsys):
    from killrate.__main__ import main

    copied = tmp_path / "mutants" / "tests" / "test_demo.py"
    copied.parent.mkdir(parents=True)
    copied.write_text("def test_demo(): pass\n")
    meta = tmp_path / "mutants" / "mfdnn" / "softmax.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text('{"exit_code_by_key": {"mfdnn.softmax.x_f__mutmut_1": 1, "mfdnn.softmax.x_f__mutmut_2": 0}}')
    assert main(["--report-only", "--stage", str(tmp_path), "mfdnn.softmax.*"]) == 0
    assert copied.exists(), "reporting deleted the tests a running mutmut reads"
    assert "1 of 2 mutants caught (50.0%)" in capsys.readouterr().out


def test_the_mutants_left_to_rerun_are_those_no_test_caught_last_time(tmp_path):
    from killrate.__main__ import caught_names

    meta = tmp_path / "mfdnn" / "demo.py.meta"
    meta.parent.mkdir(parents=True)
    meta.write_text('{"exit_code_by_key": {"m.f__mutmut_1": 1, "m.f__mutmut_2": 0, "m.f__mutmut_3": null, '
                    '"m.f__mutmut_4": 255, "m.f__mutmut_5": -24, "m.f__mutmut_6": 33}}')
    assert caught_names(tmp_path) == {"m.f__mutmut_1"}, "a timeout or a run that could not report is rerun"
