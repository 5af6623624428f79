"""Time `make test`: N runs (default 5), each one's wall time, and the median.

Run as ``.venv/bin/python tests/benchmark_make_test.py [N]`` from anywhere.
The install step runs once first, untimed, so that each timed run is the
checks alone (ruff, then pytest on every core).  Prints figures; asserts nothing.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    runs = int(argv[0]) if argv else 5
    subprocess.run(["make", "-s", "install"], cwd=ROOT, check=True)
    print(f"make test, {runs} runs | {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}", flush=True)
    times = []
    for k in range(runs):
        start = time.perf_counter()
        done = subprocess.run(["make", "-s", "test"], cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        tail = (done.stdout.strip() or done.stderr.strip()).splitlines()[-1:]
        print(f"run {k + 1}: {times[-1]:.1f} s (exit {done.returncode}; {' '.join(tail)})", flush=True)
    print(f"median of {runs}: {statistics.median(times):.1f} s (min {min(times):.1f}, max {max(times):.1f})")


if __name__ == "__main__":
    main(sys.argv[1:])
