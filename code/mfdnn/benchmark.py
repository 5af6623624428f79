"""Wall-clock timing for the speed comparisons (figures on pages, never assertions in tests)."""

import statistics
import time


def median_seconds(fn, repeats: int, sync=lambda: None, warm_up: bool = True) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs, after one warm-up run (unless ``warm_up=False``)."""
    if warm_up:
        fn()
        sync()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
