"""Sphinx extension: show registered claims on pages, with their verified status.

* ``{claim} NAME`` renders the claim's LaTeX from the same SymPy objects that
  are checked, runs the check (or reuses the cached verdict), and marks the
  statement with its status, method, time, mutants rejected and a link to its
  source.  A claim that does not hold is a build error naming page and claim.
* ``{claim-status}`` is the table of every registered claim: where it is shown,
  status, method and time, with the mutation score.
* ``{errata}`` lists the errata recorded in ``derivations`` with the claims
  that establish them.
* ``{claim-graph}`` draws what each claim uses (claims and definitions) with
  Graphviz, each claim coloured by its check (see :mod:`derivations.graph`).

Verdicts are cached on disk by claim fingerprint, so a rebuild with unchanged
claims does not re-run SymPy.
"""

from __future__ import annotations

import dataclasses
import html
import importlib
import json
import os
import posixpath
from pathlib import Path

import sympy as sp
from docutils import nodes
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import derivations
from derivations import core, graph

logger = logging.getLogger(__name__)

MARK = {core.HOLDS: "✔", core.FAILS: "✘", core.UNDECIDED: "?"}


# --------------------------------------------------------------------------
# Verdicts, cached on disk


def _cache_dir(app) -> Path:
    path = Path(app.outdir).parent / ".claim-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def verdict(app, claim: core.Claim) -> dict:
    """The claim's check and mutant results as plain data, from the cache if fresh."""
    path = _cache_dir(app) / f"{claim.name}-{claim.fingerprint()}.json"
    if path.exists():
        return json.loads(path.read_text())
    result = core.check(claim)
    data = {
        "status": result.status,
        "method": result.method,
        "seconds": result.seconds,
        "parts": [dict(label=label, **dataclasses.asdict(r)) for label, r in result.parts],
        "report": result.failure_report(),
        "mutants": [
            {"kind": m.kind, "description": m.description, "status": r.status}
            for m, r in core.check_mutants(claim)
        ],
    }
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data))
    tmp.replace(path)
    return data


def _rejected(data: dict) -> int:
    return sum(m["status"] != core.HOLDS for m in data["mutants"])


def _anchor(name: str) -> str:
    return "claim-" + name.replace(".", "-").replace("_", "-")


def _source_uri(docname: str, claim: core.Claim) -> str:
    module, line = claim.source
    return "../" * docname.count("/") + f"_claims/{module}.html#L-{line}"


# --------------------------------------------------------------------------
# {claim}


class ClaimDirective(SphinxDirective):
    """Show one registered claim with its verification status."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        location = self.get_location()
        try:
            claim = derivations.get(name)
        except KeyError as exc:
            logger.error(f"claim directive: {exc.args[0]}", location=location)
            return []
        data = verdict(self.env.app, claim)
        self.env.claims_shown.setdefault(name, set()).add(self.env.docname)
        if data["status"] != core.HOLDS:
            logger.error(
                f"claim {name!r} {data['status']} on page {self.env.docname!r}: {data['report']}",
                location=location,
            )
        rejected = _rejected(data)
        if rejected < len(data["mutants"]):
            logger.error(f"claim {name!r}: a mutant was not rejected by its check", location=location)

        node_id = _anchor(name)
        box = nodes.container(classes=["claim", f"claim-{data['status']}"], ids=[node_id])
        self.env.get_domain("std").note_hyperlink_target(node_id, self.env.docname, node_id, claim.title)

        head = nodes.paragraph(classes=["claim-head"])
        head += nodes.strong(text=claim.title)
        head += nodes.Text(" ")
        badge = (f"{MARK[data['status']]} {data['status']} · {data['method']} · "
                 f"{data['seconds'] * 1000:.0f} ms · mutants rejected {rejected}/{len(data['mutants'])}")
        head += nodes.inline(text=badge, classes=["claim-badge", f"claim-badge-{data['status']}"])
        box += head

        tex = core.latex(claim)
        box += nodes.math_block(tex, tex, nowrap=False, number=None, label=None, docname=self.env.docname)

        conditions = core.assumption_text(claim) + [
            f"{sp.latex(k)} = {sp.latex(v)}" for k, v in claim.where.items()
        ] + list(claim.hypotheses)
        if conditions:
            para = nodes.paragraph(classes=["claim-hypotheses"])
            para += nodes.emphasis(text="Hypotheses: ")
            for k, cond in enumerate(conditions):
                if k:
                    para += nodes.Text("; ")
                para += nodes.math(cond, cond)
            box += para

        if claim.instance:
            para = nodes.paragraph(classes=["claim-hypotheses"])
            para += nodes.emphasis(text="Evaluated exactly at: ")
            values = ", ".join(f"{sp.latex(k)} = {sp.latex(v)}" for k, v in claim.instance.items())
            para += nodes.math(values, values)
            box += para

        if len(data["parts"]) > 1:
            steps = nodes.enumerated_list(classes=["claim-steps"])
            for part in data["parts"]:
                item = nodes.list_item()
                item += nodes.paragraph(text=f"{MARK[part['status']]} {part['label']} — {part['status']}, "
                                             f"{part['detail']} ({part['seconds'] * 1000:.0f} ms)")
                steps += item
            box += steps

        foot = nodes.paragraph(classes=["claim-foot"])
        scope = f"Scope: {claim.scope}. " if claim.scope else ""
        why = f"Why this method: {claim.why_method} " if claim.why_method else ""
        foot += nodes.Text(f"{scope}{why}Claim ")
        foot += nodes.literal(text=name)
        foot += nodes.Text(" — ")
        foot += nodes.reference("", "source", refuri=_source_uri(self.env.docname, claim), internal=False)
        box += foot
        return [box]


# --------------------------------------------------------------------------
# {claim-status} and {errata}: placeholders filled once every page is read


class claim_status_node(nodes.General, nodes.Element):
    pass


class errata_node(nodes.General, nodes.Element):
    pass


class claim_graph_node(nodes.General, nodes.Element):
    pass


class ClaimStatusDirective(SphinxDirective):
    """The table of every registered claim (filled in after all pages are read)."""

    def run(self):
        return [claim_status_node()]


class ErrataDirective(SphinxDirective):
    """The list of errata recorded in ``derivations`` (filled in after all pages are read)."""

    def run(self):
        return [errata_node()]


class ClaimGraphDirective(SphinxDirective):
    """The dependency graph of every claim and definition (drawn after all pages are read)."""

    def run(self):
        return [claim_graph_node()]


def _claim_link(app, fromdoc: str, name: str) -> nodes.Node:
    shown = sorted(app.env.claims_shown.get(name, ()))
    if not shown:
        return nodes.literal(text=name)
    ref = nodes.reference("", "", internal=True,
                          refuri=app.builder.get_relative_uri(fromdoc, shown[0]) + "#" + _anchor(name))
    ref += nodes.literal(text=name)
    return ref


def _page_links(app, fromdoc: str, docnames) -> nodes.Node:
    """Links to pages, by title, separated by commas."""
    cell = nodes.inline()
    for k, docname in enumerate(docnames):
        if k:
            cell += nodes.Text(", ")
        ref = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(fromdoc, docname))
        ref += nodes.Text(app.env.titles[docname].astext())
        cell += ref
    return cell


def _uses_links(app, fromdoc: str, claim: core.Claim) -> nodes.Node:
    """What a claim uses: links to the claims, definitions by name."""
    cell = nodes.inline()
    for k, name in enumerate(claim.uses):
        if k:
            cell += nodes.Text(", ")
        cell += nodes.literal(text=name) if name.startswith(core.DEFINITION_PREFIX) else _claim_link(app, fromdoc, name)
    return cell


def _table(headers: list[str], rows: list[list[nodes.Node | str]]) -> nodes.table:
    table = nodes.table(classes=["claim-status-table", "colwidths-auto"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    group += head
    body = nodes.tbody()
    group += body
    for target, cells in ((head, [headers]), (body, rows)):
        for cells_row in cells:
            row = nodes.row()
            for cell in cells_row:
                entry = nodes.entry()
                para = nodes.paragraph()
                para += cell if isinstance(cell, nodes.Node) else nodes.Text(str(cell))
                entry += para
                row += entry
            target += row
    return table


def _fill_status(app, doctree, fromdoc):
    claims = derivations.all_claims()
    rows, held, total_mutants, rejected, unshown = [], 0, 0, 0, []
    for name, claim in sorted(claims.items()):
        data = verdict(app, claim)
        shown = sorted(app.env.claims_shown.get(name, ()))
        if not shown:
            unshown.append(name)
        if data["status"] != core.HOLDS:
            logger.error(f"claim {name!r} {data['status']}: {data['report']}", location=fromdoc)
        held += data["status"] == core.HOLDS
        total_mutants += len(data["mutants"])
        rejected += _rejected(data)
        parts_ok = sum(p["status"] == core.HOLDS for p in data["parts"])
        rows.append([
            _claim_link(app, fromdoc, name),
            _page_links(app, fromdoc, shown) if shown else "not shown on any page",
            f"{MARK[data['status']]} {data['status']} ({data['method']})",
            f"{parts_ok}/{len(data['parts'])} parts, {_rejected(data)}/{len(data['mutants'])} mutants rejected, "
            f"{data['seconds'] * 1000:.0f} ms",
            _uses_links(app, fromdoc, claim) if claim.uses else "—",
        ])
    score = rejected / total_mutants if total_mutants else 0.0
    summary = nodes.paragraph(text=(
        f"{held} of {len(claims)} registered claims hold; mutation score {rejected}/{total_mutants} "
        f"({score:.0%}) of planted errors rejected. "
        + (f"Registered but not shown on any page: {', '.join(unshown)}." if unshown
           else "Every registered claim is shown on a page.")
    ))
    table = _table(["claim", "page", "verdict (method)", "check", "uses"], rows)
    return [summary, table]


def _fill_errata(app, fromdoc):
    items = nodes.bullet_list(classes=["errata"])
    for entry in core.errata():
        item = nodes.list_item()
        para = nodes.paragraph()
        para += nodes.strong(text=f"{entry.where}. ")
        para += nodes.Text(f"The notes: {entry.says} Correction: {entry.correction} ")
        checks = [_claim_link(app, fromdoc, name) for name in entry.shown_by]
        checks += [nodes.literal(text=test_id) for test_id in entry.checked_by]
        para += nodes.Text("Shown by the claims " if entry.shown_by else "Checked by the tests ")
        for k, check_node in enumerate(checks):
            if k:
                para += nodes.Text(", ")
            if k == len(entry.shown_by) and entry.shown_by:
                para += nodes.Text("and the tests ")
            para += check_node
        para += nodes.Text(".")
        item += para
        items += item
    return [items]


def _graph_places(app, fromdoc, claims, defs):
    """Where each node is drawn (the page that shows it) and the link it carries, relative to ``fromdoc``.

    A claim sits on the first page that shows it; a definition on the page
    whose proof block states it, else with the first claim that uses it.
    """
    env = app.env
    group_of, url_of = {}, {}
    for name in claims:
        shown = sorted(env.claims_shown.get(name, ()))
        group_of[name] = shown[0] if shown else ""
        if shown:
            url_of[name] = app.builder.get_relative_uri(fromdoc, shown[0]) + "#" + _anchor(name)
    proofs = getattr(env, "proof_list", {})
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


def _graph_node(code: str, fromdoc: str, alt: str, classes: list[str]) -> graphviz:
    node = graphviz()
    node["code"] = code
    node["options"] = {"docname": fromdoc}
    node["alt"] = alt
    node["classes"] = classes
    return node


def _graph_id(page: str) -> str:
    return "graph-" + (page.replace("/", "-") or "unshown")


def _fill_graph(app, fromdoc):
    """The summary, legend, overview of pages, and one graph per page, from this build's verdicts."""
    claims, defs = derivations.all_claims(), derivations.all_definitions()
    states = graph.claim_states(claims, {name: verdict(app, c) for name, c in claims.items()})
    group_of, url_of = _graph_places(app, fromdoc, claims, defs)
    titles = {page: app.env.titles[page].astext() for page in set(group_of.values()) if page in app.env.titles}
    groups = [graph.Group(page, titles.get(page, page), app.builder.get_relative_uri(fromdoc, page))
              for page in sorted(set(group_of.values()) - {""})]
    if "" in group_of.values():
        groups.append(graph.Group("", "Not shown on any page"))
        titles[""] = "not shown on any page"
    here = posixpath.basename(app.builder.get_target_uri(fromdoc))
    anchors = {g.key: f"{here}#{_graph_id(g.key)}" for g in groups}
    edges = sum(len(c.uses) for c in claims.values())
    resting = sorted(n for n, s in states.items() if s == graph.RESTS)
    out = [
        nodes.paragraph(text=(
            f"{len(claims)} claims, {len(defs)} definitions and {edges} edges. "
            + (f"Holding, but using a claim that does not hold: {', '.join(resting)}." if resting
               else "No claim rests on a claim that does not hold."))),
        _graph_node(graph.legend_dot(states, len(defs)), fromdoc, "Legend of the dependency graph", ["claim-legend"]),
        nodes.paragraph(text="The pages, each coloured by its worst claim; an arrow counts the uses from one "
                             "page's claims and definitions by another's. Click a page to go to its graph below."),
        _graph_node(graph.overview_dot(groups, claims, states, group_of, anchors), fromdoc,
                    "Overview of the pages and the uses between them", ["claim-graph"]),
    ]
    for group in groups:
        box = nodes.container(ids=[_graph_id(group.key)], classes=["claim-graph-page"])
        head = nodes.rubric()
        if group.url:
            link = nodes.reference("", "", internal=True, refuri=group.url)
            link += nodes.Text(group.title)
            head += link
        else:
            head += nodes.Text(group.title)
        box += head
        box += _graph_node(graph.page_dot(group, claims, defs, states, group_of, titles, url_of), fromdoc,
                           f"Dependency graph of {group.title}", ["claim-graph"])
        out.append(box)
    return out


def on_doctree_resolved(app, doctree, docname):
    for node in list(doctree.findall(claim_status_node)):
        node.replace_self(_fill_status(app, doctree, docname))
    for node in list(doctree.findall(errata_node)):
        node.replace_self(_fill_errata(app, docname))
    for node in list(doctree.findall(claim_graph_node)):
        node.replace_self(_fill_graph(app, docname))


# --------------------------------------------------------------------------
# Environment bookkeeping (parallel-safe) and the source pages


def on_env_before_read_docs(app, env, docnames):
    if not hasattr(env, "claims_shown"):
        env.claims_shown = {}


def on_env_purge_doc(app, env, docname):
    for pages in getattr(env, "claims_shown", {}).values():
        pages.discard(docname)


def on_env_merge_info(app, env, docnames, other):
    for name, pages in getattr(other, "claims_shown", {}).items():
        env.claims_shown.setdefault(name, set()).update(pages)


def on_build_finished(app, exc):
    """Runs on every build, even one that re-reads nothing: no failing claim goes unreported."""
    if exc is not None:
        return
    env = app.env
    for name, claim in sorted(derivations.all_claims().items()):
        data = verdict(app, claim)
        if data["status"] != core.HOLDS:
            pages = ", ".join(sorted(env.claims_shown.get(name, ()))) or "no page"
            logger.error(f"claim {name!r} {data['status']} (shown on: {pages}): {data['report']}")


def on_collect_pages(app):
    """One highlighted source page per claim module, with a line anchor per line."""
    modules = sorted({c.source[0] for c in derivations.all_claims().values()})
    for module in modules:
        source = Path(importlib.import_module(module).__file__).read_text()
        body = highlight(source, PythonLexer(), HtmlFormatter(linenos="inline", lineanchors="L", anchorlinenos=True))
        title = html.escape(module)
        yield f"_claims/{module}", {"title": title, "body": f"<h1>Source of {title}</h1>{body}"}, "page.html"


def setup(app):
    app.add_config_value("claims_dependency_hash", "", "env")
    app.add_node(claim_status_node)
    app.add_node(errata_node)
    app.add_node(claim_graph_node)
    app.add_directive("claim", ClaimDirective)
    app.add_directive("claim-status", ClaimStatusDirective)
    app.add_directive("errata", ErrataDirective)
    app.add_directive("claim-graph", ClaimGraphDirective)
    app.connect("env-before-read-docs", on_env_before_read_docs)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    app.connect("build-finished", on_build_finished)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-collect-pages", on_collect_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
