"""The pages' stopwatch: start/stop, the ``with`` form, and GPU synchronisation."""

import time

import pytest
import torch

from mfdnn.profile import Profile
from mfdnn.provenance import Stopwatch


def test_start_stop_measures_the_stretch_between():
    clock = Stopwatch.start()
    time.sleep(0.02)
    seconds = clock.stop()
    assert 0.02 <= seconds < 5
    assert clock.seconds == seconds


def test_with_block_measures_the_block():
    with Stopwatch() as block:
        time.sleep(0.02)
    assert 0.02 <= block.seconds < 5


def test_stop_without_start_is_a_clear_error():
    clock = Stopwatch.start()
    clock.stop()
    with pytest.raises(RuntimeError, match="never started"):
        clock.stop()
    with pytest.raises(RuntimeError, match="never started"):
        Stopwatch().stop()


@pytest.mark.parametrize("device, syncs", [("cuda", 2), ("cpu", 0)])
def test_synchronises_cuda_at_start_and_stop(monkeypatch, device, syncs):
    calls = []
    monkeypatch.setattr(torch.cuda, "synchronize", lambda: calls.append(1))
    profile = Profile("quick", torch.device(device), "test")
    Stopwatch.start(profile).stop()
    assert len(calls) == syncs
