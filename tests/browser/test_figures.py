"""Figures: alt text that says what they show, and text at least the body's small size at the column's width.

The figures are matplotlib's, drawn by mfdnn.plotstyle (the desktop window of
sitebrowser.chrome shows the text column at its full width).
"""

import pytest

from mfdnn import plotstyle
from sitebrowser import figures

from . import builtsite

pytestmark = pytest.mark.browser

PAGES = builtsite.pages() or ["index.html"]
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")] or PAGES[:1]


def _cell_figures(found):
    """The images the pages' cells drew (MyST-NB writes them to _images as PNG)."""
    return [i for i in found.images if "_images/" in i.src and i.src.endswith(".png")]


@pytest.mark.parametrize("page", CHAPTERS)
def test_figures_are_legible_and_described(page, server, browser):
    """Every image of the chapter has an alt text; each figure's smallest text is at least the small print."""
    browser.visit(server.url(page))
    found = figures.measure(browser.driver)
    problems = [f"{i.src}: {why}" for i in found.images if (why := i.alt_problem())]
    for image in _cell_figures(found):
        px = image.text_px(plotstyle.SMALLEST_PT, plotstyle.DPI)
        if px < found.small_px - 0.05:
            problems.append(f"{image.src}: smallest text shown at {px:.1f} px, below the small print "
                            f"({found.small_px:.1f} px): {image.natural_width} px wide, shown {image.shown_width:.0f}")
    assert not problems, f"{page}:\n" + "\n".join(problems)


def test_planted_faults_are_found():
    """A figure twice the book's width shown in a column, and a hashed file name as alt text, are both found."""
    wide = figures.Image("_images/abc.png", "A plot of the loss against the margin, two curves",
                         natural_width=2 * plotstyle.WIDTH_IN * plotstyle.DPI, shown_width=740)
    assert wide.text_px(plotstyle.SMALLEST_PT, plotstyle.DPI) < 14
    hashed = figures.Image("_images/1f9c.png", "_images/1f9c2d7e8a9b0c1d2e3f4a5b6c7d8e9f.png", 700, 700)
    assert hashed.alt_problem().startswith("alt text is a file name")
    assert figures.Image("a.png", "", 700, 700).alt_problem() == "no alt text"
    assert wide.alt_problem() == ""
