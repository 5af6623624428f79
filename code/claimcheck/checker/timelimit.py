"""A time limit on one check: SymPy can run for minutes on a hard expression."""

from __future__ import annotations

import signal
from contextlib import contextmanager


class Timeout(Exception):
    """Raised inside a check that ran past its time limit."""


def _raise_timeout(*_):
    raise Timeout()


@contextmanager
def time_limit(seconds: float):
    """Interrupt SymPy after ``seconds`` (main thread only; elsewhere, and where there is no interval timer
    as in a browser's Pyodide, no limit)."""
    if not hasattr(signal, "setitimer"):
        yield
        return
    try:
        old = signal.signal(signal.SIGALRM, _raise_timeout)
    except ValueError:  # not in the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
