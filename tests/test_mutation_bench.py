"""mfdnn.memorization.bench: its figures (from the run's time and counted work), what it prints and records."""

import json
from pathlib import Path

import pytest
import torch

from mfdnn import memorization as mm
from mfdnn import mnist
from mfdnn.memorization import bench
from mfdnn.profile import PROFILE_ENV


def test_measure_derives_every_figure_from_the_runs_time_and_work(monkeypatch):
    split = mnist.synthetic_split("test", 8, seed=0)
    monkeypatch.setattr(bench, "load_mnist", lambda: mnist.MnistData(Path("made-up"), None, split, synthetic=False))
    setup = mm.Setup(images=8, epochs=1, width=0.0625, batch=4, init="he")
    result = bench.measure(setup, torch.device("cpu"))
    work, seconds = mm.total_flops(setup), result["seconds"]
    assert seconds > 0
    assert result["images_per_s"] == pytest.approx(8 / seconds)
    assert result["tflops"] == pytest.approx(work / seconds / 1e12)
    assert result["total_pflop"] == pytest.approx(work / 1e15)
    assert result["floor_seconds"] == pytest.approx(work / 800e12)
    assert result["fraction_of_floor"] == pytest.approx(work / 800e12 / seconds)
    assert result["setup"] == vars(setup) and result["label_values"] == 9
    assert result["data"] == bench.load_mnist().describe()
    assert result["torch"] == torch.__version__ and "T" in result["date"] and result["commit"]
    assert 0 <= result["final_train_accuracy"] <= 1
    assert set(bench.RECORD_KEYS) <= set(result)


def _fake_result(setup):
    return {"device": "a test", "torch": "0", "date": "2026-01-01", "commit": "abc", "setup": vars(setup),
            "data": "made up", "seconds": 2.0, "images_per_s": 4.0, "tflops": 0.0125, "total_pflop": 0.025,
            "floor_seconds": 0.5, "fraction_of_floor": 0.25, "final_train_accuracy": 0.375}


def test_main_prints_the_figures_and_appends_each_run_to_the_record(monkeypatch, tmp_path, capsys):
    seen = []
    monkeypatch.setattr(bench, "measure", lambda setup, dev: seen.append(setup) or _fake_result(setup))
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    record = tmp_path / "runs.json"
    bench.main(["--profile", "quick", "--epochs", "3", "--no-compile", "--record", str(record)])
    out = capsys.readouterr().out
    assert seen[0] == mm.Setup(images=256, epochs=3, width=0.125, init="he", compile=False)
    for line in ("wall time            2.00 s", "images/s (training)  4.0", "work (FlopCounter)   25.000 TFLOP",
                 "achieved             0.0125 TFLOP/s", "floor at 800 TFLOP/s   0.5000 s  -> fraction of the floor "
                 "2.50e-01", "final training accuracy on random labels 37.5 %", f"recorded in {record}"):
        assert line in out.splitlines(), line
    assert out.splitlines()[0].startswith("profile `quick`")
    bench.main(["--profile", "quick", "--record", str(record)])
    capsys.readouterr()
    runs = bench.recorded_runs(record)
    assert len(runs) == 2 and runs[0]["setup"]["epochs"] == 3 and runs[1]["setup"]["epochs"] == 120
    assert record.read_text().endswith("]\n")
    bench.main(["--profile", "quick", "--compile"])
    assert seen[-1].compile is True and len(json.loads(record.read_text())) == 2  # no --record: nothing written
    assert "recorded in" not in capsys.readouterr().out
