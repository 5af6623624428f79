"""A tiny book of two parts for coursebook.numbering (tests/test_numbering.py)."""

extensions = ["myst_parser", "coursebook.numbering"]
exclude_patterns = ["_build"]
numfig = True
