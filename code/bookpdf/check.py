"""What is wrong with a PDF of the book, read back as text and compared with the HTML build.

``expected_from_site`` reads, from the HTML build, what the book must hold:
its pages' titles in reading order, the numbers glued into each page's prose
and each claim box with its status.  ``pdf_pages`` extracts the text of each
PDF page with poppler's ``pdftotext``.  Each ``*_problems`` function compares
one aspect and returns a list of problems (empty when all is well), so that
the test reports everything at once and each check can be tried on planted
text (tests/test_bookpdf.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from sitebrowser.glyphs import EMOJI

# The printed book's table of contents is headed so (bookpdf.printing writes it).
CONTENTS_HEADING = "Contents"
# A page of the book holds at most this many PDF pages (the status page, with
# its table and graphs, is the longest); more means the layout broke.
MAX_PAGES_PER_PAGE = 40

# A page of the book starts a PDF page: its title is in that page's first
# lines (the running header, then the title, which may wrap once or twice).
OPENING_LINES = 4

# TeX that MathJax should have replaced: math delimiters, environments, macros.
RAW_TEX = re.compile(r"\\[()\[\]]|\$\$|\\(?:begin|end)\{|\\[A-Za-z]{2,}")


RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp")


class PopplerMissing(RuntimeError):
    """Debian's poppler-utils (pdftotext, pdfinfo) is not installed."""


def normalize(text: str) -> str:
    """Runs of whitespace as one space, so that text wrapped differently compares equal.

    >>> normalize("  Softmax\\n and   its\\tbounds ")
    'Softmax and its bounds'
    """
    return " ".join(text.split())


def loose(text: str) -> str:
    """Text normalized and without hyphens: pdftotext drops a hyphen where it joins a word split across lines.

    >>> loose("batch-\\nnorm  fusion") == loose("batchnorm fusion")
    True
    """
    return normalize(text).replace("- ", "").replace("-", "")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF, extracted by poppler's pdftotext (which ends every page with a form feed)."""
    if shutil.which("pdftotext") is None:
        raise PopplerMissing("pdftotext not found: install Debian's poppler-utils (`apt-get install poppler-utils`)")
    if not Path(pdf).is_file():
        raise FileNotFoundError(f"no PDF at {pdf}: run `make pdf` first")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_image_pages(pdf: Path) -> list[int]:
    """The page of each colour raster image drawn in a PDF (poppler's pdfimages).

    Not counted: alpha masks, and the grey JPEGs into which Chrome flattens
    some of the theme's effects (the figures are colour PNGs).
    """
    if shutil.which("pdfimages") is None:
        raise PopplerMissing("pdfimages not found: install Debian's poppler-utils (`apt-get install poppler-utils`)")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]  # two header lines
    return [int(row[0]) for row in rows if len(row) > 5 and row[2] == "image" and row[5] != "gray"]


# --------------------------------------------------------------------------
# What the HTML build says the book holds


@dataclass(frozen=True)
class Page:
    """One page of the HTML build, as the PDF must show it."""

    title: str
    glued: tuple[str, ...]  # the glued values shown in its prose, in order
    claims: tuple[str, ...]  # each claim box: "name: <status> · <method>"
    figures: int = 0  # raster images (the executed figures); the SVG graphs print as vector drawings


@dataclass(frozen=True)
class Book:
    """The pages in reading order, and the text of every code block (which may rightly show TeX)."""

    pages: tuple[Page, ...]
    code: str


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def claim_line(box) -> str:
    """A claim box of the HTML as "name: status · method", the part of its badge that does not vary by build.

    >>> box = BeautifulSoup('<div class="claim" id="claim-a-b"><p class="claim-head"><strong>T</strong>'
    ...     ' <span class="claim-badge">✔ holds · symbolic proof · 2/2 wrong answers refuted</span></p>'
    ...     '<p class="claim-foot">Claim <code><span class="pre">a.b</span></code></p></div>', "html.parser").div
    >>> claim_line(box)
    'a.b: ✔ holds · symbolic proof'
    """
    badge = normalize(box.select_one(".claim-badge").get_text())
    name = normalize(box.select_one(".claim-foot code").get_text())
    status_and_method = " · ".join(badge.split(" · ")[:2])
    return f"{name}: {status_and_method}"


def expected_from_site(site: Path) -> Book:
    """The book as the HTML build in ``site`` shows it: the index's toctree order, each page's numbers and claims."""
    index = site / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"no HTML build at {index}: run `make html` first")
    links = _soup(index).select("div.toctree-wrapper li.toctree-l1 > a.reference.internal")
    if not links:
        raise ValueError(f"{index}: no toctree entries found")
    pages, code = [], []
    for link in links:
        page = _soup(site / link["href"].split("#")[0])
        body = page.select_one("article.bd-article") or page.body
        pages.append(Page(
            title=normalize(link.get_text()),
            glued=tuple(normalize(s.get_text()) for s in body.select("span.pasted-text")),
            claims=tuple(claim_line(box) for box in body.select("div.claim")),
            figures=sum(1 for img in body.select("img") if img.get("src", "").lower().endswith(RASTER)),
        ))
        code += [normalize(pre.get_text()) for pre in body.select("pre")]
    return Book(pages=tuple(pages), code="\n".join(code))


# --------------------------------------------------------------------------
# The checks


def page_number_problems(pages: list[str]) -> list[str]:
    """Pages whose footer does not read "k / N" (k the page, N the page count).

    >>> page_number_problems(["text\\n1 / 2\\n", "more\\n2 / 2\\n"])
    []
    >>> page_number_problems(["text\\n1 / 2\\n", "more\\n"])
    ['page 2 has no page number "2 / 2"']
    """
    total = len(pages)
    return [f'page {k} has no page number "{k} / {total}"' for k, text in enumerate(pages, 1)
            if not re.search(rf"(?m)^\s*{k} / {total}\s*$", text)]


def page_count_problems(pages: list[str], book: Book) -> list[str]:
    """A page count that cannot hold the book: fewer than one PDF page per page of the book, or far too many.

    >>> book = Book(pages=(Page("A", (), ()), Page("B", (), ())), code="")
    >>> page_count_problems(["contents", "a", "b"], book)
    []
    >>> page_count_problems(["everything"], book)
    ['1 PDF pages for 2 pages of the book: expected between 3 and 80']
    """
    low, high = len(book.pages) + 1, MAX_PAGES_PER_PAGE * len(book.pages)
    if low <= len(pages) <= high:
        return []
    return [f"{len(pages)} PDF pages for {len(book.pages)} pages of the book: expected between {low} and {high}"]


def opens_page(text: str, title: str) -> bool:
    """Whether a PDF page opens with the title: within its first lines, after the running header.

    >>> opens_page("The book\\n\\n2. Momentum\\nText", "2. Momentum")
    True
    >>> opens_page("The book\\nText that links to\\nthe next chapter,\\nfurther down,\\n2. Momentum", "2. Momentum")
    False
    """
    lines = [line for line in text.splitlines() if line.strip()]
    return loose(title) in loose(" ".join(lines[:OPENING_LINES]))


def contents_pages(pages: list[str], first_title: str) -> int:
    """How many PDF pages come before the book's first page: the contents (from page 1) and the index's introduction.

    0 when no page after the first opens with ``first_title`` (page 1 is the contents, whatever it lists).

    >>> contents_pages(["Contents\\nAlpha 4", "Beta 5", "An introduction", "Alpha\\ntext", "Beta\\ntext"], "Alpha")
    3
    """
    return next((k for k in range(1, len(pages)) if opens_page(pages[k], first_title)), 0)


def contents_problems(pages: list[str], book: Book) -> list[str]:
    """The table of contents must list every page of the book, in order, with the PDF page where its title is.

    Returns the problems; the page where each title starts is then ``chapter_starts(pages, book)``.

    >>> book = Book(pages=(Page("Alpha", (), ()), Page("Beta", (), ())), code="")
    >>> contents_problems(["Contents\\nAlpha 2\\nBeta 3", "Alpha\\ntext", "Beta\\ntext"], book)
    []
    >>> contents_problems(["Contents\\nAlpha 3\\nBeta 2", "Alpha\\ntext", "Beta\\ntext"], book)
    ['contents: "Alpha" listed on page 3, which does not open with it',
    'contents: "Beta" (page 2) listed before "Alpha" (page 3)',
    'contents: "Beta" listed on page 2, which does not open with it']
    """
    n = contents_pages(pages, book.pages[0].title)
    if n == 0 or CONTENTS_HEADING not in pages[0]:
        return [f'no table of contents: page 1 has no "{CONTENTS_HEADING}" or nothing comes before the first page']
    listing = loose(" ".join(pages[:n]))
    problems, last = [], (0, "")
    for page in book.pages:
        found = re.search(re.escape(loose(page.title)) + r" (\d+)\b", listing)
        if not found:
            problems.append(f'contents: "{page.title}" is not listed with a page number')
            continue
        at = int(found.group(1))
        if at < last[0]:
            problems.append(f'contents: "{page.title}" (page {at}) listed before "{last[1]}" (page {last[0]})')
        last = (at, page.title)
        if not (n < at <= len(pages)) or not opens_page(pages[at - 1], page.title):
            problems.append(f'contents: "{page.title}" listed on page {at}, which does not open with it')
    return problems


def chapter_starts(pages: list[str], book: Book) -> list[int]:
    """The PDF page (1-based) on which each page of the book starts, read from the table of contents.

    >>> book = Book(pages=(Page("Alpha", (), ()), Page("Beta", (), ())), code="")
    >>> chapter_starts(["Contents\\nAlpha 2\\nBeta 3", "Alpha", "Beta"], book)
    [2, 3]
    """
    listing = loose(" ".join(pages[:contents_pages(pages, book.pages[0].title)]))
    return [int(re.search(re.escape(loose(page.title)) + r" (\d+)\b", listing).group(1)) for page in book.pages]


def title_problems(pages: list[str], book: Book) -> list[str]:
    """Every page title must be in the body of the PDF (after the contents), in reading order.

    >>> book = Book(pages=(Page("Alpha", (), ()), Page("Beta", (), ())), code="")
    >>> title_problems(["Contents", "Alpha\\nBeta"], book)
    []
    >>> title_problems(["Contents", "Beta\\nAlpha"], book)
    ['"Beta" is missing after "Alpha"']
    >>> title_problems(["Contents Alpha Beta", "Alpha"], book)
    ['"Beta" is missing after "Alpha"']
    """
    body = loose(" ".join(pages[contents_pages(pages, book.pages[0].title):]))
    problems, at, previous = [], 0, "the table of contents"
    for page in book.pages:
        found = body.find(loose(page.title), at)
        if found < 0:
            problems.append(f'"{page.title}" is missing after "{previous}"')
            continue
        at, previous = found + len(loose(page.title)), page.title
    return problems


def raw_tex_problems(pages: list[str], book: Book) -> list[str]:
    """Lines that show TeX (a delimiter such as \\( or $$, an environment, a macro) outside the code blocks.

    A line counts as code when it is part of a code block's text (so a line of
    prose identical to a piece of code would pass).

    >>> book = Book(pages=(), code='ax.set_ylabel(r"$\\\\partial$")')
    >>> raw_tex_problems(["the bound \\\\(x\\\\) holds", 'ax.set_ylabel(r"$\\\\partial$")'], book)
    ['page 1: "the bound \\\\(x\\\\) holds"']
    """
    problems = []
    for k, text in enumerate(pages, 1):
        for line in text.splitlines():
            line = normalize(line)
            if RAW_TEX.search(line) and line not in book.code:
                problems.append(f'page {k}: "{line}"')
    return problems


def emoji_problems(pages: list[str]) -> list[str]:
    """Lines that hold an emoji: the browser that prints has no emoji font, so the paper shows an empty box.

    >>> emoji_problems(["✔ 131 claims hold", "chapters/kl 5.71 ✅"])
    ['page 2: an emoji (✅): "chapters/kl 5.71 ✅"']
    """
    return [f'page {k}: an emoji ({m.group()}): "{normalize(line)}"'
            for k, text in enumerate(pages, 1) for line in text.splitlines() for m in EMOJI.finditer(line)]


def _ranges(pages: list[str], book: Book) -> list[range]:
    """The PDF pages (1-based) of each page of the book: from its first page to the next one's first, exclusive."""
    starts = chapter_starts(pages, book) + [len(pages) + 1]
    return [range(a, b) for a, b in zip(starts, starts[1:])]


def _sections(pages: list[str], book: Book) -> list[str]:
    """Each page of the book's text in the PDF."""
    return [normalize(" ".join(pages[k - 1] for k in pages_of)) for pages_of in _ranges(pages, book)]


def shows_value(text: str, value: str) -> bool:
    """Whether PDF text shows a glued value, allowing for what pdftotext does to wrapped text.

    Spaces are ignored (a line may break inside a value); a hyphen may be gone
    (pdftotext joins "3.7e-" at a line's end with "16" as "3.7e16"); a value of
    several words, or one broken after a hyphen in a table cell, may be split
    apart, so each word or piece must be there (a weaker check for those).

    >>> shows_value("the gap is 3.7e16 (rounding)", "3.7e-16"), shows_value("the gap is 3.7e-15", "3.7e-16")
    (True, False)
    >>> (shows_value("bottleneck 6 0.09 64/4", "bottleneck 64/4"),
    ...  shows_value("bottleneck 6 0.09 64/8", "bottleneck 64/4"))
    (True, False)
    """
    squeezed = "".join(text.split())
    words = value.split()
    if len(words) > 1:
        return all(shows_value(text, word) for word in words)
    if value in squeezed or value.replace("-", "") in squeezed:
        return True
    # In a narrow table cell Chrome may break "9.2e-09" after its hyphen, and
    # pdftotext puts the cell's lines apart: each piece must then be there.
    pieces = re.split(r"(?<=-)", value)
    return len(pieces) > 1 and all(piece in squeezed for piece in pieces)


def glue_problems(pages: list[str], book: Book) -> list[str]:
    """Each glued value of the HTML must appear (``shows_value``) in the PDF pages of the same page of the book.

    >>> book = Book(pages=(Page("Alpha", ("0.731", "3.7e-16"), ()),), code="")
    >>> glue_problems(["Contents\\nAlpha 2", "Alpha: the rate is 0.731, the gap 3.7e-\\n16"], book)
    []
    >>> glue_problems(["Contents\\nAlpha 2", "Alpha: the rate is 0.73, the gap 3.7e-\\n16"], book)
    ['"Alpha": glued value "0.731" (as in the HTML) is not in its PDF pages']
    """
    problems = []
    for page, text in zip(book.pages, _sections(pages, book)):
        problems += [f'"{page.title}": glued value "{value}" (as in the HTML) is not in its PDF pages'
                     for value in dict.fromkeys(page.glued) if not shows_value(text, value)]
    return problems


# A claim box's badge as printed: mark, status and method (bookpdf.check.claim_line keeps the same part).
BADGE = re.compile(r"[✔✘?] (?:holds|fails|undecided) · (?:symbolic proof|exact instance|numeric spot check)")


def claim_problems(pages: list[str], book: Book) -> list[str]:
    """Each claim box of the HTML must appear in the PDF pages of its page: its name, after its own status and method.

    The badge that counts is the last one before the box's "Claim <name>" footer.

    >>> book = Book(pages=(Page("Alpha", (), ("a.b: ✔ holds · symbolic proof",)),), code="")
    >>> claim_problems(["Contents\\nAlpha 2", "Alpha\\nT ✔ holds · symbolic proof · 3 ms\\nClaim a.b — source"], book)
    []
    >>> claim_problems(["Contents\\nAlpha 2", "Alpha\\nT ✘ fails · symbolic proof · 3 ms\\nClaim a.b — source"], book)
    ['"Alpha": claim a.b shows "✘ fails · symbolic proof", not "✔ holds · symbolic proof"']
    >>> claim_problems(["Contents\\nAlpha 2", "Alpha\\nT ✔ holds · symbolic proof · 3 ms"], book)
    ['"Alpha": claim box a.b is not in its PDF pages']
    """
    problems = []
    for page, text in zip(book.pages, _sections(pages, book)):
        for line in page.claims:
            name, badge = line.split(": ", 1)
            foot = re.search(rf"Claim {re.escape(name)}\b", text)
            if not foot:
                problems.append(f'"{page.title}": claim box {name} is not in its PDF pages')
                continue
            shown = BADGE.findall(text[:foot.start()])
            if not shown or shown[-1] != badge:
                problems.append(f'"{page.title}": claim {name} shows "{shown[-1] if shown else "no status"}", '
                                f'not "{badge}"')
    return problems


def figure_problems(pages: list[str], book: Book, image_pages: list[int]) -> list[str]:
    """Each page of the book must have as many raster images in its PDF pages as figures in the HTML.

    >>> book = Book(pages=(Page("Alpha", (), (), figures=2), Page("Beta", (), (), figures=0)), code="")
    >>> figure_problems(["Contents\\nAlpha 2\\nBeta 4", "Alpha", "", "Beta"], book, [2, 3])
    []
    >>> figure_problems(["Contents\\nAlpha 2\\nBeta 4", "Alpha", "", "Beta"], book, [2, 4])
    ['"Alpha": 1 images in its PDF pages 2-3, 2 figures in the HTML',
    '"Beta": 1 images in its PDF pages 4-4, 0 figures in the HTML']
    """
    problems = []
    for page, pages_of in zip(book.pages, _ranges(pages, book)):
        drawn = sum(1 for k in image_pages if k in pages_of)
        if drawn != page.figures:
            problems.append(f'"{page.title}": {drawn} images in its PDF pages {pages_of.start}-{pages_of.stop - 1}, '
                            f"{page.figures} figures in the HTML")
    return problems


def problems(pages: list[str], book: Book, image_pages: list[int]) -> list[str]:
    """Everything wrong with the PDF against the HTML build; the per-page checks need a sound contents."""
    found = page_count_problems(pages, book) + page_number_problems(pages) + title_problems(pages, book)
    found += raw_tex_problems(pages, book) + emoji_problems(pages)
    contents = contents_problems(pages, book)
    found += contents
    if not contents:
        found += glue_problems(pages, book) + claim_problems(pages, book) + figure_problems(pages, book, image_pages)
    return found
