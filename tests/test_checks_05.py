"""Notebook 05 checks: the right answers pass and every typical mistake gets its sentence."""

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook05 as nb05


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_step_with(order="ifco", act=None, no_bias=False, cell=lambda c: np.tanh(c),
                   keep=lambda f, c_prev: f * c_prev, write=lambda i, c_tilde: i * c_tilde,
                   show=lambda o, tanh_c: o * tanh_c, swap_result=False):
    """A learner's lstm_step, right by default; each keyword plants one mistake."""
    act = {"i": sigmoid, "f": sigmoid, "c": np.tanh, "o": sigmoid, **(act or {})}

    def lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
        z = x @ kernel + h_prev @ recurrent_kernel + (0 if no_bias else bias)
        blocks = dict(zip(order, np.split(z, 4, axis=-1), strict=True))
        i, f, c_tilde, o = (act[g](blocks[g]) for g in "ifco")
        c = keep(f, c_prev) + write(i, c_tilde)
        h = show(o, cell(c) if cell else c)
        return (c, h) if swap_result else (h, c)

    return lstm_step


def test_lstm_step_right_answer_passes(capsys):
    nb05.lstm_step(lstm_step_with())
    assert "Correct" in capsys.readouterr().out


def test_lstm_reference_matches_keras():
    keras = pytest.importorskip("keras")
    x, h_prev, c_prev, kernel, recurrent_kernel, bias = nb05._random_case(3)
    layer = keras.layers.LSTM(4, return_state=True)
    layer.build((None, 1, 3))
    layer.set_weights([kernel, recurrent_kernel, bias])
    _, h_keras, c_keras = layer(x[:, None].astype("float32"),
                                initial_state=[h_prev.astype("float32"), c_prev.astype("float32")])
    h, c = nb05.lstm_step_reference(x, h_prev, c_prev, kernel, recurrent_kernel, bias)
    assert np.allclose(h, np.asarray(h_keras), atol=1e-5)
    assert np.allclose(c, np.asarray(c_keras), atol=1e-5)


@pytest.mark.parametrize("mistake, message", [
    ({"swap_result": True}, "wrong way round"),
    ({"cell": None}, "output gate o is wrong: h = o \\* tanh\\(c\\)"),
    ({"keep": lambda f, c_prev: c_prev}, "forget gate f is missing"),
    ({"write": lambda i, c_tilde: c_tilde}, "input gate i is missing"),
    ({"show": lambda o, c: c}, "output gate o is missing"),
    ({"no_bias": True}, "bias is missing"),
    ({"act": {"i": np.tanh}}, "input gate i uses tanh"),
    ({"act": {"f": np.tanh}}, "forget gate f uses tanh"),
    ({"act": {"o": np.tanh}}, "output gate o uses tanh"),
    ({"act": {"c": sigmoid}}, "candidate .* uses a sigmoid"),
    ({"order": "fico"}, "input gate i reads block 2, which holds the forget gate f"),
    ({"order": "ifoc"}, "output gate o reads block 3, which holds the candidate"),
    ({"order": "icfo"}, "Keras orders the four blocks i, f, c, o"),
])
def test_lstm_step_known_mistakes(mistake, message):
    with pytest.raises(ExerciseError, match=message):
        nb05.lstm_step(lstm_step_with(**mistake))


@pytest.mark.parametrize("mistake, gate", [
    ({"act": {"f": lambda z: sigmoid(z + 1)}}, "forget gate f is wrong"),
    ({"act": {"i": lambda z: sigmoid(2 * z)}}, "input gate i is wrong"),
    ({"act": {"o": lambda z: sigmoid(z) ** 2}}, "output gate o is wrong"),
    ({"act": {"c": lambda z: 0.5 * np.tanh(z)}}, "candidate .* is wrong"),
])
def test_lstm_step_unknown_mistake_names_the_gate(mistake, gate):
    with pytest.raises(ExerciseError, match=gate):
        nb05.lstm_step(lstm_step_with(**mistake))


def test_lstm_step_shapes_and_returns():
    def one_value(*args):
        return lstm_step_with()(*args)[0]

    def transposed(*args):
        h, c = lstm_step_with()(*args)
        return h.T, c

    def forgot_return(*args):
        lstm_step_with()(*args)

    with pytest.raises(ExerciseError, match="two arrays"):
        nb05.lstm_step(one_value)
    with pytest.raises(ExerciseError, match="transpose"):
        nb05.lstm_step(transposed)
    with pytest.raises(ExerciseError, match="two arrays"):
        nb05.lstm_step(forgot_return)


def test_lstm_step_stub_raises_not_implemented():
    def stub(*args):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb05.lstm_step(stub)


def right_gru_params(n_x, units, reset_after=True):
    return 3 * units * (n_x + units + (2 if reset_after else 1))


def test_gru_params_right_answer_passes(capsys):
    nb05.gru_params(right_gru_params)
    nb05.gru_params(lambda n_x, units, reset_after=True: float(right_gru_params(n_x, units, reset_after)))
    assert "Correct" in capsys.readouterr().out


def test_gru_params_matches_keras():
    keras = pytest.importorskip("keras")
    for reset_after in (True, False):
        layer = keras.layers.GRU(32, reset_after=reset_after)
        layer.build((None, None, 5))
        assert layer.count_params() == nb05.gru_params_reference(5, 32, reset_after)


@pytest.mark.parametrize("wrong, message", [
    (lambda n_x, u, reset_after=True: 3 * u * (n_x + u + 1), "two bias vectors"),
    (lambda n_x, u, reset_after=True: 3 * u * (n_x + u + 2), "reset_after=False the GRU has one"),
    (lambda n_x, u, reset_after=True: 4 * u * (n_x + u + 1), "LSTM's count"),
    (lambda n_x, u, reset_after=True: u * (n_x + u + 1), "SimpleRNN's count"),
    (lambda n_x, u, reset_after=True: 3 * u * (n_x + u), "biases are missing"),
    (lambda n_x, u, reset_after=True: 3 * u * (n_x + (2 if reset_after else 1)),
     "recurrent kernel is missing"),
    (lambda n_x, u, reset_after=True: "3744", "should be a number"),
    (lambda n_x, u, reset_after=True: 7, "not right yet"),
])
def test_gru_params_mistakes(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb05.gru_params(wrong)


right_accuracy_by_distance = nb05.accuracy_by_distance_reference


def test_accuracy_by_distance_right_answer_passes(capsys):
    nb05.accuracy_by_distance(right_accuracy_by_distance)
    assert "Correct" in capsys.readouterr().out


def _buckets(correct, distance, edges, inside, reduce=np.mean):
    return np.array([reduce(np.asarray(correct, float)[inside(np.asarray(distance), a, b)])
                     for a, b in zip(edges[:-1], edges[1:], strict=True)])


@pytest.mark.parametrize("wrong, message", [
    (lambda c, d, e: 1 - right_accuracy_by_distance(c, d, e), "error rates"),
    (lambda c, d, e: _buckets(c, d, e, lambda d, a, b: (d >= a) & (d < b), np.sum), "counts"),
    (lambda c, d, e: _buckets(c, d, e, lambda d, a, b: (d >= a) & (d <= b)), "include their upper edge"),
    (lambda c, d, e: _buckets(c, d, e, lambda d, a, b: (d > a) & (d <= b)), "leave out their lower edge"),
    (lambda c, d, e: np.full(len(e) - 1, np.mean(c)), "overall accuracy"),
    (lambda c, d, e: 100 * right_accuracy_by_distance(c, d, e), "percentages"),
    (lambda c, d, e: np.nan_to_num(right_accuracy_by_distance(c, d, e)), "NaN"),
    (lambda c, d, e: right_accuracy_by_distance(c, d, e)[:2], "shape"),
])
def test_accuracy_by_distance_mistakes(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb05.accuracy_by_distance(wrong)
