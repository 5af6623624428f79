"""What the built site serves: only what a browser needs.

The theme ships source maps of its bundles (``*.map``, for debugging the
theme itself, never fetched by a reader's browser); they are removed from the
output when an HTML build finishes. The doctrees are kept out of the output
folder by the Makefile (``-d _build/doctrees``) and the copies of the page
sources by ``html_copy_source = False`` (conf.py); sphinx-book-theme still
offers the page's source for download then, a link to ``_sources/`` that
leads nowhere, so that entry of its download menu is dropped.
"""

from __future__ import annotations

from pathlib import Path


def source_maps(outdir: Path) -> list[Path]:
    """The source maps under a build's ``_static`` folder."""
    return sorted((outdir / "_static").rglob("*.map"))


def remove_source_maps(app, exception) -> None:
    """After a successful HTML build, delete the theme's source maps from the output."""
    if exception is not None or app.builder.format != "html":
        return
    for path in source_maps(Path(app.outdir)):
        path.unlink()


def drop_missing_source_download(app, pagename, templatename, context, doctree) -> None:
    """Remove sphinx-book-theme's "download source file" entry from a page whose source is not copied."""
    if context.get("sourcename"):
        return
    for group in context.get("header_buttons", []):
        if "buttons" in group:
            group["buttons"] = [b for b in group["buttons"] if b.get("label") != "download-source-button"]


def setup(app):
    app.connect("build-finished", remove_source_maps)
    # After sphinx-book-theme has built its header buttons (at the default priority, 500).
    app.connect("html-page-context", drop_missing_source_download, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
