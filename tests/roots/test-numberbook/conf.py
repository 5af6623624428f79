"""A tiny book of two parts for coursebook.numbering (tests/test_numbering.py)."""

extensions = ["myst_nb", "coursebook.numbering"]  # myst_nb, as the other tiny books built in the same process
exclude_patterns = ["_build"]
numfig = True
# Its own dict: MyST-NB, loaded by another tiny book in the same test process, maps
# ".md" to its notebook parser in the shared default, which this book does not load.
source_suffix = {".md": "markdown"}
