"""The answer boxes in Chromium, with the site on 127.0.0.1 and the network blocked: Pyodide, SymPy and the
engine's core load from the site itself on the first Check, and the verdicts are the checker's.

In one box of six chapters: the right answer is proved right; a planted error is named; an unrelated answer
fails (with a point, or for a number with the exact values differing); a syntax error names its position.
Pyodide loads once per page.  Opened as file://, a box says how to serve the site.  The three verdicts are
photographed into _build/browser/ (answer-*.png).
"""

import pytest
from selenium.webdriver.common.by import By

from sitebrowser import answerbox, chrome

from . import builtsite

pytestmark = pytest.mark.browser

# page, box (claim, part, side), right, planted error and its kind, unrelated answer and what its verdict says,
# syntax error and the position named.
CASES = [
    ("chapters/softmax.html", ("softmax.gradient", 1, "rhs"),
     "exp(beta*x_j)/sum(exp(beta*x_i), i, 1, n)",
     ("exp(x_j)/sum(exp(x_i), i, 1, n)", "dropped factor"), ("1/n", "At "), ("exp(beta*x_j", 4)),
    ("chapters/backprop.html", ("backprop.conv1d_filter_gradient", 1, "rhs"),
     "sum(v[i+k-1]*delta_i, i, 1, m)",
     ("sum(delta_i*v[i-k+1], i, 1, m)", "swapped order"), ("sum(delta_i*v_i, i, 1, m)", "At "),
     ("sum(delta_i v_i, i, 1, m)", 5)),
    ("chapters/init.html", ("init.constant_width_limit", 1, "rhs"),
     "(1 + (3^L - 1)/(2*n))/3^L",
     ("(1 - 3^(-L))/(2*n)", "dropped factor"), ("1/(3*n)", "At "), ("3^-L +* 1", 7)),
    ("chapters/convolution.html", ("convolution.receptive_field_closed_form", 3, "rhs"),
     "1 + d_1*(k_1 - 1) + s_1*d_2*(k_2 - 1) + s_1*s_2*d_3*(k_3 - 1)",
     ("1 + (k_1 - 1) + s_1*(k_2 - 1) + s_1*s_2*(k_3 - 1)", "dropped factor"), ("k_1 + k_2 + k_3", "At "),
     ("1 + d_1(k_1 - 1))", 17)),
    ("chapters/fusion.html", ("fusion.bn_scalar_identity", 1, "rhs"),
     "gamma*(z + b - mu)/sqrt(sigma2 + varepsilon) + beta",
     ("gamma*z/sqrt(sigma2) + gamma*(b - mu)/sqrt(sigma2 + varepsilon) + beta", "dropped factor"),
     ("gamma*z + beta", "At "), ("gamma*(z + b - mu)/sqrt(sigma2 + varepsilon) + beta2", 48)),
    ("chapters/costs.html", ("costs.lenet_course", 1, "lhs"),
     "60806", ("60731", "swapped order"), ("60000", "exact values differ"), ("60 806", 4)),
]
PHOTOS = {"holds": "answer-right.png", "planted": "answer-planted-error.png", "fails": "answer-counterexample.png"}


@pytest.mark.parametrize(("page", "box", "right", "planted", "unrelated", "syntax"), CASES,
                         ids=[c[1][0] for c in CASES])
def test_answer_box(page, box, right, planted, unrelated, syntax, site, server, browser, screenshots):
    """Right, planted, unrelated and unreadable answers get the checker's verdicts, all from 127.0.0.1."""
    visit = browser.visit(server.url(page))
    assert not chrome.page_problems(visit, server.origin)
    driver = browser.driver
    element = answerbox.box_of(driver, *box)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    photos = page == CASES[0][0]

    verdict = answerbox.check(driver, element, right)
    assert verdict.status == "holds" and verdict.message.startswith("✔"), verdict
    if photos:
        element.screenshot(str(screenshots / PHOTOS["holds"]))
    verdict = answerbox.check(driver, element, planted[0], timeout_s=60)
    assert verdict.status == "planted" and planted[1] in verdict.message, verdict
    if photos:
        element.screenshot(str(screenshots / PHOTOS["planted"]))
    verdict = answerbox.check(driver, element, unrelated[0], timeout_s=60)
    assert verdict.status == "fails" and unrelated[1] in verdict.message, verdict
    if photos:
        element.screenshot(str(screenshots / PHOTOS["fails"]))
    verdict = answerbox.check(driver, element, syntax[0], timeout_s=60)
    assert verdict.status == "unreadable" and f"position {syntax[1]}:" in verdict.message, verdict

    requests = visit.requests + answerbox.requests_so_far(driver)
    problems = chrome.network_problems(chrome.Visit(visit.url, {}, requests), server.origin)
    assert not problems, problems
    runtime = {r.url.rsplit("/", 1)[-1] for r in requests if "/_answers/" in r.url}
    assert {"pyodide.asm.wasm", "claimcheck-core.zip", "sympy-1.14.0-py3-none-any.whl"} <= runtime, runtime


def test_answer_box_opened_as_a_file_says_how_to_serve_the_site(site, browser):
    """From file:// the checker cannot load: the box says so, and how to serve the site."""
    driver = browser.driver
    answerbox.open_file_page(driver, builtsite.SITE / CASES[0][0])
    element = answerbox.box_of(driver, *CASES[0][1])
    assert not element.find_element(By.CSS_SELECTOR, ".answer-check").is_enabled()
    assert "make serve" in element.find_element(By.CSS_SELECTOR, ".answer-verdict").text
