"""The built site: where it is, which pages it has, and a local server for it."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
SCREENSHOTS = ROOT / "_build" / "browser"

# Jinja macro files that the theme copies into _static; they are not pages.
NOT_PAGES = ("_static/",)


class SiteMissing(RuntimeError):
    """The site has not been built, so there is nothing to test."""


def require_site(site: Path = SITE) -> Path:
    """The built site's directory; a clear error saying what to run if it is absent."""
    if not (site / "index.html").is_file():
        raise SiteMissing(
            f"no built site: {site / 'index.html'} does not exist. "
            "Run `make html` first (the browser tests check the built pages)."
        )
    return site


def pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('chapters/x.html')."""
    found = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(p for p in found if not p.startswith(NOT_PAGES))


def svg_images(site: Path = SITE) -> list[str]:
    """The SVG images of the built site (relative paths); their links are checked like a page's."""
    return sorted(p.relative_to(site).as_posix() for p in (site / "_images").rglob("*.svg"))


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr (the browser's log records them)."""

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        pass


class SiteServer:
    """Serve a directory on 127.0.0.1 at a free port, from a background thread."""

    def __init__(self, root: Path):
        handler = functools.partial(_QuietHandler, directory=str(root))
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.port = self._httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, page: str) -> str:
        """The URL of a page ('chapters/x.html?q=y') on this server."""
        return f"{self.origin}/{page}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()
