"""Theorems, lemmas, corollaries and definitions as results of the site's search.

Sphinx's search lists pages and section titles; a statement inside a page is
found only as its page.  This module gives every labelled statement of
sphinx-proof (``{prf:theorem}``, ``{prf:lemma}``, ...) an object of the
``statement`` domain, named by its kind and title, so that the search lists it
as a result of its own and links to it.  Math in a title is kept as ``\\(...\\)``
for the search page to typeset.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.domains import Domain, ObjType

#: sphinx-proof's node classes live in this module; their names end in ``_node``.
PROOF_NODES = "sphinx_proof.nodes"


def title_text(title: nodes.Node) -> str:
    """A statement's title as plain text, its math as ``\\(...\\)``, without sphinx-proof's parentheses.

    >>> from docutils import nodes
    >>> title_text(nodes.title("", "", nodes.Text("(Bound "), nodes.math("", "x \\\\le 1"), nodes.Text(")")))
    'Bound \\\\(x \\\\le 1\\\\)'
    """
    parts = []
    for node in title.children:
        parts.append(f"\\({node.astext()}\\)" if isinstance(node, nodes.math) else node.astext())
    text = "".join(parts).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return text


def statements_of(doctree) -> list[tuple[str, str, str]]:
    """``(label, kind, title)`` of every labelled, titled sphinx-proof statement of a page."""
    found = []
    for node in doctree.findall(nodes.Admonition):
        if type(node).__module__ != PROOF_NODES or not node.get("ids") or type(node).__name__ == "proof_node":
            continue
        title = next((child for child in node.children if isinstance(child, nodes.title)), None)
        text = title_text(title) if title is not None else ""
        if text:
            kind = type(node).__name__.removesuffix("_node")
            found.append((node["ids"][0], kind, text))
    return found


class StatementDomain(Domain):
    """Labelled statements (theorems, lemmas, ...) as search objects; the data are kept per page."""

    name = "statement"
    label = "Statements"
    object_types = {kind: ObjType(kind, kind) for kind in (
        "theorem", "lemma", "corollary", "definition", "proposition", "axiom", "remark", "example")}
    initial_data: dict = {"statements": {}}

    def get_type_name(self, type, primary=False):
        return type.lname.capitalize()  # "Theorem, in 12. KL divergence" in a search result

    def clear_doc(self, docname):
        self.data["statements"].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata):
        for docname in docnames:
            if docname in otherdata["statements"]:
                self.data["statements"][docname] = otherdata["statements"][docname]

    def get_objects(self):
        for docname, statements in sorted(self.data["statements"].items()):
            for label, kind, title in statements:
                # The search splits object names at dots.
                # Sphinx escapes the name for HTML and the search page escapes it again: no apostrophes.
                name = f"{kind.capitalize()}: {title}".replace(".", "·").replace("'", "’")
                yield name, name, kind if kind in self.object_types else "theorem", docname, label, 1


def on_doctree_read(app, doctree):
    domain = app.env.domains["statement"]
    domain.data["statements"][app.env.docname] = statements_of(doctree)


def setup(app):
    app.add_domain(StatementDomain)
    app.connect("doctree-read", on_doctree_read)
