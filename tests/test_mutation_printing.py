"""The LaTeX a reader sees for names, sums and signs (claimcheck.printing): words upright, sums opening with a
positive term, empty ranges as their value, nested sums as written."""

import pytest
import sympy as sp

from claimcheck.printing import tex


@pytest.mark.parametrize(("name", "shown"), [
    ("fan_in", r"\mathrm{fan\_in}"),  # one word with an underscore
    ("ab_cd_ef", r"\mathrm{ab\_cd\_ef}"),
    ("lr", r"\mathrm{lr}"),
    ("C_out", r"C_{\mathrm{out}}"),  # a letter with a word below it
    ("W^out", r"W^{\mathrm{out}}"),
    ("x_in^2", r"x^{2}_{\mathrm{in}}"),
    ("W_in_out", r"W_{\mathrm{in} \mathrm{out}}"),
    ("alpha_max", r"\alpha_{\mathrm{max}}"),  # Greek is no word
    ("beta", r"\beta"),
    ("eta_t", r"\eta_{t}"),
    ("x_1", "x_{1}"),
    ("x_i_j", "x_{i j}"),
])
def test_a_name_of_words_is_set_upright_and_letters_and_greek_as_sympy_sets_them(name, shown):
    assert tex(sp.Symbol(name)) == shown


@pytest.mark.parametrize("name", [r"\beta_out", r"\hat{w}_out", r"\mathrm{lr}_t", "w_{out}"])
def test_a_name_written_as_tex_is_left_to_sympy(name):
    assert tex(sp.Symbol(name)) == sp.latex(sp.Symbol(name))


def test_a_written_sum_keeps_its_order_and_an_empty_sum_in_it_is_left_out():
    a, b, i = sp.Symbol("a"), sp.Symbol("b"), sp.Symbol("i", integer=True)
    empty = sp.Sum(i, (i, 0, -1))
    assert tex(sp.Add(b, a, empty, evaluate=False), order="none") == "b + a"
    assert tex(sp.Add(a, empty, a, evaluate=False), order="none") == "a + a"
    assert tex(sp.Add(-a, b, evaluate=False), order="none") == "b - a"


def test_a_sum_of_matrices_opens_with_a_positive_term():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    assert tex(sp.MatAdd(-A, B, evaluate=False)) == "B - A"


def test_an_empty_product_is_one_and_a_range_of_one_term_is_no_empty_range():
    i, n = sp.Symbol("i", integer=True), sp.Symbol("n", integer=True, positive=True)
    assert tex(sp.Product(i, (i, 1, 0))) == "1"
    assert tex(sp.Sum(i, (i, n, n - 1))) == "0"
    assert tex(sp.Sum(i, (i, n, n - 1)) + sp.Sum(i**2, (i, n, n - 1))) == "0", "a sum of empty sums is 0"
    backwards = sp.Sum(i, (i, 3, 1))
    assert backwards.doit() == -2 and tex(backwards) == r"\sum_{i=3}^{1} i", "SymPy gives it a value: not empty"
    assert tex(sp.Sum(i, (i, n, n))) == r"\sum_{i=n}^{n} i"
    assert tex(sp.Product(i, (i, n, n))) == r"\prod_{i=n}^{n} i"


def test_an_index_reads_k_minus_1_in_a_written_form_too():
    k = sp.Symbol("k", integer=True)
    assert tex(sp.IndexedBase("x")[k - 1], order="none") == "{x}_{k - 1}"


def test_a_sum_over_two_ranges_is_written_as_nested_sums_the_outermost_first():
    i, k, n, m = sp.symbols("i k n m", integer=True)
    assert tex(sp.Sum(i * k, (i, 0, n), (k, 1, m))) == r"\sum_{k=1}^{m} \sum_{i=0}^{n} i k"


def test_a_transpose_is_written_with_top_and_a_tex_name_keeps_the_style_asked_for():
    n = sp.Symbol("n", integer=True, positive=True)
    assert tex(sp.MatrixSymbol("A", n, n).T) == r"A^{\top}"
    assert tex(sp.MatrixSymbol(r"\Sigma", n, n), mat_symbol_style="bold") == r"\mathbf{\Sigma}"


def test_an_index_leaves_the_written_order_of_what_follows_it_alone():
    a, b, k = sp.Symbol("a"), sp.Symbol("b"), sp.Symbol("k", integer=True)
    product = sp.Mul(sp.IndexedBase("x")[k], sp.Add(b, a, evaluate=False), evaluate=False)
    assert tex(product, order="none") == r"{x}_{k} \left(b + a\right)"
    assert tex(sp.Symbol("W^in^out")) == r"W^{\mathrm{in} \mathrm{out}}"


def test_a_sum_opening_with_negative_terms_moves_its_first_positive_term_first_and_keeps_every_other():
    a, b, c = sp.symbols("a b c")
    assert tex(-a + b + c) == "b - a + c"
    assert tex(sp.Add(-a, -b, c, a * b, evaluate=False), order="none") == "c - a - b + a b"


def test_a_sum_over_three_ranges_is_three_nested_sums():
    i, j, k, n = sp.symbols("i j k n", integer=True)
    x = sp.IndexedBase("x")
    assert tex(sp.Sum(x[i, j, k], (i, 1, n), (j, 1, n), (k, 1, n))) == (
        r"\sum_{k=1}^{n} \sum_{j=1}^{n} \sum_{i=1}^{n} {x}_{i,j,k}")
