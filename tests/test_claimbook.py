"""The Sphinx extension on a tiny sample book (tests/roots/test-claimbook), in seconds.

Each test builds the book with one registry of tests/roots/test-claimbook/
claimbook_claims.py: claims that hold, or those and three more that fail, are
undecided, or are bound by a citation their uses do not cover.  The real book's registry is
never involved.
"""

import json
import shutil

import pytest
from docutils import nodes
from sphinx.ext.graphviz import graphviz
from sphinx.testing.util import SphinxTestApp

import claimcheck

EXCLUDED = ["_build", "graph.md", "fails.md", "undecided.md", "miscited.md", "chapters/unlinked.md",
            "chapters/unframed.md"]


def including(page: str) -> dict:
    """Config overrides that build ``page``, normally left out."""
    return {"exclude_patterns": [p for p in EXCLUDED if p != page]}


def html(app, page: str) -> str:
    return (app.outdir / f"{page}.html").read_text(encoding="utf8")


def box(page_html: str, anchor: str) -> str:
    """The HTML of one claim box, from its opening tag to the next box (or the end of the page)."""
    start = page_html.index(f'id="{anchor}"')
    end = page_html.find('class="claim ', start)
    return page_html[start:end if end > 0 else None]


@pytest.fixture(scope="module")
def book(rootdir, tmp_path_factory):
    """One build of the book as configured (the claims that hold), for the tests that only read it."""
    srcdir = tmp_path_factory.mktemp("claimbook") / "src"
    shutil.copytree(rootdir / "test-claimbook", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    try:
        app.build()
        yield app
    finally:
        app.cleanup()


def test_claims_that_hold_build_cleanly_with_boxes_uses_status_and_errata(book):
    app = book
    assert app.warning.getvalue() == "", app.warning.getvalue()
    page = html(app, "holds")
    square = box(page, "claim-book-square")
    assert "✔ holds · symbolic proof · 1/1 wrong answers refuted" in square
    assert 'href="#def-square"' in square, "the box links to the definition it uses"
    assert 'href="#claim-book-square"' in box(page, "claim-book-nonnegative"), "and to the claims it uses"
    status = html(app, "status")
    assert "7 of 7 registered claims hold; mutation score 7/7 (100%)" in status
    assert "By scope: 2 general in its dimensions; 1 instance of a general claim; 0 fixed sizes only; " \
           "4 no dimension." in status
    assert "No claim that the course states for every size is checked only at fixed sizes." in status
    assert 'href="holds.html#claim-book-square"' in status
    math = r'<span class="math notranslate nohighlight">\((x + 1)^2\)</span>'
    assert f"The square of a sum, {math}" in status, "a title's TeX renders as math in the status table"
    assert f"<strong>The square of a sum, {math}</strong>" in square, "and in the box"
    assert "Notes, §1" in status and "Shown by the claims" in status
    assert '<a class="reference internal" href="#errata-' in status, "the errata open with links to their kinds"


def test_labelled_statements_are_objects_of_the_search_index(book):
    """A theorem is a search result of its own: named by its kind and title, linked to its label."""
    index = (book.outdir / "searchindex.js").read_text(encoding="utf8")
    assert '"Theorem: Square of a sum"' in index and '"thm-square"' in index
    assert '"Corollary: Nonnegative"' in index and '"Definition: Square"' in index


@pytest.mark.sphinx("html", testroot="claimbook", srcdir="claimbook-problems", freshenv=True, warningiserror=True,
                    confoverrides={"exclude_patterns": ["_build", "graph.md", "chapters/unlinked.md",
                                                        "chapters/unframed.md"],
                                   "claimcheck_registry": "claimbook_claims:BOOK_WITH_PROBLEMS"})
def test_failing_undecided_and_miscited_claims_fail_the_build_naming_page_and_claim(app):
    app.build()
    assert app.statuscode == 1
    log = app.warning.getvalue()
    assert "claim 'book.fails' fails on page 'fails'" in log
    assert "✘ fails" in html(app, "fails")
    assert "claim 'book.undecided' undecided on page 'undecided'" in log
    assert "? undecided" in html(app, "undecided")
    assert ("page 'miscited': a citation of {prf:ref}`def-square` binds the claims book.lonely, "
            "but none lists def.square in its uses") in log
    assert "claim 'book.misdisplayed' fails on page 'fails'" in log and "display, right side: fails" in log, \
        "a display form that is not the checked statement fails the claim"
    assert ("page 'fails': a claim box uses 'def.cube', which no block of the book states" in log), \
        "a definition a box uses must be stated on a page, or its link would lead nowhere"
    assert "1 of 3" not in log and "claim 'book.square'" not in log, "only the planted problems are reported"


@pytest.mark.sphinx("dummy", testroot="claimbook", srcdir="claimbook-graph-source", freshenv=True,
                    confoverrides=including("graph.md"))
def test_the_graph_page_holds_dot_source_for_every_claim(app):
    """The DOT source, without Graphviz: the dummy builder resolves the page but renders nothing."""
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    doctree = app.env.get_and_resolve_doctree("graph", app.builder, tags=app.tags)
    codes = [node["code"] for node in doctree.findall(graphviz)]
    assert len(codes) == 4, "legend, overview of pages, one graph for each of the two pages"
    page_graph = codes[2]
    assert '"def.square" -> "book.square"' in page_graph and '"book.square" -> "book.nonnegative"' in page_graph
    summary = next(doctree.findall(nodes.paragraph)).astext()
    assert summary.startswith("7 claims, 1 definitions and 3 edges.")


@pytest.mark.sphinx("html", testroot="claimbook", srcdir="claimbook-graph-svg", freshenv=True,
                    confoverrides=including("graph.md"))
def test_the_graph_page_renders_as_svg_linking_the_claims(app):
    app.build()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    svgs = list((app.outdir / "_images").glob("graphviz-*.svg"))
    assert any("holds.html#claim-book-square" in svg.read_text() for svg in svgs), "a node links to its claim's box"


def test_the_sample_book_leaves_the_default_registry_alone(rootdir, monkeypatch):
    # Its conf.py puts it on sys.path, but this worker may not have built the book.
    monkeypatch.syspath_prepend(str(rootdir / "test-claimbook"))
    import claimbook_claims  # noqa: F401

    assert not [name for name in claimcheck.REGISTRY.claims() if name.startswith("book.")]


def search_index(app) -> dict:
    """The search index the HTML builder wrote (``Search.setIndex({...})``)."""
    text = (app.outdir / "searchindex.js").read_text(encoding="utf8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def pages_with_term(index: dict, term: str) -> set[str]:
    """The pages whose text holds the (stemmed, lower-case) search term."""
    found = index["terms"].get(term, [])
    return {index["docnames"][k] for k in ([found] if isinstance(found, int) else found)}


def test_each_box_folds_its_wrong_answers_rendered_as_math_and_searchable(book):
    app = book
    assert app.warning.getvalue() == "", app.warning.getvalue()
    page = html(app, "wrong")
    cyclic = box(page, "claim-book-cyclic")
    folded = cyclic[cyclic.index('<details class="claim-wrong-answers">'):cyclic.index("</details>")]
    assert "<summary>Wrong answers this check rejects (1 refuted)</summary>" in folded
    assert "<strong>swapped order</strong>: the trace of the product taken as the product of the traces" in folded
    assert r"\operatorname{tr}\left(A B \right) = \operatorname{tr}\left(A \right) \operatorname{tr}\left(B \right)" \
        in folded, "the wrong statement, rendered from the mutant's SymPy objects"
    start = cyclic.index('class="claim-hypotheses"')
    hypotheses = cyclic[start:cyclic.index("</p>", start)]
    assert r"\(A \in \mathbb{R}^{2 \times 2}\)" in hypotheses and "a_{11} \\in" not in hypotheses, \
        "a declared domain reads A ∈ ℝ^{2×2}, not one line per entry"
    assert "Refuted at" in folded and "a_{11} = " in folded and "residual" in folded
    assert "Instance (n = 2) of: " in cyclic and 'href="#claim-book-cyclic-any-size"' in cyclic
    fold = cyclic.index('<details class="claim-instance">')
    assert "<summary>The instance written out (n = 2)</summary>" in cyclic[fold:], \
        "a worked instance folds: its general claim is the box to read"
    assert fold < cyclic.index('class="claim-hypotheses"') and fold < cyclic.index("Wrong answers"), \
        "the statement, hypotheses and wrong answers are in the fold"
    assert cyclic.index('class="claim-badge') < fold < cyclic.index('class="claim-foot"'), \
        "the title, verdict and foot stay open"
    general = box(page, "claim-book-cyclic-any-size")
    assert "Worked instances: " in general and 'href="#claim-book-cyclic"' in general
    assert r"\(A \in \mathbb{R}^{n \times n}\)" in general, "a matrix symbol of symbolic size"
    assert "entries of" in general and "drawn at random" in general, "its mutant's counterexample draws the entries"
    decay = box(page, "claim-book-decay")
    assert "The statement as above, without the hypothesis: " in decay, "a mutant in the hypotheses shows that"
    assert r'without the hypothesis: <span class="math notranslate nohighlight">\(\beta &gt; 0\)' in decay
    assert r'in its place: <span class="math notranslate nohighlight">\(\beta \in \mathbb{R}\)' in decay
    assert r'Refuted at <span class="math notranslate nohighlight">\(\beta = -' in decay, "a counterexample, β < 0"
    assert r"\text{left side} = " in decay, "with both sides' values there"
    assert "gap <span" in decay, "an inequality's checker reports its gap"
    assert "claim-wrong-answers" in box(html(app, "holds"), "claim-book-square"), "every box has the list"
    # "trace" is nowhere on the book's pages but in the folded list
    # (its claim is "book.cyclic", titled "Cyclic products").
    assert pages_with_term(search_index(app), "trace") == {"wrong"}, "searching 'trace' finds the box"


def test_a_step_that_applies_a_rule_shows_its_substitution_and_a_wrong_one_is_refuted(book):
    rotated = box(html(book, "wrong"), "claim-book-rotated")
    checking = rotated[rotated.index('<details class="claim-checking">'):]
    assert "instance of book.cyclic" in checking and r"\(A \mapsto M P, B \mapsto Q\)" in checking
    folded = rotated[rotated.index('<details class="claim-wrong-answers">'):rotated.index("</details>")]
    assert "(1 refuted)" in folded and "not an instance of book.cyclic" in folded
    assert r"\(A \mapsto M, B \mapsto P Q\)" in folded, "the wrong substitution, typeset"


def test_chapters_that_link_their_topics_and_have_their_admonitions_pass_the_reading_guards(book):
    """widgets.md mentions gadgets in code and math only; gadgets.md mentions widgets and links them by {ref}."""
    assert book.warning.getvalue() == "", book.warning.getvalue()
    assert book.statuscode == 0 and {"chapters/widgets", "chapters/gadgets"} <= set(book.env.found_docs)


@pytest.mark.sphinx("html", testroot="claimbook", srcdir="claimbook-unlinked", freshenv=True,
                    confoverrides={"exclude_patterns": ["_build", "graph.md", "fails.md", "undecided.md",
                                                        "miscited.md"]})
def test_an_unlinked_mention_and_a_missing_admonition_fail_the_build_naming_page_term_and_home(app):
    app.build()
    log = app.warning.getvalue()
    assert ("page 'chapters/unlinked' mentions 'gadget' but has no link to its home page "
            "'chapters/gadgets'") in log, log
    assert "page 'chapters/unlinked' mentions 'widget'" not in log, "a {doc} link to the home satisfies it"
    assert "page 'chapters/unframed' has no 'Builds on' admonition (class builds-on)" in log
    assert "page 'chapters/unframed' has no 'Used next' admonition (class used-next)" in log
    assert not [page for page in ("widgets", "gadgets") for what in ("mentions", "has no")
                if f"page 'chapters/{page}' {what}" in log], "the chapters that comply pass"
    assert log.count("ERROR") == 3, log


@pytest.mark.sphinx("html", testroot="claimbook", srcdir="claimbook-unknown-home", freshenv=True,
                    confoverrides={"coursebook_topic_homes": {"widget": "chapters/widget"}})
def test_a_topic_home_that_is_not_a_page_fails_the_build(app):
    app.build()
    assert ("coursebook_topic_homes: the home of 'widget', 'chapters/widget', is not a page of the book"
            in app.warning.getvalue())


def test_a_display_form_shows_the_authors_order_and_is_checked_equal_to_the_statement(book):
    square = box(html(book, "wrong"), "claim-book-square-of-difference")
    assert r"\left(b - a\right)^{2} = b^{2} - 2 a b + a^{2}" in square, "the display, in the order written"
    checking = square[square.index('<details class="claim-checking">'):]
    assert "display, left side — holds" in checking and "display, right side — holds" in checking, \
        "the fold says how the display was proved equal to the statement"
    assert r"b^{2} + 2 a b + a^{2}" in square and "1/1 wrong answers refuted" in square, \
        "a planted display that differs from the statement is a wrong answer the check refutes"


# The reading rules of sitebrowser.claimboxes, each planted in a copy of a box of the tiny book.
PLANTED_IN_BOXES = {
    "raw TeX in text": ("claim-book-decay", "Exponential decay", r"Exponential decay for \beta_{k}"),
    "raw TeX in text, a Greek letter's power": ("claim-book-decay", "Exponential decay", "Exponential decay β^K"),
    "empty sum or product": ("claim-book-square", r"\((x + 1)^2\)", r"\(\sum_{m=0}^{-1} 3^{m}\)"),
    "multi-letter italic name": ("claim-book-square", r"\((x + 1)^2\)", r"\(fan_{in} + C_{out}\)"),
    "empty counterexample point": ("claim-book-decay", "Refuted at <span", "Refuted at ).<span"),
    "repeated hypothesis": ("claim-book-decay", "<em>Hypotheses: </em>",
                            r'<em>Hypotheses: </em><span class="math">\(k > 0\)</span>; '
                            r'<span class="math">\(k > 0\)</span>; '),
    "checking log outside its fold": ("claim-book-square", "<p class=\"claim-foot\">",
                                      "<p>difference is 0 after expand (3 ms)</p><p class=\"claim-foot\">"),
}


def test_every_claim_box_reads_as_mathematics(book):
    """No raw TeX in text, no empty sums, no italic words, no empty points, no checking log outside its fold."""
    from sitebrowser.claimboxes import problems

    pages = ("holds", "wrong")
    assert sum(html(book, page).count('class="claim ') for page in pages) == 7
    assert [found for page in pages for found in problems(html(book, page))] == []


@pytest.mark.parametrize("rule", PLANTED_IN_BOXES)
def test_each_reading_rule_fails_on_a_planted_box(book, rule):
    from sitebrowser.claimboxes import problems

    anchor, old, new = PLANTED_IN_BOXES[rule]
    rule = rule.split(",")[0]
    page = html(book, "wrong" if "decay" in anchor else "holds")
    sound = box(page, anchor)
    assert old in sound, f"planting {rule!r} needs {old!r} in the box"
    planted = f'<div class="claim" id="{anchor}"' + sound.replace(old, new, 1)[len(f'id="{anchor}"'):]
    found = problems(planted)
    assert found and all(rule in finding for finding in found), found
