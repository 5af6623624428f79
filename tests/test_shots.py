"""sitebrowser.shots without a browser: page names, screen-high tiles, phone sheets, and its refusals."""

import pytest
from PIL import Image

from sitebrowser import shots


@pytest.mark.parametrize("name", ["chapters/kl", "chapters/kl.md", "chapters/kl.html", "docs/chapters/kl.md",
                                  "_build/html/chapters/kl.html"])
def test_a_page_is_named_as_the_reader_likes(name):
    assert shots.page_path(name) == "chapters/kl.html"


def test_tiles_are_one_screen_high_and_cover_the_page():
    page = Image.new("RGB", (390, 2000), "white")
    cut = shots.tiles(page, 844)
    assert [t.size for t in cut] == [(390, 844), (390, 844), (390, 312)]


def test_sheets_lay_phone_tiles_side_by_side():
    cut = [Image.new("RGB", (390, 844)) for _ in range(4)]
    made = shots.sheets(cut, per_sheet=3, gap=12)
    assert [s.size for s in made] == [(3 * 390 + 2 * 12, 844), (390, 844)]


def test_unknown_view_and_missing_page_are_refused_with_what_to_do(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<html></html>")
    with pytest.raises(SystemExit):
        shots.main(["--site", str(tmp_path), "--views", "tablet-dark", "index"])
    assert "unknown view(s) ['tablet-dark']: choose among desktop-light" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        shots.main(["--site", str(tmp_path), "chapters/nothing"])
    err = capsys.readouterr().err
    assert "chapters/nothing.html" in err and "run `make html` first" in err
