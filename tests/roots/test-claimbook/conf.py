"""A tiny book for the tests of claimcheck.sphinxext (tests/test_claimbook.py).

Its claims live in claimbook_claims.py, in registries of their own: the
book's real registry is never touched.  The pages that show a failing, an
undecided or a miscited claim are left out unless a test includes them, and so
is the graph page, which needs Graphviz's dot to render as HTML.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

extensions = ["myst_parser", "sphinx_proof", "claimcheck.sphinxext"]
myst_enable_extensions = ["colon_fence", "dollarmath"]
claimcheck_registry = "claimbook_claims:BOOK"
exclude_patterns = ["_build", "graph.md", "fails.md", "undecided.md", "miscited.md"]
nitpicky = True
graphviz_output_format = "svg"
# Its own dict: MyST-NB, loaded by another tiny book in the same test process, maps
# ".md" to its notebook parser in the shared default, which this book does not load.
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
