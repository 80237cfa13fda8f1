"""RNN diagrams drawn with matplotlib: the unrolled RNN and its five input/output shapes.

    unrolled()             the cell folded (with its loop) = the same cell unrolled in time
    architecture(kind)     one of KINDS: inputs at the bottom, cells, outputs at the top
    architectures()        all of KINDS in one figure

Shapes are placed in data units (one time step is STEP wide) on an axes with equal aspect.
A new figure is sized from the drawing; on a given, smaller axes the fonts, lines and arrow
heads shrink with the boxes, so the picture stays the same at any size.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path

from .plots import PALETTE

KINDS = ("one-to-one", "one-to-many", "many-to-one", "many-to-many", "encoder-decoder")
EXAMPLE_TASKS = {
    "one-to-one": "image classification\n(no recurrence)",
    "one-to-many": "text generation",
    "many-to-one": "sentiment",
    "many-to-many": "tagging",
    "encoder-decoder": "translation / sorting",
}
DEFAULT_LENGTHS = {  # (T_x, T_y)
    "one-to-one": (1, 1),
    "one-to-many": (1, 4),
    "many-to-one": (4, 1),
    "many-to-many": (4, 4),
    "encoder-decoder": (4, 3),
}

INK, GREY = "#333333", "#555555"
BLUE, ORANGE, GREEN, PURPLE = PALETTE[:4]
ROLE_COLORS = {"input": GREEN, "cell": BLUE, "output": ORANGE}
FONT = 13  # points, at the natural size of a drawing
INCHES_PER_UNIT = 0.55  # natural size: inches per data unit
STEP = 1.5  # distance between time steps in architecture diagrams
ROWS = {"input": 0.0, "cell": 1.45, "output": 2.9}  # y of each row of boxes
SIZES = {"input": (0.9, 0.6), "cell": (1.05, 0.72), "output": (0.9, 0.6)}  # width, height
TITLE_ROOM = 1.4  # data units above an architecture panel for its two-line title


def _tint(color, amount=0.82):
    """The colour mixed with white: amount=0 keeps it, 1 gives white."""
    return tuple(c + (1 - c) * amount for c in to_rgb(color))


def _step(symbol, t, hat=False):
    """Mathtext for x<t>, a<t> or y-hat<t>; t=None leaves out the time index."""
    base = rf"\hat{{{symbol}}}" if hat else symbol
    return f"${base}$" if t is None else rf"${base}^{{\langle {t} \rangle}}$"


class _Pen:
    """Draws labelled boxes and arrows on `ax`; sizes in points are multiplied by `zoom`."""

    def __init__(self, ax, zoom=1.0):
        self.ax, self.zoom = ax, zoom

    def text(self, x, y, text, size=FONT, color=INK, **kwargs):
        kwargs = {"ha": "center", "va": "center", **kwargs}
        self.ax.text(x, y, text, fontsize=size * self.zoom, color=color, **kwargs)

    def box(self, x, role, text, color=None):
        """A rounded box centred at (x, the y of `role`'s row) with `text` in it."""
        color = color or ROLE_COLORS[role]
        width, height = SIZES[role]
        y = ROWS[role]
        self.ax.add_patch(FancyBboxPatch(
            (x - width / 2, y - height / 2), width, height, lw=1.6 * self.zoom,
            boxstyle="round,pad=0,rounding_size=0.12", facecolor=_tint(color), edgecolor=color))
        if role == "cell":  # bold; names longer than 3 letters ("LSTM") get smaller
            self.text(x, y, text, size=FONT * min(1, 3.5 / len(text)), fontweight="bold")
        else:
            self.text(x, y, text)

    def arrow(self, start=None, end=None, path=None, dashed=False, bend=0.0, color=INK):
        """Arrow from start to end (bend > 0 curves it to the left), or along a Path."""
        self.ax.add_patch(FancyArrowPatch(
            start, end, path=path, connectionstyle=f"arc3,rad={bend}", shrinkA=0, shrinkB=0,
            arrowstyle="-|>", mutation_scale=14 * self.zoom, lw=1.5 * self.zoom,
            color=color, linestyle=(0, (4, 3)) if dashed else "-"))

    def up_arrow(self, x, lower, upper):
        """From the top of the box in row `lower` to the bottom of the box in row `upper`."""
        self.arrow((x, ROWS[lower] + SIZES[lower][1] / 2),
                   (x, ROWS[upper] - SIZES[upper][1] / 2))

    def state_arrow(self, x_from, x_to, label=None):
        """Hidden state passed from the cell at x_from to the cell at x_to, labelled above."""
        half, y = SIZES["cell"][0] / 2, ROWS["cell"]
        self.arrow((x_from + half, y), (x_to - half, y))
        if label:
            self.text((x_from + x_to) / 2, y + 0.1, label, va="bottom")

    def self_loop(self, x, label):
        """The folded cell's state arrow: out of its right side and back in."""
        right, y = x + SIZES["cell"][0] / 2, ROWS["cell"]
        loop = Path([(right, y + 0.24), (right + 0.3, y + 0.24),  # out to the right,
                     (right + 0.62, y + 0.24), (right + 0.62, y - 0.24),  # round the bend,
                     (right + 0.3, y - 0.24), (right, y - 0.24)],  # and back in
                    [Path.MOVETO, Path.LINETO, Path.CURVE4, Path.CURVE4, Path.CURVE4,
                     Path.LINETO])
        self.arrow(path=loop)
        self.text(right + 0.3, y + 0.32, label, va="bottom")

    def feedback_arrow(self, x_output, x_next_cell):
        """Dashed: the output y-hat<t> is fed to the next cell as its input (generation)."""
        start = (x_output + SIZES["output"][0] / 2, ROWS["output"])
        end = (x_next_cell - 0.3, ROWS["cell"] + SIZES["cell"][1] / 2)
        self.arrow(start, end, dashed=True, bend=-0.35, color=ORANGE)


def _pen(ax, xlim, ylim, title_room=0.0):
    """A _Pen on an equal-aspect, frameless axes showing xlim x ylim (data units).

    With ax=None, a new figure of the natural size, with `title_room` data units above the
    axes for a title. With a given ax, zoom is its size relative to the natural size.
    """
    width, height = xlim[1] - xlim[0], ylim[1] - ylim[0]
    if ax is None:
        fig = plt.figure(figsize=(width * INCHES_PER_UNIT,
                                  (height + title_room) * INCHES_PER_UNIT))
        ax = fig.add_axes((0, 0, 1, height / (height + title_room)))
    box = ax.get_position()
    fig_width, fig_height = ax.figure.get_size_inches()
    inches_per_unit = min(box.width * fig_width / width, box.height * fig_height / height)
    ax.set(xlim=xlim, ylim=ylim, aspect="equal")
    ax.axis("off")
    return _Pen(ax, zoom=inches_per_unit / INCHES_PER_UNIT)


def unrolled(T=4, ax=None, cell_label="RNN", show_outputs=True):
    """The RNN cell folded (a box with a loop) = the same cell unrolled over T steps.

    Inputs x<t> enter from below, the state a<t> passes left to right, outputs y-hat<t> leave
    at the top. Every copy of the cell uses the same weights W, U, b.
    """
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}.")
    step = 1.9  # wider than STEP to leave room for the a<t> labels
    cells = 3.9 + step * np.arange(T)  # the folded cell sits at x = 0
    middle = max(cells.mean(), 4.6)  # of the unrolled part's title and caption
    top = ROWS["output" if show_outputs else "cell"] + 0.75
    pen = _pen(ax, (-0.9, max(cells[-1] + step - 0.2, middle + 3.5)), (-1.75, top + 0.55))

    # Folded: one cell whose state loops back into itself.
    pen.box(0, "input", _step("x", "t"))
    pen.box(0, "cell", cell_label)
    pen.up_arrow(0, "input", "cell")
    pen.self_loop(0, _step("a", None))
    if show_outputs:
        pen.box(0, "output", _step("y", "t", hat=True))
        pen.up_arrow(0, "cell", "output")
    pen.text(1.85, ROWS["cell"], "=", size=28)

    # Unrolled: T copies of the same cell, a<0> -> a<1> -> ... -> a<T>.
    for t, x in enumerate(cells, start=1):
        pen.box(x, "input", _step("x", t))
        pen.box(x, "cell", cell_label)
        pen.up_arrow(x, "input", "cell")
        pen.state_arrow(x - step, x, _step("a", t - 1))
        if show_outputs:
            pen.box(x, "output", _step("y", t, hat=True))
            pen.up_arrow(x, "cell", "output")
    pen.state_arrow(cells[-1], cells[-1] + step, _step("a", T))

    pen.text(0, top, "folded", size=FONT + 1, va="bottom", fontweight="bold")
    pen.text(middle, top, f"unrolled over T = {T} time step{'s' * (T > 1)}", size=FONT + 1,
             va="bottom", fontweight="bold")
    pen.text(middle, -0.55, "same weights W, U, b at every step\n"
             r"$a^{\langle t \rangle} = \tanh(W x^{\langle t \rangle}"
             r" + U a^{\langle t-1 \rangle} + b)$", color=BLUE, va="top", linespacing=1.6)
    return pen.ax


def _lengths(kind, T_x, T_y):
    """Fill in default sequence lengths and check that they fit the kind."""
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; choose one of {', '.join(KINDS)}.")
    if kind == "many-to-many":  # one given length serves for both
        T_x, T_y = (T_y if T_x is None else T_x), (T_x if T_y is None else T_y)
    default_x, default_y = DEFAULT_LENGTHS[kind]
    T_x, T_y = (default_x if T_x is None else T_x), (default_y if T_y is None else T_y)
    fits = {"one-to-one": T_x == T_y == 1, "one-to-many": T_x == 1, "many-to-one": T_y == 1,
            "many-to-many": T_x == T_y, "encoder-decoder": True}[kind]
    if not fits or min(T_x, T_y) < 1:
        raise ValueError(f"T_x = {T_x}, T_y = {T_y} does not fit {kind}.")
    return T_x, T_y


def _n_columns(kind, T_x, T_y):
    return T_x + T_y if kind == "encoder-decoder" else max(T_x, T_y)


def _panel_limits(kind, T_x, T_y):
    """(xlim, ylim) of an architecture panel: at least as wide as its title, and with room
    for the example task under the inputs."""
    half_width = max(_n_columns(kind, T_x, T_y) * STEP + 0.4, 3.8) / 2
    task_lines = EXAMPLE_TASKS[kind].count("\n") + 1
    return (-half_width, half_width), (-0.75 - 0.35 * task_lines, 3.4)


def architecture(kind, ax=None, T_x=None, T_y=None):
    """Draw one RNN architecture: inputs x<t> (bottom), cells (middle), outputs (top).

    kind: one of KINDS. T_x, T_y: input and output lengths (defaults depend on kind).
    one-to-many feeds each output back as the next input (dashed arrows), as in generation;
    encoder-decoder reads all T_x inputs before its decoder writes T_y outputs.
    """
    T_x, T_y = _lengths(kind, T_x, T_y)
    n_columns = _n_columns(kind, T_x, T_y)
    xs = STEP * (np.arange(n_columns) - (n_columns - 1) / 2)
    pen = _pen(ax, *_panel_limits(kind, T_x, T_y), title_room=TITLE_ROOM)

    n_encoder = T_x if kind == "encoder-decoder" else n_columns  # cells drawn in blue
    first_output = n_columns - T_y
    for column, x in enumerate(xs):
        pen.box(x, "cell", "RNN", color=BLUE if column < n_encoder else PURPLE)
        if column > 0:
            pen.state_arrow(xs[column - 1], x)
        if column < T_x:
            pen.box(x, "input", _step("x", column + 1 if T_x > 1 else None))
            pen.up_arrow(x, "input", "cell")
        if column >= first_output:
            t = column - first_output + 1
            pen.box(x, "output", _step("y", t if T_y > 1 else None, hat=True))
            pen.up_arrow(x, "cell", "output")
            if kind == "one-to-many" and column + 1 < n_columns:
                pen.feedback_arrow(x, xs[column + 1])
    if kind == "encoder-decoder":
        pen.text(xs[:T_x].mean(), ROWS["output"], "encoder", color=BLUE, fontstyle="italic")
        pen.text(xs[T_x:].mean(), ROWS["input"], "decoder", color=PURPLE, fontstyle="italic")

    pen.ax.set_title(f"{kind}\n" + rf"$T_x = {T_x},\ T_y = {T_y}$", color=INK,
                     fontsize=(FONT + 1) * pen.zoom, fontweight="bold", linespacing=1.5)
    pen.text(0, ROWS["input"] - 0.55, f"e.g. {EXAMPLE_TASKS[kind]}", size=FONT - 1,
             color=GREY, va="top", fontstyle="italic")
    return pen.ax


def architectures(kinds=None, figsize=None):
    """All architectures in one figure, at one scale (two rows when there are more than three)."""
    kinds = KINDS if kinds is None else tuple(kinds)
    per_row = math.ceil(len(kinds) / 2) if len(kinds) > 3 else len(kinds)
    rows = [kinds[i:i + per_row] for i in range(0, len(kinds), per_row)]
    gap = 0.8  # data units between panels
    sizes = {}  # kind -> (width, height) of its panel in data units
    for kind in kinds:
        xlim, ylim = _panel_limits(kind, *_lengths(kind, None, None))
        sizes[kind] = (xlim[1] - xlim[0], ylim[1] - ylim[0])
    row_widths = [sum(sizes[kind][0] for kind in row) + gap * (len(row) - 1) for row in rows]
    row_heights = [max(sizes[kind][1] for kind in row) + TITLE_ROOM for row in rows]
    total_width, total_height = max(row_widths), sum(row_heights)
    if figsize is None:
        figsize = (total_width * INCHES_PER_UNIT, total_height * INCHES_PER_UNIT)
    fig = plt.figure(figsize=figsize)
    fig_width, fig_height = figsize

    # Place panels in inches, one scale for all, so boxes have the same size everywhere.
    scale = min(fig_width / total_width, fig_height / total_height)  # inches per data unit
    top = (fig_height + total_height * scale) / 2
    for row, row_width, row_height in zip(rows, row_widths, row_heights, strict=True):
        left = (fig_width - row_width * scale) / 2  # rows are centred
        panel_top = top - TITLE_ROOM * scale  # panels hang from the row's title line
        for kind in row:
            width, height = (size * scale for size in sizes[kind])
            rect = (left / fig_width, (panel_top - height) / fig_height,
                    width / fig_width, height / fig_height)
            architecture(kind, ax=fig.add_axes(rect))
            left += width + gap * scale
        top -= row_height * scale
    return fig
