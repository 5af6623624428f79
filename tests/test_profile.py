"""Profiles and the data folder (mfdnn.profile, mfdnn.config)."""

import pytest
import torch

from mfdnn import config, profile


def test_profile_defaults_to_hardware(monkeypatch):
    monkeypatch.delenv(profile.PROFILE_ENV, raising=False)
    p = profile.active_profile()
    assert p.name == ("full" if torch.cuda.is_available() else "quick")
    assert p.pick(quick=1, full=2) == (2 if p.name == "full" else 1)


def test_profile_override(monkeypatch):
    monkeypatch.setenv(profile.PROFILE_ENV, "full")
    assert profile.active_profile().name == "full"


def test_unknown_profile_is_a_clear_error(monkeypatch):
    monkeypatch.setenv(profile.PROFILE_ENV, "fast")
    with pytest.raises(ValueError, match="unknown profile 'fast'.*full, quick"):
        profile.active_profile()


def test_data_dir_is_configurable(monkeypatch, tmp_path):
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path))
    assert config.data_dir() == tmp_path.resolve()
    monkeypatch.delenv(config.DATA_ENV)
    assert config.data_dir().parts[-3:] == ("shared", "data", "mnist")
