"""A collapsed section, ``<details><summary>…</summary>…</details>`` in HTML.

The browser folds it with no script, so it works offline; its text is in the
doctree, so Sphinx's search index holds it (the index collects every text
node a page's doctree contains).  Other builders show it unfolded, its
summary as a bold line.
"""

from __future__ import annotations

from docutils import nodes


class collapsible(nodes.General, nodes.Element):
    """A section folded until the reader opens it; its first child is a :class:`collapsible_summary`."""


class collapsible_summary(nodes.General, nodes.TextElement):
    """The line shown while a :class:`collapsible` is folded."""


def make(summary: str, body: list[nodes.Node], classes: list[str]) -> collapsible:
    """A folded section with the line ``summary`` and the nodes ``body``."""
    node = collapsible(classes=classes)
    node += collapsible_summary(text=summary)
    node.extend(body)
    return node


def _visit_details(self, node):
    self.body.append(self.starttag(node, "details"))


def _depart_details(self, node):
    self.body.append("</details>\n")


def _visit_summary(self, node):
    self.body.append(self.starttag(node, "summary", suffix=""))


def _depart_summary(self, node):
    self.body.append("</summary>\n")


def _visit_latex_summary(self, node):
    self.body.append("\n\n\\noindent\\textbf{")


def _depart_latex_summary(self, node):
    self.body.append("}\n\n")


def _unfolded(self, node):
    """Other builders: the children as they are."""


def setup(app):
    others = {name: (_unfolded, _unfolded) for name in ("text", "man", "texinfo")}
    app.add_node(collapsible, html=(_visit_details, _depart_details), latex=(_unfolded, _unfolded), **others)
    app.add_node(collapsible_summary, html=(_visit_summary, _depart_summary),
                 latex=(_visit_latex_summary, _depart_latex_summary), **others)
