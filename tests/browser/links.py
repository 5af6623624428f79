"""Links of the built site, read from its HTML: every internal target must exist.

The pages are the site's HTML files and its SVG images (a Graphviz graph's
nodes are links). An internal link is a relative URL (no scheme, no host) in
an ``href``, ``xlink:href``, ``src``, ``srcset``, ``<object data>`` or
``<form action>``. Its file must exist in the built site and its
``#fragment``, if any, must be an ``id`` (or an ``<a name>``) in the target
page. External links are collected, not fetched.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that hold a URL: on any element (xlink:href in SVG), and on these elements only.
URL_ATTRIBUTES = {"href", "src", "xlink:href"}
URL_ATTRIBUTES_OF = {("object", "data"), ("form", "action")}


class _PageParser(HTMLParser):
    """Collects the ids (and anchor names) of a page, and the URLs it links to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES or (tag, name) in URL_ATTRIBUTES_OF:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


@dataclass
class Page:
    """The anchors of a page and what it links to."""

    ids: set[str]
    urls: list[str]


@cache
def parse(path: Path) -> Page:
    """Read a built HTML page (each page once per run)."""
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return Page(parser.ids, parser.urls)


@dataclass
class LinkReport:
    """What the link check found over the whole site."""

    pages: int = 0
    internal: int = 0
    fragments: int = 0
    broken: list[str] = field(default_factory=list)
    external: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # URL -> pages


def summary(report: LinkReport) -> str:
    """One line of counts, and the external links by host."""
    hosts = defaultdict(int)
    for url in report.external:
        hosts[urlsplit(url).netloc or urlsplit(url).scheme] += 1
    by_host = ", ".join(f"{n} to {host}" for host, n in sorted(hosts.items())) or "none"
    return (f"links: {report.pages} files (HTML pages, SVG images), {report.internal} internal links checked "
            f"({report.fragments} with a #fragment), {len(report.broken)} broken; "
            f"{len(report.external)} distinct external links ({by_host}), not fetched")


def _is_external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def resolve(page: str, url: str) -> str:
    """The file (relative to the site) that a relative URL found on ``page`` names."""
    parts = urlsplit(url)
    if not parts.path:  # "#id" or "?q": the page itself
        return page
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return posixpath.join(target, "index.html") if parts.path.endswith("/") else target


def _check_internal(site: Path, page: str, url: str, report: LinkReport) -> None:
    """Check one relative URL found on ``page``; record it in ``report`` if broken."""
    parts = urlsplit(url)
    target = resolve(page, url)
    report.internal += 1
    path = site / target
    if target.startswith("../") or not path.is_file():
        report.broken.append(f"{page}: {url!r} -> {target} does not exist")
        return
    if parts.fragment:
        report.fragments += 1
        if not target.endswith((".html", ".svg")):
            report.broken.append(f"{page}: {url!r} has a #fragment but {target} is not an HTML page or SVG")
        elif unquote(parts.fragment) not in parse(path).ids:
            report.broken.append(f"{page}: {url!r} -> no id {unquote(parts.fragment)!r} in {target}")


def check_site(site: Path, pages: list[str]) -> LinkReport:
    """Check every internal link of the given pages and collect their external links."""
    report = LinkReport(pages=len(pages))
    for page in pages:
        for url in parse(site / page).urls:
            if url.startswith(("data:", "blob:")):
                continue  # inline content, nothing to find
            if _is_external(url):
                report.external[url].append(page)
            else:
                _check_internal(site, page, url, report)
    return report


def fragment_links(site: Path, pages: list[str]) -> dict[str, dict[str, list[str]]]:
    """Every internal link to a place in an HTML page: target page -> fragment -> the pages that link there.

    Only links whose target exists (the link check reports the others).
    """
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for page in pages:
        for url in parse(site / page).urls:
            if url.startswith(("data:", "blob:")) or _is_external(url):
                continue
            fragment = unquote(urlsplit(url).fragment)
            target = resolve(page, url)
            if fragment and target.endswith(".html") and (site / target).is_file() \
                    and fragment in parse(site / target).ids:
                found[target][fragment].append(page)
    return {target: dict(fragments) for target, fragments in sorted(found.items())}
