"""Sphinx extension ``coursebook.guards``: guards that fail the build, naming the page, on silent failures.

Sphinx and MyST-NB stay quiet about three ways a page can mislead a reader:

* **execution**: a page with code cells that was never executed (wrong front
  matter, execution switched off) shows stale or no outputs, and says nothing;
* **glue**: a number computed by a page but never shown is dead work (often a
  sentence that lost its number), and a key shown by a page must be glued;
* **claims**: a registered claim that no page shows is invisible, unless a
  status page lists it;
* **reading order** (:mod:`.reading`): a chapter that mentions another
  chapter's topic must link to that chapter, and every chapter has its
  "Builds on" and "Used next" admonitions.

Each guard runs when the build finishes, so a rebuild that re-reads no page
still reports what an earlier build found.  The pure functions below take
plain data, so the tests exercise them without a Sphinx build.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from sphinx.util import logging

from . import printed, reading, sources
from claimcheck.sphinxext.state import registry_of

logger = logging.getLogger(__name__)

CODE_CELL = re.compile(r"^(`{3,}|:{3,})\{code-cell\}", re.M)
# {glue}`key`, {glue:text}`key:.3g`, {glue:md}`other.md::key`, ...
GLUE_ROLE = re.compile(r"\{glue(?::[a-z]*)?\}`([^`]+)`")
# ```{glue:} key, ```{glue:figure} key, :::{glue:math} key, ...
GLUE_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{glue(?::[a-z]*)?\}\s+(\S+)", re.M)


def code_cell_count(source: str) -> int:
    """How many MyST-NB code cells a page's source holds."""
    return len(CODE_CELL.findall(source))


def glue_references(source: str, docname: str) -> set[tuple[str, str]]:
    """The (page, key) pairs a page's prose displays through glue roles and directives.

    A role's text may name another page by its path relative to this one
    (``../chapters/x.md::key``, MyST-NB's syntax) and may end in a format after
    a colon (``key:.3g``).
    """
    refs = set()
    for match in GLUE_ROLE.finditer(source):
        refs.add(_split_ref(match.group(1).strip(), docname, with_format=True))
    for match in GLUE_DIRECTIVE.finditer(source):
        refs.add(_split_ref(match.group(1), docname, with_format=False))
    return refs


def _split_ref(ref: str, docname: str, with_format: bool) -> tuple[str, str]:
    page, sep, key = ref.rpartition("::")
    if with_format:
        key = key.split(":", 1)[0]
    if not sep:
        return docname, key
    path = page.lstrip("/") if page.startswith("/") else posixpath.join(posixpath.dirname(docname), page)
    return posixpath.splitext(posixpath.normpath(path))[0], key


def execution_problem(code_cells: int, exec_data: dict | None) -> str | None:
    """Why a page with ``code_cells`` cells did not execute properly, or None if it did."""
    if code_cells == 0:
        return None
    if not exec_data:
        return (f"it has {code_cells} code cells but no execution record: its front matter must "
                "declare it a text notebook (jupytext/kernelspec), and NB_EXECUTION_MODE must not be 'off'")
    if not exec_data.get("succeeded"):
        return f"its execution did not succeed ({exec_data.get('error')})"
    runtime = exec_data.get("runtime")
    if not runtime or runtime <= 0:
        return f"its execution record shows no run time ({runtime!r}): the cells were not run"
    return None


def glue_problems(glued: dict[str, set[str]], used: dict[str, set[tuple[str, str]]]) -> dict[str, str]:
    """Per page, the glue keys it computes but never shows, and the keys it shows that no page glued.

    ``glued`` maps a page to the keys its cells glued; ``used`` maps a page to
    the (page, key) pairs its prose displays.
    """
    shown = {(page, key) for refs in used.values() for page, key in refs}
    problems = {}
    for page in sorted(set(glued) | set(used)):
        unused = sorted(key for key in glued.get(page, ()) if (page, key) not in shown)
        missing = sorted(f"{p}::{k}" if p != page else k
                         for p, k in used.get(page, ()) if k not in glued.get(p, ()))
        lines = []
        if unused:
            lines.append(f"glues keys that no prose shows: {', '.join(unused)} "
                         "(show each one, or stop gluing it)")
        if missing:
            lines.append(f"shows glue keys that were never glued: {', '.join(missing)}")
        if lines:
            problems[page] = "; ".join(lines)
    return problems


def unshown_claims_problem(registered: set[str], shown: set[str], status_pages: set[str]) -> str | None:
    """An error unless every registered claim is shown on a page, or a status page lists the rest."""
    unshown = sorted(registered - shown)
    if unshown and not status_pages:
        return (f"{len(unshown)} registered claims are shown on no page and no page holds the "
                f"{{claim-status}} table that would list them: {', '.join(unshown)}")
    return None


# --------------------------------------------------------------------------
# Sphinx wiring


def on_build_finished(app, exc):
    if exc is not None:
        return
    env = app.env
    metadata = getattr(env, "nb_metadata", {})
    glued, used = {}, {}
    for docname in sorted(env.found_docs):
        source = Path(env.doc2path(docname)).read_text(encoding="utf8")
        problem = execution_problem(code_cell_count(source), metadata.get(docname, {}).get("exec_data"))
        if problem:
            logger.error(f"page {docname!r} should have executed: {problem}", location=docname)
        glued[docname] = set(metadata.get(docname, {}).get("glue", ()))
        used[docname] = glue_references(source, docname)
        if app.config.coursebook_course:
            records = sources.course_of(app).PRINTED
            used[docname] |= {(docname, key) for key in printed.shown_glue_keys(records, source, glued[docname])}
    for docname, problem in glue_problems(glued, used).items():
        logger.error(f"page {docname!r} {problem}", location=docname)
    shown = {name for name, pages in getattr(env, "claims_shown", {}).items() if pages}
    problem = unshown_claims_problem(set(registry_of(app).claims()), shown,
                                     getattr(env, "claim_status_pages", set()))
    if problem:
        logger.error(problem)
    # The links are compared by the URIs the HTML builder writes, page by page.  The singlehtml
    # build of the PDF, from the same sources, has no per-page numbering to resolve them with.
    if app.builder.name == "html":
        for docname, problem in reading.check_book(app):
            if docname:
                logger.error(f"page {docname!r} {problem}", location=docname)
            else:
                logger.error(problem)


def setup(app):
    app.setup_extension("coursebook.sources")  # the course (if any) says which glued keys its printed numbers show
    # term -> the docname of its home page; pages under coursebook_chapters are checked (see .reading).
    app.add_config_value("coursebook_topic_homes", {}, "env", types=(dict,))
    app.add_config_value("coursebook_chapters", "chapters/", "env", types=(str,))
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}
