"""Shared pytest configuration."""

from pathlib import Path

import pytest

# The sample books are built by tests/test_claimbook.py, not collected as tests.
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the sample books (``testroot="claimbook"`` is roots/test-claimbook)."""
    return Path(__file__).resolve().parent / "roots"
