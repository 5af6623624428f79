/* A link to something inside a closed fold opens that fold, and every fold
 * around it, then scrolls to its target: when the page opens with a #fragment,
 * when the fragment changes, and when a link to a place on this page is clicked
 * (also a second time, when the fragment does not change).
 *
 * Folds: <details> (MyST-NB's hidden cells, the claims' folded lists,
 * sphinx-design dropdowns) and sphinx-togglebutton's dropdown admonitions
 * (sphinx-exercise's solutions), which it hides with the class "toggle-hidden".
 */
(() => {
  "use strict";

  const isClosed = (el) =>
    (el.tagName === "DETAILS" && !el.open) || el.classList.contains("toggle-hidden");

  // A fold's own title (a <summary>, an admonition's title) shows while it is closed.
  const inTitle = (fold, el) => {
    const title = fold.tagName === "DETAILS"
      ? fold.querySelector(":scope > summary")
      : fold.querySelector(":scope > .admonition-title");
    return !!title && title.contains(el);
  };

  function open(fold) {
    if (fold.tagName === "DETAILS") {
      // A click on the summary, so that the fold's own handlers update its hint.
      const summary = fold.querySelector(":scope > summary");
      if (summary) summary.click();
      if (!fold.open) fold.open = true;
      return;
    }
    const button = fold.querySelector(":scope > .admonition-title .toggle-button");
    if (button) button.click();  // sphinx-togglebutton's handler, on the title, toggles it
    fold.classList.remove("toggle-hidden");
  }

  // Opens the closed folds around the target (and the target, if it is a fold), outermost first.
  function reveal(target) {
    const closed = [];
    for (let el = target; el && el !== document.body; el = el.parentElement) {
      if (isClosed(el) && (el === target || !inTitle(el, target))) closed.push(el);
    }
    closed.reverse().forEach(open);
    return closed.length;
  }

  function targetOf(hash) {
    if (!hash || hash.length < 2) return null;
    let id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { id = hash.slice(1); }
    return document.getElementById(id) || document.getElementsByName(id)[0] || null;
  }

  function go(hash, alwaysScroll) {
    const target = targetOf(hash);
    if (!target) return;
    if (reveal(target) > 0 || alwaysScroll) target.scrollIntoView();
  }

  // A link to this page: open the folds before the browser scrolls to the target.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.origin !== location.origin || link.pathname !== location.pathname) return;
    const target = targetOf(link.hash);
    if (!target) return;
    const opened = reveal(target);
    // The fragment is already the address's: no scroll and no hashchange follow.
    if (link.hash === location.hash && opened === 0) target.scrollIntoView();
  });

  window.addEventListener("hashchange", () => go(location.hash, false));

  function onOpen() {
    if (!location.hash) return;
    go(location.hash, true);
    // Typesetting the math moves the target; follow it, unless the reader has scrolled since.
    const scrolled = window.scrollY;
    afterMath(() => {
      if (window.scrollY === scrolled) go(location.hash, true);
    });
  }

  // Once MathJax has typeset the page (it may load after this script: wait for it, up to 20 s).
  function afterMath(callback, tries = 100) {
    const startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (startup) startup.then(callback);
    else if (tries > 0) setTimeout(() => afterMath(callback, tries - 1), 200);
  }

  // After sphinx-togglebutton has folded its admonitions (on DOMContentLoaded too).
  if (document.readyState === "complete") onOpen();
  else window.addEventListener("load", onOpen);
})();
