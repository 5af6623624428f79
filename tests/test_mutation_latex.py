"""The hypotheses line and the statement as LaTeX (claimcheck.latex), pinned by what a reader sees on the page:
which number set each symbol is said to lie in, the order the author wrote, and the author's errors."""

import pytest
import sympy as sp

from claimcheck import Claim, Domain, Mutant, relation
from claimcheck.display import written
from claimcheck.latex import ONE_LINE_MAX, assumption_text, changed_parts, indexed_entries, latex
from claimcheck.printing import tex

x = sp.Symbol("x", real=True)
i, n = sp.Symbol("i", integer=True), sp.Symbol("n", integer=True, positive=True)


@pytest.mark.parametrize(("assumptions", "shown"), [
    ({"integer": True}, "k \\in \\mathbb{Z}"),
    ({"integer": True, "nonnegative": True}, "k \\in \\mathbb{Z}_{\\ge 0}"),
])
def test_an_integer_symbol_is_said_to_lie_in_the_integers_its_sign_allows(assumptions, shown):
    k = sp.Symbol("k", **assumptions)
    assert assumption_text(Claim("demo.k", "t", relation(k**2, ">=", 0))) == [shown]


@pytest.mark.parametrize(("assumptions", "shown"), [
    ({"nonnegative": True}, "w \\in \\mathbb{R}_{\\ge 0}^{n}"),
    ({"negative": True}, "w \\in \\mathbb{R}_{<0}^{n}"),
    ({"integer": True}, "w \\in \\mathbb{Z}^{n}"),
])
def test_a_family_is_said_to_lie_in_the_set_its_entries_assumptions_give(assumptions, shown):
    w = sp.IndexedBase("w", **assumptions)
    claim = Claim("demo.w", "t", relation(sp.Sum(w[i] ** 2, (i, 1, n)), ">=", 0), domains=(Domain(w, "n"),))
    assert assumption_text(claim) == [shown, "n \\in \\mathbb{Z}_{\\ge 1}"]


def test_a_tuple_of_entries_covers_those_entries_and_not_their_index():
    w = sp.IndexedBase("w", real=True)
    claim = Claim("demo.t", "t", relation(w[i] ** 2, ">=", 0), domains=(Domain((w[i],), shown="w_i"),))
    assert assumption_text(claim) == ["w_i \\in \\mathbb{R}", "i \\in \\mathbb{Z}"]


def test_an_array_of_symbols_covers_its_entries():
    p, q, r, s = sp.symbols("p q r s", real=True)
    square = Domain(sp.Array([[p, q], [r, s]]), "2 \\times 2", "P")
    claim = Claim("demo.a", "t", relation(p * s - q * r, ">=", 0), domains=(square,))
    assert assumption_text(claim) == ["P \\in \\mathbb{R}^{2 \\times 2}"]


def test_a_tuple_of_symbols_has_no_exponent_and_needs_a_name():
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    statement = relation(a**2 + b**2, ">=", 0)
    assert assumption_text(Claim("demo.ab", "t", statement, domains=(Domain((a, b), shown="v"),))) == [
        "v \\in \\mathbb{R}"]
    with pytest.raises(ValueError) as raised:
        assumption_text(Claim("demo.ab", "t", statement, domains=(Domain((a, b)),)))
    assert str(raised.value) == "claim 'demo.ab': a domain of symbols (a, b) needs the name it is shown by"


def test_a_domain_over_symbols_of_different_kinds_is_refused_naming_them():
    a, k = sp.Symbol("a", real=True), sp.Symbol("k", integer=True)
    with pytest.raises(ValueError) as raised:
        assumption_text(Claim("demo.ak", "t", relation(a**2 + k**2, ">=", 0), domains=(Domain((a, k), shown="v"),)))
    assert str(raised.value) == ("claim 'demo.ak': the symbols of the domain of (a, k) have different assumptions "
                                 "(a, k): give each kind a domain of its own")


def test_the_sizes_of_a_matrix_symbol_are_hypotheses_beside_the_other_symbols():
    beta = sp.Symbol("beta", positive=True)
    A = sp.MatrixSymbol("A", n, n)
    claim = Claim("demo.tr", "t", relation(beta * sp.Trace(A), ">=", 0), domains=(Domain(A),))
    assert assumption_text(claim) == ["A \\in \\mathbb{R}^{n \\times n}", "\\beta > 0", "n \\in \\mathbb{Z}_{\\ge 1}"]


def test_a_family_whose_entries_are_all_bound_is_said_to_have_entries_in_their_set():
    """The label (a name, not a number) shows as "x with entries in ℝ"; a family without assumptions not at all."""
    y = sp.Symbol("y")
    xs, ys = sp.IndexedBase(x), sp.IndexedBase(y)
    claim = Claim("demo.e", "t", relation(x + y + sp.Integral(xs[1] ** 2 + ys[1] ** 2, (xs[1], 0, 1), (ys[1], 0, 1)),
                                          ">=", 0))
    assert assumption_text(claim) == ["x \\text{ with entries in } \\mathbb{R}"]


def test_the_indexed_entries_of_every_part_and_every_substitution_are_found():
    w = sp.IndexedBase("w", real=True)
    claim = Claim("demo.i", "t", (relation(w[1], ">=", 0), relation(w[2], ">=", 0)), where={w[3]: w[4] ** 2})
    assert indexed_entries(claim) == {w[1], w[2], w[3], w[4]}


def test_a_relation_exactly_as_long_as_a_line_stays_on_one_line():
    statement = relation(sp.Symbol("a"), "=", sp.Symbol("b" * 187))
    assert len(tex(statement)) == ONE_LINE_MAX
    assert latex(statement) == tex(statement)


def test_a_long_relation_on_two_lines_keeps_the_order_written_on_both():
    letters = sp.symbols("a:z")
    backwards = written(*reversed(letters))
    claim = Claim("demo.l", "t", relation(sp.Add(*letters), "=", sp.Add(*letters)),
                  display=relation(backwards, "=", backwards))
    shown = " + ".join(map(str, reversed(letters)))
    assert latex(claim) == f"\\begin{{aligned}}&{shown} \\\\ &\\quad= {shown}\\end{{aligned}}"


def test_what_the_author_did_not_write_is_shown_in_sympys_order():
    assert latex(relation(x + 1, ">=", 1)) == "x + 1 \\geq 1"
    both = (relation(x + 1, ">=", 1), relation(x**2, ">=", 0))
    expected = "\\begin{gathered}\nx + 1 \\geq 1 \\\\\nx^{2} \\geq 0\n\\end{gathered}"
    assert latex(both) == expected and latex(Claim("demo.b", "t", both)) == expected


def test_a_mutant_that_only_changes_a_symbols_assumptions_changes_no_part():
    positive = sp.Symbol("x", positive=True)
    claim = Claim("demo.c", "t", relation(x**2, ">=", 0))
    assert changed_parts(claim, Mutant("missing hypothesis", "x positive", relation(positive**2, ">=", 0))) == []


def test_entries_covered_by_several_domains_need_no_word_on_their_family():
    xs = sp.IndexedBase(x)
    claim = Claim("demo.two", "t", relation(xs[1] ** 2 + xs[2] ** 2, ">=", 0),
                  domains=(Domain((xs[1],), shown="a"), Domain((xs[2],), shown="b")))
    assert assumption_text(claim) == ["a \\in \\mathbb{R}", "b \\in \\mathbb{R}"]


def test_the_symbols_after_a_familys_name_are_still_shown():
    w, z = sp.IndexedBase("w", real=True), sp.Symbol("z", positive=True)
    claim = Claim("demo.wz", "t", relation(w[1] ** 2 + z, ">=", 0))
    assert assumption_text(claim) == ["{w}_{1} \\in \\mathbb{R}", "z > 0"]
