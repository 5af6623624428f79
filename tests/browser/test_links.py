"""Internal links of the built site (read from the HTML; no browser needed)."""

import pytest

from . import builtsite, links

pytestmark = pytest.mark.browser

# External links are listed, never fetched (the site works offline), and only
# these kinds may appear: anything else is a theme default that points at a
# service (a repository or launch button) or a reference given as a bare URL
# instead of a bibliography entry.
ALLOWED_EXTERNAL = {
    "https://doi.org/": "DOIs of the bibliography's entries: persistent identifiers, printed by sphinxcontrib-bibtex",
}


@pytest.fixture(scope="module")
def report(site, request):
    """The link check over every page; its counts are printed at the end of the run."""
    result = links.check_site(site, builtsite.pages(site))
    request.config.stash[links.REPORT_KEY] = result
    return result


def test_internal_links_resolve(report):
    assert report.internal > 0, "no internal links found: is the site built?"
    assert not report.broken, f"{len(report.broken)} broken internal links:\n" + "\n".join(report.broken)


def test_external_links_are_only_allowed_kinds(report):
    other = {url: pages for url, pages in report.external.items() if not url.startswith(tuple(ALLOWED_EXTERNAL))}
    assert not other, "external links of kinds not allowed:\n" + "\n".join(
        f"{url} (on {', '.join(sorted(set(pages)))})" for url, pages in sorted(other.items())
    )
