"""``{claim-graph}``: what each claim uses, drawn with Graphviz, each claim coloured by its check.

The DOT source comes from :mod:`claimcheck.sphinxext.graph`; this module
gathers the verdicts, places each node on the page that shows it, and emits
``sphinx.ext.graphviz`` nodes (rendered by Graphviz's ``dot``).
"""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import graph
from .links import anchor
from .state import draws_on_the_whole_book, cache_dir, registry_of, shown_pages
from .verdicts import verdict

logger = logging.getLogger(__name__)


class claim_graph_node(nodes.General, nodes.Element):
    pass


class ClaimGraphDirective(SphinxDirective):
    """The dependency graph of every claim and definition (drawn after all pages are read)."""

    def run(self):
        draws_on_the_whole_book(self.env)
        return [claim_graph_node()]


def graph_places(app, fromdoc, claims, defs):
    """Where each node is drawn (the page that shows it) and the link it carries, relative to ``fromdoc``.

    A claim sits on the first page that shows it; a definition on the page
    whose proof block states it, else with the first claim that uses it.
    """
    group_of, url_of = {}, {}
    for name in claims:
        shown = shown_pages(app.env, name)
        group_of[name] = shown[0] if shown else ""
        if shown:
            url_of[name] = app.builder.get_relative_uri(fromdoc, shown[0]) + "#" + anchor(name)
    proofs = getattr(app.env, "proof_list", {})
    for name, d in defs.items():
        if d.label and d.label not in proofs:
            logger.error(f"definition {name!r} ({d.module}): no proof block labelled {d.label!r} on any page",
                         location=fromdoc)
        if d.label and d.label in proofs:
            page = proofs[d.label]["docname"]
            url_of[name] = app.builder.get_relative_uri(fromdoc, page) + "#" + d.label
        else:
            page = min((group_of[c] for c in claims if name in claims[c].uses and group_of[c]), default="")
        group_of[name] = page
    return group_of, url_of


def graph_node(code: str, fromdoc: str, alt: str, classes: list[str]) -> graphviz:
    """A ``sphinx.ext.graphviz`` node drawing ``code``."""
    node = graphviz()
    node["code"] = code
    node["options"] = {"docname": fromdoc}
    node["alt"] = alt
    node["classes"] = classes
    return node


def _graph_id(page: str) -> str:
    return "graph-" + (page.replace("/", "-") or "unshown")


def _groups(app, fromdoc, group_of):
    """One group per page that shows claims (and one for what no page shows), and the pages' titles."""
    titles = {page: app.env.titles[page].astext() for page in set(group_of.values()) if page in app.env.titles}
    groups = [graph.Group(page, titles.get(page, page), app.builder.get_relative_uri(fromdoc, page))
              for page in sorted(set(group_of.values()) - {""})]
    if "" in group_of.values():
        groups.append(graph.Group("", "Not shown on any page"))
        titles[""] = "not shown on any page"
    return groups, titles


def _page_box(group, code, fromdoc) -> nodes.container:
    """One page's graph, under a heading linking to the page."""
    box = nodes.container(ids=[_graph_id(group.key)], classes=["claim-graph-page"])
    head = nodes.rubric()
    head += nodes.reference("", group.title, internal=True, refuri=group.url) if group.url else nodes.Text(group.title)
    box += head
    box += graph_node(code, fromdoc, f"Dependency graph of {group.title}", ["claim-graph"])
    return box


def fill_graph(app, fromdoc):
    """The summary, legend, overview of pages, and one graph per page, from this build's verdicts."""
    book = registry_of(app)
    claims, defs = book.claims(), book.definitions()
    states = graph.claim_states(claims, {name: verdict(cache_dir(app), c) for name, c in claims.items()})
    group_of, url_of = graph_places(app, fromdoc, claims, defs)
    groups, titles = _groups(app, fromdoc, group_of)
    here = posixpath.basename(app.builder.get_target_uri(fromdoc))
    anchors = {g.key: f"{here}#{_graph_id(g.key)}" for g in groups}
    resting = sorted(n for n, s in states.items() if s == graph.RESTS)
    out = [
        nodes.paragraph(text=(
            f"{len(claims)} claims, {len(defs)} definitions and {sum(len(c.uses) for c in claims.values())} edges. "
            + (f"Holding, but using a claim that does not hold: {', '.join(resting)}." if resting
               else "No claim rests on a claim that does not hold."))),
        graph_node(graph.legend_dot(states, len(defs)), fromdoc, "Legend of the dependency graph", ["claim-legend"]),
        nodes.paragraph(text="The pages, each coloured by its worst claim; an arrow counts the uses from one "
                             "page's claims and definitions by another's. Click a page to go to its graph below."),
        graph_node(graph.overview_dot(groups, claims, states, group_of, anchors), fromdoc,
                   "Overview of the pages and the uses between them", ["claim-graph"]),
    ]
    out += [_page_box(group, graph.page_dot(group, claims, defs, states, group_of, titles, url_of), fromdoc)
            for group in groups]
    return out


def on_doctree_resolved(app, doctree, docname):
    for node in list(doctree.findall(claim_graph_node)):
        node.replace_self(fill_graph(app, docname))


def setup(app):
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(claim_graph_node)
    app.add_directive("claim-graph", ClaimGraphDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
