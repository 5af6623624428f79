"""The site's own search (Sphinx's search.html, run in the browser from searchindex.js)."""

import pytest

from sitebrowser import chrome

pytestmark = pytest.mark.browser

# Sphinx fills its status line when the last result is listed ("Search
# finished, ...", or "Your search did not match ..."); each listed page then
# fetches its summary, so wait for those as well, typeset (docs/_static/search-math.js
# marks each one done once MathJax has typeset its math).
SEARCH_DONE = """
  (document.querySelector('#search-results .search-summary') || {}).innerText
  && Array.from(document.querySelectorAll('#search-results li'))
       .every(li => li.querySelector('p.context[data-typeset="done"], span'))
"""

SEARCHES = {
    # query: the chapter that must be the first result (its title holds the word)
    "softmax": "chapters/softmax.html",
    "momentum": "chapters/momentum.html",
}


@pytest.mark.parametrize("query", SEARCHES)
def test_search_finds_the_chapter(query, site, server, browser, screenshots):
    """The search lists its chapter first, every result is a page of the site, and the page is clean."""
    where = f"search.html?q={query}"
    visit = browser.visit(server.url(where), until=SEARCH_DONE)
    links = [a.get_attribute("href") for a in browser.driver.find_elements("css selector", "#search-results li > a")]
    pages = [link.removeprefix(server.origin + "/").split("?")[0].split("#")[0] for link in links]
    status = browser.driver.find_element("css selector", "#search-results .search-summary").text
    browser.screenshot(screenshots / f"search-{query}.png")
    problems = chrome.page_problems(visit, server.origin)
    assert not problems, f"{where}: " + f"\n{where}: ".join(problems)
    assert pages, f"{where}: no results ({status!r})"
    assert pages[0] == SEARCHES[query], f"{where}: first result is {pages[0]}, not {SEARCHES[query]}; all: {pages}"
    missing = [p for p in pages if not (site / p).is_file()]
    assert not missing, f"{where}: results link to pages that do not exist: {missing}"
