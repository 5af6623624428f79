"""mfdnn.memorization.bench: the command line, the figures it computes, the commit it records, its refusals."""

import json
import subprocess
from pathlib import Path

import pytest
import torch

from mfdnn import memorization as mm
from mfdnn import mnist, profile
from mfdnn.memorization import bench

RUN = {"device": "Test GPU", "torch": "2.13.0", "date": "2026-12-07T00:00:00+00:00", "commit": "abc1234",
       "setup": {"images": 60, "epochs": 2, "compile": False}, "data": "MNIST test split",
       "seconds": 2.5, "images_per_s": 48.0, "tflops": 0.5, "total_pflop": 1e-3, "floor_seconds": 1e-3,
       "fraction_of_floor": 4e-4, "final_train_accuracy": 0.25}


def test_the_commit_is_the_repositorys_head_from_any_working_directory(monkeypatch, tmp_path):
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                          cwd=Path(__file__).parent)
    if head.returncode:
        pytest.skip("not run from a git checkout: no commit to compare with")
    monkeypatch.chdir(tmp_path)  # not a repository: the commit is looked up beside the code
    assert bench._commit() == head.stdout.strip()


def test_without_a_repository_the_commit_is_unknown(monkeypatch, tmp_path):
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-repository"))
    assert bench._commit() == "unknown"


@pytest.fixture
def fake_measure(monkeypatch):
    calls = []

    def measure(setup, dev):
        calls.append((setup, dev))
        return dict(RUN, setup={k: v for k, v in vars(setup).items()}, data="the DATA line")

    monkeypatch.setattr(bench, "measure", measure)
    monkeypatch.setenv(profile.PROFILE_ENV, "quick")  # main sets it; monkeypatch puts it back
    return calls


def test_main_runs_the_chosen_setup_prints_it_and_records_it(fake_measure, tmp_path, capsys, monkeypatch):
    record = tmp_path / "runs.json"
    bench.main(["--profile", "full", "--epochs", "3", "--no-compile", "--record", str(record)])
    setup, dev = fake_measure[0]
    assert setup == mm.Setup(epochs=3, compile=False) and dev == profile.active_profile().device
    out = capsys.readouterr().out.splitlines()
    assert f"setup: {vars(setup)}" in out and "data: the DATA line" in out
    monkeypatch.setenv(profile.PROFILE_ENV, "quick")
    bench.main(["--record", str(record)])
    assert fake_measure[1][0] == mm.setup_for(profile.active_profile())  # quick, as the environment says
    assert [run["setup"]["epochs"] for run in json.loads(record.read_text())] == [3, 120]


def test_main_refuses_an_unknown_profile_and_explains_its_options(fake_measure, capsys):
    with pytest.raises(SystemExit):
        bench.main(["--profile", "fast"])
    assert "invalid choice: 'fast'" in capsys.readouterr().err and not fake_measure
    with pytest.raises(SystemExit):
        bench.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Benchmark the label-memorization run: ``python -m mfdnn.memorization.bench [--profile full] " \
           "[--record FILE]``." in out
    for option, text in [("--profile {full,quick}", "overrides $MFDNN_PROFILE"),
                         ("--epochs EPOCHS", "fewer epochs for a short look"),
                         ("--compile, --no-compile", "torch.compile"),
                         ("--record RECORD", "append the result to this JSON list")]:
        assert f"{option} {text}" in out


def test_measure_trains_on_the_courses_labels_and_derives_its_figures(monkeypatch):
    pool = mnist.synthetic_split("train", 60, seed=1)
    monkeypatch.setattr(bench, "load_mnist", lambda: mnist.MnistData(Path("data"), pool, None, synthetic=True))
    seen = []

    def train(x, labels, setup, dev):
        seen.append(labels)
        return mm.History([0.3], [1.0], 2.0, setup)

    monkeypatch.setattr(mm, "train", train)
    monkeypatch.setattr(mm, "total_flops", lambda setup: 4.5e15)
    setup = mm.Setup(images=6, epochs=3)
    result = bench.measure(setup, torch.device("cpu"))
    assert torch.equal(seen[0], mm.random_labels(60, setup.seed, classes=9))  # the course's draw, 0..8
    assert result["date"].endswith("+00:00")  # UTC, said so
    assert (result["images_per_s"], result["tflops"], result["total_pflop"]) == (6 * 3 / 2.0, 2250.0, 4.5)
    assert (result["floor_seconds"], result["fraction_of_floor"]) == (4.5e15 / 800e12, 4.5e15 / 800e12 / 2.0)


def test_refusals_of_the_record_file_are_whole_sentences(tmp_path):
    absent = tmp_path / "absent.json"
    with pytest.raises(FileNotFoundError) as missing:
        bench.recorded_runs(absent)
    assert str(missing.value) == (f"no record of GPU runs at {absent}: the file is part of the project "
                                  "(it holds [] when no run was recorded); restore it from version control")
    path = tmp_path / "runs.json"
    path.write_text(json.dumps([{k: v for k, v in RUN.items() if k not in ("torch", "date")}]))
    with pytest.raises(ValueError) as lacking:
        bench.recorded_runs(path)
    assert str(lacking.value) == f"{path}: run 1 of 1 lacks torch, date; record runs with --record"
