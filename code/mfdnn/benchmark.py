"""Wall-clock timing for the speed comparisons (figures on pages, never assertions in tests).

The build machine may be shared with other jobs, which only ever slow a run
down; the fastest of several runs is therefore the least disturbed estimate
of the cost, and is what :func:`best_seconds` reports.
"""

import time


def best_seconds(fn, repeats: int, sync=lambda: None, warm_up: bool = True) -> float:
    """Fastest wall time of ``fn()`` over ``repeats`` runs, after one warm-up run (unless ``warm_up=False``)."""
    if warm_up:
        fn()
        sync()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        sync()
        best = min(best, time.perf_counter() - t0)
    return best
