"""mfdnn.plotstyle: the default figure is one axes, the book's width and 3.6 inches high."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

from mfdnn import plotstyle  # noqa: E402


def test_default_figure_is_one_axes_of_the_book_width():
    fig, ax = plotstyle.subplots()
    assert isinstance(ax, Axes) and len(fig.axes) == 1
    assert fig.get_size_inches().tolist() == [plotstyle.WIDTH_IN, 3.6]
    plt.close(fig)
