"""A tiny book for the tests of claimcheck.sphinxext (tests/test_claimbook.py).

Its claims live in claimbook_claims.py, in registries of their own: the
book's real registry is never touched.  The pages that show a failing, an
undecided or a miscited claim are left out unless a test includes them, and so
is the graph page, and so are
the chapters that break the reading guards (chapters/unlinked.md, chapters/unframed.md).
"""

import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

extensions = ["myst_parser", "sphinx_proof", "claimcheck.sphinxext", "coursebook.guards"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
claimcheck_registry = "claimbook_claims:BOOK"
exclude_patterns = ["_build", "graph.md", "fails.md", "undecided.md", "miscited.md", "chapters/unlinked.md",
                    "chapters/unframed.md"]
# The reading guards: a chapter (a page under chapters/) mentioning a topic links to its home page.
coursebook_topic_homes = {"widget": "chapters/widgets", "gadget": "chapters/gadgets"}
nitpicky = True
graphviz_output_format = "svg"
# The `dot` that pip installs with the book's lock (graphviz-pure), as the book's conf.py uses.
graphviz_dot = str(Path(sysconfig.get_path("scripts")) / "graphviz-pure")
# Its own dict: MyST-NB, loaded by another tiny book in the same test process, maps
# ".md" to its notebook parser in the shared default, which this book does not load.
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
