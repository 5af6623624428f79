"""Old page addresses keep working: a small page at each one sends the reader to where it moved.

conf.py maps old docnames to today's, ``coursebook_redirects = {"chapters/02-old": "chapters/new"}``.
After an HTML build, each old address holds a page that forwards at once
(a meta refresh, and a script that keeps the ``#fragment`` of a bookmark) and
says in plain words where the page went, for a browser that does neither.
A redirect to a page that does not exist, or from one that still does, fails
the build.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{target}">
<script>location.replace({target_js} + location.hash);</script>
</head>
<body>
<p>This page has moved to <a href="{target}">{title}</a>.</p>
</body>
</html>
"""


def redirect_page(old: str, new: str, title: str, suffix: str = ".html") -> str:
    """The HTML written at ``old`` + suffix, forwarding to ``new`` + suffix by a relative address.

    >>> "url=softmax.html" in redirect_page("chapters/01-true-softmax", "chapters/softmax", "The true softmax")
    True
    """
    target = posixpath.relpath(new + suffix, posixpath.dirname(old) or ".")
    return PAGE.format(title=html.escape(title), target=html.escape(target),
                       target_js=repr(target).replace("<", "\\x3c"))


def problems(redirects: dict[str, str], docnames: set[str]) -> list[str]:
    """What is wrong with the redirects, given the pages that exist.

    >>> problems({"a": "b", "c": "d"}, {"b", "c"})
    ["redirect from 'c': that page still exists", "redirect from 'c' to 'd': no such page"]
    """
    out = []
    for old, new in sorted(redirects.items()):
        if old in docnames:
            out.append(f"redirect from {old!r}: that page still exists")
        if new not in docnames:
            out.append(f"redirect from {old!r} to {new!r}: no such page")
    return out


def write_redirects(app, exc) -> None:
    if exc is not None or app.builder.name != "html":
        return
    redirects = app.config.coursebook_redirects
    for problem in problems(redirects, set(app.env.found_docs)):
        logger.error(problem)
    for old, new in redirects.items():
        if new in app.env.titles:
            out = Path(app.outdir) / (old + app.builder.out_suffix)
            out.parent.mkdir(parents=True, exist_ok=True)
            title = app.env.titles[new].astext()
            out.write_text(redirect_page(old, new, title, app.builder.out_suffix), encoding="utf8")


def setup(app):
    app.add_config_value("coursebook_redirects", {}, "html", types=(dict,))
    app.connect("build-finished", write_redirects)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
