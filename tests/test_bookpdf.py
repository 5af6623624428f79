"""The PDF checker (bookpdf.check) on planted text: a sound book passes, and each planted fault is named.

The real PDF is checked in tests/pdf (``make test-pdf``); these tests need
neither a build nor poppler, and run in ``make test``.
"""

import doctest

import pytest

from bookpdf import check
from bookpdf.check import Book, Page

BOOK = Book(
    pages=(
        Page("1. True softmax", ("0.731", "12"), ("softmax.upper_bound: ✔ holds · symbolic proof",), figures=1),
        Page("2. Momentum", ("3.5e-04",), ("momentum.forms: ✔ holds · exact instance",)),
        Page("Status of every claim", (), ()),
    ),
    code='ax.set_ylabel(r"$\\|\\partial\\ell\\|$")',
)


def sound_pages() -> list[str]:
    """The text pdftotext would give for a sound printing of BOOK (header line, body, footer "k / N")."""
    bodies = [
        "Contents\nPart I · Basics\n1. True softmax 2\n2. Momentum 4\nAbout this build\nStatus of every claim 5",
        "1. True softmax\nThe gap is 0.731 after 12 steps.\nUpper bound ✔ holds · symbolic proof · 4 ms · "
        "mutants rejected 2/2\nClaim softmax.upper_bound — source",
        'Its code:\nax.set_ylabel(r"$\\|\\partial\\ell\\|$")',
        "2. Momentum\nThe step is 3.5e-04.\nForms ✔ holds · exact instance · 9 ms\nClaim momentum.forms — source",
        "Status of every claim\nAll hold.",
    ]
    return [f"The book\n{body}\n{k} / {len(bodies)}\n" for k, body in enumerate(bodies, 1)]


def test_the_checker_doctests_pass():
    """The examples in bookpdf.check's docstrings (each check passing and failing) hold."""
    result = doctest.testmod(check, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)  # as pyproject.toml
    assert result.attempted > 0 and result.failed == 0


# The page of each raster image in the sound printing: chapter 1's figure.
IMAGES = [3]


def test_a_sound_printing_passes():
    assert check.problems(sound_pages(), BOOK, IMAGES) == []


def plant(page: int, old: str, new: str) -> list[str]:
    """The sound pages with ``old`` replaced by ``new`` on one page (1-based); the old text must be there."""
    pages = sound_pages()
    assert old in pages[page - 1], f"planting needs {old!r} on page {page}"
    pages[page - 1] = pages[page - 1].replace(old, new)
    return pages


@pytest.mark.parametrize(("fault", "pages", "named"), [
    ("a chapter missing", plant(4, "2. Momentum\n", ""), '"2. Momentum" is missing'),
    ("raw TeX delimiter", plant(2, "is 0.731", "is \\(0.731\\)"), "\\(0.731\\)"),
    ("an unrendered macro", plant(5, "All hold.", "All \\frac{a}{b} hold."), "\\frac{a}{b}"),
    ("an emoji, without a font to draw it", plant(5, "All hold.", "All hold ✅."), "an emoji (✅)"),
    ("too few pages", ["Contents\n1. True softmax 1\n2. Momentum 1\nStatus of every claim 1\n1 / 1\n"],
     "1 PDF pages for 3 pages of the book"),
    ("a missing page number", plant(3, "\n3 / 5\n", "\n"), 'page 3 has no page number "3 / 5"'),
    ("a wrong page number", plant(3, "\n3 / 5\n", "\n4 / 5\n"), 'page 3 has no page number "3 / 5"'),
    ("contents points to the wrong page", plant(1, "2. Momentum 4", "2. Momentum 3"),
     'contents: "2. Momentum" listed on page 3, which does not open with it'),
    ("contents without a page number", plant(1, "2. Momentum 4", "2. Momentum"),
     'contents: "2. Momentum" is not listed with a page number'),
    ("no contents", plant(1, "Contents\n", "Index\n"), "no table of contents"),
    ("a glued number changed", plant(2, "0.731", "0.732"), 'glued value "0.731"'),
    ("a glued number on another chapter's pages", plant(4, "3.5e-04", "—"), 'glued value "3.5e-04"'),
    ("a claim's status changed", plant(4, "✔ holds · exact instance", "? undecided · exact instance"),
     'claim momentum.forms shows "? undecided · exact instance"'),
    ("a claim box missing", plant(2, "Claim softmax.upper_bound", "Claim"), "claim box softmax.upper_bound is not in"),
])
def test_each_planted_fault_is_named(fault, pages, named):
    found = check.problems(pages, BOOK, IMAGES)
    assert any(named in p for p in found), f"{fault}: not reported; problems were {found}"


@pytest.mark.parametrize(("fault", "images", "named"), [
    ("a figure missing", [], '"1. True softmax": 0 images in its PDF pages 2-3, 1 figures in the HTML'),
    ("a figure on another chapter's pages", [4], '"2. Momentum": 1 images in its PDF pages 4-4, 0 figures'),
])
def test_each_planted_figure_fault_is_named(fault, images, named):
    found = check.problems(sound_pages(), BOOK, images)
    assert any(named in p for p in found), f"{fault}: not reported; problems were {found}"


def test_tex_in_code_blocks_is_not_raw_tex():
    """The code blocks may show TeX (a matplotlib label); the same TeX in a line of prose is raw TeX."""
    assert check.raw_tex_problems(sound_pages(), BOOK) == []
    moved = plant(5, "All hold.", "The ratio $\\|\\partial\\ell\\|$ grows.")
    assert check.raw_tex_problems(moved, BOOK) == ['page 5: "The ratio $\\|\\partial\\ell\\|$ grows."']


SITE_INDEX = """<html><body><article class="bd-article">
<div class="toctree-wrapper"><p class="caption">Part I</p><ul>
<li class="toctree-l1"><a class="reference internal" href="chapters/a.html">1. Alpha</a></li></ul></div>
<div class="toctree-wrapper"><ul>
<li class="toctree-l1"><a class="reference internal" href="status.html">Status</a></li></ul></div>
</article></body></html>"""
SITE_CHAPTER = """<html><body><article class="bd-article"><h1>1. Alpha</h1>
<p>The gap is <span class="pasted-text">0.731</span>.</p>
<div class="claim claim-holds" id="claim-a-b"><p class="claim-head"><strong>T</strong>
<span class="claim-badge">✔ holds · symbolic proof · 3 ms · mutants rejected 2/2</span></p>
<p class="claim-foot">Claim <code><span class="pre">a.b</span></code> — source</p></div>
<figure><img src="../_images/fig.png" alt="a figure"></figure>
<div class="highlight"><pre>print(r"$\\alpha$")</pre></div>
</article></body></html>"""


def test_expected_from_site_reads_order_glue_claims_and_code(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "index.html").write_text(SITE_INDEX)
    (tmp_path / "chapters" / "a.html").write_text(SITE_CHAPTER)
    (tmp_path / "status.html").write_text(
        "<html><body><article class='bd-article'><h1>Status</h1></article></body></html>")
    book = check.expected_from_site(tmp_path)
    assert book.pages == (Page("1. Alpha", ("0.731",), ("a.b: ✔ holds · symbolic proof",), figures=1),
                          Page("Status", (), ()))
    assert 'print(r"$\\alpha$")' in book.code


def test_expected_from_site_without_a_build_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match="make html"):
        check.expected_from_site(tmp_path)
