"""The Sphinx extension ``claimcheck.sphinxext``: a book's claims on its pages, with their verdicts.

* ``{claim} NAME`` -- the claim's box (:mod:`.claimbox`): statement rendered
  from the checked SymPy objects, hypotheses, verdict, what it uses, source;
* ``{claim-status}`` and ``{errata}`` -- every claim with its verdict, and the
  book's errata (:mod:`.tables`);
* ``{answer-box}`` -- a reader's answer checked by the same checker in the browser (:mod:`.answerbox`);
* ``{claim-graph}`` -- what each claim uses, coloured by the checks (:mod:`.graphpage`);
* labelled theorems, lemmas and definitions as results of the site's search (:mod:`.findable`);
* every build: an error naming the claim for each claim that does not hold
  (:mod:`.verdicts`), and for a ``{prf:ref}`` citation that a claim's uses
  do not cover (:mod:`.citations`).

conf.py names the book's registry: ``claimcheck_registry = "derivations:REGISTRY"``.
It imports the engine's core and Sphinx, nothing of a particular book: a book
that comes from a course adds its own extensions (this one's are in the
``coursebook`` package), and can name an erratum's source through the
``claimcheck-problem-link`` event (:data:`.tables.PROBLEM_LINK_EVENT`).
"""

from __future__ import annotations

from . import answerbox, citations, claimbox, findable, graphpage, state, tables, verdicts
from .links import on_collect_pages


def setup(app):
    for part in (state, claimbox, tables, graphpage, citations, verdicts, answerbox, findable):
        part.setup(app)
    # An "env" value: when conf.py gives it a new value, Sphinx re-reads every page.
    app.add_config_value("claimcheck_reread_hash", "", "env")
    app.connect("html-collect-pages", on_collect_pages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}
