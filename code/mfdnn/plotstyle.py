"""One look for every figure of the book: text that stays legible once the figure is fitted to the text column.

A page shows a figure at most as wide as its text column, scaled down if the
image is wider. Every figure is drawn :data:`WIDTH_IN` inches wide (about
the column's width at :data:`DPI`), so that it is shown at about its natural
size, and its smallest text, :data:`SMALLEST_PT` points, stays at least the
body's small print (14 px; see ``smallest_text_px``). Labels are
matplotlib mathtext (``r"$\\mathbb{R}^{1000}$"``, ``r"$\\alpha_k$"``); the
figure's background is white, so that it reads the same on a dark page.

>>> round(smallest_text_px(column_px=WIDTH_IN * DPI), 1)
14.6
>>> fig, axes = subplots(2, 1, height=2.5)
>>> fig.get_size_inches().tolist(), axes.shape
([6.2, 5.0], (2,))
>>> import matplotlib.pyplot as plt; plt.close(fig)
"""

from __future__ import annotations

import matplotlib

#: The figure's width (inches) and resolution: 620 px (630 with its margin), within the text column
#: of a desktop page (about 640 px in the browser tests' window), so it is shown unscaled.
WIDTH_IN = 6.2
DPI = 100

#: The smallest text of a figure (tick labels, legends), in points.
SMALLEST_PT = 10.5

RC = {
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.pad_inches": 0.05,
    "axes.facecolor": "white",
    "font.size": 11.5,
    "axes.titlesize": 11.5,
    "axes.labelsize": 11.5,
    "figure.titlesize": 12,
    "xtick.labelsize": SMALLEST_PT,
    "ytick.labelsize": SMALLEST_PT,
    "legend.fontsize": SMALLEST_PT,
    "legend.title_fontsize": SMALLEST_PT,
    "mathtext.fontset": "dejavusans",
}


def use() -> None:
    """Make the book's style matplotlib's (for every figure drawn after the call)."""
    matplotlib.rcParams.update(RC)


def subplots(nrows: int = 1, ncols: int = 1, height: float = 3.6, **kwargs):
    """A figure of the book's width, ``height`` inches per row of axes, in the book's style.

    Panels side by side leave each too little width on a phone: stack them
    (``nrows``) rather than set them in a row.
    """
    use()
    import matplotlib.pyplot as plt

    kwargs.setdefault("layout", "constrained")  # room for every label, without clipping
    return plt.subplots(nrows, ncols, figsize=(WIDTH_IN, height * nrows), **kwargs)


def smallest_text_px(column_px: float) -> float:
    """The size, in CSS px, of the smallest text of a figure shown ``column_px`` wide (scaled, if wider, to fit)."""
    shown = min(1.0, column_px / (WIDTH_IN * DPI))
    return SMALLEST_PT / 72 * DPI * shown
