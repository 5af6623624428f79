"""Wall-clock timing for the speed comparisons (figures on pages, never assertions in tests).

The build machine may be shared with other jobs, which only ever slow a run
down.  :func:`fastest_interleaved` therefore runs the contenders in turns (so
a burst of load hits all of them alike), optionally on a fixed number of CPU
threads, and reports the fastest run of each: the least disturbed estimate.
"""

import time
from contextlib import contextmanager

import torch


@contextmanager
def cpu_threads(count: int | None):
    """Run the block with ``count`` intra-op CPU threads (``None``: leave the setting alone)."""
    old = torch.get_num_threads()
    if count is not None:
        torch.set_num_threads(count)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def fastest_interleaved(contenders: dict, repeats: int, sync=lambda: None, threads: int | None = None) -> dict:
    """Fastest wall time (s) of each ``fn()`` in ``contenders``, over ``repeats`` rounds after one warm-up round."""
    best = {name: float("inf") for name in contenders}
    with cpu_threads(threads):
        for name, fn in contenders.items():
            fn()
        sync()
        for _ in range(repeats):
            for name, fn in contenders.items():
                t0 = time.perf_counter()
                fn()
                sync()
                best[name] = min(best[name], time.perf_counter() - t0)
    return best
