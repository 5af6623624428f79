"""The MNIST reader on tiny IDX files written by the tests themselves."""

import gzip
import struct

import numpy as np
import pytest
import torch

from mfdnn import config, mnist


def write_idx(path, array: np.ndarray, magic: int | None = None):
    """Write ``array`` (uint8) as a gzip IDX file; ``magic`` overrides the header's magic number."""
    magic = magic if magic is not None else 0x0800 + array.ndim
    header = struct.pack(">I", magic) + struct.pack(f">{array.ndim}I", *array.shape)
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def write_split(directory, name, count=5, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(count, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=count, dtype=np.uint8)
    image_file, label_file = mnist.FILES[name]
    write_idx(directory / image_file, images)
    write_idx(directory / label_file, labels)
    return images, labels


def test_round_trip_of_a_test_split_only(tmp_path):
    images, labels = write_split(tmp_path, "test", count=7)
    data = mnist.load_mnist(tmp_path)
    assert data.train is None and not data.synthetic
    assert torch.equal(data.test.images, torch.from_numpy(images))
    assert torch.equal(data.test.labels, torch.from_numpy(labels.astype(np.int64)))
    assert data.pool() is data.test
    text = data.describe()
    assert "t10k-images-idx3-ubyte.gz" in text and "7 of the standard 10000" in text
    assert "train split is absent" in text
    assert str(tmp_path) not in text, "a page must not print the build machine's folder"
    assert data.warning() == ""


def test_both_splits_prefer_train(tmp_path):
    write_split(tmp_path, "train", count=4, seed=1)
    write_split(tmp_path, "test", count=3, seed=2)
    data = mnist.load_mnist(tmp_path)
    assert len(data.train) == 4 and len(data.test) == 3 and data.pool() is data.train
    assert "absent" not in data.describe()


def test_directory_comes_from_the_environment(tmp_path, monkeypatch):
    write_split(tmp_path, "test", count=2)
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path))
    assert len(mnist.load_mnist().test) == 2


def test_nothing_present_gives_a_labelled_synthetic_stand_in(tmp_path):
    data = mnist.load_mnist(tmp_path)
    assert data.synthetic and data.train.synthetic and data.test.synthetic
    assert "SYNTHETIC" in data.describe() and "NOT MNIST" in data.describe()
    assert data.warning().startswith(":::{warning}")
    for seed in range(4):  # the stand-in's labels are not what a page draws as "random" labels
        assert not torch.equal(data.train.labels, torch.randint(0, 10, (len(data.train),),
                                                                generator=torch.Generator().manual_seed(seed)))
    assert data.train.images.dtype == torch.uint8 and data.train.images.shape[1:] == (28, 28)


def test_wrong_magic_names_the_file(tmp_path):
    write_split(tmp_path, "test")
    labels = np.zeros(5, dtype=np.uint8)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", labels, magic=0x0803)
    with pytest.raises(mnist.MnistFormatError, match=r"t10k-labels-idx1-ubyte\.gz: magic number 0x00000803"):
        mnist.load_mnist(tmp_path)


def test_truncated_payload_names_the_file(tmp_path):
    write_split(tmp_path, "test")
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    raw = gzip.decompress(path.read_bytes())
    path.write_bytes(gzip.compress(raw[:-10]))
    with pytest.raises(mnist.MnistFormatError, match=r"t10k-images-idx3-ubyte\.gz: header says .* truncated"):
        mnist.load_mnist(tmp_path)


def test_not_gzip_names_the_file(tmp_path):
    write_split(tmp_path, "test")
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(b"not a gzip file at all")
    with pytest.raises(mnist.MnistFormatError, match=r"t10k-images-idx3-ubyte\.gz: not a readable gzip"):
        mnist.load_mnist(tmp_path)


def test_count_mismatch_and_shape_and_missing_partner(tmp_path):
    write_split(tmp_path, "test", count=5)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.zeros(4, dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError, match="4 labels for 5 images"):
        mnist.load_mnist(tmp_path)
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros((4, 32, 32), dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError, match="32×32, expected 28×28"):
        mnist.load_mnist(tmp_path)
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(mnist.MnistFormatError, match=r"t10k-images-idx3-ubyte\.gz: missing"):
        mnist.load_mnist(tmp_path)


def test_label_out_of_range(tmp_path):
    write_split(tmp_path, "test", count=3)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.array([1, 2, 12], dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError, match="label 12 outside 0..9"):
        mnist.load_mnist(tmp_path)
