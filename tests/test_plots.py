"""Fast checks of rnn_utils.plots, rnn_utils.diagrams and tools/figures.py (Agg backend)."""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnn_utils import diagrams, plots
from tools import figures

plt.switch_backend("Agg")
ROOT = Path(__file__).resolve().parents[1]
HISTORY = {"loss": [0.9, 0.6, 0.5], "val_loss": [1.0, 0.8, 0.7], "accuracy": [0.5, 0.7, 0.8]}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def texts(ax):
    return [t.get_text() for t in ax.texts]


# ---------------------------------------------------------------- plots


def test_learning_curves_plots_train_and_validation_from_epoch_1():
    ax = plots.learning_curves(HISTORY, title="Loss")
    assert [line.get_label() for line in ax.lines] == ["training loss", "validation loss"]
    assert list(ax.lines[0].get_xdata()) == [1, 2, 3]
    assert ax.get_legend() is not None and ax.get_title() == "Loss"


def test_learning_curves_accepts_a_keras_history_and_several_metrics():
    history = SimpleNamespace(history=HISTORY)  # what model.fit returns has .history
    ax = plots.learning_curves(history, metrics=("loss", "accuracy"))
    assert len(ax.lines) == 3  # accuracy has no validation curve


def test_learning_curves_names_the_available_keys():
    with pytest.raises(ValueError, match="'val_acc'.*available keys: accuracy, loss, val_loss"):
        plots.learning_curves(HISTORY, metrics=("val_acc",))


def test_heatmap_annotates_small_matrices_only():
    ax = plots.heatmap(np.arange(12).reshape(3, 4), row_labels=list("abc"), title="m")
    assert texts(ax)[:4] == ["0", "1", "2", "3"] and len(ax.texts) == 12
    assert len(ax.figure.axes) == 2  # the heatmap and its colorbar
    assert len(plots.heatmap(np.zeros((21, 5)), colorbar=False).texts) == 0


def test_heatmap_uses_fmt():
    ax = plots.heatmap([[0.123, 0.5]], fmt=".1%")
    assert texts(ax) == ["12.3%", "50.0%"]


@pytest.mark.parametrize("matrix, kwargs, message", [
    (np.zeros(3), {}, "2-D"),
    (np.zeros((2, 3)), {"col_labels": ["a", "b"]}, "col_labels has 2 entries"),
])
def test_heatmap_rejects_bad_input(matrix, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.heatmap(matrix, **kwargs)


def test_confusion_counts_with_a_mask_that_drops_padding():
    y_true = np.array([[1, 2, 2, 0], [2, 1, 0, 0]])  # 0 = padding
    y_pred = np.array([[1, 2, 1, 1], [2, 2, 2, 0]])
    expected = np.array([[1, 1, 1],   # unmasked: the three padding positions count too
                         [0, 1, 1],
                         [0, 1, 2]])
    np.testing.assert_array_equal(plots.confusion_counts(y_true, y_pred, 3), expected)
    masked = plots.confusion_counts(y_true, y_pred, 3, mask=y_true != 0)
    np.testing.assert_array_equal(masked, [[0, 0, 0], [0, 1, 1], [0, 1, 2]])


@pytest.mark.parametrize("y_true, y_pred, mask, message", [
    ([0, 1], [0, 1, 1], None, "same shape"),
    ([0, 1], [0, 1], [True], "mask must have the shape"),
    ([0, 3], [0, 1], None, "from 0 to 2, found values from 0 to 3"),
    ([0.0, 1.0], [0, 1], None, "integer class ids"),
])
def test_confusion_counts_rejects_bad_input(y_true, y_pred, mask, message):
    with pytest.raises(ValueError, match=message):
        plots.confusion_counts(y_true, y_pred, 3, mask=mask)


def test_confusion_matrix_normalizes_rows():
    ax, matrix = plots.confusion_matrix([0, 0, 1, 1], [0, 1, 1, 1], ["a", "b", "c"])
    np.testing.assert_allclose(matrix, [[0.5, 0.5, 0], [0, 1, 0], [0, 0, 0]])
    assert len(ax.texts) == 9 and ax.get_xlabel() == "predicted" and ax.get_ylabel() == "true"
    _, counts = plots.confusion_matrix([0, 0, 1], [0, 1, 1], ["a", "b"], normalize=False)
    np.testing.assert_array_equal(counts, [[1, 1], [0, 1]])


def test_hidden_states_puts_tokens_on_the_time_axis():
    states = np.tanh(np.random.default_rng(0).normal(size=(5, 8)))
    tokens = ["the", "film", "was", "not", "good"]
    ax = plots.hidden_states(states, tokens, title="a")
    image = ax.images[0]
    assert image.get_array().shape == (8, 5) and image.get_clim() == (-1, 1)
    assert image.get_cmap().name == "RdBu_r"
    assert [t.get_text() for t in ax.get_xticklabels()] == tokens


@pytest.mark.parametrize("states, tokens, message", [
    (np.zeros(5), None, "2-D"),
    (np.zeros((5, 3)), ["a", "b"], "2 tokens for 5 time steps"),
])
def test_hidden_states_rejects_bad_input(states, tokens, message):
    with pytest.raises(ValueError, match=message):
        plots.hidden_states(states, tokens)


def test_gradient_norms_draws_one_line_per_label_on_a_log_scale():
    distances = np.arange(10)
    norms = {f"radius {r}": r ** distances for r in (0.5, 1.0, 1.5)}
    ax = plots.gradient_norms(distances, norms)
    assert ax.get_yscale() == "log" and len(ax.lines) == 3
    with pytest.raises(ValueError, match="'bad' have shape"):
        plots.gradient_norms(distances, {"bad": np.ones(3)})


def test_length_histogram_marks_each_percentile():
    lengths = np.arange(1, 101)
    ax = plots.length_histogram(lengths, bins=10, percentiles=(50, 95))
    assert len(ax.patches) == 10 and len(ax.lines) == 2
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["50% of sequences \u2264 51", "95% of sequences \u2264 96"]
    with pytest.raises(ValueError, match="1-D"):
        plots.length_histogram(np.ones((2, 2)))


def test_functions_draw_on_the_given_axes_and_leave_rcparams_alone():
    before = dict(mpl.rcParams)
    fig, axes = plt.subplots(2, 4)
    calls = [lambda ax: plots.learning_curves(HISTORY, ax=ax),
             lambda ax: plots.heatmap(np.eye(2), ax=ax),
             lambda ax: plots.confusion_matrix([0, 1], [1, 1], ["a", "b"], ax=ax)[0],
             lambda ax: plots.hidden_states(np.zeros((3, 2)), ax=ax),
             lambda ax: plots.gradient_norms([1, 2], {"a": [1, 0.1]}, ax=ax),
             lambda ax: plots.length_histogram([1, 2, 3], ax=ax),
             lambda ax: diagrams.unrolled(ax=ax),
             lambda ax: diagrams.architecture("many-to-one", ax=ax)]
    for call, ax in zip(calls, axes.flat, strict=True):
        assert call(ax) is ax
    assert len(plt.get_fignums()) == 1
    assert dict(mpl.rcParams) == before


# ---------------------------------------------------------------- diagrams


def test_unrolled_shows_every_step_and_weight_sharing():
    drawn = " ".join(texts(diagrams.unrolled(T=3)))
    for t in (1, 2, 3):
        assert rf"x^{{\langle {t} \rangle}}" in drawn
        assert rf"\hat{{y}}^{{\langle {t} \rangle}}" in drawn
    assert r"a^{\langle 0 \rangle}" in drawn and r"a^{\langle 3 \rangle}" in drawn
    assert "same weights W, U, b at every step" in drawn
    assert r"\hat" not in " ".join(texts(diagrams.unrolled(T=3, show_outputs=False)))


@pytest.mark.parametrize("kind", diagrams.KINDS)
def test_architecture_draws_every_kind(kind):
    ax = diagrams.architecture(kind)
    T_x, T_y = diagrams.DEFAULT_LENGTHS[kind]
    labels = texts(ax)
    assert kind in ax.get_title() and f"T_x = {T_x}" in ax.get_title()
    assert sum(label.startswith("$x") for label in labels) == T_x
    assert sum(label.startswith(r"$\hat{y}") for label in labels) == T_y
    assert any(label.startswith("e.g.") for label in labels)
    assert len(ax.patches) > 3 * T_x


def test_architecture_accepts_lengths():
    ax = diagrams.architecture("encoder-decoder", T_x=5, T_y=2)
    assert "T_x = 5" in ax.get_title() and "T_y = 2" in ax.get_title()
    ax = diagrams.architecture("many-to-many", T_x=6)
    assert sum(label.startswith(r"$\hat{y}") for label in texts(ax)) == 6


@pytest.mark.parametrize("kind, lengths, message", [
    ("two-to-two", {}, "choose one of one-to-one, one-to-many"),
    ("many-to-one", {"T_y": 3}, "does not fit many-to-one"),
    ("many-to-many", {"T_x": 3, "T_y": 4}, "does not fit many-to-many"),
    ("encoder-decoder", {"T_y": 0}, "T_x = 4, T_y = 0 does not fit"),
])
def test_architecture_rejects_bad_input(kind, lengths, message):
    with pytest.raises(ValueError, match=message):
        diagrams.architecture(kind, **lengths)


def test_unrolled_needs_at_least_one_step():
    with pytest.raises(ValueError, match="T must be at least 1"):
        diagrams.unrolled(T=0)


def test_architectures_draws_all_kinds_in_one_figure():
    fig = diagrams.architectures()
    assert [ax.get_title().split("\n")[0] for ax in fig.axes] == list(diagrams.KINDS)


# ---------------------------------------------------------------- tools/figures.py (make figures)

EXPECTED_PNGS = {"unrolled_rnn.png", "architectures.png"}


def test_figures_script_writes_the_same_pngs_every_time(tmp_path):
    subprocess.run([sys.executable, "-m", "tools", "figures", str(tmp_path / "cli")], check=True,
                   capture_output=True, cwd=ROOT)
    figures.main(tmp_path / "again")
    for folder in ("cli", "again"):
        assert {p.name for p in (tmp_path / folder).iterdir()} == EXPECTED_PNGS
    for name in EXPECTED_PNGS:
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()


def test_every_figure_in_img_is_shown_and_made_by_make_figures():
    """img/ holds exactly what `make figures` writes, and the README shows each of them."""
    readme = (ROOT / "README.md").read_text()
    assert {p.name for p in (ROOT / "img").iterdir()} == EXPECTED_PNGS
    for name in EXPECTED_PNGS:
        assert f"](img/{name})" in readme, f"img/{name} is shown nowhere"
