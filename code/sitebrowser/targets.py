"""Where a link with a #fragment lands: the target must be shown, in the window, with no closed fold around it.

:func:`land` checks the target the loaded page was opened at (the address's
fragment); :func:`follow` first closes every fold of the page (``<details>``
and sphinx-togglebutton's folded admonitions: stricter than the page as
served), then clicks a link to the fragment, as a reader clicks a link to a
place on the same page, and checks where it landed.

A target lands when the element exists, has a box of nonzero height, no
``<details>`` around it is closed (its summary aside), no folded admonition
around it hides it, and some of it lies in the window.
"""

from __future__ import annotations

import time

_WHERE = r"""
const id = arguments[0];
const target = document.getElementById(id) || document.getElementsByName(id)[0];
const start = el => el ? el.textContent.trim().slice(0, 60) : '';
if (!target) return 'no element with this id';
for (let a = target; a && a !== document.body; a = a.parentElement) {
  if (a.tagName === 'DETAILS' && !a.open) {
    const summary = a.querySelector(':scope > summary');
    if (!(summary && summary.contains(target))) return 'inside a closed <details> (' + start(summary) + ')';
  }
  if (a.classList.contains('toggle-hidden') && a !== target) {
    const title = a.querySelector(':scope > .admonition-title');
    if (!(title && title.contains(target))) return 'inside a folded admonition (' + (title ? start(title) : a.id) + ')';
  }
}
if (getComputedStyle(target).visibility !== 'visible') return 'visibility: ' + getComputedStyle(target).visibility;
const r = target.getBoundingClientRect();
if (!(r.height > 0)) return 'an empty box (' + Math.round(r.width) + ' x ' + Math.round(r.height) + ')';
if (r.bottom <= 0 || r.top >= window.innerHeight)
  return 'outside the window (top at ' + Math.round(r.top) + ' px of ' + window.innerHeight + ')';
return '';
"""

_CLOSE_ALL = r"""
document.querySelectorAll('details[open]').forEach(d => { d.open = false; });
document.querySelectorAll('.admonition.toggle:not(.toggle-hidden)').forEach(a => {
  const button = a.querySelector(':scope > .admonition-title .toggle-button');
  if (button) button.click();
  a.classList.add('toggle-hidden');
});
window.scrollTo(0, 0);
"""

_CLICK = r"""
const link = document.createElement('a');
link.href = '#' + arguments[0];
link.textContent = 'link under test';
document.body.appendChild(link);
link.click();
link.remove();
"""

#: How long a click's folds and scrolling may take (a smooth scroll, a reflow).
SETTLE_S = 2.0


def land(driver, fragment: str) -> str:
    """Why the target ``fragment`` of the loaded page is not visible, or '' if it is."""
    return driver.execute_script(_WHERE, fragment)


def follow(driver, fragment: str, settle_s: float = SETTLE_S) -> str:
    """Close every fold, click a link to ``fragment`` on the loaded page; why its target is not visible, or ''."""
    driver.execute_script(_CLOSE_ALL)
    driver.execute_script(_CLICK, fragment)
    deadline = time.monotonic() + settle_s
    while (why := land(driver, fragment)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return why
