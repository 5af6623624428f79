"""mfdnn.config: where the data are read from."""

from pathlib import Path

from mfdnn import config


def test_the_environment_names_the_folder_resolved(monkeypatch, tmp_path):
    (tmp_path / "data").mkdir()
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path / "data" / ".." / "data"))
    assert config.data_dir() == (tmp_path / "data").resolve()


def test_a_home_relative_folder_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(config.DATA_ENV, "~/mnist")
    assert config.data_dir() == tmp_path.resolve() / "mnist"


def test_unset_means_the_shared_folder_beside_the_checkout(monkeypatch):
    monkeypatch.delenv(config.DATA_ENV, raising=False)
    assert config.data_dir() == config.DEFAULT_DATA_DIR
    assert config.data_dir().is_absolute()
    assert Path(config.__file__).resolve().parents[3] / "shared" / "data" / "mnist" == config.DEFAULT_DATA_DIR
