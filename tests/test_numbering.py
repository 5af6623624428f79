"""Chapters are numbered through the book, across the parts' toctrees (coursebook.numbering), on a tiny book."""

import re
import shutil
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

ROOT = Path(__file__).resolve().parent / "roots" / "test-numberbook"


def build(tmp_path: Path, with_extension: bool = True) -> Path:
    src = tmp_path / "book"
    shutil.copytree(ROOT, src)
    if not with_extension:
        conf = src / "conf.py"
        conf.write_text(conf.read_text().replace('"coursebook.numbering"', ""))
    assert build_main(["-q", "-W", str(src), str(src / "_build")]) == 0
    return src / "_build"


def heading_and_figure(html: str) -> tuple[str, str]:
    """The chapter's number in its heading, and its figure's number in the text that cites it."""
    heading = re.search(r'<span class="section-number">([\d.]+)', html).group(1)
    figure = re.search(r'<span class="std std-numref">Fig\. ([\d.]+)', html).group(1)
    return heading, figure


@pytest.mark.parametrize("with_extension, expected", [
    (True, {"first": ("1.", "1.1"), "second": ("2.", "2.1"), "third": ("3.", "3.1")}),
    # The control: Sphinx alone starts every part's toctree again at 1, and the two chapters "1" share a count.
    (False, {"first": ("1.", "1.1"), "second": ("1.", "1.2"), "third": ("2.", "2.1")}),
])
def test_chapters_are_numbered_through_the_parts(tmp_path, with_extension, expected):
    out = build(tmp_path, with_extension)
    found = {page: heading_and_figure((out / f"{page}.html").read_text()) for page in expected}
    assert found == expected
