"""Tables for pages: one Markdown builder (MyST renders a cell's Markdown output, tables included)."""

from IPython.display import Markdown


def markdown_table(headers: list[str], rows: list[list]) -> str:
    """A Markdown table; ints get thousands separators, and a ``|`` inside a cell is escaped."""
    def cell(v):
        text = f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)
        return text.replace("|", "\\|")
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def display_table(headers: list[str], rows: list[list]) -> Markdown:
    """:func:`markdown_table` as a cell output (or a glued value)."""
    return Markdown(markdown_table(headers, rows))
