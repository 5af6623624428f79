"""The ``{claim} NAME`` directive: one registered claim in a box, with its verdict.

The box is built from :data:`SECTIONS`, functions that each turn a
:class:`Box` (the claim and its verdict) into nodes; to add a section, write
one more such function and put it in the tuple where it should appear.  A
claim that does not hold, or whose check let a mutant through, is a build
error naming page and claim.
"""

from __future__ import annotations

import dataclasses
import re

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..latex import changed_hypotheses, changed_parts, conditions, instance_text, latex
from ..model import FAILS, HOLDS, UNDECIDED, Claim, Mutant
from ..scope import fixed_text
from . import collapsible
from .links import anchor, source_uri, unstated_definitions, uses_links
from .mathtext import inline_math, text_with_math
from .state import CONFIG_REGISTRY, load_registry
from .verdicts import mutant_tally, rejected, verdict

logger = logging.getLogger(__name__)

MARK = {HOLDS: "✔", FAILS: "✘", UNDECIDED: "?"}


@dataclasses.dataclass(frozen=True)
class Box:
    """What each section of a claim box is built from."""

    claim: Claim
    data: dict
    docname: str
    config_registry: str = ""


def head(box: Box) -> list[nodes.Node]:
    """The title and the verdict badge: status, method, and how many planted errors were refuted.

    How long the check took and how each part was decided fold away under
    :func:`checking`.
    """
    data = box.data
    para = nodes.paragraph(classes=["claim-head"])
    title = nodes.strong()
    title += inline_math(box.claim.title).children
    para += title
    para += nodes.Text(" ")
    badge = f"{MARK[data['status']]} {data['status']} · {data['method']} · {mutant_tally(data)}"
    para += nodes.inline(text=badge, classes=["claim-badge", f"claim-badge-{data['status']}"])
    return [para]


def statement(box: Box) -> list[nodes.Node]:
    """The statement, rendered from the checked SymPy objects."""
    tex = latex(box.claim)
    return [nodes.math_block(tex, tex, nowrap=False, number=None, label=None, docname=box.docname)]


def breakable(item: str) -> list[str]:
    """A hypothesis split where it lists conditions (``,\\ `` outside braces), so that a line can break there
    (MathJax cannot break inside one piece of math).

    >>> breakable(r"a > 0,\\ \\text{b, c},\\ f_{i,\\ j}")
    ['a > 0', '\\\\text{b, c}', 'f_{i,\\\\ j}']
    """
    pieces, depth, start = [], 0, 0
    for k, char in enumerate(item):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and item.startswith(",\\ ", k):
            pieces.append(item[start:k])
            start = k + 3
    return [piece.strip() for piece in pieces + [item[start:]] if piece.strip()]


def unrepeated(items: list[list[str]]) -> list[list[str]]:
    """Each piece once: a prose hypothesis that restates an assumption or a substitution (``z \\ge 0``,
    ``\\Sigma = A A^{\\top}``) is not shown twice; an item left with no piece goes.

    >>> unrepeated([["z > 0"], ["r > 0", "z > 0"], ["z > 0"]])
    [['z > 0'], ['r > 0']]
    """
    seen: set[str] = set()
    kept = []
    for pieces in items:
        new = [piece for piece in pieces if piece not in seen]
        seen.update(new)
        if new:
            kept.append(new)
    return kept


def hypotheses(box: Box) -> list[nodes.Node]:
    """The symbols' assumptions, the substitutions and the prose hypotheses, each condition once."""
    shown = unrepeated([breakable(item) for item in conditions(box.claim)])
    if not shown:
        return []
    caption = [nodes.emphasis(text="Hypotheses: ")]
    return [_math_para(caption, shown, ["claim-hypotheses"])]


def instance(box: Box) -> list[nodes.Node]:
    """For an exact instance: the values it is evaluated at."""
    values = instance_text(box.claim)
    if not values:
        return []
    return [_math_para([nodes.emphasis(text="Evaluated exactly at: ")], [breakable(values)], ["claim-hypotheses"])]


#: A function's name in a checker's detail (``expand_log``): code, not a subscript.
FUNCTION_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+(?:\+[a-z_]+)*\b")


def _with_code(text: str) -> list[nodes.Node]:
    """``text`` with its ``$...$`` spans typeset (a rule's substitution) and the names of functions in the rest
    (``expand_log+cancel``, ``rules.trace_cyclic``) set as code."""
    out = []
    for piece in text_with_math(text):
        if isinstance(piece, nodes.math):
            out.append(piece)
            continue
        plain, start = piece.astext(), 0
        for match in FUNCTION_NAME.finditer(plain):
            out += [nodes.Text(plain[start:match.start()]), nodes.literal(text=match.group(0))]
            start = match.end()
        out.append(nodes.Text(plain[start:]))
    return out


def checking(box: Box) -> list[nodes.Node]:
    """How this was checked, folded: the method and why, the time, and each part's verdict and normal form."""
    data, claim = box.data, box.claim
    intro = nodes.paragraph()
    intro += nodes.Text(f"Method: {data['method']}, {data['seconds'] * 1000:.0f} ms in all. ")
    if claim.why_method:
        intro += text_with_math(f"Why this method: {claim.why_method}")
    body: list[nodes.Node] = [intro]
    listing = nodes.bullet_list(classes=["claim-steps"])
    for part in data["parts"]:
        item = nodes.list_item()
        line = nodes.paragraph()
        label = "" if part["label"] == "statement" else f"{part['label']} — "
        line += text_with_math(f"{MARK[part['status']]} {label}{part['status']}")
        line += nodes.Text(": ")
        line.extend(_with_code(part["detail"]))
        line += nodes.Text(f" ({part['seconds'] * 1000:.0f} ms)")
        item += line
        listing += item
    body.append(listing)
    return [collapsible.make("How this was checked", body, ["claim-checking"])]


#: A residual longer than this (LaTeX characters) is described, not displayed.
RESIDUAL_SHOWN_MAX = 400


def _math_para(caption: list[nodes.Node], items: list[list[str]], classes: list[str]) -> nodes.paragraph:
    """A paragraph: ``caption``, then each item's LaTeX pieces as math, pieces joined by ", " and items by "; "."""
    para = nodes.paragraph(classes=classes)
    para.extend(caption)
    for k, pieces in enumerate(items):
        if k:
            para += nodes.Text("; ")
        for j, piece in enumerate(pieces):
            if j:
                para += nodes.Text(", ")
            para += nodes.math(piece, piece)
    return para


def _wrong_statement(box: Box, mutant: Mutant) -> list[nodes.Node]:
    """The mutant's statement where it reads differently (or its planted display form), else the hypothesis
    it drops."""
    if mutant.display is not None:
        tex = latex(box.claim.mutant(mutant))
        return [nodes.math_block(tex, tex, nowrap=False, number=None, label=None, docname=box.docname)]
    changed = changed_parts(box.claim, mutant)
    if changed and len(box.claim.parts()) == 1:
        tex = latex(box.claim.mutant(mutant))
        return [nodes.math_block(tex, tex, nowrap=False, number=None, label=None, docname=box.docname)]
    if changed:
        return [_math_para(text_with_math(f"Wrong {label}: "), [[tex]], ["claim-wrong-statement"])
                for label, tex in changed]
    dropped, instead = changed_hypotheses(box.claim, mutant)
    out = []
    if dropped:
        out.append(_math_para(text_with_math("The statement as above, without the hypothesis: "),
                              [[tex] for tex in dropped], ["claim-wrong-hypothesis"]))
    if instead:
        caption = "in its place: " if dropped else "The statement as above, assuming instead: "
        out.append(_math_para(text_with_math(caption), [[tex] for tex in instead], ["claim-wrong-hypothesis"]))
    if not dropped and not instead:
        out = [nodes.paragraph(text="The statement and hypotheses read as above; the change is in "
                                    "the objects checked.", classes=["claim-wrong-hypothesis"])]
    return out


def _found(data: dict) -> nodes.paragraph:
    """How the checker rejected a mutant, per part that does not hold: refuted at a point (with both sides'
    values there) or by a nonzero residual or gap, or not refuted: left undecided."""
    para = nodes.paragraph(classes=["claim-wrong-found"])
    for k, part in enumerate(data["found"]):
        if k:
            para += nodes.Text("; ")
        label = "" if part["label"] == "statement" else f"{part['label']}: "
        verdict = f"not refuted: undecided ({part['detail']})" if part["status"] == UNDECIDED else "refuted"
        opening = label + verdict
        para.extend(text_with_math(opening[0].upper() + opening[1:] if k == 0 else opening))
        if part["status"] == UNDECIDED:
            continue
        if part["counterexample_tex"]:
            para += nodes.Text(" at ")
            para += nodes.math(part["counterexample_tex"], part["counterexample_tex"])
        elif not part["sides_tex"] and part["detail"]:
            para.extend(text_with_math(f" ({part['detail']})"))  # a rule's substitution is math
        if part["sides_tex"]:
            para += nodes.Text(", where " if part["counterexample_tex"] else ": ")
            para += nodes.math(part["sides_tex"], part["sides_tex"])
        residual = part["residual_tex"]
        # An inequality's checker reports its gap (the side that must be >= 0), an equality's its residual.
        what = "gap" if part["detail"].startswith("gap") else "residual"
        if residual and len(residual) <= RESIDUAL_SHOWN_MAX:
            para += nodes.Text(f"; {what} ")
            para += nodes.math(residual, residual)
        elif residual:
            para += nodes.Text(f"; its {what} is nonzero, too long to show")
    para += nodes.Text(".")
    return para


def _outcomes(data: dict) -> str:
    """The planted errors by outcome, for the fold's summary: "2 refuted, 1 undecided"."""
    counts = {status: sum(m["status"] == status for m in data["mutants"]) for status in (FAILS, UNDECIDED, HOLDS)}
    words = {FAILS: "refuted", UNDECIDED: "undecided", HOLDS: "not rejected"}
    return ", ".join(f"{counts[s]} {words[s]}" for s in (FAILS, UNDECIDED, HOLDS) if counts[s] or s == FAILS)


def wrong_answers(box: Box) -> list[nodes.Node]:
    """The planted errors, folded: each mutant's wrong statement, its kind and what the checker found."""
    if not box.claim.mutants:
        return []
    listing = nodes.enumerated_list(classes=["claim-wrong-answers-list"])
    for mutant, data in zip(box.claim.mutants, box.data["mutants"]):
        item = nodes.list_item()
        head = nodes.paragraph()
        head += nodes.strong(text=mutant.kind)
        head.extend(text_with_math(f": {mutant.description}"))
        item += head
        item.extend(_wrong_statement(box, mutant))
        if data["status"] == HOLDS:
            item += nodes.paragraph(text="The checker did not reject it.", classes=["claim-wrong-found"])
        else:
            item += _found(data)
        listing += item
    return [collapsible.make(f"Wrong answers this check rejects ({_outcomes(box.data)})", [listing],
                             ["claim-wrong-answers"])]


class claim_uses_node(nodes.General, nodes.Element):
    """Placeholder for the links to what a claim uses: filled once every page is read."""


def uses(box: Box) -> list[nodes.Node]:
    """What the claim rests on, as links to those claims and definitions."""
    return [claim_uses_node(uses=box.claim.uses, label="Uses: ")] if box.claim.uses else []


def rule_pattern(box: Box) -> list[nodes.Node]:
    """For a rule: its statement at every size (its pattern), as the proofs apply it by substitution."""
    tex = latex(box.claim.pattern if not isinstance(box.claim.pattern, list) else tuple(box.claim.pattern))
    intro = nodes.paragraph(classes=["claim-hypotheses"])
    intro += nodes.emphasis(text="At every size, as proofs apply it by substitution (checked at the sizes below): ")
    return [intro, nodes.math_block(tex, tex, nowrap=False, number=None, label=None, docname=box.docname)]


def instance_of(box: Box) -> list[nodes.Node]:
    """For a claim checked at fixed sizes, the general claim it is an instance of; for a general claim,
    its instances (worked examples at fixed sizes)."""
    claim = box.claim
    if claim.instance_of:
        return [claim_uses_node(uses=(claim.instance_of,), label=f"Instance ({fixed_text(claim)}) of: ")]
    registry = load_registry(box.config_registry)
    examples = tuple(name for name, c in sorted(registry.claims().items()) if c.instance_of == claim.name)
    return [claim_uses_node(uses=examples, label="Worked instances: ")] if examples else []


def foot(box: Box) -> list[nodes.Node]:
    """Scope, the claim's name and a link to its source."""
    claim = box.claim
    para = nodes.paragraph(classes=["claim-foot"])
    if claim.scope:
        para += text_with_math(f"Scope: {claim.scope}. ")
    para += nodes.Text("Claim ")
    para += nodes.literal(text=claim.name)
    para += nodes.Text(" — ")
    para += nodes.reference("", "source", refuri=source_uri(box.docname, *claim.source), internal=False)
    return [para]


#: The sections of a claim box, in order.
SECTIONS = (head, statement, hypotheses, instance, uses, instance_of, wrong_answers, checking, foot)


class ClaimDirective(SphinxDirective):
    """Show one registered claim with its verification status."""

    required_arguments = 1

    def run(self):
        try:
            claim = load_registry(getattr(self.config, CONFIG_REGISTRY)).get(self.arguments[0])
        except KeyError as exc:
            logger.error(f"claim directive: {exc.args[0]}", location=self.get_location())
            return []
        data = verdict(self.env.claimcheck_cache, claim)
        self.env.claims_shown.setdefault(claim.name, set()).add(self.env.docname)
        self._report(claim, data)
        container = nodes.container(classes=["claim", f"claim-{data['status']}"], ids=[anchor(claim.name)],
                                    claim=claim.name)
        self.env.get_domain("std").note_hyperlink_target(anchor(claim.name), self.env.docname,
                                                         anchor(claim.name), claim.title)
        box = Box(claim, data, self.env.docname, getattr(self.config, CONFIG_REGISTRY))
        parts = [section(box) for section in SECTIONS]
        if claim.instance_of:
            # A worked instance at fixed sizes repeats its general claim entry by entry: the reader reads
            # the general box, and opens this one to see the sizes written out.
            body = [node for part in parts[1:-1] for node in part]
            parts = [parts[0], [collapsible.make(f"The instance written out ({fixed_text(claim)})", body,
                                                 ["claim-instance"])], parts[-1]]
        elif claim.pattern is not None:
            # A rule: what proofs apply by substitution is its statement at every size; the instances it is
            # checked at are many rows, opened on demand.
            body = [node for part in parts[1:-1] for node in part]
            parts = [parts[0], rule_pattern(box), [collapsible.make(
                f"Checked at fixed sizes ({fixed_text(claim)}), written out", body, ["claim-instance"])], parts[-1]]
        for part in parts:
            container.extend(part)
        return [container]

    def _report(self, claim: Claim, data: dict) -> None:
        """A build error, naming page and claim, unless the claim holds and every mutant was rejected."""
        if data["status"] != HOLDS:
            logger.error(f"claim {claim.name!r} {data['status']} on page {self.env.docname!r}: {data['report']}",
                         location=self.get_location())
        if rejected(data) < len(data["mutants"]):
            logger.error(f"claim {claim.name!r}: a mutant was not rejected by its check", location=self.get_location())


def fill_uses(app, doctree, docname) -> None:
    """Replace each uses placeholder by a paragraph of links; a build error for a definition the book never states."""
    for node in list(doctree.findall(claim_uses_node)):
        for name in unstated_definitions(app, node["uses"]):
            logger.error(f"page {docname!r}: a claim box uses {name!r}, which no block of the book states: give its "
                         f"definition() a label= and state it in a prf:definition with that label", location=node)
        para = nodes.paragraph(classes=["claim-uses"])
        para += nodes.emphasis(text=node.get("label", "Uses: "))
        para += uses_links(app, docname, node["uses"])
        node.replace_self(para)


def setup(app):
    collapsible.setup(app)
    app.add_node(claim_uses_node)
    app.add_directive("claim", ClaimDirective)
    app.connect("doctree-resolved", fill_uses)
