"""Each course problem's listed claims are the claims its exercise's solution shows or points to.

The course data lists, for each problem, the claims that answer it
(``Problem.claims``: the course map counts them).  The page is where the answer
is written, so the two can drift apart.  When a page is resolved, this
extension collects, for each solution of an exercise ``ex-<problem id>``:

* the claim boxes inside the solution;
* the claims it links to (a link to a claim's box);
* the claim boxes in the section of a block it links to on the same page (a
  theorem's boxes, proof and worked instances stand around it in its section),
  or inside the block itself when it stands directly under the page's title.

A claim listed for the problem and not found this way, or found and not
listed, fails the build, naming the page, the problem and the claims.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx_exercise.nodes import solution_node

from claimcheck.sphinxext.links import anchor
from claimcheck.sphinxext.state import registry_of

from .sources import course_of

logger = logging.getLogger(__name__)

EXERCISE_PREFIX = "ex-"


def _boxes_in(node: nodes.Element, by_anchor: dict[str, str]) -> set[str]:
    return {by_anchor[i] for element in node.findall(nodes.Element) for i in element.get("ids", ()) if i in by_anchor}


def _section_of(block: nodes.Element) -> nodes.Element:
    """The section a linked block stands in (itself, if a section): a theorem's boxes, proof and worked
    instances stand around it, in its section.  A block directly under the page's title (a definition at
    the top) stands for itself: the page's whole section would be every box of the page."""
    node = block
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    page_section = node is not None and not any(isinstance(a, nodes.section) for a in _ancestors(node))
    return block if node is None or page_section else node


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def solution_claims(solution: nodes.Element, doctree: nodes.document, by_anchor: dict[str, str]) -> set[str]:
    """The claims a solution shows, links to, or links to a block of this page that shows them.

    The link in the solution's title to its own exercise points back at the question, not to an answer.
    """
    found = _boxes_in(solution, by_anchor)
    for reference in solution.findall(nodes.reference):
        fragment = reference.get("refuri", "").partition("#")[2] or reference.get("refid", "")
        if fragment == solution.get("target_label"):
            continue
        if fragment in by_anchor:
            found.add(by_anchor[fragment])
        elif fragment and not reference.get("refuri", "#").partition("#")[0]:  # a block of this very page
            for target in doctree.findall(lambda n, f=fragment: isinstance(n, nodes.Element) and f in n.get("ids", ())):
                found |= _boxes_in(_section_of(target), by_anchor)
    return found


def mismatch(listed: set[str], found: set[str]) -> str | None:
    """What is wrong when the claims listed for a problem differ from those its solution answers with.

    >>> mismatch({"a.x", "a.y"}, {"a.x", "a.z"})
    "lists claims its solution does not give: ['a.y']; its solution gives claims not listed: ['a.z']"
    >>> mismatch({"a.x"}, {"a.x"}) is None
    True
    """
    parts = []
    if listed - found:
        parts.append(f"lists claims its solution does not give: {sorted(listed - found)}")
    if found - listed:
        parts.append(f"its solution gives claims not listed: {sorted(found - listed)}")
    return "; ".join(parts) or None


def check_exercise_claims(app, doctree, docname: str) -> None:
    if not app.config.coursebook_course or app.builder.name != "html":
        return
    problems = {p.id: p for p in course_of(app).PROBLEMS}
    by_anchor = {anchor(name): name for name in registry_of(app).claims()}
    for solution in doctree.findall(solution_node):
        label = solution.get("target_label", "")
        problem = problems.get(label[len(EXERCISE_PREFIX):]) if label.startswith(EXERCISE_PREFIX) else None
        if problem is None:
            continue
        wrong = mismatch(set(problem.claims), solution_claims(solution, doctree, by_anchor))
        if wrong:
            logger.error(f"page {docname!r}: course problem {problem.id!r} (course data) {wrong}",
                         location=docname)


def setup(app):
    app.setup_extension("coursebook.sources")
    # Before the course directives replace their nodes: only the page's own structure is read.
    app.connect("doctree-resolved", check_exercise_claims, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
