// The site's search results: a clean summary per result, its math typeset.
//
// Sphinx quotes a result's text from the theme's whole [role=main] block, which
// holds the theme's buttons ("Settings Light Dark", download, print) and the
// page's code cells; and it cuts 240 characters without regard to inline math,
// leaving half a \( ... \).  Summaries here come from the article (or the
// result's anchored element: an exercise, a theorem, a section) without the
// theme's chrome or code, and the window widens to whole math spans.
// The search page has no math of its own, so Sphinx does not load MathJax there:
// load the site's own copy and typeset each title and summary as it arrives.
(function () {
  "use strict";
  const CHROME = [".headerlink", "script", "style", "button", ".bd-header-article", ".bd-sidebar-secondary",
                  ".prev-next-area", "footer", ".cell_input", ".cell_output .output.text_plain", "nav",
                  "summary", ".toggle-details__summary", ".admonition-title.toggle", ".claim-badge"];
  const MATH = /\\\((?:.|\n)*?\\\)|\\\[(?:.|\n)*?\\\]/g;

  function articleText(htmlString, anchor) {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    CHROME.forEach((query) => page.querySelectorAll(query).forEach((el) => el.remove()));
    const article = page.querySelector("article.bd-article") || page.querySelector('[role="main"]');
    if (!article) return "";
    let found = null;
    if (anchor) {
      try { found = article.querySelector(anchor); } catch (e) { found = null; }
    }
    return ((found || article).textContent || "").replace(/\s+/g, " ").trim();
  }

  // The 240-character window around the first keyword, widened so that no math span is cut.
  function summary(text, keywords) {
    const lower = text.toLowerCase();
    const hits = [...keywords].map((k) => lower.indexOf(k.toLowerCase())).filter((i) => i > -1);
    let start = Math.max((hits.length ? Math.min(...hits) : 0) - 120, 0);
    let end = Math.min(start + 240, text.length);
    for (const m of text.matchAll(MATH)) {
      const from = m.index, to = m.index + m[0].length;
      if (from < start && to > start) start = from;
      if (from < end && to > end) end = to;
    }
    const p = document.createElement("p");
    p.classList.add("context");
    p.textContent = (start > 0 ? "… " : "") + text.slice(start, end).trim() + (end < text.length ? " …" : "");
    return p;
  }

  function patchSearch() {
    if (typeof Search === "undefined" || Search._mfdnnPatched) return;
    Search._mfdnnPatched = true;
    Search.htmlToText = articleText;
    Search.makeSearchSummary = (htmlText, keywords, anchor) => {
      const text = articleText(htmlText, anchor);
      return text === "" ? null : summary(text, keywords);
    };
  }

  // Sphinx gives an object (an exercise, a theorem) a description but no summary: quote its element.
  function summariseObjects(results) {
    const words = (new URLSearchParams(window.location.search).get("q") || "").split(/\s+/).filter(Boolean);
    results.querySelectorAll("li.kind-object:not([data-summarised])").forEach((li) => {
      li.setAttribute("data-summarised", "pending");
      const link = li.querySelector("a");
      const url = new URL(link.href, window.location.href);
      fetch(url.pathname).then((r) => r.text()).then((html) => {
        const text = articleText(html, url.hash);
        if (text) li.appendChild(summary(text, words));
        li.setAttribute("data-summarised", "done");
      });
    });
  }

  // Sphinx marks each keyword of the query in a summary with a <span class="highlighted">, inside math
  // too (\(\mathrm{softmax}\) for "softmax"), and MathJax cannot typeset a formula split across elements.
  // Rebuild the summary: its formulas as plain text, the keywords marked in the prose between them.
  function keepMathWhole(p, words) {
    const text = p.textContent;
    const formulas = [...text.matchAll(MATH)];
    if (!formulas.length || !p.querySelector(".highlighted")) return;
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).filter(Boolean);
    const keyword = escaped.length ? new RegExp("(" + escaped.join("|") + ")", "gi") : null;
    const prose = (s) => {
      if (!keyword) { p.append(s); return; }
      s.split(keyword).forEach((piece, k) => {
        if (k % 2 === 0) { p.append(piece); return; }
        const mark = document.createElement("span");
        mark.className = "highlighted";
        mark.textContent = piece;
        p.append(mark);
      });
    };
    p.textContent = "";
    let last = 0;
    formulas.forEach((m) => { prose(text.slice(last, m.index)); p.append(m[0]); last = m.index + m[0].length; });
    prose(text.slice(last));
  }

  function typesetSummaries(results) {
    // A result's title (a theorem's may hold math) and its summary, each once.
    const pending = () => results.querySelectorAll("li > a:not([data-typeset]), li p.context:not([data-typeset])");
    const typeset = () => {
      const nodes = Array.from(pending());
      const words = (new URLSearchParams(window.location.search).get("q") || "").split(/\s+/);
      nodes.forEach((n) => { if (n.matches("p.context")) keepMathWhole(n, words); });
      nodes.forEach((n) => n.setAttribute("data-typeset", "pending"));
      if (nodes.length) {
        MathJax.typesetPromise(nodes).then(() => nodes.forEach((n) => n.setAttribute("data-typeset", "done")));
      }
    };
    const update = () => { summariseObjects(results); typeset(); };
    new MutationObserver(update).observe(results, { childList: true, subtree: true });
    update();
  }

  patchSearch();
  document.addEventListener("DOMContentLoaded", () => {
    patchSearch();
    const results = document.getElementById("search-results");
    if (!results) return;
    const script = document.createElement("script");
    script.src = document.documentElement.dataset.content_root + "_static/mathjax/tex-chtml.js";
    script.defer = true;
    script.onload = () => MathJax.startup.promise.then(() => typesetSummaries(results));
    document.head.appendChild(script);
  });
})();
