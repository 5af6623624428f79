"""Every page of the built site, loaded in headless Chromium with the network blocked.

Each page must load (HTTP 200, a title, no failed or 4xx/5xx sub-resource),
have all its math typeset by MathJax with no error and no raw TeX left, load
all its images, log no console error and make no request beyond 127.0.0.1.
"""

import pytest

from sitebrowser import chrome

from . import builtsite

pytestmark = pytest.mark.browser

# With no built site there is nothing to discover; one page is still collected,
# so that the `site` fixture reports the missing build as an error.
PAGES = builtsite.pages() or ["index.html"]

# Pages photographed for review, with the file name of their screenshot.
SCREENSHOTS = {
    "index.html": "index.png",
    "chapters/softmax.html": "chapter-softmax.png",
    "status.html": "status.png",
    # The chapter with the most figures.
    "chapters/loss.html": "chapter-loss.png",
}


def test_the_screenshot_pages_exist(site):
    """The pages chosen for screenshots are pages of the site (a renamed chapter must update this list)."""
    assert set(SCREENSHOTS) <= set(PAGES), f"not built: {sorted(set(SCREENSHOTS) - set(PAGES))}"


@pytest.mark.parametrize("page", PAGES)
def test_page(page, site, server, browser, screenshots):
    """The page loads, is typeset, shows its images, logs no error and stays on 127.0.0.1."""
    visit = browser.visit(server.url(page))
    if page in SCREENSHOTS:
        browser.screenshot(screenshots / SCREENSHOTS[page])
    problems = chrome.page_problems(visit, server.origin)
    assert not problems, f"{page}: " + f"\n{page}: ".join(problems)


def test_a_macro_shown_as_typed_in_math_text_is_a_problem(site, server, browser):
    """``\\texttt{fan_in}`` reads fan_in (text mode takes ``_`` as it is); a macro that text mode cannot
    read, such as ``\\_`` there, shows its backslash to the reader, and the inspection reports it."""
    browser.visit(server.url("chapters/softmax.html"))
    plant = """const done = arguments[arguments.length - 1];
      const span = document.createElement('span'); span.className = 'math';
      span.textContent = arguments[0]; document.querySelector('article').appendChild(span);
      MathJax.typesetPromise([span]).then(() => done());"""
    browser.driver.execute_async_script(plant, r"\(\texttt{fan_in}\)")
    assert browser.inspect()["undefined_macros"] == []
    browser.driver.execute_async_script(plant, r"\(\texttt{fan\_in}\)")
    assert any("fan\\_in" in found for found in browser.inspect()["undefined_macros"])
