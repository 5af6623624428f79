"""Guards against the silent failure modes of this stack (see the README)."""

from pathlib import Path

import pybtex.database
import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))


def test_bibliography_parses():
    entries = pybtex.database.parse_file(DOCS / "references.bib").entries
    assert {"lecun1998gradient", "janocha2017loss", "hui2021evaluation"} <= set(entries)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_code_cells_will_execute(page):
    """A text notebook without jupytext/mystnb front matter has its cells silently skipped."""
    text = page.read_text()
    if "```{code-cell}" in text:
        front = text.split("---", 2)[1] if text.startswith("---") else ""
        assert "jupytext:" in front or "file_format: mystnb" in front, f"{page.name}: code cells would not run"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_display_math_follows_a_blank_line(page):
    """``$$`` right after a line of text renders as garbage, with no warning."""
    inside = False
    previous = ""
    for number, line in enumerate(page.read_text().splitlines(), 1):
        text = line.strip()
        if text.startswith("$$"):
            if not inside:
                assert not previous, f"{page.name}:{number}: $$ directly after a line of text"
            one_line = len(text) > 2 and text.endswith("$$")
            inside = inside if one_line else not inside
        previous = text
