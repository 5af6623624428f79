"""Emoji in what a reader is shown (sitebrowser.glyphs): reported in the browser and on paper."""

import doctest

from bookpdf import check
from sitebrowser import glyphs


def test_the_docstring_examples():
    for module in (glyphs,):
        assert doctest.testmod(module).failed == 0


def test_the_status_marks_of_the_execution_table_are_reported_and_their_replacements_are_not():
    from coursebook.exectable import STATUS
    for emoji, text in STATUS.items():
        assert glyphs.problems(f"chapters/kl cache 5.71 {emoji}"), emoji
        assert glyphs.problems(f"chapters/kl cache 5.71 {text}") == [], text
        assert check.emoji_problems([f"chapters/kl 5.71 {emoji}"]) and not check.emoji_problems([text])


def test_a_picture_selector_after_a_plain_mark_is_reported():
    assert glyphs.problems("holds \u2714\ufe0f") != []
