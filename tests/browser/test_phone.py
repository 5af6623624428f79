"""On a 390 px phone, nothing of the article runs past the screen's right edge outside a scrolling box of its own.

Every page is laid out on an emulated phone (sitebrowser.phone.PHONE); its
screenshot goes to _build/browser/phone/.
"""

import pytest

from sitebrowser import phone

from . import builtsite

pytestmark = pytest.mark.browser

PAGES = builtsite.pages() or ["index.html"]
# Any chapter (the first) serves to plant a fault in.
PLANTED_PAGE = next((p for p in PAGES if p.startswith("chapters/")), PAGES[0])


@pytest.fixture
def on_phone(browser):
    phone.emulate(browser.driver)
    yield
    phone.emulate(browser.driver, None)


def _record(figures, page, found):
    key = "widest element of an article at 390 px (right edge, px)"
    if key not in figures or found.widest() > figures[key][0]:
        figures[key] = (found.widest(), page)
    figures["elements past the edge at 390 px"] = (figures.get("elements past the edge at 390 px", 0)
                                                   + len(found.offenders))


@pytest.mark.parametrize("page", PAGES)
def test_nothing_runs_past_the_edge(page, on_phone, server, browser, screenshots, figures):
    """Every element of the article ends inside the screen, or inside a scrolling box of the article."""
    browser.visit(server.url(page))
    browser.screenshot(screenshots / "phone" / (page.replace("/", "-").removesuffix(".html") + ".png"),
                       device=phone.PHONE)
    found = phone.overflow(browser.driver)
    assert found.viewport == phone.PHONE["width"], f"{page}: laid out {found.viewport} px wide, not a phone's"
    _record(figures, page, found)
    assert not found.offenders, (f"{page}: {len(found.offenders)} elements run past the right edge "
                                 f"({found.viewport} px):\n" + "\n".join(map(str, found.offenders[:15])))


def test_planted_wide_elements_are_found(on_phone, server, browser):
    """A wide block in the text is found, and so is one cut off by a box that hides its overflow;
    the same block inside a box that scrolls is not."""
    browser.visit(server.url(PLANTED_PAGE))
    browser.driver.execute_script("""
        const article = document.querySelector(arguments[0][0]);
        article.insertAdjacentHTML('afterbegin',
          '<div id="planted-scrolls" style="overflow-x: auto"><p style="width: 700px">in a scrolling box</p></div>'
          + '<p id="planted-wide" style="width: 600px">runs off the screen</p>'
          + '<div style="overflow: hidden"><p id="planted-cut" style="width: 650px">cut off</p></div>');
    """, list(phone.ARTICLE))
    found = phone.overflow(browser.driver)
    texts = [o.text for o in found.offenders]
    assert "runs off the screen" in texts, [str(o) for o in found.offenders]
    assert "cut off" in texts, [str(o) for o in found.offenders]
    assert "in a scrolling box" not in texts


@pytest.mark.parametrize("page", PAGES)
def test_no_box_scrolls_for_nothing(page, on_phone, server, browser):
    """No box of the article scrolls sideways unless something it paints is wider than it: a box that
    scrolls for an unpainted element (MathJax's copy of a formula for screen readers) shows a scroll bar
    under its text on a phone, and slides when the reader swipes across it."""
    browser.visit(server.url(page))
    phantoms = phone.phantom_scrollers(browser.driver)
    assert not phantoms, (f"{page}: {len(phantoms)} boxes scroll with nothing painted to scroll to:\n"
                          + "\n".join(map(str, phantoms[:10])))


def test_planted_phantom_scroller_is_found(on_phone, server, browser):
    """Inline math made a scrolling box, as a phone rule for all inline math once did, with MathJax's copy
    for screen readers as wide as it likes (as the theme leaves it), is found; a block that is wider than
    its box, in a scrolling box, is not."""
    browser.visit(server.url(PLANTED_PAGE))
    browser.driver.execute_script("""
        const s = document.createElement('style');
        s.textContent = '.bd-article span.math { display: inline-block; overflow-x: auto; overflow-y: hidden; }'
          + ' .bd-article mjx-assistive-mml { right: auto !important; max-width: none !important; }';
        document.head.appendChild(s);
        document.querySelector(arguments[0][0]).insertAdjacentHTML('afterbegin',
          '<div id="planted-wide-block" style="overflow-x: auto"><p style="width: 700px">wide block</p></div>'
          + '<pre id="planted-wide-text" style="overflow-x: auto">' + 'a long line of text '.repeat(30) + '</pre>');
    """, list(phone.ARTICLE))
    phantoms = phone.phantom_scrollers(browser.driver)
    assert any("span.math" in p.element for p in phantoms), [str(p) for p in phantoms[:5]]
    assert not any("wide block" in p.text or "a long line" in p.text for p in phantoms), [str(p) for p in phantoms]
