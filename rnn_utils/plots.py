"""Plots used across the notebooks: training curves, heatmaps, confusion matrices,
hidden states, gradient norms and sequence-length histograms.

Every function draws on `ax` (a new figure when `ax` is None) and returns what it drew
on; none calls `plt.show()` or changes matplotlib's global settings.
"""

from itertools import cycle

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

# One palette for the whole course (diagrams.py uses it too): blue, orange, green, purple, red.
PALETTE = ("#2f66b3", "#d0672a", "#3a8f4e", "#7a4aae", "#c0392b")
FONT_SIZE = 12
TITLE_SIZE = 14
MAX_ANNOTATED = 20  # heatmaps up to 20 x 20 show their values in the cells


def _new_axes(ax, figsize=(7, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _label(ax, title=None, xlabel=None, ylabel=None):
    """Set title and axis labels at slide-readable sizes."""
    if title:
        ax.set_title(title, fontsize=TITLE_SIZE)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    ax.tick_params(labelsize=FONT_SIZE - 1)
    return ax


def learning_curves(history, metrics=("loss",), ax=None, title=None):
    """Training (solid) and validation (dashed) curves of each metric, per epoch.

    history: a Keras `History` (what `model.fit` returns) or a dict of lists such as
    {"loss": [...], "val_loss": [...]}. Validation curves are drawn when present.
    """
    logs = getattr(history, "history", history)
    metrics = (metrics,) if isinstance(metrics, str) else tuple(metrics)
    for metric in metrics:
        if metric not in logs:
            raise ValueError(f"Metric {metric!r} is not in the history; "
                             f"available keys: {', '.join(sorted(logs))}.")
    ax = _new_axes(ax)
    for color, metric in zip(cycle(PALETTE), metrics):
        for key, style, split in ((metric, "-", "training"), (f"val_{metric}", "--", "validation")):
            if key in logs:
                epochs = np.arange(1, len(logs[key]) + 1)
                ax.plot(epochs, logs[key], style, color=color, lw=2, label=f"{split} {metric}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=FONT_SIZE - 1)
    return _label(ax, title, "epoch", metrics[0] if len(metrics) == 1 else None)


def _check_labels(labels, n, name):
    if labels is not None and len(labels) != n:
        raise ValueError(f"{name} has {len(labels)} entries but the matrix has {n}.")


def _annotate(ax, image, matrix, fmt):
    """Write each value in its cell, white on dark colours and black on light ones."""
    if fmt is None:
        fmt = ".0f" if np.allclose(matrix, np.round(matrix)) else ".2f"
    red, green, blue = np.moveaxis(image.cmap(image.norm(matrix))[..., :3], -1, 0)
    dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.5
    for (row, col), value in np.ndenumerate(matrix):
        ax.text(col, row, format(value, fmt), ha="center", va="center", fontsize=11,
                color="white" if dark[row, col] else "black")


def heatmap(matrix, row_labels=None, col_labels=None, ax=None, title=None, fmt=None,
            cmap="viridis", colorbar=True, *, vmin=None, vmax=None, annotate=None):
    """Colour-coded 2-D array; matrices up to 20 x 20 also show their values.

    fmt: format of the values, e.g. ".2f" (default: ".0f" for whole numbers, else ".2f").
    vmin, vmax: ends of the colour scale (default: the data's range).
    annotate: True/False to force writing the values on or off.
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2:
        raise ValueError(f"heatmap needs a 2-D matrix, got shape {matrix.shape}.")
    n_rows, n_cols = matrix.shape
    _check_labels(row_labels, n_rows, "row_labels")
    _check_labels(col_labels, n_cols, "col_labels")
    if annotate is None:
        annotate = max(n_rows, n_cols) <= MAX_ANNOTATED
    cell = 0.5 if annotate else 0.3  # inches per cell in a new figure
    ax = _new_axes(ax, figsize=(np.clip(cell * n_cols + 2, 4, 12),
                                np.clip(cell * n_rows + 1.2, 3, 9)))
    image = ax.imshow(matrix, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto",
                      interpolation="nearest")
    if col_labels is not None:
        long = max(len(str(label)) for label in col_labels) > 3
        ax.set_xticks(range(n_cols), col_labels, rotation=45 if long else 0,
                      ha="right" if long else "center", rotation_mode="anchor")
    if row_labels is not None:
        ax.set_yticks(range(n_rows), row_labels)
    if annotate:
        _annotate(ax, image, matrix, fmt)
    if colorbar:
        ax.figure.colorbar(image, ax=ax).ax.tick_params(labelsize=FONT_SIZE - 1)
    return _label(ax, title)


def confusion_counts(y_true, y_pred, n_labels, mask=None):
    """(n_labels, n_labels) array of counts: row = true class, column = predicted class.

    y_true, y_pred: integer class ids of any (equal) shape, e.g. (batch, time) for tagging.
    mask: optional boolean array of the same shape; only positions where it is True count,
    e.g. `mask = y_true != 0` leaves out padding.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true and y_pred must have the same shape, got {y_true.shape} "
                         f"and {y_pred.shape}.")
    if mask is not None:
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != y_true.shape:
            raise ValueError(f"mask must have the shape of y_true {y_true.shape}, "
                             f"got {mask.shape}.")
        y_true, y_pred = y_true[mask], y_pred[mask]
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"{name} must hold integer class ids, got dtype {y.dtype}.")
        if y.size and (y.min() < 0 or y.max() >= n_labels):
            raise ValueError(f"{name} must hold class ids from 0 to {n_labels - 1}, "
                             f"found values from {y.min()} to {y.max()}.")
    pairs = n_labels * y_true.ravel() + y_pred.ravel()
    return np.bincount(pairs, minlength=n_labels**2).reshape(n_labels, n_labels)


def confusion_matrix(y_true, y_pred, labels, normalize=True, ax=None, mask=None, title=None):
    """Draw the confusion matrix (rows = true, columns = predicted); return (ax, matrix).

    labels: the class names, index i naming class id i.
    normalize: divide each row by its total, so a row shows where that class's items went
    (the diagonal is then each class's recall); rows without items stay 0.
    mask: see `confusion_counts`.
    """
    counts = confusion_counts(y_true, y_pred, len(labels), mask=mask)
    matrix = counts
    if normalize:
        totals = counts.sum(axis=1, keepdims=True)
        matrix = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    ax = heatmap(matrix, labels, labels, ax=ax, title=title, cmap="Blues",
                 vmin=0, vmax=1 if normalize else None)
    _label(ax, xlabel="predicted", ylabel="true")
    return ax, matrix


def hidden_states(states, tokens=None, ax=None, title=None):
    """Heatmap of hidden states, shape (T, units): time runs left to right.

    Colours are centred on 0 and span tanh's range: red positive, blue negative.
    tokens: optional list of T strings written under the time axis.
    """
    states = np.asarray(states)
    if states.ndim != 2:
        raise ValueError(f"states must be 2-D (time steps, units), got shape {states.shape}.")
    n_steps, n_units = states.shape
    if tokens is not None and len(tokens) != n_steps:
        raise ValueError(f"Got {len(tokens)} tokens for {n_steps} time steps; "
                         "pass one token per row of states.")
    ax = _new_axes(ax, figsize=(np.clip(0.5 * n_steps + 2.5, 5, 12),
                                np.clip(0.15 * n_units + 1.5, 3, 7)))
    heatmap(states.T, col_labels=tokens, ax=ax, title=title, cmap="RdBu_r",
            vmin=-1, vmax=1, annotate=False)
    ax.images[-1].colorbar.set_label("activation", fontsize=FONT_SIZE)
    return _label(ax, xlabel="token" if tokens is not None else "time step",
                  ylabel="hidden unit")


def gradient_norms(distances, norms_by_label, ax=None, title=None):
    """Gradient norm against distance T - t on a log scale, one line per label.

    norms_by_label: e.g. {"spectral radius 0.5": norms, ...}, each with one norm per distance.
    Straight lines on this plot mean exponential decay (vanishing) or growth (exploding).
    """
    distances = np.asarray(distances)
    if distances.ndim != 1:
        raise ValueError(f"distances must be 1-D, got shape {distances.shape}.")
    if not norms_by_label:
        raise ValueError("norms_by_label is empty; pass at least one {label: norms} entry.")
    ax = _new_axes(ax)
    for color, (label, norms) in zip(cycle(PALETTE), norms_by_label.items()):
        norms = np.asarray(norms)
        if norms.shape != distances.shape:
            raise ValueError(f"Norms for {label!r} have shape {norms.shape}; "
                             f"expected one per distance, shape {distances.shape}.")
        ax.plot(distances, norms, "o-", color=color, lw=2, ms=4, label=str(label))
    ax.set_yscale("log")
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=FONT_SIZE - 1)
    return _label(ax, title, "distance T \u2212 t (steps back in time)",
                  r"gradient norm $\|\partial \mathcal{L} / \partial a^{\langle t \rangle}\|$")


def length_histogram(lengths, ax=None, bins=50, percentiles=(50, 95, 100), title=None):
    """Histogram of sequence lengths with a dashed line at each percentile.

    Each line's label reads "95% of sequences \u2264 412": a guide for choosing the padding length.
    """
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError(f"lengths must be a non-empty 1-D array, got shape {lengths.shape}.")
    ax = _new_axes(ax)
    ax.hist(lengths, bins=bins, color=PALETTE[0], alpha=0.75, edgecolor="white", lw=0.5)
    # method="higher" picks an actual length, so "p% of sequences <= value" holds exactly.
    values = np.percentile(lengths, percentiles, method="higher")
    for color, percent, value in zip(cycle(PALETTE[1:]), percentiles, values):
        ax.axvline(value, color=color, ls="--", lw=2,
                   label=f"{percent:g}% of sequences \u2264 {value:,.0f}")
    ax.legend(fontsize=FONT_SIZE - 1)
    return _label(ax, title, "sequence length (tokens)", "number of sequences")
