"""Contrast of the text in the book's boxes, measured in the browser, in light and in dark mode.

:func:`measure` opens every fold of the loaded page (so that solutions and
folded lists are measured too), then, for every element of :data:`BOXES`
that holds text (a text node of its own, or typeset math), compares its
colour with the background it is drawn on: the element's and its ancestors'
background colours, composited from the page up, with the opacities on the
way. The ratio is WCAG's: (L1 + 0.05) / (L2 + 0.05) of the relative
luminances; AA asks for 4.5 : 1 (:data:`AA`).

:func:`color_scheme` makes Chromium report the reader's system setting as
light or dark, which the theme follows (its mode is "auto").
"""

from __future__ import annotations

from dataclasses import dataclass

AA = 4.5

#: The book's boxes: claims, exercises and solutions, theorems and proofs,
#: admonitions, folds, tables, cell outputs, the graph pages.
BOXES = (".claim, .exercise, .solution, .proof, .admonition, details, table, "
         ".cell_output, .claim-graph-page, .sd-card")

_MEASURE = r"""
const BOXES = arguments[0];
// Folds fade in when opened (sphinx-togglebutton): measure their final colours, not a frame of the fade.
const still = document.createElement('style');
still.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
document.head.appendChild(still);
document.querySelectorAll('details').forEach(d => { d.open = true; });
document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));

const canvas = document.createElement('canvas');
canvas.width = canvas.height = 1;
const ctx = canvas.getContext('2d', {willReadFrequently: true});
const cache = new Map();
function rgba(css) {  // a computed CSS colour -> [r, g, b, a]: read from rgb()/rgba(), else through a canvas
  if (cache.has(css)) return cache.get(css);
  let value;
  const m = css.match(/^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)\s*(?:[,\/]\s*([\d.]+)(%?))?\s*\)$/);
  if (m) {
    const alpha = m[4] === undefined ? 1 : parseFloat(m[4]) / (m[5] ? 100 : 1);
    value = [parseFloat(m[1]), parseFloat(m[2]), parseFloat(m[3]), alpha];
  } else {  // color(), oklch(), ...: the canvas draws it (getImageData is not premultiplied)
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = 'rgba(0, 0, 0, 0)';
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    value = [d[0], d[1], d[2], d[3] / 255];
  }
  cache.set(css, value);
  return value;
}
function over(top, bottom) {  // top (with its alpha) drawn on an opaque bottom
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(el) {  // the opaque colour behind el's text
  const layers = [];
  for (let a = el; a; a = a.parentElement) {
    const c = rgba(getComputedStyle(a).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let result = [255, 255, 255, 1];  // the canvas under a page that paints none
  for (const c of layers.reverse()) result = over(c, result);
  return result;
}
function opacity(el) {
  let o = 1;
  for (let a = el; a; a = a.parentElement) o *= parseFloat(getComputedStyle(a).opacity);
  return o;
}
function shown(el) {
  const style = getComputedStyle(el);
  if (style.visibility !== 'visible' || el.getClientRects().length === 0) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
}
function holdsText(el) {
  if (el.localName === 'mjx-container') return true;
  if (el.closest('mjx-container')) return false;
  return Array.from(el.childNodes).some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
}
const describe = el => el.localName
  + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const hex = c => '#' + c.slice(0, 3).map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
const seen = new Set();
const results = [];
for (const box of document.querySelectorAll(BOXES)) {
  for (const el of [box, ...box.querySelectorAll('*')]) {
    if (seen.has(el)) continue;
    seen.add(el);
    if (!holdsText(el) || !shown(el)) continue;
    const bg = background(el);
    const color = rgba(getComputedStyle(el).color);
    const fg = over([color[0], color[1], color[2], color[3] * opacity(el)], bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    const boxOf = el.closest(BOXES);
    results.push({
      ratio: (hi + 0.05) / (lo + 0.05),
      text: (el.localName === 'mjx-container' ? '(math) ' : '')
            + el.textContent.trim().replace(/\s+/g, ' ').slice(0, 60),
      element: describe(el),
      box: describe(boxOf),
      fg: hex(fg), bg: hex(bg),
    });
  }
}
return {mode: document.documentElement.dataset.theme || '?', texts: results};
"""


@dataclass(frozen=True)
class Text:
    """One element's text and its contrast against its effective background."""

    ratio: float
    text: str
    element: str
    box: str
    fg: str
    bg: str

    def __str__(self) -> str:
        return f"{self.ratio:.2f}:1 {self.fg} on {self.bg} in {self.box} > {self.element}: {self.text!r}"


@dataclass(frozen=True)
class Measurement:
    """Every text of a page's boxes, in the colour mode the theme applied."""

    mode: str
    texts: list[Text]

    def below(self, threshold: float = AA) -> list[Text]:
        """The texts under ``threshold``, lowest first."""
        return sorted((t for t in self.texts if t.ratio < threshold), key=lambda t: t.ratio)

    def lowest(self) -> float | None:
        return min((t.ratio for t in self.texts), default=None)


def color_scheme(driver, scheme: str | None) -> None:
    """Report the system's colour scheme as "light" or "dark" to the pages loaded next (None: no emulation)."""
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": features})


def measure(driver, boxes: str = BOXES) -> Measurement:
    """The contrast of every shown text in ``boxes`` of the loaded page, every fold opened first."""
    found = driver.execute_script(_MEASURE, boxes)
    return Measurement(found["mode"], [Text(**t) for t in found["texts"]])
