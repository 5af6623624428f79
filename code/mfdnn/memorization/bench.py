"""Benchmark the label-memorization run: ``python -m mfdnn.memorization.bench [--profile full] [--record FILE]``.

Prints wall time, images/s, achieved TFLOP/s (work counted by FlopCounterMode)
and the fraction of the floor: the time the counted work would take at
``PEAK_TFLOPS`` (about what an H100 sustains in bf16), divided by the wall
time.  ``--record FILE`` appends the result, with device, torch version, date
and commit, to a JSON list (the page shows recorded GPU runs beside its own).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
from pathlib import Path

import torch

from .. import memorization as mm
from ..mnist import as_float, load_mnist
from ..profile import PROFILE_ENV, active_profile, device_name

#: Where GPU runs are recorded (``--record``) for the page to show; an empty list means none was made.
RECORDS = Path(__file__).resolve().parents[3] / "docs" / "chapters" / "data" / "memorization-gpu-runs.json"
#: The bf16 rate used for the floor, in TFLOP/s (about an H100's; the issue's figure).
PEAK_TFLOPS = 800.0


def measure(setup: mm.Setup, dev: torch.device) -> dict:
    """Train once on random labels and return the figures the script prints."""
    data = load_mnist()
    pool = data.pool()
    x = as_float(pool.images)
    history = mm.train(x, mm.random_labels(len(x), setup.seed, classes=mm.COURSE_LABEL_VALUES), setup, dev)
    work = mm.total_flops(setup)
    seconds = history.seconds
    return {
        "device": device_name(dev),
        "torch": torch.__version__,
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": _commit(),
        "setup": {k: v for k, v in vars(setup).items()},
        "label_values": mm.COURSE_LABEL_VALUES,  # the course's draw, 0..8
        "data": data.describe(),
        "seconds": seconds,
        "images_per_s": setup.images * setup.epochs / seconds,
        "tflops": work / seconds / 1e12,
        "total_pflop": work / 1e15,
        "floor_seconds": work / (PEAK_TFLOPS * 1e12),
        "fraction_of_floor": work / (PEAK_TFLOPS * 1e12) / seconds,
        "final_train_accuracy": history.accuracy[-1],
    }


#: What every recorded run holds (the page's table reads them), and which of them are numbers.
RECORD_KEYS = ("device", "torch", "date", "commit", "setup", "data", "seconds", "images_per_s", "tflops",
               "total_pflop", "floor_seconds", "fraction_of_floor", "final_train_accuracy")
RECORD_NUMBERS = ("seconds", "images_per_s", "tflops", "total_pflop", "floor_seconds", "fraction_of_floor")


def recorded_runs(path: Path = RECORDS) -> list[dict]:
    """The GPU runs recorded with ``--record``, each checked for what the page reads; the file holds ``[]``
    when none was made.

    A missing file is an error, not "no runs": the page would otherwise say that none was recorded.
    A file that is not a JSON list of runs, or a run that lacks a figure or holds an impossible one,
    is a ``ValueError`` naming the file and the run: the page would otherwise fail far from the cause.
    """
    if not path.is_file():
        raise FileNotFoundError(f"no record of GPU runs at {path}: the file is part of the project "
                                "(it holds [] when no run was recorded); restore it from version control")
    try:
        runs = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc}); it must be the list that --record writes") from None
    if not isinstance(runs, list):
        raise ValueError(f"{path}: holds a JSON {type(runs).__name__}, expected a list of runs as --record writes")
    for number, run in enumerate(runs, 1):
        where = f"{path}: run {number} of {len(runs)}"
        if not isinstance(run, dict):
            raise ValueError(f"{where} is a JSON {type(run).__name__}, expected an object")
        missing = [k for k in RECORD_KEYS if k not in run]
        if missing:
            raise ValueError(f"{where} lacks {', '.join(missing)}; record runs with --record")
        for key in RECORD_NUMBERS:
            value = run[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
                raise ValueError(f"{where}: {key} is {value!r}, expected a positive number")
        accuracy = run["final_train_accuracy"]
        if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float)) or not 0 <= accuracy <= 1:
            raise ValueError(f"{where}: final_train_accuracy is {accuracy!r}, expected a fraction in [0, 1]")
        if not isinstance(run["setup"], dict) or "compile" not in run["setup"]:
            raise ValueError(f"{where}: setup is {run['setup']!r}, expected the Setup's fields (compile among them)")
    return runs


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("full", "quick"), help=f"overrides ${PROFILE_ENV}")
    parser.add_argument("--epochs", type=int, help="fewer epochs for a short look")
    parser.add_argument("--compile", action=argparse.BooleanOptionalAction, default=None, help="torch.compile")
    parser.add_argument("--record", type=Path, help="append the result to this JSON list")
    args = parser.parse_args(argv)
    if args.profile:
        os.environ[PROFILE_ENV] = args.profile
    profile = active_profile()
    overrides = {k: v for k, v in (("epochs", args.epochs), ("compile", args.compile)) if v is not None}
    setup = mm.setup_for(profile, **overrides)
    result = measure(setup, profile.device)
    print(f"{profile.describe()}")
    print(f"setup: {result['setup']}")
    print(f"data: {result['data']}")
    print(f"wall time            {result['seconds']:.2f} s")
    print(f"images/s (training)  {result['images_per_s']:.1f}")
    print(f"work (FlopCounter)   {result['total_pflop'] * 1e3:.3f} TFLOP")
    print(f"achieved             {result['tflops']:.4f} TFLOP/s")
    print(f"floor at {PEAK_TFLOPS:.0f} TFLOP/s   {result['floor_seconds']:.4f} s  "
          f"-> fraction of the floor {result['fraction_of_floor']:.2e}")
    print(f"final training accuracy on random labels {100 * result['final_train_accuracy']:.1f} %")
    if args.record:
        runs = recorded_runs(args.record) if args.record.exists() else []
        runs.append(result)
        args.record.write_text(json.dumps(runs, indent=1) + "\n")
        print(f"recorded in {args.record}")


if __name__ == "__main__":
    main()
