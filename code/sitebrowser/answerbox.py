"""Typing into a page's answer boxes (claimcheck.sphinxext.answerbox) and reading the verdict, in Chromium.

Used by the browser tests of the boxes and by ``tests/benchmark_answer_box.py``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

#: The first check loads Pyodide and imports SymPy: on a busy machine that can take a minute.
FIRST_CHECK_TIMEOUT_S = 180
#: The statuses a verdict can have (claimcheck.answers), besides "loading".
VERDICTS = ("holds", "planted", "fails", "undecided", "unreadable", "error", "empty")


@dataclass
class Checked:
    """What a box showed after Check: the verdict's status, its message, and how long it took."""

    status: str
    message: str
    seconds: float


def boxes(driver) -> list:
    """The answer boxes of the current page, in page order."""
    return driver.find_elements(By.CSS_SELECTOR, ".answer-box")


#: How long a page opened from file:// has to show its boxes.
FILE_PAGE_TIMEOUT_S = 30


def open_file_page(driver, path) -> None:
    """Open the built page at ``path`` as file:// and wait until its document is complete with its boxes.

    From a page served over http, Chromium moves to file:// in another renderer, and chromedriver can return
    before that document is the one its element queries see.  An error names what was shown instead.
    """
    url = path.as_uri()
    driver.get("about:blank")
    driver.get(url)

    def loaded(d):
        return d.execute_script("return document.readyState === 'complete' && location.href === arguments[0]"
                                " && document.querySelectorAll('.answer-box').length > 0;", url)

    try:
        WebDriverWait(driver, FILE_PAGE_TIMEOUT_S, poll_frequency=0.1).until(loaded)
    except TimeoutException:
        title, text = driver.execute_script(
            "return [document.title, (document.body ? document.body.innerText : '').slice(0, 300)];")
        raise LookupError(f"{url} showed no answer box within {FILE_PAGE_TIMEOUT_S} s; it showed {driver.current_url}"
                          f" titled {title!r}: {text!r}") from None


def box_of(driver, claim: str, part: int = 1, side: str = "rhs"):
    """The box checked against ``claim``'s ``part`` and ``side``; an error listing the page's boxes if absent."""
    wanted = f"{claim}:{part}:{side}"
    found = {driver.execute_script("return JSON.parse(arguments[0].querySelector('script.answer-key')"
                                   ".textContent).id", box): box for box in boxes(driver)}
    if wanted not in found:
        raise LookupError(f"no answer box {wanted} on {driver.current_url}; it has {sorted(found)}")
    return found[wanted]


def check(driver, box, text: str, timeout_s: float = FIRST_CHECK_TIMEOUT_S) -> Checked:
    """Type ``text`` into ``box``, press Check, and wait for a verdict (not a progress message)."""
    field = box.find_element(By.CSS_SELECTOR, ".answer-text")
    field.clear()
    field.send_keys(text)
    driver.execute_script("arguments[0].querySelector('.answer-verdict').className = 'answer-verdict';", box)
    start = time.perf_counter()
    box.find_element(By.CSS_SELECTOR, ".answer-check").click()
    verdict = box.find_element(By.CSS_SELECTOR, ".answer-verdict")

    def shown(_):
        kinds = [c.removeprefix("answer-") for c in (verdict.get_attribute("class") or "").split()]
        return next((k for k in kinds if k in VERDICTS), None)

    status = WebDriverWait(driver, timeout_s, poll_frequency=0.05).until(
        shown, message=f"no verdict within {timeout_s} s for {text!r}")
    return Checked(status, verdict.text, time.perf_counter() - start)


def bytes_loaded(driver) -> int:
    """Bytes the page has loaded so far (the page, its resources and every fetch), as the browser counts them."""
    return driver.execute_script("""
        const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
        return entries.reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0);""")


def requests_so_far(driver) -> list:
    """The requests recorded since the browser's performance log was last read (see chrome.network_problems)."""
    from .chrome import _requests

    return _requests(driver.get_log("performance"))
