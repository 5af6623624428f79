"""A tiny book for the per-page execution cache (coursebook.pagedeps; tests/faults/test_page_cache.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the book's own modules, alpha and beta

extensions = ["myst_nb", "coursebook.pagedeps"]
exclude_patterns = ["_build"]
nb_execution_mode = "cache"
nb_execution_cache_path = str(Path(__file__).resolve().parent / "_build" / "jupyter_cache")
