// Search results quote each page's text, inline math included as \( ... \) source.
// The search page has no math of its own, so Sphinx does not load MathJax there:
// load the site's own copy and typeset each summary as it arrives.
(function () {
  "use strict";
  function typesetSummaries(results) {
    const pending = () => results.querySelectorAll("li p.context:not([data-typeset])");
    const typeset = () => {
      const nodes = Array.from(pending());
      nodes.forEach((n) => n.setAttribute("data-typeset", "pending"));
      if (nodes.length) {
        MathJax.typesetPromise(nodes).then(() => nodes.forEach((n) => n.setAttribute("data-typeset", "done")));
      }
    };
    new MutationObserver(typeset).observe(results, { childList: true, subtree: true });
    typeset();
  }
  document.addEventListener("DOMContentLoaded", () => {
    const results = document.getElementById("search-results");
    if (!results) return;
    const script = document.createElement("script");
    script.src = document.documentElement.dataset.content_root + "_static/mathjax/tex-chtml.js";
    script.defer = true;
    script.onload = () => MathJax.startup.promise.then(() => typesetSummaries(results));
    document.head.appendChild(script);
  });
})();
