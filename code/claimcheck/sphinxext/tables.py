"""``{claim-status}`` (every claim with its verdict) and ``{errata}``: placeholders filled once every page is read."""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..errata import KINDS
from ..latex import latex
from ..model import HOLDS
from ..scope import FIXED_ONLY, SCOPES, fixed_text, scope_of
from .claimbox import MARK
from .links import claim_link, page_links, uses_links
from .mathtext import inline_math, paragraph_with_math
from .state import cache_dir, draws_on_the_whole_book, registry_of, shown_pages
from .verdicts import mutant_tally, refuted, rejected, verdict

logger = logging.getLogger(__name__)


#: Sphinx event: (fromdoc, problem id) -> the node that names an erratum's problem, or None.
PROBLEM_LINK_EVENT = "claimcheck-problem-link"


class claim_status_node(nodes.General, nodes.Element):
    pass


class errata_node(nodes.General, nodes.Element):
    pass


class ClaimStatusDirective(SphinxDirective):
    """The table of every registered claim (filled in after all pages are read)."""

    def run(self):
        draws_on_the_whole_book(self.env)
        self.env.claim_status_pages.add(self.env.docname)
        return [claim_status_node()]


class ErrataDirective(SphinxDirective):
    """The list of the book's errata (filled in after all pages are read)."""

    def run(self):
        draws_on_the_whole_book(self.env)
        return [errata_node()]


def table(headers: list[str], rows: list[list[nodes.Node | str]]) -> nodes.table:
    """A docutils table with a header row; cells are nodes or text."""
    node = nodes.table(classes=["claim-status-table", "colwidths-auto"])
    group = nodes.tgroup(cols=len(headers))
    node += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    for part, part_rows in ((nodes.thead(), [headers]), (nodes.tbody(), rows)):
        group += part
        for cells in part_rows:
            row = nodes.row()
            for cell in cells:
                para = nodes.paragraph()
                para += cell if isinstance(cell, nodes.Node) else nodes.Text(str(cell))
                row += nodes.entry("", para)
            part += row
    return node


def _claim_cell(app, fromdoc: str, claim) -> nodes.inline:
    """The claim's name (a link to its box) and its title, whose TeX renders as math."""
    cell = nodes.inline()
    cell += claim_link(app, fromdoc, claim.name)
    cell += nodes.Text(": ")
    cell += inline_math(claim.title)
    return cell


def _status_row(app, fromdoc: str, claim, data: dict) -> list:
    shown = shown_pages(app.env, claim.name)
    parts_ok = sum(p["status"] == HOLDS for p in data["parts"])
    return [
        _claim_cell(app, fromdoc, claim),
        page_links(app, fromdoc, shown) if shown else "not shown on any page",
        f"{MARK[data['status']]} {data['status']} ({data['method']})",
        f"{parts_ok}/{len(data['parts'])} parts, {mutant_tally(data)}, {data['seconds'] * 1000:.0f} ms",
        uses_links(app, fromdoc, claim.uses) if claim.uses else "—",
    ]


def fill_status(app, fromdoc: str) -> list[nodes.Node]:
    """The summary sentence (claims holding, mutation score, unshown claims) and the table."""
    claims = registry_of(app).claims()
    verdicts = {name: verdict(cache_dir(app), claim) for name, claim in sorted(claims.items())}
    for name, data in verdicts.items():
        if data["status"] != HOLDS:
            logger.error(f"claim {name!r} {data['status']}: {data['report']}", location=fromdoc)
    held = sum(data["status"] == HOLDS for data in verdicts.values())
    total = sum(len(data["mutants"]) for data in verdicts.values())
    caught = sum(rejected(data) for data in verdicts.values())
    shown_false = sum(refuted(data) for data in verdicts.values())
    unshown = [name for name in verdicts if not shown_pages(app.env, name)]
    summary = nodes.paragraph(text=(
        f"{held} of {len(claims)} registered claims hold; mutation score {caught}/{total} "
        f"({caught / total if total else 0.0:.0%}) of planted errors rejected, {shown_false} of them refuted "
        f"and {caught - shown_false} left undecided. "
        + (f"Registered but not shown on any page: {', '.join(unshown)}." if unshown
           else "Every registered claim is shown on a page.")
    ))
    rows = [_status_row(app, fromdoc, claims[name], data) for name, data in verdicts.items()]
    return ([summary] + _scope_counts(app, fromdoc, claims, verdicts)
            + [table(["claim", "page", "verdict (method)", "check", "uses"], rows)])


def _scope_counts(app, fromdoc: str, claims: dict, verdicts: dict) -> list[nodes.Node]:
    """How many claims have each scope, and the claims checked only at fixed sizes, each with its scope line."""
    holds = {name: data["status"] == HOLDS for name, data in verdicts.items()}
    scopes = {name: scope_of(claim, holds) for name, claim in claims.items()}
    counts = nodes.paragraph(text="By scope: " + "; ".join(
        f"{sum(s == scope for s in scopes.values())} {scope}" for scope in SCOPES) + ".")
    fixed_only = sorted(name for name, s in scopes.items() if s == FIXED_ONLY)
    if not fixed_only:
        return [counts, nodes.paragraph(text="No claim that the course states for every size is checked only at "
                                             "fixed sizes.")]
    items = nodes.bullet_list(classes=["claim-fixed-only"])
    for name in fixed_only:
        claim = claims[name]
        para = nodes.paragraph()
        para += claim_link(app, fromdoc, name)
        para += nodes.Text(f" ({fixed_text(claim)}): ")
        para.extend(inline_math(f"{claim.scope or 'no scope given'}.").children)
        if claim.pattern is not None:  # a rule: what the proofs apply, at a symbolic size
            relations = claim.pattern if isinstance(claim.pattern, (tuple, list)) else (claim.pattern,)
            para += nodes.Text(" A rule; at every size, as the proofs apply it: ")
            for k, rel in enumerate(relations):
                para += nodes.Text(", " if 0 < k < len(relations) - 1 else " and " if k else "")
                para += nodes.math(latex(rel), latex(rel))
            para += nodes.Text(".")
        items += nodes.list_item("", para)
    intro = nodes.paragraph(text=f"Stated for every size, checked only at fixed sizes ({len(fixed_only)}):")
    return [counts, intro, items]


def erratum_id(index: int) -> str:
    """The HTML id of the erratum at ``index`` (0-based) in the registry's order; the course map links to it.

    >>> erratum_id(0)
    'erratum-1'
    """
    return f"erratum-{index + 1}"


def _checks(app, fromdoc: str, entry) -> list[nodes.Node]:
    """ "Shown by the claims a, b and the tests t." with links to the claims' boxes."""
    checks = [claim_link(app, fromdoc, name) for name in entry.shown_by]
    checks += [nodes.literal(text=test_id) for test_id in entry.checked_by]
    out = [nodes.Text("Shown by the claims " if entry.shown_by else "Checked by the tests ")]
    for k, check_node in enumerate(checks):
        if k:
            out.append(nodes.Text(", "))
        if k == len(entry.shown_by) and entry.shown_by:
            out.append(nodes.Text("and the tests "))
        out.append(check_node)
    return out + [nodes.Text(".")]


def _erratum_item(app, fromdoc: str, entry, index: int) -> nodes.list_item:
    head = nodes.paragraph()
    # The book that records where an erratum comes from names it (coursebook.sources links the course's problem).
    source = entry.problem and app.emit_firstresult(PROBLEM_LINK_EVENT, fromdoc, entry.problem)
    if source:
        head += source
        head += nodes.Text(" · ")
    head += nodes.strong(text=entry.where)
    says = paragraph_with_math(f"The course: {entry.says}")
    correction = paragraph_with_math(f"Correction: {entry.correction}")
    return nodes.list_item("", head, says, correction, nodes.paragraph("", "", *_checks(app, fromdoc, entry)),
                           ids=[erratum_id(index)])


def fill_errata(app, fromdoc: str) -> list[nodes.Node]:
    """The errata by kind (typos, mathematical errors, bugs in code, other discrepancies), each with its checks."""
    entries = registry_of(app).errata()
    # A line of links to the kinds first: the list is long, and its headings are not in the page's contents.
    contents = nodes.paragraph(classes=["errata-kinds"])
    out = [contents]
    for kind, heading in KINDS.items():
        of_kind = [(index, entry) for index, entry in enumerate(entries) if entry.kind == kind]
        if not of_kind:
            continue
        if len(contents):
            contents += nodes.Text(" · ")
        contents += nodes.reference("", f"{heading.split(':')[0]} ({len(of_kind)})", internal=True,
                                    refuri=f"#errata-{kind}")
        section = nodes.rubric(text=f"{heading} ({len(of_kind)})", ids=[f"errata-{kind}"])
        items = nodes.bullet_list(classes=["errata"])
        items.extend(_erratum_item(app, fromdoc, entry, index) for index, entry in of_kind)
        out += [section, items]
    return out if len(contents) else out[1:]


def on_doctree_resolved(app, doctree, docname):
    for node in list(doctree.findall(claim_status_node)):
        node.replace_self(fill_status(app, docname))
    for node in list(doctree.findall(errata_node)):
        node.replace_self(fill_errata(app, docname))


def setup(app):
    app.add_event(PROBLEM_LINK_EVENT)
    app.add_node(claim_status_node)
    app.add_node(errata_node)
    app.add_directive("claim-status", ClaimStatusDirective)
    app.add_directive("errata", ErrataDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
