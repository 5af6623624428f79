"""The built site: where it is and which pages it has (sitebrowser.server serves it)."""

from __future__ import annotations

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


def is_redirect(path: Path) -> bool:
    """A page that only forwards an old address to where its page moved (coursebook.redirects)."""
    return 'http-equiv="refresh"' in path.read_text(encoding="utf8")[:2000]


def pages(site: Path = SITE) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root ('chapters/x.html'); not redirects."""
    found = (p.relative_to(site).as_posix() for p in site.rglob("*.html") if not is_redirect(p))
    return sorted(p for p in found if not p.startswith(NOT_PAGES))


def redirects(site: Path = SITE) -> list[str]:
    """The pages at old addresses that forward to a page's new one."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if is_redirect(p))


def svg_images(site: Path = SITE) -> list[str]:
    """The SVG images of the built site (relative paths); their links are checked like a page's."""
    return sorted(p.relative_to(site).as_posix() for p in (site / "_images").rglob("*.svg"))
