"""A build that exits 0 never leaves a page written by an earlier build that failed.

Sphinx writes a page as soon as its turn comes, also in a build that then
fails (``-W --keep-going`` goes on writing after a warning), and saves its
environment before writing.  The next build finds every page up to date and
writes none of them, so a page that showed, say, the source of a graph that
could not be drawn keeps showing it while the new build passes.

So each build leaves a marker in the doctree folder while it runs, and
removes it only when it ends with no exception and no warning.  A build that
finds the marker first redoes what the failed one may have spoiled:

- ``reread``: the failed build stopped, or warned, before it began writing, so
  a page's doctree may hold the problem: every page is read
  again.  Executed notebooks come from MyST-NB's execution cache, so nothing
  is executed again unless its code changed.
- ``rewrite``: the environment was complete and clean, and the problem came
  while writing: every page is written again from its saved doctree.

The marker is written before anything else happens, so a build that is
interrupted or crashes counts as failed too.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

MARKER = "build-incomplete"
REREAD, REWRITE = "reread", "rewrite"


def _marker(app) -> Path:
    return Path(app.doctreedir) / MARKER


def _warnings(app) -> int:
    """Warnings logged so far in this build (Sphinx counts them for -W; unknown counts as one)."""
    return getattr(app, "_warncount", 1)


def on_builder_inited(app):
    marker = _marker(app)
    app.failsafe_redo = marker.read_text().strip() if marker.exists() else ""
    if app.failsafe_redo not in ("", REREAD, REWRITE):
        app.failsafe_redo = REREAD  # a marker from another version: take the safe way
    if app.failsafe_redo:
        what = "reading and writing" if app.failsafe_redo == REREAD else "writing"
        logger.info(f"the previous build did not finish cleanly: {what} every page again "
                    "(executed notebooks come from the cache)")
    if app.failsafe_redo == REWRITE:
        # The HTML builder writes a page whose output is older than its source;
        # it draws up that list now, before reading.
        for docname in app.env.all_docs:
            target = Path(app.builder.get_outfilename(docname))
            if target.exists():
                os.utime(target, (0, 0))
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(REREAD)


def on_env_get_outdated(app, env, added, changed, removed):
    if app.failsafe_redo == REREAD:
        return sorted(set(env.found_docs) - set(added) - set(removed))
    return []


def on_write_started(app, builder):
    # Sphinx holds back the warnings of reading until the environment is
    # complete: by now they are all counted.
    if _warnings(app) == 0:
        _marker(app).write_text(REWRITE)


def on_build_finished(app, exception):
    if exception is None and _warnings(app) == 0 and app.statuscode == 0:
        _marker(app).unlink(missing_ok=True)


def setup(app):
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("write-started", on_write_started)
    # Last, after every other extension's checks at the end of the build.
    app.connect("build-finished", on_build_finished, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
