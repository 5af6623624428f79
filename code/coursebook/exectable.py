"""The execution table's status in characters every reader's fonts draw.

MyST-NB's ``{nb-exec-table}`` marks each page's run with ✅ or ❌: colour emoji,
which a machine without an emoji font (a Linux desktop, the PDF's browser)
draws as empty boxes.  After the table is made, each status reads "✔ ran" or
"✘ failed" (the failure's message stays on the mark, as MyST-NB gives it).
"""

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

STATUS = {"✅": "✔ ran", "❌": "✘ failed"}


class PlainExecutionStatus(SphinxPostTransform):
    """Replace the emoji status marks of MyST-NB's execution table by text."""

    default_priority = 9  # after MyST-NB makes the table (8), before references are resolved (10)

    def run(self, **kwargs) -> None:
        for text in list(self.document.findall(nodes.Text)):
            if text.astext() in STATUS:
                text.parent.replace(text, nodes.Text(STATUS[text.astext()]))


def setup(app):
    app.add_post_transform(PlainExecutionStatus)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
