"""What the built site serves: only what a browser needs.

The theme ships source maps of its bundles (``*.map``, for debugging the
theme itself, never fetched by a reader's browser); they are removed from the
output when an HTML build finishes. The doctrees are kept out of the output
folder by the Makefile (``-d _build/doctrees``) and the copies of the page
sources by ``html_copy_source = False`` (conf.py).
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


def setup(app):
    app.connect("build-finished", remove_source_maps)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
