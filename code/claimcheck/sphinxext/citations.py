"""Prose citations against ``uses``: a result the proof cites must be among the claim's uses.

The rule, checked on every build:

* A ``{prf:ref}`` citation sits in the innermost sphinx-proof block around it
  (a theorem, lemma, definition, ..., or a proof).  It *binds* the claims
  whose ``{claim}`` boxes are inside that block; a proof also binds the claims
  of the statement it proves, the labelled block right before it.
* The cited label names a definition (a registered definition whose
  ``label`` it is) or a result (a labelled block with claim boxes inside).
* Every bound claim must list the definition in ``uses``, or at least one of
  the cited result's claims.  A citation of a block that holds no claim and
  states no registered definition binds nothing; nor does one outside any
  block, or one of the claim's own block.

A mismatch is a build error naming the page, the claim and the label.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.util import logging

from .state import registry_of

logger = logging.getLogger(__name__)


def _is_proof_block(node: nodes.Node) -> bool:
    return type(node).__module__ == "sphinx_proof.nodes"


def _claims_in(node: nodes.Element) -> list[str]:
    return [box["claim"] for box in node.findall(nodes.container) if box.get("claim")]


def _proved_statement(proof: nodes.Element) -> nodes.Element | None:
    """The labelled statement block right before a proof, if there is one."""
    parent = proof.parent
    index = parent.index(proof)
    before = parent[index - 1] if index else None
    if before is not None and _is_proof_block(before) and before.get("label"):
        return before
    return None


def bound_claims(ref: nodes.Element) -> tuple[str, list[str]]:
    """The label of the block binding a citation (or "") and the claims it binds."""
    block = ref.parent
    while block is not None and not _is_proof_block(block):
        block = block.parent
    if block is None:
        return "", []
    claims = _claims_in(block)
    statement = _proved_statement(block) if type(block).__name__ == "proof_node" else None
    if statement is not None:
        claims += _claims_in(statement)
    return (statement or block).get("label", ""), claims


def on_doctree_read(app, doctree):
    """Record the claims inside each labelled block, and each citation with the claims it binds."""
    env = app.env
    for block in doctree.findall(_is_proof_block):
        if block.get("label"):
            env.claims_in_block[block["label"]] = (env.docname, _claims_in(block))
    citations = []
    for ref in doctree.findall(pending_xref):
        if ref.get("refdomain") == "prf":
            own, claims = bound_claims(ref)
            citations += [(claim, ref["reftarget"], own, ref.line or 0) for claim in claims]
    if citations:
        env.claim_citations[env.docname] = citations


def mismatch(claim, target: str, own: str, definition_of: dict, claims_in_block: dict) -> str | None:
    """Why ``claim``'s uses do not cover its citation of ``target`` (None if they do, or the rule binds nothing).

    ``definition_of`` maps labels to definition names; ``claims_in_block``
    maps labels to the claims inside them.
    """
    if target == own:
        return None
    if target in definition_of:
        wanted = {definition_of[target]}
    else:
        wanted = set(claims_in_block.get(target, ("", []))[1]) - {claim.name}
    if not wanted or wanted & set(claim.uses):
        return None
    return (f"claim {claim.name!r} sits in a block citing {{prf:ref}}`{target}`, but its uses do not list "
            f"{' or '.join(sorted(wanted))}: add it to the claim's uses, or move the citation out of the block")


def on_build_finished(app, exc):
    """Every citation on every page against the claims' uses (runs even when no page was re-read)."""
    if exc is not None:
        return
    book = registry_of(app)
    claims = book.claims()
    definition_of = {d.label: d.name for d in book.definitions().values() if d.label}
    for docname, citations in sorted(getattr(app.env, "claim_citations", {}).items()):
        for name, target, own, line in citations:
            if name not in claims:
                continue  # an unknown claim is reported by its directive
            problem = mismatch(claims[name], target, own, definition_of, app.env.claims_in_block)
            if problem:
                logger.error(f"page {docname!r}: {problem}", location=(docname, line))


def setup(app):
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", on_build_finished)
