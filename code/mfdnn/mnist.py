"""MNIST from the standard gzip IDX files, verified, with an honest account of what was used.

The directory is :func:`mfdnn.config.data_dir` (``$MFDNN_DATA_DIR``, default
``../shared/data/mnist``).  Each split is a pair of files:

* ``train``: ``train-images-idx3-ubyte.gz`` and ``train-labels-idx1-ubyte.gz``;
* ``test``:  ``t10k-images-idx3-ubyte.gz`` and ``t10k-labels-idx1-ubyte.gz``.

What :func:`load_mnist` does:

* a split whose two files are present is read and verified (magic number,
  dimensions, header count against the payload, images against labels,
  labels in 0..9) and used;
* a split whose files are both absent is reported as absent (``None``), unless
  they are there uncompressed (a :class:`MnistFormatError`: compress them);
* one file of a pair without the other, or a file that fails verification,
  is a :class:`MnistFormatError` naming the file;
* if no split is present at all, a clearly labelled synthetic stand-in is
  returned instead (``synthetic=True``; its description says so in capitals).

The IDX format (LeCun et al.): a big-endian header ``0x00 0x00 <type> <ndim>``
(type ``0x08`` = unsigned byte), then ``ndim`` big-endian uint32 sizes, then
the data in row-major order.
"""

from __future__ import annotations

import dataclasses
import gzip
import struct
import zlib
from pathlib import Path

import numpy as np
import torch

from .config import DATA_ENV, data_dir

#: The file pairs of each split, and the number of examples in the full files.
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
STANDARD_COUNT = {"train": 60_000, "test": 10_000}
#: Magic numbers: 0x0000 then type 0x08 (unsigned byte) then the number of dimensions.
IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801
SIDE = 28


class MnistFormatError(ValueError):
    """A present MNIST file that cannot be used; the message names the file and what to do."""


@dataclasses.dataclass(frozen=True)
class MnistSplit:
    """Images ``(N, 28, 28)`` uint8 and labels ``(N,)`` int64, with where they came from."""

    name: str
    images: torch.Tensor
    labels: torch.Tensor
    source: str
    synthetic: bool = False

    def __len__(self) -> int:
        return len(self.labels)


@dataclasses.dataclass(frozen=True)
class MnistData:
    """What the data directory held: each split or ``None``, and a sentence saying so."""

    directory: Path
    train: MnistSplit | None
    test: MnistSplit | None
    synthetic: bool

    def describe(self) -> str:
        """One paragraph of provenance for a page: files, splits, synthetic or not."""
        if self.synthetic:
            return (f"**SYNTHETIC STAND-IN, NOT MNIST**: no MNIST files were found in the data folder "
                    f"(set `${DATA_ENV}`), so the figures below use random digit-like images generated "
                    f"by `mfdnn.mnist.synthetic_split`; they say nothing about MNIST itself")
        parts = [s.source for s in (self.train, self.test) if s is not None]
        missing = [name for name in FILES if getattr(self, name) is None]
        note = "; ".join(parts)
        if missing:
            note += f"; the {' and '.join(missing)} split is absent from the data folder (`${DATA_ENV}`)"
        return note

    def warning(self) -> str:
        """A MyST warning box for the top of a page when the data are synthetic; empty otherwise."""
        if not self.synthetic:
            return ""
        return f":::{{warning}}\n{self.describe()}.\n:::"

    def pool(self) -> MnistSplit:
        """The split experiments draw from: ``train`` if present, otherwise ``test`` (say so on the page)."""
        return self.train if self.train is not None else self.test


def _open(path: Path) -> bytes:
    try:
        with gzip.open(path, "rb") as f:
            return f.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise MnistFormatError(
            f"{path}: not a readable gzip file ({exc}); delete it and download it again") from exc


def read_idx(path: Path, magic: int, ndim: int) -> np.ndarray:
    """Read one gzip IDX file of unsigned bytes, verifying magic number, dimensions and size."""
    raw = _open(path)
    header = 4 + 4 * ndim
    # The magic number first: a file of another kind is named as such even when shorter than this kind's header.
    if len(raw) >= 4:
        (found,) = struct.unpack(">I", raw[:4])
        if found != magic:
            raise MnistFormatError(f"{path}: magic number {found:#010x}, expected {magic:#010x} "
                                   f"({ndim}-dimensional unsigned bytes); is this the right file?")
    if len(raw) < header:
        raise MnistFormatError(f"{path}: only {len(raw)} bytes, shorter than the IDX header; "
                               "the file is truncated, download it again")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    expected = int(np.prod(dims))
    if len(raw) - header != expected:
        raise MnistFormatError(f"{path}: header says {'×'.join(map(str, dims))} = {expected} bytes of data, "
                               f"file holds {len(raw) - header}; the file is truncated or corrupt, download it again")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def read_split(directory: Path, name: str) -> MnistSplit | None:
    """Read and verify one split; ``None`` if both its files are absent."""
    image_file, label_file = (directory / f for f in FILES[name])
    present = [p.exists() for p in (image_file, label_file)]
    if not any(present):
        unzipped = [p.with_suffix("") for p in (image_file, label_file) if p.with_suffix("").exists()]
        if unzipped:  # decompressed by a browser or an archive tool: say so rather than fall back to synthetic data
            raise MnistFormatError(f"{unzipped[0]}: found uncompressed, but the reader expects the gzip files "
                                   f"{image_file.name} and {label_file.name}; compress them again (gzip FILE)")
        return None
    if not all(present):
        have, lack = (image_file, label_file) if present[0] else (label_file, image_file)
        raise MnistFormatError(f"{lack}: missing, but {have.name} is present; "
                               f"add the missing file or remove both")
    images = read_idx(image_file, IMAGES_MAGIC, 3)
    labels = read_idx(label_file, LABELS_MAGIC, 1)
    if images.shape[1:] != (SIDE, SIDE):
        raise MnistFormatError(f"{image_file}: images are {images.shape[1]}×{images.shape[2]}, "
                               f"expected {SIDE}×{SIDE}")
    if len(images) != len(labels):
        raise MnistFormatError(f"{label_file}: {len(labels)} labels for {len(images)} images in "
                               f"{image_file.name}; the pair does not match")
    if len(labels) and labels.max() > 9:
        raise MnistFormatError(f"{label_file}: label {int(labels.max())} outside 0..9")
    count = len(labels)
    size = "the full split" if count == STANDARD_COUNT[name] else f"{count} of the standard {STANDARD_COUNT[name]}"
    # Files by name, never the build machine's folder: the page is read on other machines.
    source = (f"MNIST `{name}` split from `{image_file.name}` and `{label_file.name}` "
              f"({count} images, {size}; magic numbers, counts and shapes verified)")
    return MnistSplit(name, torch.from_numpy(images.copy()), torch.from_numpy(labels.astype(np.int64)), source)


def synthetic_split(name: str, count: int, seed: int = 0) -> MnistSplit:
    """A labelled stand-in: per class a fixed random blob pattern, plus per-image noise and shifts.

    Only for building the pages when no MNIST file is present; it is easy to
    classify and says nothing about MNIST.
    """
    shared = torch.Generator().manual_seed(12345)  # the same class patterns in every split
    templates = (torch.rand(10, 1, 7, 7, generator=shared) > 0.7).float()
    templates = torch.nn.functional.interpolate(templates, size=(SIDE - 8, SIDE - 8), mode="bilinear")
    templates = torch.nn.functional.pad(templates, (4, 4, 4, 4)).squeeze(1)  # dark border, like MNIST
    # An offset keeps these labels apart from the random labels that pages draw with small seeds.
    gen = torch.Generator().manual_seed(1_000_003 + seed)
    labels = torch.randint(0, 10, (count,), generator=gen)
    brightness = 0.6 + 0.4 * torch.rand(count, 1, 1, generator=gen)
    images = (brightness * templates[labels] + 0.1 * torch.rand(count, SIDE, SIDE, generator=gen)).clamp(0, 1)
    shifts = torch.randint(-2, 3, (count, 2), generator=gen)
    images = torch.stack([torch.roll(im, tuple(s.tolist()), dims=(0, 1)) for im, s in zip(images, shifts)])
    return MnistSplit(name, (255 * images).to(torch.uint8), labels,
                      f"SYNTHETIC stand-in for the `{name}` split ({count} images, seed {seed})", synthetic=True)


def load_mnist(directory: Path | str | None = None) -> MnistData:
    """Every split present in ``directory`` (default :func:`data_dir`), or a synthetic stand-in if none is."""
    directory = Path(directory) if directory is not None else data_dir()
    if directory.exists() and not directory.is_dir():
        raise MnistFormatError(f"{directory}: a file, not a folder; ${DATA_ENV} (or the directory passed) must "
                               f"name the folder that holds the MNIST .gz files")
    splits = {name: read_split(directory, name) for name in FILES}
    if all(s is None for s in splits.values()):
        return MnistData(directory, synthetic_split("train", 6_000, seed=1), synthetic_split("test", 2_000, seed=2),
                         synthetic=True)
    return MnistData(directory, splits["train"], splits["test"], synthetic=False)


def as_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 ``(N, 28, 28)`` → float ``(N, 1, 28, 28)`` in [0, 1] (what ``ToTensor`` gives)."""
    return images.unsqueeze(1).float() / 255.0
