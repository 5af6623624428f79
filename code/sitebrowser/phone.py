"""A phone's screen (390 CSS px wide), and what of the article runs past its right edge.

Headless Chromium's window is at least 500 px wide, so :func:`emulate`
overrides the device's metrics (a mobile viewport that honours the page's
``<meta name="viewport">``), as DevTools' device mode does.

:func:`overflow` lists every element of the article whose box ends past the
screen's right edge without a scrolling box of its own around it: its
nearest ancestor that clips (``overflow-x`` other than ``visible``) must
scroll (``auto`` or ``scroll``) and lie inside the article; an element
clipped by ``hidden`` is cut off, and one that only the page or the
article's container clips runs off the screen.

:func:`phantom_scrollers` lists the boxes of the article that scroll sideways
although everything painted in them fits: what they hide is never drawn
(MathJax's copy of each formula for screen readers, for one). On a phone
each is a scroll bar under the text and a box that slides under the thumb.
"""

from __future__ import annotations

from dataclasses import dataclass

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}

#: The article: the page's text column (the search page has none: its main column).
ARTICLE = ("article.bd-article", "main")

_OVERFLOW = r"""
const ARTICLE = arguments[0];
const article = ARTICLE.map(s => document.querySelector(s)).find(Boolean);
if (!article) return {viewport: window.innerWidth, page_width: 0, offenders: [], error: 'none of ' + ARTICLE};
const viewport = document.documentElement.clientWidth;
const describe = el => el.localName
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const offenders = [];
for (const el of article.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || r.right <= viewport + 0.5) continue;
  if (el.closest('mjx-assistive-mml')) continue;  // MathJax's copy for screen readers, never painted
  let clip = null;
  for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
    if (getComputedStyle(a).overflowX !== 'visible') { clip = a; break; }
  }
  const scrolls = clip && ['auto', 'scroll'].includes(getComputedStyle(clip).overflowX);
  if (scrolls && article.contains(clip) && clip !== article) continue;
  // Report the outermost element that runs past the edge, not each of its descendants.
  if (offenders.length && offenders[offenders.length - 1].node.contains(el)) continue;
  offenders.push({
    node: el, right: Math.round(r.right), width: Math.round(r.width), element: describe(el),
    clipped_by: clip ? describe(clip) + ' (overflow-x: ' + getComputedStyle(clip).overflowX + ')' : 'nothing',
    text: el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60),
  });
}
return {
  viewport: viewport,
  page_width: document.documentElement.scrollWidth,
  offenders: offenders.map(({node, ...rest}) => rest),
};
"""


# Boxes that scroll sideways (overflow-x auto or scroll, and something beyond their width), whose painted
# content (every element with a box and every text, but MathJax's assistive copy, which is clipped away)
# fits their width.
_PHANTOM = r"""
const ARTICLE = arguments[0];
const article = ARTICLE.map(s => document.querySelector(s)).find(Boolean);
if (!article) return {error: 'none of ' + ARTICLE};
const describe = el => el.localName
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const found = [];
for (const box of article.querySelectorAll('*')) {
  if (!['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) continue;
  if (box.scrollWidth <= box.clientWidth + 1 || box.clientWidth === 0) continue;
  const left = box.getBoundingClientRect().left + box.clientLeft - box.scrollLeft;
  let painted = 0;
  for (const el of box.querySelectorAll('*')) {
    if (el.closest('mjx-assistive-mml')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    painted = Math.max(painted, r.right - left);
  }
  // And its text, which a <pre> holds without any element around it.
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (!t.textContent.trim() || (t.parentElement && t.parentElement.closest('mjx-assistive-mml'))) continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    if (r.width > 0) painted = Math.max(painted, r.right - left);
  }
  if (painted <= box.clientWidth + 1)
    found.push({element: describe(box), width: box.clientWidth, scroll_width: box.scrollWidth,
                text: box.textContent.trim().replace(/\s+/g, ' ').slice(0, 60)});
}
return {found: found};
"""


@dataclass(frozen=True)
class Phantom:
    """A box that scrolls sideways although all it paints fits its width."""

    element: str
    width: int
    scroll_width: int
    text: str

    def __str__(self) -> str:
        return (f"{self.element} scrolls ({self.scroll_width} px of content in {self.width} px) "
                f"though all it paints fits: {self.text!r}")


@dataclass(frozen=True)
class Offender:
    """An element of the article that ends past the screen's right edge, outside a scrolling box of its own."""

    right: int
    width: int
    element: str
    clipped_by: str
    text: str

    def __str__(self) -> str:
        return (f"{self.element} ends at {self.right} px ({self.width} px wide), clipped by {self.clipped_by}: "
                f"{self.text!r}")


@dataclass(frozen=True)
class Overflow:
    """The screen's width, the page's scrolling width and what runs past the screen's edge."""

    viewport: int
    page_width: int
    offenders: list[Offender]

    def widest(self) -> int:
        """The rightmost edge of an offender (the viewport's width if none)."""
        return max((o.right for o in self.offenders), default=self.viewport)


def emulate(driver, metrics: dict | None = PHONE) -> None:
    """Lay out the pages loaded next on a screen of ``metrics`` (None: the window again)."""
    if metrics is None:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    else:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def overflow(driver, article: tuple[str, ...] = ARTICLE) -> Overflow:
    """What of the loaded page's article runs past the screen's right edge outside a scrolling box of its own."""
    found = driver.execute_script(_OVERFLOW, list(article))
    if "error" in found:
        raise ValueError(f"{driver.current_url}: {found['error']}")
    return Overflow(found["viewport"], found["page_width"], [Offender(**o) for o in found["offenders"]])


def phantom_scrollers(driver, article: tuple[str, ...] = ARTICLE) -> list[Phantom]:
    """The boxes of the loaded page's article that scroll sideways with nothing painted to scroll to."""
    found = driver.execute_script(_PHANTOM, list(article))
    if "error" in found:
        raise ValueError(f"{driver.current_url}: {found['error']}")
    return [Phantom(**p) for p in found["found"]]
