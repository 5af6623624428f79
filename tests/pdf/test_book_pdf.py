"""The PDF of the book (``make pdf``), read back with pdftotext and compared with the HTML build (``make html``).

Each check is a function of bookpdf.check; tests/test_bookpdf.py plants a
fault for each and shows that it is named.
"""

from pathlib import Path

import pytest

from bookpdf import BOOK_NAME, check

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "_build" / "pdf" / f"{BOOK_NAME}.pdf"
SITE = ROOT / "_build" / "html"


@pytest.fixture(scope="module")
def book() -> check.Book:
    """What the HTML build shows; an error (never a skip) saying to run `make html` if it is absent."""
    try:
        return check.expected_from_site(SITE)
    except FileNotFoundError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def pages() -> list[str]:
    """The PDF's text, page by page; an error saying to run `make pdf` or install poppler-utils."""
    try:
        return check.pdf_pages(PDF)
    except (FileNotFoundError, check.PopplerMissing) as exc:
        pytest.fail(str(exc), pytrace=False)


def test_every_page_of_the_book_is_there_in_reading_order(pages, book):
    assert check.title_problems(pages, book) == []


def test_the_contents_list_every_page_where_it_starts(pages, book):
    assert check.contents_problems(pages, book) == []


def test_every_pdf_page_is_numbered_and_the_count_is_plausible(pages, book):
    assert check.page_count_problems(pages, book) + check.page_number_problems(pages) == []


def test_no_raw_tex_survives(pages, book):
    assert check.raw_tex_problems(pages, book) == []


def test_the_glued_numbers_are_those_of_the_html(pages, book):
    glued = sum(len(p.glued) for p in book.pages)
    assert glued > 0, "the HTML build shows no glued number: nothing to compare"
    assert check.glue_problems(pages, book) == []


def test_every_figure_is_there(pages, book):
    figures = sum(p.figures for p in book.pages)
    assert figures > 0, "the HTML build shows no figure: nothing to compare"
    try:
        images = check.pdf_image_pages(PDF)
    except check.PopplerMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    assert check.figure_problems(pages, book, images) == []


def test_every_claim_box_is_there_with_its_status(pages, book):
    claims = sum(len(p.claims) for p in book.pages)
    assert claims > 0, "the HTML build shows no claim box: nothing to compare"
    assert check.claim_problems(pages, book) == []
