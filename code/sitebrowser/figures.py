"""The figures of a loaded page: what their alt text says, and how large their smallest text is shown.

A figure drawn by ``mfdnn.plotstyle`` is an image ``WIDTH_IN * DPI`` pixels
wide (a little less once matplotlib trims its margins) whose smallest text is
``SMALLEST_PT`` points at ``DPI``; shown at a width w, that text is
``SMALLEST_PT / 72 * DPI * w / natural width`` CSS px. :func:`measure` reports,
for every image of the article, its alt text, its natural and shown widths,
and the page's small print (a ``<small>`` in the article: the body's small size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MEASURE = r"""
const article = document.querySelector('article.bd-article') || document.querySelector('main');
const small = document.createElement('small');
small.textContent = 'x';
article.appendChild(small);
const smallPx = parseFloat(getComputedStyle(small).fontSize);
small.remove();
return {small_px: smallPx, images: Array.from(article.querySelectorAll('img'), img => ({
  src: img.getAttribute('src') || '', alt: img.getAttribute('alt') || '',
  natural_width: img.naturalWidth, shown_width: img.getBoundingClientRect().width,
}))};
"""

#: Alt text that only names the file: a path, an image file name, or a hash.
FILE_NAME = re.compile(r"(^|/)[\w.-]+\.(png|svg|jpe?g|gif)$|^[0-9a-f]{16,}", re.I)


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    natural_width: int
    shown_width: float

    def text_px(self, smallest_pt: float, dpi: float) -> float:
        """The shown size (CSS px) of text of ``smallest_pt`` points in this image drawn at ``dpi``."""
        return smallest_pt / 72 * dpi * self.shown_width / self.natural_width

    def alt_problem(self) -> str:
        """Why the alt text does not say what the image shows ('' if it may)."""
        alt = self.alt.strip()
        if not alt:
            return "no alt text"
        if FILE_NAME.search(alt) or alt == self.src:
            return f"alt text is a file name: {alt!r}"
        if len(alt.split()) < 4:
            return f"alt text too short to say what the figure shows: {alt!r}"
        return ""


@dataclass(frozen=True)
class Figures:
    small_px: float
    images: list[Image]


def measure(driver) -> Figures:
    """The loaded page's small print (px) and every image of its article."""
    found = driver.execute_script(_MEASURE)
    return Figures(found["small_px"], [Image(**i) for i in found["images"]])
