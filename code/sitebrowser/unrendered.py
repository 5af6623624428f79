"""Source that should have become a figure, a diagram or a block, shown to the reader as text.

The browser tests pass each page's shown text (see :data:`HIDDEN`) and its
error boxes (see :data:`ERROR_BOXES`) to :func:`problems`;
``tests/test_unrendered.py`` plants each case in HTML snippets and reads them
the same way without a browser, so that `make test` proves every pattern fires.
"""

import re

#: Elements whose text the reader does not see as text: scripts and styles,
#: typeset math (its TeX is checked separately), and the fallback inside
#: <object> (Graphviz's SVGs; an object that did not load is a broken image).
HIDDEN = "script, style, mjx-container, .math, object"

#: Boxes that an extension draws instead of what it failed to render:
#: docutils' system messages (an unknown directive, a bad option, …, with the
#: directive's source in a literal block), an unresolved reference, a failed
#: cell's traceback in MyST-NB's output.
ERROR_BOXES = ".system-message, .problematic, .cell_output .traceback, .cell_output .output.error"

#: What a figure's or directive's source looks like as text.
SOURCE_PATTERNS = {
    "Graphviz source": re.compile(r"\b(?:strict\s+)?(?:di)?graph\s+(?:\"[^\"]*\"|\w+)?\s*\{"),
    "a MyST directive fence": re.compile(r"(?:```|~~~|:::)\s*\{[A-Za-z][\w:-]*\}"),
    "a reStructuredText directive": re.compile(r"^\s*\.\. [A-Za-z][\w:-]*::", re.M),
    "a MyST role": re.compile(r"\{[A-Za-z][\w:-]*\}`[^`\n]+`"),
}


def problems(shown_text: str, error_boxes: list[str]) -> list[str]:
    """What the reader sees instead of a figure, a diagram or a block.

    >>> problems("Three claims hold.", [])
    []
    >>> problems('digraph legend { graph [rankdir="TB"] }', [])
    ['Graphviz source shown as text: digraph legend { graph [rankdir="TB"] }']
    >>> problems("", ['Unknown directive type "claim".'])
    ['an error box: Unknown directive type "claim".']
    """
    found = []
    for what, pattern in SOURCE_PATTERNS.items():
        for m in pattern.finditer(shown_text):
            around = shown_text[max(0, m.start() - 30):m.end() + 40]
            found.append(f"{what} shown as text: " + " ".join(around.split()))
    found += ["an error box: " + " ".join(box.split())[:120] for box in error_boxes]
    return found
