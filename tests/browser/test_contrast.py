"""Text in the book's boxes is at least 4.5 : 1 against its background, in light and in dark mode (WCAG AA).

Every page is loaded with the system's colour scheme emulated as light, then
as dark (the theme follows it); every fold is opened and every text of the
boxes (sitebrowser.contrast.BOXES) measured. The dark-mode screenshots of
every page go to _build/browser/dark/.
"""

import pytest

from sitebrowser import contrast

from . import builtsite

pytestmark = pytest.mark.browser

PAGES = builtsite.pages() or ["index.html"]
# Any chapter (the first) serves to plant a fault in.
PLANTED_PAGE = next((p for p in PAGES if p.startswith("chapters/")), PAGES[0])


@pytest.fixture(params=["light", "dark"])
def mode(request, browser):
    contrast.color_scheme(browser.driver, request.param)
    yield request.param
    contrast.color_scheme(browser.driver, None)


def _record(figures, mode, page, measured):
    lowest = measured.lowest()
    if lowest is None:
        return
    key = f"lowest contrast in the boxes, {mode} mode"
    if key not in figures or lowest < figures[key][0]:
        figures[key] = (round(lowest, 2), page)
    figures[f"texts below 4.5:1, {mode} mode"] = (figures.get(f"texts below 4.5:1, {mode} mode", 0)
                                                  + len(measured.below()))


@pytest.mark.parametrize("page", PAGES)
def test_boxes_have_contrast(page, mode, server, browser, screenshots, figures):
    """Every text in the page's boxes, folds opened, reaches 4.5 : 1 in this colour mode."""
    browser.visit(server.url(page))
    if mode == "dark":
        browser.screenshot(screenshots / "dark" / (page.replace("/", "-").removesuffix(".html") + ".png"))
    measured = contrast.measure(browser.driver)
    assert measured.mode == mode, f"{page}: the theme shows {measured.mode!r} mode, not {mode!r}"
    _record(figures, mode, page, measured)
    low = measured.below()
    assert not low, (f"{page} ({mode}): {len(low)} of {len(measured.texts)} texts below {contrast.AA}:1:\n"
                     + "\n".join(map(str, low[:15])))


@pytest.mark.parametrize("planted_mode", ["light", "dark"])
def test_planted_low_contrast_is_found(planted_mode, server, browser):
    """The measure fails a page whose claim box is styled with fixed colours (a near-white box, grey text)."""
    contrast.color_scheme(browser.driver, planted_mode)
    try:
        browser.visit(server.url(PLANTED_PAGE))
        # The style that made dark mode unreadable: a fixed near-white box under the theme's text colour;
        # in light mode, a pale grey text on it.
        colour = "" if planted_mode == "dark" else "color: #aaa !important;"
        browser.driver.execute_script(
            "const s = document.createElement('style');"
            f"s.textContent = '.claim {{ background: #fafafa !important; {colour} }}';"
            "document.head.appendChild(s);")
        measured = contrast.measure(browser.driver)
    finally:  # (the theme follows a change of the scheme at once: measure first)
        contrast.color_scheme(browser.driver, None)
    assert measured.mode == planted_mode
    low = measured.below()
    assert low, f"{PLANTED_PAGE} ({planted_mode}): no text below 4.5:1 found with the planted style"
    assert any(".claim" in t.box for t in low), [str(t) for t in low[:5]]
