"""Where the build finds its data: one environment variable, one default."""

import os
from pathlib import Path

#: Environment variable naming the MNIST directory (gzip IDX files).
DATA_ENV = "MFDNN_DATA_DIR"
#: The default: the shared data folder beside the repository's checkout.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "mnist"


def data_dir() -> Path:
    """The MNIST directory: ``$MFDNN_DATA_DIR`` if set, else ``../shared/data/mnist``."""
    return Path(os.environ.get(DATA_ENV, DEFAULT_DATA_DIR)).expanduser().resolve()
