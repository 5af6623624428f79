"""Tables for the convolution chapter's pages, as HTML.

MyST-NB renders a cell's Markdown output as CommonMark, which has no tables
(``nb_render_markdown_format`` in ``conf.py``), so a Markdown table would show
as lines of pipes.  An HTML table renders in the HTML build.
"""

import html

from IPython.display import HTML


def html_table(headers: list[str], rows: list[list]) -> HTML:
    """An HTML table with a header row; cells are converted with ``str`` and escaped."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return HTML(f'<table class="table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')
