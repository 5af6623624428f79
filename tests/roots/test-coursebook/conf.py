"""A tiny book for the course directives of coursebook.sources (tests/test_coursebook.py).

Its course (tinycourse.py) has two problems: one posed as an exercise whose page
glues its three printed items (one agrees, one is expected to disagree and does,
one is expected to agree and does not), and one posed nowhere.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

extensions = ["myst_nb", "sphinx_exercise", "claimcheck.sphinxext", "coursebook.sources"]
claimcheck_registry = "tinycourse:BOOK"
coursebook_course = "tinycourse"
exclude_patterns = ["_build"]
nitpicky = True
nb_execution_mode = "force"
