"""Prose citations against ``uses``: a result a proof cites must be among the uses of the claims checking it.

The rule, checked on every build:

* A ``{prf:ref}`` citation sits in the innermost sphinx-proof block around it
  (a theorem, lemma, definition, ..., or a proof).  It *binds* the claims of
  that block whose ``{claim}`` boxes come after it (the text before a box
  leads to it); a citation in a proof also binds the claims of the statement
  the proof proves, the labelled block right before it.
* The cited label names a definition (a registered definition whose
  ``label`` it is) or a result (a labelled block with claim boxes inside).
* At least one bound claim must list the definition, or one of the cited
  result's claims, in its ``uses``: the claims checking a block share its
  citations (a theorem of two cases has a claim per case; a citation may
  concern one of them).

A citation that binds no claim (outside any block, or after the block's
last box in a proof of a statement without boxes) asks for nothing; nor does
one of a block holding no claim and stating no registered definition, or one
of the citing block itself.  A mismatch is a build error naming the page,
the label and the claims.
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


def _claims_after(block: nodes.Element, ref: nodes.Element) -> list[str]:
    """The claims whose boxes come after ``ref`` inside ``block``, in document order."""
    seen, claims = False, []
    for node in block.findall(lambda n: n is ref or (isinstance(n, nodes.container) and n.get("claim"))):
        if node is ref:
            seen = True
        elif seen:
            claims.append(node["claim"])
    return claims


def bound_claims(ref: nodes.Element) -> tuple[str, list[str]]:
    """The label of the block a citation sits in (for a proof: of the statement it proves) and the claims it binds."""
    block = ref.parent
    while block is not None and not _is_proof_block(block):
        block = block.parent
    if block is None:
        return "", []
    claims = _claims_after(block, ref)
    statement = _proved_statement(block) if type(block).__name__ == "proof_node" else None
    if statement is not None:
        claims = _claims_in(statement) + claims
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
            if claims:
                citations.append((tuple(claims), ref["reftarget"], own, ref.line or 0))
    if citations:
        env.claim_citations[env.docname] = citations


def mismatch(bound: list, target: str, own: str, definition_of: dict, claims_in_block: dict) -> str | None:
    """Why the uses of the ``bound`` claims do not cover a citation of ``target`` (None if they do).

    ``definition_of`` maps labels to definition names; ``claims_in_block``
    maps labels to (page, the claims inside them).
    """
    if target == own:
        return None
    names = {claim.name for claim in bound}
    wanted = {definition_of[target]} if target in definition_of else \
        set(claims_in_block.get(target, ("", []))[1]) - names
    if not wanted or any(wanted & set(claim.uses) for claim in bound):
        return None
    return (f"a citation of {{prf:ref}}`{target}` binds the claims {', '.join(sorted(names))}, but none lists "
            f"{' or '.join(sorted(wanted))} in its uses: add it to the uses of the claim that rests on it")


def on_build_finished(app, exc):
    """Every citation on every page against the claims' uses (runs even when no page was re-read)."""
    if exc is not None:
        return
    book = registry_of(app)
    claims = book.claims()
    definition_of = {d.label: d.name for d in book.definitions().values() if d.label}
    for docname, citations in sorted(getattr(app.env, "claim_citations", {}).items()):
        for names, target, own, line in citations:
            bound = [claims[name] for name in names if name in claims]  # an unknown one: its directive says so
            problem = mismatch(bound, target, own, definition_of, app.env.claims_in_block)
            if problem:
                logger.error(f"page {docname!r}: {problem}", location=(docname, line))


def setup(app):
    app.connect("doctree-read", on_doctree_read)
    app.connect("build-finished", on_build_finished)
