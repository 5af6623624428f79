"""A local HTTP server for a built site, on 127.0.0.1 at a free port."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


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
