"""The site's own search (Sphinx's search.html, run in the browser from searchindex.js)."""

from urllib.parse import quote

import pytest

from derivations import course
from sitebrowser import chrome

pytestmark = pytest.mark.browser

# Sphinx fills its status line when the last result is listed ("Search
# finished, ...", or "Your search did not match ..."); each listed page then
# fetches its summary, so wait for those as well, typeset (docs/_static/search-math.js
# marks each one done once MathJax has typeset its math); an object (an exercise, a
# theorem) gets its summary from search-math.js, which marks the item summarised.
SEARCH_DONE = """
  (document.querySelector('#search-results .search-summary') || {}).innerText
  && Array.from(document.querySelectorAll('#search-results li'))
       .every(li => li.querySelector('p.context[data-typeset="done"]')
                    || (li.querySelector('span') && li.dataset.summarised === 'done'
                        && !li.querySelector('p.context:not([data-typeset="done"])')))
"""

SEARCHES = {
    # query: the chapter that must be the first result (its title holds the word)
    "softmax": "chapters/softmax.html",
    "momentum": "chapters/momentum.html",
}


def _results(browser, server, query):
    """The search's results for ``query``: (page, anchor) in order, and the status line."""
    visit = browser.visit(server.url(f"search.html?q={quote(query)}"), until=SEARCH_DONE)
    links = [a.get_attribute("href") for a in browser.driver.find_elements("css selector", "#search-results li > a")]
    found = []
    for link in links:
        path, _, anchor = link.removeprefix(server.origin + "/").partition("#")
        found.append((path.split("?")[0], anchor))
    status = browser.driver.find_element("css selector", "#search-results .search-summary").text
    return visit, found, status


#: Queries in a student's words, and the exercise that must come first.
EXERCISE_SEARCHES = {"memorize random labels": "ex-hw5-2021-p6", "HW4 (2024), problem 5": "ex-hw4-2024-p5"}


def _problem_query(problem) -> str:
    return f"{problem.set_name} problem {problem.number}"


@pytest.mark.parametrize("problem", course.PROBLEMS, ids=[p.id for p in course.PROBLEMS])
def test_each_problem_is_found_by_its_set_and_number(problem, site, server, browser):
    """Searching "HW4 problem 5" lists that problem's exercise first, on its chapter."""
    query = _problem_query(problem)
    _, found, status = _results(browser, server, query)
    assert found, f"search {query!r}: no results ({status!r})"
    expected = (f"{problem.chapter}.html", f"ex-{problem.id}")
    assert found[0] == expected, f"search {query!r}: first result {found[0]}, not {expected}; all: {found[:5]}"


@pytest.mark.parametrize("query", EXERCISE_SEARCHES)
def test_a_students_words_find_the_exercise_with_a_clean_summary(query, site, server, browser, screenshots):
    """The exercise comes first, and its summary holds no theme text and no half-cut TeX."""
    visit, found, status = _results(browser, server, query)
    browser.screenshot(screenshots / f"search-{query.replace(' ', '-').replace(',', '')}.png")
    assert found, f"search {query!r}: no results ({status!r})"
    assert found[0][1] == EXERCISE_SEARCHES[query], f"search {query!r}: first result {found[0]}; all: {found[:5]}"
    summaries = [p.text for p in browser.driver.find_elements("css selector", "#search-results li p.context")]
    for text in summaries:
        for chrome_text in ("Light", "Dark", "System Settings", "Download this page"):
            assert chrome_text not in text, f"search {query!r}: a summary holds the theme's {chrome_text!r}: {text!r}"
        assert text.count("\\(") == text.count("\\)"), f"search {query!r}: a summary cuts inline TeX: {text!r}"
    assert not chrome.page_problems(visit, server.origin)


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
