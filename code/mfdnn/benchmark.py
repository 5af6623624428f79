"""Wall-clock timing for the speed comparisons (figures on pages, never assertions in tests).

The build machine may be shared with other jobs, which only ever slow a run
down.  :func:`interleaved_seconds` therefore runs the contenders in turns (so
a burst of load hits all of them alike), optionally on a fixed number of CPU
threads; :func:`fastest_interleaved` reports the fastest run of each, the least
disturbed estimate.
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


def interleaved_seconds(contenders: dict, rounds: int, sync=lambda: None,
                        threads: int | None = None) -> dict[str, list[float]]:
    """Wall time (s) of each ``fn()`` in ``contenders``, once per round, the rounds interleaved.

    One untimed call of each comes first (warm-up).  Each round times every
    contender once, in an order that alternates from round to round, so that a
    slow spell of a shared machine falls on all of them alike and the ratio of
    two within a round is a paired measurement.  ``sync`` is called around each
    timed call (``torch.cuda.synchronize`` on a GPU).

    >>> calls = []
    >>> times = interleaved_seconds({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, rounds=2)
    >>> calls, [len(t) for t in times.values()]
    (['a', 'b', 'a', 'b', 'b', 'a'], [2, 2])
    """
    if rounds < 1:
        raise ValueError(f"rounds must be positive; got rounds={rounds}")
    times = {name: [] for name in contenders}
    order = list(contenders)
    with cpu_threads(threads):
        for fn in contenders.values():
            fn()
        for round_ in range(rounds):
            for name in (order if round_ % 2 == 0 else order[::-1]):
                sync()
                t0 = time.perf_counter()
                contenders[name]()
                sync()
                times[name].append(time.perf_counter() - t0)
    return times


def fastest_interleaved(contenders: dict, repeats: int, sync=lambda: None, threads: int | None = None) -> dict:
    """Fastest wall time (s) of each ``fn()`` in ``contenders`` over ``repeats`` interleaved rounds."""
    return {name: min(times) for name, times in interleaved_seconds(contenders, repeats, sync, threads).items()}
