"""The answer box: ``{answer-box} CLAIM`` under an exercise, where a reader types an answer and the book's checker,
run in the browser, gives the verdict (:mod:`claimcheck.answers`).

::

    ```{answer-box} softmax.gradient
    :part: 1
    :side: rhs
    :right: exp(beta*x_j)/sum(exp(beta*x_i), i, 1, n)

    $\\partial\\nu_\\beta/\\partial x_j$ for $1 \\le j \\le n$
    ```

The content is the prompt; ``:part:`` (1-based, default 1) and ``:side:`` (default ``rhs``) pick the side of the
claim that is the answer; ``:right:`` is the answer as a reader would type it, which the tests check (it is not
shown).  The page gets the :class:`~claimcheck.answers.AnswerKey` as JSON, an input and a Check button;
``static/answerbox.js`` loads Pyodide, SymPy and the engine's core from the site itself on the first Check.
The box is left out of the single-page build that ``make pdf`` prints.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..answers import FUNCTIONS, answer_key
from .state import CONFIG_REGISTRY, load_registry

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
#: Builders whose pages have no box: the single page printed as the PDF.
PRINTED = ("singlehtml",)


def _side(argument):
    return directives.choice(argument, ("lhs", "rhs"))


class AnswerBoxDirective(SphinxDirective):
    """An answer box checked against one side of one part of a claim."""

    required_arguments = 1
    has_content = True
    option_spec = {"part": directives.positive_int, "side": _side, "right": directives.unchanged_required}

    def run(self):
        name, part, side = self.arguments[0], self.options.get("part", 1), self.options.get("side", "rhs")
        if "right" not in self.options:
            logger.error(f"answer-box {name}: give the right answer as a reader types it (:right:), for the tests",
                         location=self.get_location())
            return []
        try:
            key = answer_key(load_registry(getattr(self.config, CONFIG_REGISTRY)).get(name), part, side)
        except (KeyError, ValueError) as exc:
            logger.error(f"answer-box {name}: {exc.args[0]}", location=self.get_location())
            return []
        box = nodes.container(classes=["answer-box"])
        self.state.nested_parse(self.content, self.content_offset, box)
        box += nodes.raw("", box_html(key, f"{name}:{part}:{side}"), format="html")
        return [box]


def box_html(key, box_id: str) -> str:
    """The input, the Check button, the symbols and the verdict's place; the key as JSON for the script."""
    data = json.dumps({"id": box_id, "key": key.as_data()}).replace("<", "\\u003c")
    functions = ", ".join(f for f in FUNCTIONS if f not in ("sum", "product", "pi", "e", "oo"))
    if key.symbols:
        syntax = (f'Symbols: <code>{html.escape(key.names())}</code>. '
                  f'Functions: <code>{html.escape(functions)}</code>, <code>sum(f, i, a, b)</code>; '
                  '<code>pi</code>, <code>e</code>; <code>^</code> for powers.')
    else:
        syntax = 'A number: its digits, or arithmetic such as <code>6*(1 + 3*5^2)</code>.'
    return (
        f'<script type="application/json" class="answer-key">{data}</script>\n'
        '<div class="answer-input">'
        '<input type="text" class="answer-text" aria-label="Your answer" spellcheck="false" autocomplete="off" '
        'autocapitalize="off" placeholder="your answer">'
        '<button type="button" class="answer-check">Check</button></div>\n'
        f'<p class="answer-symbols">{syntax} Checked in your browser: your answer is not sent anywhere.</p>\n'
        '<p class="answer-verdict" role="status" aria-live="polite"></p>'
    )


def drop_from_print(app, doctree, docname) -> None:
    """No box in the printed book (a PDF cannot run the checker)."""
    if app.builder.name in PRINTED:
        for box in list(doctree.findall(lambda n: isinstance(n, nodes.container) and "answer-box" in n["classes"])):
            box.parent.remove(box)


def add_static(app) -> None:
    app.config.html_static_path.append(str(STATIC))
    app.add_js_file("answerbox.js")
    app.add_css_file("answerbox.css")


def setup(app):
    app.add_directive("answer-box", AnswerBoxDirective)
    app.connect("builder-inited", add_static)
    app.connect("doctree-resolved", drop_from_print)
