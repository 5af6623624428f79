/* Boxes wider than the text column scroll sideways, with a cue (claims.css).
 *
 * Inline math wider than its line cannot wrap (MathJax 3 breaks no lines): it
 * gets the class "math-scrolls", which makes it a box of its own that scrolls.
 * Every box that scrolls sideways gets "scroll-right" while more of it is hidden
 * on the right and "scroll-left" while some is hidden on the left: the cue.
 * A glued number gets "pasted-number", which keeps it on one line.
 * Run once MathJax has typeset the page, again when the window changes size and
 * when a fold opens (a box in a closed fold has no width).
 */
(() => {
  "use strict";

  const SCROLLERS = "div.math, span.math.math-scrolls, .pst-scrollable-table-container, .table-wrapper, "
    + "div.highlight pre, .cell_output .output";
  const article = () => document.querySelector("article.bd-article") || document.querySelector("main");

  // The width that a line of an inline element's block offers.
  function lineWidth(el) {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const display = getComputedStyle(a).display;
      if (display !== "inline" && display !== "contents") return a.clientWidth;
    }
    return document.documentElement.clientWidth;
  }

  function markWideMath(root) {
    root.querySelectorAll("span.math").forEach((span) => {
      const math = span.querySelector("mjx-container");
      if (!math) return;
      const wide = math.getBoundingClientRect().width > lineWidth(span) + 1;
      span.classList.toggle("math-scrolls", wide);
    });
  }

  // A glued value that is a number (1.2e-07, −3.5%, 1,370,522, 2.4×) must not break at its sign.
  const NUMBER = /^[-+\u2212]?[\d.,]+(e[-+]?\d+)?\s?[%×]?$/;
  function markNumbers(root) {
    root.querySelectorAll(".pasted-text").forEach((span) => {
      if (NUMBER.test(span.textContent.trim())) span.classList.add("pasted-number");
    });
  }

  function cue(box) {
    const hidden = box.scrollWidth - box.clientWidth;
    box.classList.toggle("scroll-left", hidden > 1 && box.scrollLeft > 1);
    box.classList.toggle("scroll-right", hidden > 1 && box.scrollLeft < hidden - 1);
  }

  const watched = new WeakSet();
  function update() {
    const root = article();
    if (!root) return;
    markWideMath(root);
    root.querySelectorAll(SCROLLERS).forEach((box) => {
      cue(box);
      if (!watched.has(box)) {
        watched.add(box);
        box.addEventListener("scroll", () => cue(box), {passive: true});
      }
    });
  }

  let pending = null;
  const soon = () => {
    if (pending === null) pending = requestAnimationFrame(() => { pending = null; update(); });
  };

  function start() {
    const root = article();
    if (root) markNumbers(root);
    update();
    window.addEventListener("resize", soon);
    // A fold opened: <details> fire "toggle"; sphinx-togglebutton's buttons are clicked.
    document.addEventListener("toggle", soon, true);
    document.addEventListener("click", soon);
    afterMath(soon);
  }

  // Once MathJax has typeset the page (it may load after this script: wait for it, up to 20 s).
  function afterMath(callback, tries = 100) {
    const startup = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    if (startup) startup.then(callback);
    else if (tries > 0) setTimeout(() => afterMath(callback, tries - 1), 200);
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
