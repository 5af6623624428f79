"""A tiny book of two parts for coursebook.numbering (tests/test_numbering.py)."""

extensions = ["myst_nb", "coursebook.numbering"]  # myst_nb, as the other tiny books built in the same process
exclude_patterns = ["_build"]
numfig = True
