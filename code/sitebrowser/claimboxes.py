"""What a claim box must not show a reader, read from its HTML.

A claim box (``div.claim``) shows mathematics as mathematics: its text holds
no raw TeX, its math no multi-letter name set in italics (``fan_{in}`` reads as
f·a·n) and no sum or product over an empty range; its hypotheses say each condition once; a wrong answer refuted at a
point names the point; and how the claim was checked (timings, normal forms)
is folded under "How this was checked".  ``tests/test_claimbook.py`` runs
:func:`problems` on every box of the tiny claim book, and on planted copies of
its boxes, one per rule.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

#: Where a box's math is: MathJax's inline and display spans as Sphinx writes them.
MATH = ".math"
#: The fold that may hold the checking log.
CHECKING_FOLD = "details.claim-checking"

#: TeX in plain text: a command or an escaped character, a braced sub- or superscript, or a letter's
#: sub/superscript (α_{k−1}, y_L, x^2, β^K).
RAW_TEX = re.compile(r"\\[A-Za-z]+|\\[_{}$&%#]|[_^]\{|(?<=[A-Za-z0-9)α-ωϑℓ])\^[A-Za-z0-9(−-]"
                     r"|(?<=[A-Za-zα-ωϑℓ])_[A-Za-z0-9α-ωℓ]")
#: A sum or product whose range is written with numbers: ``\sum_{m=0}^{-1}``.
NUMBERED_RANGE = re.compile(r"\\(?:sum|prod)(?:\\limits)?_\{\s*[A-Za-z]\w*\s*=\s*(-?\d+)\s*\}\^\{?\s*(-?\d+)")
#: Groups whose letters are upright or not names: text, roman, operator names, sets, code, environments.
UPRIGHT_GROUP = re.compile(r"\\(?:text\w*|mathrm|operatorname\*?|mathbb|mathcal|mathsf|mathtt|texttt|begin|end)"
                           r"\s*\{[^{}]*\}")
COMMAND = re.compile(r"\\[A-Za-z]+")
#: Two or more letters in a row, in math with the upright groups and commands taken out: an italic word.
ITALIC_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
#: Not words: a pair of indices (``s_{ij}``, ``\delta_{oc}``) and a differential (``\, du``).
INDEX_PAIR_OR_DIFFERENTIAL = re.compile(r"_\{[A-Za-z]{2}\}|\\,\s*d[A-Za-z](?![A-Za-z])")
#: The checking log: a normal form, a tactic, a probe count or a timing.
CHECKING_LOG = re.compile(r"\b(?:after (?:expand|cancel|expand_log)|by assumptions|random points|\d+ ms)\b")
#: "at" with no point after it: "refuted at )", "nonzero at ." (the math of a point reads as a placeholder).
EMPTY_POINT = re.compile(r"\bat\s*(?:[).,;]|$)")


def _math_tex(box: Tag) -> list[str]:
    return [node.get_text() for node in box.select(MATH)]


def _text_without(box: Tag, *selectors: str, placeholder: str = "") -> str:
    """The box's text with the nodes matching ``selectors`` replaced by ``placeholder``."""
    copy = BeautifulSoup(str(box), "html.parser")
    for selector in selectors:
        for node in copy.select(selector):
            node.replace_with(placeholder)
    return copy.get_text(" ")


#: A claim's name in prose ("with kl.log_gap_integral"): a name, not TeX.
CLAIM_NAME = re.compile(r"\b[a-z]+\.[a-z][a-z0-9_]*")


def raw_tex(box: Tag) -> list[str]:
    """TeX in the box's text outside math (and outside code and claim names, which may rightly hold ``a_b``)."""
    text = CLAIM_NAME.sub(" ", _text_without(box, MATH, "code", placeholder=" "))
    return [f"raw TeX in text: {m.group(0)!r} in {text[max(0, m.start() - 30):m.end() + 30]!r}"
            for m in RAW_TEX.finditer(text)]


def empty_ranges(box: Tag) -> list[str]:
    """Sums and products over an empty range of numbers (upper bound below the lower)."""
    return [f"empty sum or product: {m.group(0)!r}" for tex in _math_tex(box)
            for m in NUMBERED_RANGE.finditer(tex) if int(m.group(2)) < int(m.group(1))]


def italic_words(box: Tag) -> list[str]:
    """Names of several letters set in italics (a product of letters to the reader)."""
    found = []
    for tex in _math_tex(box):
        bare = COMMAND.sub(" ", UPRIGHT_GROUP.sub(" ", INDEX_PAIR_OR_DIFFERENTIAL.sub(" ", tex)))
        found += [f"multi-letter italic name: {m.group(0)!r} in {tex[:80]!r}" for m in ITALIC_WORD.finditer(bare)]
    return found


def empty_points(box: Tag) -> list[str]:
    """A wrong answer said to be false "at" a point that is not there."""
    found = []
    for para in box.select(".claim-wrong-found"):
        text = _text_without(para, MATH, placeholder=" POINT ")
        found += [f"empty counterexample point: {text.strip()[:80]!r}" for _ in EMPTY_POINT.finditer(text)]
    return found


def log_outside_fold(box: Tag) -> list[str]:
    """The checking log (normal forms, timings) anywhere but in the folded "How this was checked"."""
    text = _text_without(box, CHECKING_FOLD, MATH, "code", placeholder=" ")
    return [f"checking log outside its fold: {m.group(0)!r}" for m in CHECKING_LOG.finditer(text)]


def repeated_hypotheses(box: Tag) -> list[str]:
    """A hypothesis shown twice in the list (a prose one restating an assumption or a substitution)."""
    found = []
    for para in box.select(".claim-hypotheses"):
        shown = [tex.strip() for tex in _math_tex(para)]
        found += [f"repeated hypothesis: {tex[:80]!r}" for tex in dict.fromkeys(shown) if shown.count(tex) > 1]
    return found


RULES = (raw_tex, empty_ranges, italic_words, empty_points, log_outside_fold, repeated_hypotheses)


def problems(html: str) -> list[str]:
    """Every rule's findings for every claim box in ``html``, each prefixed by the box's id.

    >>> ok = '<div class="claim" id="claim-a"><p>Refuted at <span class="math">\\\\(x = 1\\\\)</span>.</p></div>'
    >>> problems(ok)
    []
    >>> planted = ok.replace("x = 1", "\\\\sum_{m=0}^{-1} fan_{in}").replace("Refuted", "ratio α_{k−1}")
    >>> [finding.split(": ")[1] for finding in problems(planted)]
    ['raw TeX in text', 'empty sum or product', 'multi-letter italic name', 'multi-letter italic name']
    """
    soup = BeautifulSoup(html, "html.parser")
    return [f"{box.get('id', '?')}: {finding}" for box in soup.select("div.claim") for rule in RULES
            for finding in rule(box)]
