"""Profiles and the data folder (mfdnn.profile, mfdnn.config)."""

import io
import platform

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


def test_pick_gives_the_value_of_the_active_profile():
    cpu = torch.device("cpu")
    assert profile.Profile("full", cpu, "").pick(quick=1, full=2) == 2
    assert profile.Profile("quick", cpu, "").pick(quick=1, full=2) == 1


def test_without_a_gpu_the_quick_profile_runs_on_the_cpu_and_says_why(monkeypatch):
    monkeypatch.delenv(profile.PROFILE_ENV, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    p = profile.active_profile()
    assert (p.name, p.device.type, p.reason) == ("quick", "cpu", "chosen because no GPU is present")


def test_with_a_gpu_the_full_profile_runs_on_it_and_says_why(monkeypatch):
    monkeypatch.delenv(profile.PROFILE_ENV, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    p = profile.active_profile()
    assert (p.name, p.device.type, p.reason) == ("full", "cuda", "chosen because CUDA is available")


@pytest.mark.parametrize("value, name", [("quick", "quick"), (" full\n", "full"), ("", None), ("  ", None)])
def test_the_environment_overrides_the_choice(monkeypatch, value, name):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setenv(profile.PROFILE_ENV, value)
    p = profile.active_profile()
    if name is None:  # empty: as if unset
        assert p.name == "quick" and p.reason.startswith("chosen because")
    else:
        assert p.name == name and p.reason == "set by $MFDNN_PROFILE"


@pytest.mark.parametrize("value", ["Quick", "FULL", "quick,full", "gpu"])
def test_a_profile_not_spelled_as_listed_is_refused_with_the_choices(monkeypatch, value):
    monkeypatch.setenv(profile.PROFILE_ENV, value)
    with pytest.raises(ValueError) as error:
        profile.active_profile()
    message = str(error.value)
    assert f"unknown profile {value.strip()!r} in $MFDNN_PROFILE; use one of full, quick" in message
    assert "(or unset MFDNN_PROFILE to choose by whether a GPU is present)" in message


def test_describe_names_profile_reason_device_and_torch(monkeypatch):
    monkeypatch.setattr(profile, "_cpu_model", lambda: "Test CPU 3000")
    monkeypatch.setattr(profile.os, "cpu_count", lambda: 6)
    text = profile.Profile("quick", torch.device("cpu"), "set by $MFDNN_PROFILE").describe()
    assert text == f"profile `quick` (set by $MFDNN_PROFILE) on CPU (Test CPU 3000, 6 cores), torch {torch.__version__}"


def test_a_gpu_is_named_by_torch(monkeypatch):
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda dev: f"Test GPU {dev}")
    assert profile.device_name(torch.device("cuda:0")) == "Test GPU cuda:0"


def test_the_cpu_model_comes_from_proc_cpuinfo(monkeypatch):
    cpuinfo = "processor\t: 0\nvendor_id\t: Test\nmodel name\t: Test CPU: 8 cores @ 3 GHz \nflags\t: x\n"
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: io.StringIO(cpuinfo) if path == "/proc/cpuinfo"
                        else pytest.fail(f"opened {path}"))
    assert profile._cpu_model() == "Test CPU: 8 cores @ 3 GHz"


def test_without_proc_cpuinfo_the_platform_names_the_cpu(monkeypatch):
    def no_file(path, *args, **kwargs):
        raise OSError(f"no {path}")
    monkeypatch.setattr("builtins.open", no_file)
    monkeypatch.setattr(platform, "processor", lambda: "")
    monkeypatch.setattr(platform, "machine", lambda: "test-arch")
    assert profile._cpu_model() == "test-arch"
    monkeypatch.setattr(platform, "processor", lambda: "test-processor")
    assert profile._cpu_model() == "test-processor"


def test_a_cpuinfo_without_a_model_line_falls_back_to_the_platform(monkeypatch):
    monkeypatch.setattr("builtins.open", lambda path, *a, **k: io.StringIO("processor\t: 0\n"))
    monkeypatch.setattr(platform, "processor", lambda: "")
    monkeypatch.setattr(platform, "machine", lambda: "test-arch")
    assert profile._cpu_model() == "test-arch"
