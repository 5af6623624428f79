"""The browser tests' detector of figures and directives shown as source, on planted HTML.

``make test-browser`` reads each page's shown text and error boxes in
Chromium with the selectors of ``code/sitebrowser/unrendered.py``; here the same
selectors read planted snippets (written as Sphinx, docutils and MyST-NB write
these failures), so every pattern is proven to fire, and not to fire on what a
working page holds.
"""

import pytest
from bs4 import BeautifulSoup

from sitebrowser import unrendered


def _problems(html: str) -> list[str]:
    """The detector on ``html``, read as the browser test reads a page."""
    body = BeautifulSoup(f"<body>{html}</body>", "html.parser").body
    boxes = [box.get_text().strip() for box in body.select(unrendered.ERROR_BOXES)]
    for hidden in body.select(unrendered.HIDDEN):
        hidden.decompose()
    return unrendered.problems(body.get_text(), boxes)


PLANTED = {
    # sphinx.ext.graphviz when `dot` cannot be run: the DOT source, escaped, in the page.
    "Graphviz source": '<section><h2>Dependency graph</h2>\ndigraph legend {\n    graph [rankdir=&quot;TB&quot;, '
                       'nodesep=&quot;0.15&quot;];\n    '
                       'legend_0 -&gt; legend_3 [style=&quot;invis&quot;];\n}</section>',
    # docutils' literal_block fallback: an unknown directive, its source quoted in the error.
    "literal_block fallback": '<aside class="system-message"><p class="system-message-title">System Message: '
                              'ERROR/3 (status.md, line 21)</p><p>Unknown directive type "claim-graph".</p>'
                              '<pre class="literal-block">```{claim-graph}\n```</pre></aside>',
    # A fence that MyST did not take for a directive (indented, or in a list) shows as code.
    "directive shown as a code block": '<div class="highlight-default"><div class="highlight">'
                                       '<pre><span></span>```{claim} softmax.upper_bound\n```\n</pre></div></div>',
    # Text that should have been a directive or a role, left as it was typed.
    "unrendered directive in prose": "<p>:::{prf:definition} Log-sum-exp\n:label: def-lse</p>",
    "unrendered role in prose": "<p>The gap is {glue:text}`lse_gap:.3g` at the optimum.</p>",
    "unrendered reST directive": "<p>.. graphviz::</p>",
    # An extension's error box: a failed cell's traceback in MyST-NB's output.
    "MyST-NB error output": '<div class="cell_output docutils container"><div class="output traceback '
                            'highlight-ipythontb notranslate"><div class="highlight"><pre>ZeroDivisionError: '
                            'division by zero</pre></div></div></div>',
    # An unresolved cross-reference that docutils marks as problematic.
    "problematic reference": '<p>See <a href="#id1"><span class="problematic" id="id2">:prf:ref:`def-lse`</span>'
                             '</a>.</p>',
}

CLEAN = {
    "a drawn graph (its source only as the object's fallback)":
        '<div class="graphviz"><object data="../_images/graphviz-1.svg" type="image/svg+xml">'
        '<p class="warning">digraph legend { a -&gt; b }</p></object></div>',
    "typeset math": r'<span class="math notranslate nohighlight">\(\{x\}\)</span><mjx-container>x</mjx-container>',
    "prose and a code cell": '<p>Each term lies in (0, 1]; see {the table}.</p><div class="cell_input"><pre>'
                             'graph = {"a": ["b"]}\nprint(f"{x}")</pre></div><div class="cell_output">'
                             '<div class="output stream highlight-myst-ansi"><pre>0.25</pre></div></div>',
}


@pytest.mark.parametrize("case", PLANTED)
def test_a_planted_unrendered_figure_or_directive_is_reported(case):
    assert _problems(PLANTED[case]), f"{case}: not detected"


@pytest.mark.parametrize("case", CLEAN)
def test_a_rendered_page_is_not_reported(case):
    assert _problems(CLEAN[case]) == []
