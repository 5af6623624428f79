"""Experiment profiles: ``full`` (the course's sizes, for a GPU) and ``quick`` (CPU-sized).

The profile is chosen by whether CUDA is available; ``MFDNN_PROFILE``
overrides it.  Both profiles run the same code: only sizes differ, through
:meth:`Profile.pick`.
"""

import dataclasses
import os
import platform

import torch

PROFILE_ENV = "MFDNN_PROFILE"
PROFILES = ("full", "quick")


@dataclasses.dataclass(frozen=True)
class Profile:
    """The active profile, the device it runs on, and why it was chosen."""

    name: str
    device: torch.device
    reason: str

    def pick(self, *, quick, full):
        """The value for this profile: ``profile.pick(quick=1_000, full=1_000_000)``."""
        return full if self.name == "full" else quick

    def describe(self) -> str:
        """One line for a page: profile, device, torch version."""
        return f"profile `{self.name}` ({self.reason}) on {device_name(self.device)}, torch {torch.__version__}"


def device() -> torch.device:
    """The GPU when one is present, else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def device_name(dev: torch.device) -> str:
    """A human name for the device: the GPU's name or the CPU model."""
    if dev.type == "cuda":
        return torch.cuda.get_device_name(dev)
    return f"CPU ({_cpu_model()}, {os.cpu_count()} cores)"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def active_profile() -> Profile:
    """The profile for this run; an unknown ``MFDNN_PROFILE`` is a clear error."""
    dev = device()
    requested = os.environ.get(PROFILE_ENV, "").strip()
    if not requested:
        name = "full" if dev.type == "cuda" else "quick"
        return Profile(name, dev, "chosen because " + ("CUDA is available" if name == "full" else "no GPU is present"))
    if requested not in PROFILES:
        raise ValueError(
            f"unknown profile {requested!r} in ${PROFILE_ENV}; use one of {', '.join(PROFILES)} "
            f"(or unset {PROFILE_ENV} to choose by whether a GPU is present)"
        )
    return Profile(requested, dev, f"set by ${PROFILE_ENV}")
