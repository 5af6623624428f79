"""Print the single-page build of the book to PDF with Debian's headless Chromium.

The page is loaded through ``sitebrowser`` (a local server, a browser that can
reach nothing else), which waits for MathJax's startup promise (its first
typesetting), every image and the fonts, and reports untypeset math, MathJax
errors, raw TeX, broken images, console errors and requests that failed; any
of these stops the build.  The page is then laid out as a book (``_PREPARE``):
a table of contents with the parts of the index, each page of the site on a new
PDF page, collapsed boxes opened, the theme's sidebars and buttons hidden.
Chrome's ``Page.printToPDF`` prints it with page numbers in the footer and PDF
bookmarks from the headings.  The table of contents gets its page numbers from
a first printing: the page on which each entry's heading landed, read back
with pdftotext; a second printing, with those numbers filled in, must put
every heading on the same page.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass
from pathlib import Path

from sitebrowser import chrome
from sitebrowser.server import SiteServer

from . import check

BOOK_PAGE = "index.html"
# The whole book is one page with some 1800 formulas: MathJax needs minutes
# on two busy cores, where a page of the site needs seconds.
SETTLE_TIMEOUT_MS = 600_000
PAGE_LOAD_TIMEOUT_S = 600
# Printing it takes minutes too; selenium gives up on a command after 120 s.
PRINT_TIMEOUT_S = 900
# A4 in inches, and margins wide enough for the header and footer lines.
PAPER = {"paperWidth": 8.27, "paperHeight": 11.69, "marginTop": 0.7, "marginBottom": 0.7,
         "marginLeft": 0.6, "marginRight": 0.6}
HEADER = ('<div style="font-size:8px; width:100%; padding:0 0.6in; color:#555;">'
          '<span class="title"></span></div>')
FOOTER = ('<div style="font-size:9px; width:100%; text-align:center; color:#333;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


class BookPrintError(RuntimeError):
    """The book page did not settle cleanly, or its layout is not stable between printings."""


# Lays the single page out as a book.  Returns, for each entry of the new
# table of contents, its title and the id of its heading.
_PREPARE = r"""
const contentsHeading = arguments[0];
const article = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
const style = document.createElement('style');
style.textContent = `
  @media print {
    .bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
    .bd-footer-article, .bd-footer-content, .prev-next-area, .header-article-items, #pst-skip-link,
    .skip-link, .bd-search, button, .copybtn, .headerlink, .toggle-button, .search-button-field,
    .pst-scrollable-table-container::-webkit-scrollbar { display: none !important; }
    .bd-main, .bd-content, .bd-article-container, .bd-article, .bd-page-width, .bd-container,
    .bd-container__inner { max-width: none !important; width: 100% !important; margin: 0 !important;
    padding: 0 !important; display: block !important; }
    /* sphinx-book-theme hides every h1:first-of-type when printing (it prints the title itself). */
    #book-contents h1, .book-part h1 { display: block !important; }
    .book-part { break-before: page; padding-top: 30vh; text-align: center; }
    .book-part h1 { font-size: 2.2em; }
    .book-starts-page { break-before: page; }
    #book-contents { break-after: page; }
    #book-contents ol { list-style: none; padding-left: 0; }
    #book-contents li.part { font-weight: bold; margin-top: 0.8em; }
    #book-contents li.entry a { display: flex; gap: 0.5em; color: inherit; text-decoration: none; }
    #book-contents li.entry .leader { flex: 1; border-bottom: 1px dotted #999; margin-bottom: 0.3em; }
    .claim, figure, img, svg, .cell_output, table { break-inside: avoid; }
    h1, h2, h3, .rubric { break-after: avoid; }
    pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
    details > summary { list-style: none; }
  }`;
document.head.appendChild(style);
// The running header shows the book's title: the index's heading, without its link mark.
const bookHeading = article.querySelector('h1').cloneNode(true);
bookHeading.querySelectorAll('.headerlink').forEach(e => e.remove());
document.title = bookHeading.textContent.trim();
document.documentElement.dataset.theme = 'light';
document.documentElement.dataset.mode = 'light';
document.querySelectorAll('details').forEach(d => { d.open = true; });

// singlehtml puts the pages of each toctree of the index, in order, in one
// div.toctree-wrapper, each page after a span#document-<name>; the toctrees'
// captions (the parts) are left only in the theme's navigation, in the same order.
const wrappers = Array.from(article.querySelectorAll('div.toctree-wrapper'))
  .filter(w => !w.parentElement.closest('div.toctree-wrapper'));
const captions = Array.from(document.querySelectorAll('nav.bd-docs-nav p.caption'), c => c.textContent.trim());
if (!wrappers.length) throw new Error('the book page has no toctree: nothing to print');
if (captions.length !== wrappers.length)
  throw new Error(captions.length + ' toctree captions in the navigation for ' + wrappers.length + ' toctrees');
const entries = [];
wrappers.forEach((wrapper, k) => {
  for (const start of wrapper.querySelectorAll(':scope > span[id^="document-"]')) {
    const section = start.nextElementSibling;
    const heading = section && section.querySelector('h1, h2, h3');
    if (!heading) throw new Error('the page ' + start.id.slice(9) + ' has no heading');
    const title = heading.cloneNode(true);
    title.querySelectorAll('.headerlink').forEach(e => e.remove());
    entries.push({part: captions[k], title: title.textContent.trim(), section, heading});
  }
});
if (!entries.length) throw new Error('the toctrees list no pages');

const contents = document.createElement('nav');
contents.id = 'book-contents';
contents.innerHTML = '<h1></h1><ol></ol>';
contents.querySelector('h1').textContent = contentsHeading;
const list = contents.querySelector('ol');
let lastPart = null;
const result = [];
entries.forEach((entry, k) => {
  entry.heading.id = entry.heading.id || ('book-heading-' + k);
  if (entry.part && entry.part !== lastPart) {
    const li = document.createElement('li');
    li.className = 'part';
    li.textContent = entry.part;
    list.appendChild(li);
    const divider = document.createElement('div');
    divider.className = 'book-part';
    divider.innerHTML = '<h1></h1>';
    divider.querySelector('h1').textContent = entry.part;
    entry.section.parentNode.insertBefore(divider, entry.section);
    lastPart = entry.part;
  } else {
    entry.section.classList.add('book-starts-page');
  }
  const li = document.createElement('li');
  li.className = 'entry';
  li.innerHTML = '<a><span class="title"></span><span class="leader"></span><span class="page">000</span></a>';
  li.querySelector('a').href = '#' + entry.heading.id;
  li.querySelector('.title').textContent = entry.title;
  list.appendChild(li);
  result.push({title: entry.title, id: entry.heading.id});
});
article.insertBefore(contents, article.firstChild);
return result;
"""

_FILL_PAGES = r"""
const numbers = arguments[0];
document.querySelectorAll('#book-contents li.entry .page').forEach((span, k) => { span.textContent = numbers[k]; });
"""


@dataclass
class PrintedBook:
    """The PDF, its page count, where each entry of its contents starts, and how long the build took."""

    path: Path
    pages: int
    starts: dict[str, int]
    seconds: float


def _print(driver) -> bytes:
    """The current page as PDF: A4, page numbers in the footer, bookmarks from the headings."""
    result = driver.execute_cdp_cmd("Page.printToPDF", {
        **PAPER,
        "printBackground": True,
        "displayHeaderFooter": True,
        "headerTemplate": HEADER,
        "footerTemplate": FOOTER,
        "generateDocumentOutline": True,
        "generateTaggedPDF": True,
    })
    return base64.b64decode(result["data"])


def _heading_pages(pdf: Path, titles: list[str]) -> list[int]:
    """The PDF page (1-based) that each title opens, in order, after the contents."""
    pages = check.pdf_pages(pdf)
    found, at = [], check.contents_pages(pages, titles[0])
    for title in titles:
        for k in range(at, len(pages)):
            if check.opens_page(pages[k], title):
                found.append(k + 1)
                at = k + 1
                break
        else:
            raise BookPrintError(f'no page after page {at} opens with the heading "{title}"')
    return found


def print_book(site: Path, out: Path) -> PrintedBook:
    """Print ``site``'s single-page build to ``out``; raise BookPrintError if the page is not clean."""
    started = time.perf_counter()
    if not (site / BOOK_PAGE).is_file():
        raise FileNotFoundError(f"no single-page build at {site / BOOK_PAGE}: run "
                                "`sphinx-build -b singlehtml` (`make pdf` does)")
    chrome.require_chromium()
    out.parent.mkdir(parents=True, exist_ok=True)
    with SiteServer(site) as server:
        browser = chrome.Browser(SETTLE_TIMEOUT_MS, PAGE_LOAD_TIMEOUT_S)
        browser.driver.command_executor.client_config.timeout = PRINT_TIMEOUT_S
        try:
            visit = browser.visit(server.url(BOOK_PAGE))
            # The theme's search script asks for the search index, which the
            # singlehtml builder does not write; the printed book has no search.
            problems = [p for p in chrome.page_problems(visit, server.origin) if "/searchindex.js" not in p]
            if problems:
                raise BookPrintError(f"{site / BOOK_PAGE}:\n  " + "\n  ".join(problems))
            entries = browser.driver.execute_script(_PREPARE, check.CONTENTS_HEADING)
            titles = [e["title"] for e in entries]
            settled = time.perf_counter()
            out.write_bytes(_print(browser.driver))
            print(f"bookpdf: settled in {settled - started:.0f} s, "
                  f"first printing {time.perf_counter() - settled:.0f} s",
                  flush=True)
            starts = _heading_pages(out, titles)
            browser.driver.execute_script(_FILL_PAGES, starts)
            out.write_bytes(_print(browser.driver))
            again = _heading_pages(out, titles)
            if again != starts:
                moved = [f"{t}: {a} then {b}" for t, a, b in zip(titles, starts, again) if a != b]
                raise BookPrintError("filling in the contents' page numbers moved headings: " + "; ".join(moved))
        finally:
            browser.close()
    pages = len(check.pdf_pages(out))
    return PrintedBook(out, pages, dict(zip(titles, starts)), time.perf_counter() - started)
