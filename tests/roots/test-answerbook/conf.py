"""A tiny book with one answer box (tests/test_answers.py); its claim is in a registry of its own."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

extensions = ["myst_parser", "claimcheck.sphinxext"]
myst_enable_extensions = ["dollarmath"]
claimcheck_registry = "answerbook_claims:BOOK"
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
