"""Internal links of the built site (read from the HTML; no browser needed)."""

import pytest

from . import builtsite

pytestmark = pytest.mark.browser

# External links are listed, never fetched (the site works offline), and only
# these kinds may appear: anything else is a theme default that points at a
# service (a repository or launch button) or a reference given as a bare URL
# instead of a bibliography entry.
ALLOWED_EXTERNAL = {
    "https://doi.org/": "DOIs of the bibliography's entries: persistent identifiers, printed by sphinxcontrib-bibtex",
}


def test_internal_links_resolve(link_report):
    """Every relative href/src names a file of the site, and every #fragment an id in it."""
    assert link_report.internal > 0, "no internal links found in the built pages"
    broken = link_report.broken
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def test_external_links_are_only_allowed_kinds(link_report):
    """External links are only of the kinds in ALLOWED_EXTERNAL."""
    other = {
        url: pages for url, pages in link_report.external.items() if not url.startswith(tuple(ALLOWED_EXTERNAL))
    }
    assert not other, "external links of kinds not allowed:\n" + "\n".join(
        f"{url} (on {', '.join(sorted(set(pages)))})" for url, pages in sorted(other.items())
    )


@pytest.mark.parametrize("old", builtsite.redirects() or ["chapters/01-true-softmax.html"])
def test_an_old_address_lands_on_its_page_with_the_fragment(old, site, server, browser):
    """A bookmark of a page's old address (coursebook.redirects) opens the page, at the same #fragment."""
    assert old in builtsite.redirects(site), f"no redirect page at {old}"
    browser.driver.get(server.url(old) + "#builds-on")
    landed = browser.driver.execute_script("return location.pathname + location.hash")
    assert landed.endswith("#builds-on") and "/chapters/" in landed and not landed.startswith("/" + old), landed
    assert site.joinpath(landed.split("#")[0].lstrip("/")).is_file()
