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


# Math typeset after MathJax's startup promise had resolved (ms, page): the wait
# the inspection allows, printed after the run.
LATE_MATH = "longest wait for math after MathJax's startup (ms, page)"


def test_the_screenshot_pages_exist(site):
    """The pages chosen for screenshots are pages of the site (a renamed chapter must update this list)."""
    assert set(SCREENSHOTS) <= set(PAGES), f"not built: {sorted(set(SCREENSHOTS) - set(PAGES))}"


@pytest.mark.parametrize("page", PAGES)
def test_page(page, site, server, browser, screenshots, figures):
    """The page loads, is typeset, shows its images, logs no error and stays on 127.0.0.1."""
    visit = browser.visit(server.url(page))
    late = visit.inspection.get("typeset_late_ms", 0)
    longest = figures.get(LATE_MATH, (0, "none"))
    figures[LATE_MATH] = max(longest, (late, page), key=lambda found: found[0])
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


PLANT_MATH = r"""const span = document.createElement('span'); span.className = 'math';
  span.textContent = '\\(x^2\\)'; document.querySelector('article').appendChild(span);
  if (arguments[0] !== null) setTimeout(() => MathJax.typesetPromise([span]), arguments[0]);"""


def test_math_left_untypeset_is_a_problem_and_late_math_is_waited_for(site, server, browser):
    """A formula MathJax never typesets is reported with what MathJax knew; one typeset a little
    after startup is waited for, and the wait is recorded."""
    browser.visit(server.url("chapters/softmax.html"))
    settle = browser.settle_timeout_ms
    browser.settle_timeout_ms = 2000
    try:
        browser.driver.execute_script(PLANT_MATH, 300)
        late = browser.inspect()
        assert late["untypeset"] == [] and 200 <= late["typeset_late_ms"] < 2000, late["typeset_late_ms"]
        browser.driver.execute_script(PLANT_MATH, None)
        never = chrome._inspection_problems(browser.inspect())
    finally:
        browser.settle_timeout_ms = settle
    assert any("not typeset by MathJax (MathJax found" in p and "x^2" in p for p in never), never
