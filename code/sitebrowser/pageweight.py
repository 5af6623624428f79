"""The bytes a page view loads, and the bytes a deployment serves.

:func:`view_bytes` sums the files, on disk, of every request that Chromium
made while loading a page and letting it settle (HTML, styles, scripts,
fonts, images, MathJax's components): what a reader's first visit downloads
(uncompressed; a server may compress some). :func:`site_bytes` sums the
built folder, and names what in it no browser asks for: doctrees, copies of
the sources, source maps.

Run ``python -m sitebrowser.pageweight _build/html chapters/<page>.html ...``
(PYTHONPATH=code) to print both.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: What a deployment need not serve: Sphinx's pickled doctrees, the copies of
#: the page sources, and the source maps of the theme's bundles.
NOT_FOR_BROWSERS = {
    "doctrees": lambda p: ".doctrees" in p.parts,
    "page sources (_sources)": lambda p: "_sources" in p.parts,
    "source maps (*.map)": lambda p: p.suffix == ".map",
    "build info (.buildinfo)": lambda p: p.name.startswith(".buildinfo"),
}


def view_bytes(visit, site: Path, origin: str) -> dict[str, int]:
    """Bytes loaded by a visit (see chrome.Browser.visit), by request kind, each local file counted once."""
    by_kind: dict[str, int] = defaultdict(int)
    seen = set()
    for request in visit.requests:
        parts = urlsplit(request.url)
        if f"{parts.scheme}://{parts.netloc}" != origin or request.status != 200:
            continue
        path = unquote(parts.path).lstrip("/") or "index.html"
        if path in seen:
            continue
        seen.add(path)
        file = site / path
        if file.is_dir():
            file = file / "index.html"
        by_kind[request.kind] += file.stat().st_size
    return dict(by_kind)


def site_bytes(site: Path) -> dict[str, int]:
    """The built folder's bytes: in all, and in each kind of file that no browser asks for."""
    sizes = {"all": 0, **{kind: 0 for kind in NOT_FOR_BROWSERS}}
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        size = file.stat().st_size
        sizes["all"] += size
        for kind, matches in NOT_FOR_BROWSERS.items():
            if matches(file.relative_to(site)):
                sizes[kind] += size
    return sizes


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m sitebrowser.pageweight SITE PAGE [PAGE ...]", file=sys.stderr)
        return 2
    from .chrome import Browser
    from .server import SiteServer

    site = Path(argv[0])
    sizes = site_bytes(site)
    print(f"{site}: {sizes.pop('all'):,} bytes in all; not for browsers: "
          + ", ".join(f"{kind} {n:,}" for kind, n in sizes.items()))
    browser = Browser()
    try:
        with SiteServer(site) as server:
            for page in argv[1:]:
                loaded = view_bytes(browser.visit(server.url(page)), site, server.origin)
                print(f"{page}: {sum(loaded.values()):,} bytes loaded ("
                      + ", ".join(f"{kind} {n:,}" for kind, n in sorted(loaded.items(), key=lambda kv: -kv[1]))
                      + ")")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
