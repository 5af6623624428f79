"""mfdnn.memorization.bench's record of GPU runs: read back checked, refused with the file named when wrong."""

import copy
import json

import pytest

from mfdnn.memorization import bench

RUN = {"device": "Test GPU", "torch": "2.13.0", "date": "2026-12-07T00:00:00+00:00", "commit": "abc1234",
       "setup": {"images": 60, "epochs": 2, "compile": False}, "data": "MNIST test split",
       "seconds": 2.5, "images_per_s": 48.0, "tflops": 0.5, "total_pflop": 1e-3, "floor_seconds": 1e-3,
       "fraction_of_floor": 4e-4, "final_train_accuracy": 0.25}


def write(tmp_path, runs) -> object:
    path = tmp_path / "runs.json"
    path.write_text(runs if isinstance(runs, str) else json.dumps(runs))
    return path


def test_the_records_in_the_repository_are_valid():
    for run in bench.recorded_runs():
        assert run["seconds"] > 0 and 0 <= run["final_train_accuracy"] <= 1


def test_an_empty_list_means_no_runs(tmp_path):
    assert bench.recorded_runs(write(tmp_path, [])) == []


def test_valid_runs_are_read_back_unchanged(tmp_path):
    runs = [RUN, dict(RUN, seconds=1.0, final_train_accuracy=1.0)]
    assert bench.recorded_runs(write(tmp_path, runs)) == runs


@pytest.mark.parametrize("text, expected", [
    ("[{", r"runs\.json: not valid JSON"),
    ("", r"runs\.json: not valid JSON"),
    ('{"device": "x"}', r"runs\.json: holds a JSON dict, expected a list of runs"),
    ("[1]", r"runs\.json: run 1 of 1 is a JSON int, expected an object"),
])
def test_a_file_that_is_not_a_list_of_runs_is_refused(tmp_path, text, expected):
    with pytest.raises(ValueError, match=expected):
        bench.recorded_runs(write(tmp_path, text))


@pytest.mark.parametrize("key", bench.RECORD_KEYS)
def test_a_run_lacking_a_figure_is_refused_by_name(tmp_path, key):
    broken = {k: v for k, v in RUN.items() if k != key}
    with pytest.raises(ValueError, match=rf"runs\.json: run 2 of 2 lacks {key}; record runs with --record"):
        bench.recorded_runs(write(tmp_path, [RUN, broken]))


@pytest.mark.parametrize("key", bench.RECORD_NUMBERS)
@pytest.mark.parametrize("value", [0, -1.0, "3", None, True])
def test_a_figure_that_is_not_a_positive_number_is_refused(tmp_path, key, value):
    with pytest.raises(ValueError, match=rf"runs\.json: run 1 of 1: {key} is .*, expected a positive number"):
        bench.recorded_runs(write(tmp_path, [dict(RUN, **{key: value})]))


@pytest.mark.parametrize("value", [-0.01, 1.5, "0.9", None, False])
def test_an_accuracy_outside_0_1_is_refused(tmp_path, value):
    with pytest.raises(ValueError, match=r"final_train_accuracy is .*, expected a fraction in \[0, 1\]"):
        bench.recorded_runs(write(tmp_path, [dict(RUN, final_train_accuracy=value)]))


@pytest.mark.parametrize("setup", [None, [], {"images": 60}])
def test_a_setup_without_its_fields_is_refused(tmp_path, setup):
    with pytest.raises(ValueError, match=r"run 1 of 1: setup is .*, expected the Setup's fields"):
        bench.recorded_runs(write(tmp_path, [dict(RUN, setup=setup)]))


def test_the_boundaries_are_accepted(tmp_path):
    runs = [dict(RUN, final_train_accuracy=0), dict(RUN, final_train_accuracy=1, seconds=1e-9)]
    assert bench.recorded_runs(write(tmp_path, copy.deepcopy(runs))) == runs
