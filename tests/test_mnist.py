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
    assert str(tmp_path) not in text, "the page names data by data set and file, not by the build machine's folder"
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
    assert str(tmp_path) not in data.describe()
    assert data.warning().startswith(":::{warning}")
    for seed in range(4):  # the stand-in's labels are not what a page draws as "random" labels
        assert not torch.equal(data.train.labels, torch.randint(0, 10, (len(data.train),),
                                                                generator=torch.Generator().manual_seed(seed)))
    assert data.train.images.dtype == torch.uint8 and data.train.images.shape[1:] == (28, 28)
    assert data.directory == tmp_path and data.synthetic is True
    assert (data.train.name, len(data.train), data.test.name, len(data.test)) == ("train", 6000, "test", 2000)
    assert not torch.equal(data.train.labels[:2000], data.test.labels)  # not the same draw twice


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


# Bad input, every way: each refusal names the file and says what was expected.

def test_a_file_longer_than_its_header_says_is_refused(tmp_path):
    write_split(tmp_path, "test", count=5)
    path = tmp_path / "t10k-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()) + b"\x03\x04"))
    with pytest.raises(mnist.MnistFormatError,
                       match=r"t10k-labels-idx1-ubyte\.gz: header says 5 = 5 bytes of data, file holds 7"):
        mnist.load_mnist(tmp_path)


def test_a_truncated_payload_says_how_much_is_missing(tmp_path):
    write_split(tmp_path, "test", count=2)
    path = tmp_path / "t10k-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:-1]))
    with pytest.raises(mnist.MnistFormatError, match=r"header says 2×28×28 = 1568 bytes of data, file holds 1567"):
        mnist.load_mnist(tmp_path)


@pytest.mark.parametrize("keep", [0, 3, 4, 15])
def test_a_file_shorter_than_its_header_is_refused(tmp_path, keep):
    write_split(tmp_path, "test")
    path = tmp_path / "t10k-images-idx3-ubyte.gz"  # header: magic and three sizes, 16 bytes
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes())[:keep]))
    with pytest.raises(mnist.MnistFormatError,
                       match=rf"t10k-images-idx3-ubyte\.gz: only {keep} bytes, shorter than the IDX header"):
        mnist.load_mnist(tmp_path)


def test_a_file_of_exactly_the_header_holds_no_images(tmp_path):
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros((0, 28, 28), dtype=np.uint8))
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.zeros(0, dtype=np.uint8))
    data = mnist.load_mnist(tmp_path)
    assert len(data.test) == 0 and not data.synthetic


def test_more_labels_than_images_is_refused_naming_both_files(tmp_path):
    write_split(tmp_path, "train", count=3)
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", np.zeros(6, dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError,
                       match=r"train-labels-idx1-ubyte\.gz: 6 labels for 3 images in train-images-idx3-ubyte\.gz"):
        mnist.load_mnist(tmp_path)


def test_labels_without_their_images_are_refused(tmp_path):
    write_split(tmp_path, "test")
    (tmp_path / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(mnist.MnistFormatError,
                       match=r"t10k-images-idx3-ubyte\.gz: missing, but t10k-labels-idx1-ubyte\.gz is present"):
        mnist.load_mnist(tmp_path)


def test_images_without_their_labels_are_refused(tmp_path):
    write_split(tmp_path, "train")
    (tmp_path / "train-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(mnist.MnistFormatError,
                       match=r"train-labels-idx1-ubyte\.gz: missing, but train-images-idx3-ubyte\.gz is present"):
        mnist.load_mnist(tmp_path)


def test_a_labels_file_in_place_of_images_is_refused_by_its_magic_number(tmp_path):
    write_split(tmp_path, "test", count=4)
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros(4, dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError, match=r"t10k-images-idx3-ubyte\.gz: magic number 0x00000801, "
                                                     r"expected 0x00000803 \(3-dimensional unsigned bytes\)"):
        mnist.load_mnist(tmp_path)


def test_uncompressed_files_are_refused_not_replaced_by_synthetic_data(tmp_path):
    write_split(tmp_path, "test")
    for name in mnist.FILES["test"]:
        path = tmp_path / name
        path.with_suffix("").write_bytes(gzip.decompress(path.read_bytes()))
        path.unlink()
    with pytest.raises(mnist.MnistFormatError,
                       match=r"t10k-images-idx3-ubyte: found uncompressed, .*t10k-images-idx3-ubyte\.gz"):
        mnist.load_mnist(tmp_path)


def test_a_data_folder_that_is_a_file_is_refused(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "mnist.tar"
    not_a_folder.write_bytes(b"")
    monkeypatch.setenv(config.DATA_ENV, str(not_a_folder))
    with pytest.raises(mnist.MnistFormatError, match=r"mnist\.tar: a file, not a folder; \$MFDNN_DATA_DIR"):
        mnist.load_mnist()


def test_a_missing_data_folder_holds_no_split_and_is_not_an_error(tmp_path):
    for name in mnist.FILES:  # load_mnist then gives the labelled stand-in, as for an empty folder
        assert mnist.read_split(tmp_path / "absent", name) is None


def test_a_label_of_nine_is_accepted_and_ten_is_not(tmp_path):
    write_split(tmp_path, "test", count=2)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.array([0, 9], dtype=np.uint8))
    assert mnist.load_mnist(tmp_path).test.labels.tolist() == [0, 9]
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.array([10, 0], dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError, match=r"t10k-labels-idx1-ubyte\.gz: label 10 outside 0\.\.9"):
        mnist.load_mnist(tmp_path)


def test_a_four_byte_file_of_another_kind_is_named_by_its_magic_number(tmp_path):
    write_split(tmp_path, "test")
    (tmp_path / "t10k-images-idx3-ubyte.gz").write_bytes(gzip.compress(struct.pack(">I", 0x0801)))
    with pytest.raises(mnist.MnistFormatError, match=r"images-idx3-ubyte\.gz: magic number 0x00000801"):
        mnist.load_mnist(tmp_path)


def test_a_magic_number_with_the_high_bit_set_is_shown_as_read(tmp_path):
    write_split(tmp_path, "test")
    write_idx(tmp_path / "t10k-labels-idx1-ubyte.gz", np.zeros(5, dtype=np.uint8), magic=0xFFFF0801)
    with pytest.raises(mnist.MnistFormatError, match=r"labels-idx1-ubyte\.gz: magic number 0xffff0801, expected"):
        mnist.load_mnist(tmp_path)


def test_a_short_file_says_what_to_do(tmp_path):
    write_split(tmp_path, "test")
    (tmp_path / "t10k-labels-idx1-ubyte.gz").write_bytes(gzip.compress(struct.pack(">I", 0x0801)))
    with pytest.raises(mnist.MnistFormatError, match=r"the file is truncated, download it again$"):
        mnist.load_mnist(tmp_path)


def test_both_splits_are_described_in_one_sentence(tmp_path):
    write_split(tmp_path, "train", count=2)
    write_split(tmp_path, "test", count=3)
    data = mnist.load_mnist(tmp_path)
    assert data.describe() == f"{data.train.source}; {data.test.source}"
    assert data.train.source == ("MNIST `train` split from `train-images-idx3-ubyte.gz` and "
                                 "`train-labels-idx1-ubyte.gz` (2 images, 2 of the standard "
                                 "60000; magic numbers, counts and shapes verified)")


def test_as_float_scales_bytes_to_the_unit_interval_with_a_channel():
    images = torch.tensor([[[0, 51], [255, 128]]], dtype=torch.uint8)
    x = mnist.as_float(images)
    assert x.shape == (1, 1, 2, 2) and x.dtype == torch.float32
    assert x.flatten().tolist() == pytest.approx([0.0, 0.2, 1.0, 128 / 255])


def test_images_that_are_not_square_are_refused_with_their_size(tmp_path):
    write_split(tmp_path, "test", count=2)
    write_idx(tmp_path / "t10k-images-idx3-ubyte.gz", np.zeros((2, 28, 32), dtype=np.uint8))
    with pytest.raises(mnist.MnistFormatError, match=r"images-idx3-ubyte\.gz: images are 28×32, expected 28×28"):
        mnist.load_mnist(tmp_path)


def test_a_split_of_the_standard_size_is_called_full(tmp_path, monkeypatch):
    write_split(tmp_path, "test", count=3)
    monkeypatch.setitem(mnist.STANDARD_COUNT, "test", 3)
    assert "(3 images, the full split; magic numbers" in mnist.load_mnist(tmp_path).test.source


def test_a_read_split_is_named_typed_and_placed(tmp_path):
    write_split(tmp_path, "test", count=3)
    data = mnist.load_mnist(tmp_path)
    assert data.directory == tmp_path and data.synthetic is False
    assert data.test.name == "test" and data.test.labels.dtype == torch.int64
    assert data.describe() == (
        "MNIST `test` split from `t10k-images-idx3-ubyte.gz` and `t10k-labels-idx1-ubyte.gz` (3 images, "
        "3 of the standard 10000; magic numbers, counts and shapes verified); the train split is absent from "
        "the data folder (`train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`)")
