"""Tables for pages (mfdnn.tables): what a reader sees in the rendered Markdown."""

from mfdnn.tables import display_table, markdown_table


def test_a_table_has_a_header_a_rule_and_one_line_per_row():
    assert markdown_table(["layer", "weights"], [["conv1", 156], ["fc", 10]]).splitlines() == [
        "| layer | weights |",
        "|---|---|",
        "| conv1 | 156 |",
        "| fc | 10 |",
    ]


def test_counts_get_thousands_separators_but_flags_and_floats_do_not():
    assert markdown_table(["n"], [[61706], [True], [0.5], ["1000"]]).splitlines()[2:] == [
        "| 61,706 |", "| True |", "| 0.5 |", "| 1000 |"]


def test_a_bar_inside_a_cell_does_not_split_it():
    assert markdown_table(["a|b"], [["|x|"]]).splitlines() == [r"| a\|b |", "|---|", r"| \|x\| |"]


def test_the_displayed_table_is_the_markdown_table():
    rows = [["conv1", 1234]]
    assert display_table(["layer", "n"], rows).data == markdown_table(["layer", "n"], rows)
