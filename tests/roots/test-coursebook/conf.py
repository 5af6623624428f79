"""A tiny book for the course directives of coursebook.sources (tests/test_coursebook.py).

Its course (tinycourse.py) has five problems: one posed as an exercise whose page
glues its three printed items (one agrees, one is expected to disagree and does,
one is expected to agree and does not) and whose solution lacks the claim the
data lists for it; one posed nowhere; one whose solution points to its
claim's box above it, as the data lists; and two more whose solutions link to theorems
(sections.md): one in a section, answered by the section's box, and one directly
under the page's title, answered by its own block alone.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

extensions = ["myst_nb", "sphinx_exercise", "sphinx_proof", "claimcheck.sphinxext", "coursebook.sources", "coursebook.exerciseclaims"]
claimcheck_registry = "tinycourse:BOOK"
coursebook_course = "tinycourse"
exclude_patterns = ["_build"]
nitpicky = True
nb_execution_mode = "force"
