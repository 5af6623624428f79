"""No page's text holds an absolute path of the machine that built it (sitebrowser.abspaths)."""

import pytest

from sitebrowser import abspaths

from . import builtsite

pytestmark = pytest.mark.browser

PAGES = builtsite.pages() or ["index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_no_absolute_paths(page, site):
    """The page's text (folds, code and outputs included) names no /work/, /home/, /tmp/, ... path."""
    found = abspaths.find((site / page).read_text(encoding="utf-8"))
    assert not found, f"{page}: {len(found)} absolute paths:\n" + "\n".join(found[:10])


def test_a_planted_path_is_found(site):
    """The check fails a page (a built chapter, read back) with a data folder's path planted in its text."""
    chapter = next(p for p in PAGES if p.startswith("chapters/"))
    page = (site / chapter).read_text(encoding="utf-8")
    planted = page.replace("</article>", "<pre>read /home/reader/data/mnist/t10k-images-idx3-ubyte</pre></article>", 1)
    assert planted != page
    assert any(p.startswith("/home/reader/data/mnist/") for p in abspaths.find(planted))
