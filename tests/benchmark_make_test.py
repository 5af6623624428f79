"""Time `make test`'s pytest command (without the install step): N runs, each wall time and the median.

Run as ``.venv/bin/python tests/benchmark_make_test.py [N] [pytest args...]``;
with pytest args, those replace the Makefile's (e.g. ``-p no:xdist`` to time
a serial run).  Prints figures; asserts nothing.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_TEST = ["-n", "auto", "--dist", "worksteal", "-m", "not browser and not faults"]


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 5
    args = argv[1:] or MAKE_TEST
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    print("command:", " ".join(command), f"| {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    times = []
    for k in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
        print(f"run {k + 1}: {times[-1]:.1f} s (exit {done.returncode}; {last})", flush=True)
    print(f"median of {runs}: {statistics.median(times):.1f} s (min {min(times):.1f}, max {max(times):.1f})")


if __name__ == "__main__":
    main(sys.argv[1:])
