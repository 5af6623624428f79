"""Reading-order guards: a chapter that mentions another chapter's topic links to it,
and every chapter says what it builds on and where it is used next.

conf.py maps each topic to its home page, and names the folder of the chapters::

    coursebook_topic_homes = {"KL divergence": "chapters/kl", ...}
    coursebook_chapters = "chapters/"

A term matches case-insensitively at the start of a word, through to any
ending (``"memoriz"`` matches "memorization"), with a hyphen and a space
equivalent ("cross-entropy", "cross entropy").  Only prose counts: code,
cell outputs and math are left out.  A page satisfies a term when it holds
at least one internal link to the term's home, whatever the link's kind
(``{doc}``, ``{ref}``, ``{prf:ref}``, a claim's box, a Markdown link).

The guards read the resolved doctrees when the build finishes, so a rebuild
that writes no page still reports what is wrong.  The pure functions below
take plain data, so the tests exercise them without a Sphinx build.
"""

from __future__ import annotations

import re

from docutils import nodes

#: The admonitions (by class) every chapter must have, with what each says.
REQUIRED_ADMONITIONS = {"builds-on": "Builds on", "used-next": "Used next"}

#: Nodes whose text is not prose.
_NOT_PROSE = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.comment, nodes.raw, nodes.system_message)


def term_pattern(term: str) -> re.Pattern:
    """A term as a case-insensitive pattern: at a word's start, hyphen or space between its words.

    >>> bool(term_pattern("cross-entropy").search("the Cross entropy loss"))
    True
    >>> bool(term_pattern("memoriz").search("memorization")), bool(term_pattern("KL").search("SKL"))
    (True, False)
    """
    words = [re.escape(w) for w in re.split(r"[\s\-]+", term.strip()) if w]
    if not words:
        raise ValueError(f"coursebook_topic_homes: empty term {term!r}")
    return re.compile(r"(?<![\w])" + r"[\s\-]+".join(words), re.IGNORECASE)


def mentioned_terms(prose: str, homes: dict[str, str]) -> set[str]:
    """The terms of ``homes`` that ``prose`` mentions.

    >>> sorted(mentioned_terms("AlexNet and a receptive-field size",
    ...                        {"AlexNet": "a", "receptive field": "b", "LeNet": "c"}))
    ['AlexNet', 'receptive field']
    """
    return {term for term in homes if term_pattern(term).search(prose)}


def unlinked_mentions(docname: str, prose: str, linked: set[str], homes: dict[str, str]) -> list[str]:
    """For page ``docname``: each term its prose mentions whose home (another page) it never links to.

    >>> homes = {"AlexNet": "chapters/08-costs", "softmax": "chapters/01-softmax"}
    >>> unlinked_mentions("chapters/09-x", "AlexNet's softmax", {"chapters/01-softmax"}, homes)
    ["mentions 'AlexNet' but has no link to its home page 'chapters/08-costs'"]
    >>> unlinked_mentions("chapters/08-costs", "AlexNet", set(), homes)
    []
    """
    return [f"mentions {term!r} but has no link to its home page {homes[term]!r}"
            for term in sorted(mentioned_terms(prose, homes), key=str.lower)
            if homes[term] != docname and homes[term] not in linked]


def missing_admonitions(classes: set[str]) -> list[str]:
    """The required admonitions (see :data:`REQUIRED_ADMONITIONS`) absent from a page with admonitions of ``classes``.

    >>> missing_admonitions({"builds-on", "note"})
    ["has no 'Used next' admonition (class used-next)"]
    """
    return [f"has no {title!r} admonition (class {cls})" for cls, title in REQUIRED_ADMONITIONS.items()
            if cls not in classes]


def unknown_homes(homes: dict[str, str], docnames: set[str]) -> list[str]:
    """Terms whose home page is not a page of the book (a renamed chapter, a typo)."""
    return [f"coursebook_topic_homes: the home of {term!r}, {home!r}, is not a page of the book"
            for term, home in sorted(homes.items()) if home not in docnames]


# --------------------------------------------------------------------------
# From a doctree


def prose_text(doctree: nodes.Node) -> str:
    """The page's prose: its text without code, cell outputs or math (one paragraph a line)."""
    out = []

    def walk(node):
        if isinstance(node, _NOT_PROSE) or (isinstance(node, nodes.Element) and "cell" in node["classes"]):
            return
        if isinstance(node, nodes.Text):
            out.append(node.astext())
            return
        for child in node.children:
            walk(child)
        if isinstance(node, nodes.TextElement):
            out.append("\n")

    walk(doctree)
    return " ".join(out)


def linked_pages(doctree: nodes.Node, uri_to_docname: dict[str, str]) -> set[str]:
    """The pages the doctree's resolved internal references point at (by their URI, anchor dropped)."""
    found = set()
    for ref in doctree.findall(nodes.reference):
        uri = ref.get("refuri", "").split("#", 1)[0]
        if uri in uri_to_docname:
            found.add(uri_to_docname[uri])
    return found


def admonition_classes(doctree: nodes.Node) -> set[str]:
    """The classes of the page's admonitions."""
    return {cls for node in doctree.findall(nodes.Admonition) for cls in node["classes"]}


def check_book(app) -> list[tuple[str | None, str]]:
    """Every (page, problem) of the reading guards on the built book (page None: a problem of conf.py)."""
    env, builder = app.env, app.builder
    homes = app.config.coursebook_topic_homes
    prefix = app.config.coursebook_chapters
    problems = [(None, p) for p in unknown_homes(homes, set(env.found_docs))]
    for docname in sorted(d for d in env.found_docs if d.startswith(prefix)):
        doctree = env.get_and_resolve_doctree(docname, builder, tags=app.tags)
        uris = {builder.get_relative_uri(docname, other): other for other in env.found_docs if other != docname}
        problems += [(docname, p) for p in missing_admonitions(admonition_classes(doctree))]
        problems += [(docname, p) for p in unlinked_mentions(docname, prose_text(doctree),
                                                               linked_pages(doctree, uris), homes)]
    return problems
