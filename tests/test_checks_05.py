"""Notebook 05's checks: the right answers pass, and each typical mistake gets its own sentence.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, return the learner's function when it passes and the course's
reference (with one line saying so) otherwise. Every wrong answer below is written out as
a learner would write it, independently of the check's own mistake generators.
"""

import math

import numpy as np
import pandas as pd
import pytest

from rnn_utils.checks import FALLBACK, PASSED, ExerciseError
from rnn_utils.checks import notebook05 as nb05
from tests.exercise_support import goes_on_with_the_answer_or_the_reference, stub

lstm_check = nb05.lstm_step.__wrapped__
gru_check = nb05.gru_step.__wrapped__
params_check = nb05.gru_params.__wrapped__
distance_check = nb05.accuracy_by_distance.__wrapped__
far_marks_check = nb05.far_marks.__wrapped__


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------------------
# Right answers, as a learner writes them
# ---------------------------------------------------------------------------
def right_lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
    c = sigmoid(z_f) * c_prev + sigmoid(z_i) * np.tanh(z_c)
    h = sigmoid(z_o) * np.tanh(c)
    return h, c


def right_gru_step(x, h_prev, kernel, recurrent_kernel, bias):
    x_z, x_r, x_h = np.split(x @ kernel + bias[0], 3, axis=-1)
    h_z, h_r, h_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z = sigmoid(x_z + h_z)
    r = sigmoid(x_r + h_r)
    h_tilde = np.tanh(x_h + r * h_h)
    return z * h_prev + (1 - z) * h_tilde


def right_gru_params(n_x, units, reset_after=True):
    return 3 * units * (n_x + units + (2 if reset_after else 1))


def right_accuracy_by_distance(correct, distance, edges):
    correct, distance = np.asarray(correct, dtype=float), np.asarray(distance)
    accuracies = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (distance >= low) & (distance < high)
        accuracies.append(correct[inside].mean() if inside.any() else np.nan)
    return np.array(accuracies)


# ---------------------------------------------------------------------------
# Every in-flow check, decorated: the learner's function or the course's reference
# ---------------------------------------------------------------------------
def lstm_without_bias(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    return right_lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, 0 * bias)


DECORATED = [
    (nb05.lstm_step, right_lstm_step, lstm_without_bias),
    (nb05.gru_step, right_gru_step, lambda x, h, k, rk, b: right_gru_step(x, h, k, rk, b) + 0.1),
    (nb05.gru_params, right_gru_params, lambda n_x, units, reset_after=True: 7),
    (nb05.accuracy_by_distance, right_accuracy_by_distance,
     lambda correct, distance, edges: 1 - right_accuracy_by_distance(correct, distance, edges)),
]


@pytest.mark.parametrize("check, right, wrong", DECORATED, ids=[c[0].__name__ for c in DECORATED])
def test_the_notebook_goes_on_with_the_learners_function_or_the_reference(check, right, wrong, capsys):
    for answer, out in goes_on_with_the_answer_or_the_reference(check, right, wrong, capsys):
        if answer is not wrong:
            assert f"`{check.__name__}` is not written yet" in out


@pytest.mark.parametrize("check", [c[0] for c in DECORATED], ids=[c[0].__name__ for c in DECORATED])
def test_the_references_pass_their_own_checks(check, capsys):
    check.__wrapped__(check.reference)
    assert check.reference.__name__ == check.__name__
    assert PASSED in capsys.readouterr().out


@pytest.mark.parametrize("check", [lstm_check, gru_check, params_check, distance_check])
def test_a_stub_raises_not_implemented(check):
    with pytest.raises(NotImplementedError):
        check(stub)


# ---------------------------------------------------------------------------
# The references are Keras' cells (run in float64 so that 1e-6 is a fair tolerance)
# ---------------------------------------------------------------------------
def test_the_lstm_reference_matches_keras():
    keras = pytest.importorskip("keras")
    x, h_prev, c_prev, kernel, recurrent_kernel, bias = nb05._lstm_case(3)
    layer = keras.layers.LSTM(4, return_state=True, dtype="float64")
    layer.build((None, 1, 3))
    layer.set_weights([kernel, recurrent_kernel, bias])
    _, h_keras, c_keras = layer(x[:, None], initial_state=[h_prev, c_prev])
    h, c = nb05._lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias)
    assert np.allclose(h, keras.ops.convert_to_numpy(h_keras), atol=1e-6, rtol=0)
    assert np.allclose(c, keras.ops.convert_to_numpy(c_keras), atol=1e-6, rtol=0)


def test_the_gru_reference_matches_keras():
    keras = pytest.importorskip("keras")
    x, h_prev, kernel, recurrent_kernel, bias = nb05._gru_case(3)
    layer = keras.layers.GRU(4, dtype="float64")  # reset_after=True is the default
    layer.build((None, 1, 3))
    assert [tuple(w.shape) for w in layer.weights] == [(3, 12), (4, 12), (2, 12)]
    layer.set_weights([kernel, recurrent_kernel, bias])
    h_keras = keras.ops.convert_to_numpy(layer(x[:, None], initial_state=h_prev))
    assert np.allclose(nb05._gru_step(x, h_prev, kernel, recurrent_kernel, bias), h_keras,
                       atol=1e-6, rtol=0)


def test_gru_reset_after_false_is_what_keras_computes_without_reset_after():
    """The mistake the check calls reset_after=False is Keras' GRU(reset_after=False)."""
    keras = pytest.importorskip("keras")
    x, h_prev, kernel, recurrent_kernel, bias = nb05._gru_case(4)
    layer = keras.layers.GRU(4, reset_after=False, dtype="float64")
    layer.build((None, 1, 3))
    layer.set_weights([kernel, recurrent_kernel, bias[0]])
    h_keras = keras.ops.convert_to_numpy(layer(x[:, None], initial_state=h_prev))
    one_bias = np.stack([bias[0], np.zeros_like(bias[0])])  # reset_after=False has one bias row
    before = nb05._gru_variant(x, h_prev, kernel, recurrent_kernel, one_bias, reset="before")
    assert np.allclose(before, h_keras, atol=1e-6, rtol=0)
    with pytest.raises(ExerciseError, match="reset_after=False"):
        gru_check(lambda x, h, k, rk, b: nb05._gru_variant(x, h, k, rk, b, reset="before, one bias"))


def test_the_gru_params_reference_matches_keras():
    keras = pytest.importorskip("keras")
    for reset_after in (True, False):
        layer = keras.layers.GRU(32, reset_after=reset_after)
        layer.build((None, None, 5))
        assert layer.count_params() == nb05._gru_params(5, 32, reset_after)


# ---------------------------------------------------------------------------
# Exercise 1: lstm_step
# ---------------------------------------------------------------------------
def test_lstm_step_accepts_the_right_answer_and_float32(capsys):
    lstm_check(right_lstm_step)
    assert "Correct" in capsys.readouterr().out

    def with_a_list(*args):
        return list(right_lstm_step(*args))

    lstm_check(with_a_list)


def lstm_order_ifoc(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    z_i, z_f, z_o, z_c = np.split(z, 4, axis=-1)       # i, f, o, c: the order of some papers
    c = sigmoid(z_f) * c_prev + sigmoid(z_i) * np.tanh(z_c)
    return sigmoid(z_o) * np.tanh(c), c


def lstm_order_fico(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    z_f, z_i, z_c, z_o = np.split(z, 4, axis=-1)
    c = sigmoid(z_f) * c_prev + sigmoid(z_i) * np.tanh(z_c)
    return sigmoid(z_o) * np.tanh(c), c


def lstm_tanh_forget_gate(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z_i, z_f, z_c, z_o = np.split(x @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=-1)
    c = np.tanh(z_f) * c_prev + sigmoid(z_i) * np.tanh(z_c)
    return sigmoid(z_o) * np.tanh(c), c


def lstm_sigmoid_candidate(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z_i, z_f, z_c, z_o = np.split(x @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(z_f) * c_prev + sigmoid(z_i) * sigmoid(z_c)
    return sigmoid(z_o) * np.tanh(c), c


def lstm_forgets_the_old_cell(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z_i, z_f, z_c, z_o = np.split(x @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(z_i) * np.tanh(z_c)                      # f * c_prev left out
    return sigmoid(z_o) * np.tanh(c), c


def lstm_keeps_h_prev(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z_i, z_f, z_c, z_o = np.split(x @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(z_f) * h_prev + sigmoid(z_i) * np.tanh(z_c)
    return sigmoid(z_o) * np.tanh(c), c


def lstm_adds_the_forget_bias_again(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    z_i, z_f, z_c, z_o = np.split(x @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=-1)
    c = sigmoid(z_f + 1.0) * c_prev + sigmoid(z_i) * np.tanh(z_c)   # unit_forget_bias
    return sigmoid(z_o) * np.tanh(c), c


def lstm_step_with(order="ifco", act=None, no_bias=False, cell=np.tanh,
                   keep=lambda f, c_prev: f * c_prev, write=lambda i, c_tilde: i * c_tilde,
                   show=lambda o, tanh_c: o * tanh_c, swap_result=False):
    """A learner's lstm_step with one slip, for the mistakes that are one small change."""
    act = {"i": sigmoid, "f": sigmoid, "c": np.tanh, "o": sigmoid, **(act or {})}

    def lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
        z = x @ kernel + h_prev @ recurrent_kernel + (0 if no_bias else bias)
        blocks = dict(zip(order, np.split(z, 4, axis=-1), strict=True))
        i, f, c_tilde, o = (act[g](blocks[g]) for g in "ifco")
        c = keep(f, c_prev) + write(i, c_tilde)
        h = show(o, cell(c) if cell else c)
        return (c, h) if swap_result else (h, c)

    return lstm_step


@pytest.mark.parametrize("wrong, message", [
    (lstm_order_ifoc, "Keras orders the 4 blocks i, f, c, o, but your output gate o reads block 3, "
                      "which holds the candidate c~ .*; your candidate c~ .* reads block 4, which "
                      "holds the output gate o"),
    (lstm_order_fico, "your input gate i reads block 2, which holds the forget gate f"),
    (lstm_tanh_forget_gate, "forget gate f uses tanh; it should use a sigmoid"),
    (lstm_sigmoid_candidate, "candidate c~ .* uses a sigmoid; it should use tanh"),
    (lstm_forgets_the_old_cell, "previous cell state is missing"),
    (lstm_keeps_h_prev, "f \\* c_prev, not f \\* h_prev"),
    (lstm_adds_the_forget_bias_again, "unit_forget_bias=True only starts the forget block"),
    (lstm_step_with(swap_result=True), "wrong way round"),
    (lstm_step_with(cell=None), "the tanh of the new cell state is missing"),
    (lstm_step_with(cell=sigmoid), "squashes the cell with a sigmoid"),
    (lstm_step_with(keep=lambda f, c_prev: c_prev), "forget gate f is missing"),
    (lstm_step_with(write=lambda i, c_tilde: c_tilde), "input gate i is missing"),
    (lstm_step_with(show=lambda o, c: c), "output gate o is missing"),
    (lstm_step_with(no_bias=True), "bias is missing"),
    (lstm_step_with(act={"i": np.tanh}), "input gate i uses tanh"),
    (lstm_step_with(act={"o": np.tanh}), "output gate o uses tanh"),
    (lstm_step_with(order="icfo"), "Keras orders the 4 blocks i, f, c, o"),
])
def test_lstm_step_names_each_known_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        lstm_check(wrong)


@pytest.mark.parametrize("wrong, gate", [
    (lstm_step_with(act={"f": lambda z: sigmoid(2 * z + 1)}), "forget gate f is wrong"),
    (lstm_step_with(act={"i": lambda z: sigmoid(2 * z)}), "input gate i is wrong"),
    (lstm_step_with(act={"o": lambda z: sigmoid(z) ** 2}), "output gate o is wrong"),
    (lstm_step_with(act={"c": lambda z: 0.5 * np.tanh(z)}), "candidate .* is wrong"),
])
def test_lstm_step_names_the_gate_of_an_unknown_mistake(wrong, gate):
    with pytest.raises(ExerciseError, match=gate):
        lstm_check(wrong)


def test_lstm_step_reports_a_mistake_of_every_gate_by_its_largest_difference():
    def everything_off(*args):
        h, c = right_lstm_step(*args)
        return h + 0.01, c + 0.01

    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        lstm_check(everything_off)


def test_lstm_step_shapes_and_returns():
    def one_value(*args):
        return right_lstm_step(*args)[0]

    def transposed(*args):
        h, c = right_lstm_step(*args)
        return h.T, c

    def forgot_return(*args):
        right_lstm_step(*args)

    def crashes(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
        return np.split(kernel @ x, 4)

    with pytest.raises(ExerciseError, match="two arrays"):
        lstm_check(one_value)
    with pytest.raises(ExerciseError, match="transpose"):
        lstm_check(transposed)
    with pytest.raises(ExerciseError, match="two arrays"):
        lstm_check(forgot_return)
    with pytest.raises(ExerciseError, match="raised ValueError"):
        lstm_check(crashes)


# ---------------------------------------------------------------------------
# Exercise 2: gru_step
# ---------------------------------------------------------------------------
def test_gru_step_accepts_the_right_answer(capsys):
    gru_check(right_gru_step)
    assert "Correct" in capsys.readouterr().out


def gru_reset_before(x, h_prev, kernel, recurrent_kernel, bias):
    """reset_after=False: the reset gate scales h_prev before the recurrent product."""
    n = h_prev.shape[1]
    x_z, x_r, x_h = np.split(x @ kernel + bias[0], 3, axis=-1)
    h_z, h_r, _ = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
    h_tilde = np.tanh(x_h + (r * h_prev) @ recurrent_kernel[:, 2 * n:] + bias[1, 2 * n:])
    return z * h_prev + (1 - z) * h_tilde


def gru_reset_before_one_bias(x, h_prev, kernel, recurrent_kernel, bias):
    n = h_prev.shape[1]
    W_z, W_r, W_h = kernel[:, :n], kernel[:, n:2 * n], kernel[:, 2 * n:]
    U_z, U_r, U_h = recurrent_kernel[:, :n], recurrent_kernel[:, n:2 * n], recurrent_kernel[:, 2 * n:]
    b, b_rec = bias
    z = sigmoid(x @ W_z + h_prev @ U_z + b[:n] + b_rec[:n])
    r = sigmoid(x @ W_r + h_prev @ U_r + b[n:2 * n] + b_rec[n:2 * n])
    h_tilde = np.tanh(x @ W_h + (r * h_prev) @ U_h + b[2 * n:])
    return z * h_prev + (1 - z) * h_tilde


def gru_z_and_r_swapped(x, h_prev, kernel, recurrent_kernel, bias):
    x_r, x_z, x_h = np.split(x @ kernel + bias[0], 3, axis=-1)
    h_r, h_z, h_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
    return z * h_prev + (1 - z) * np.tanh(x_h + r * h_h)


def gru_keeps_with_one_minus_z(x, h_prev, kernel, recurrent_kernel, bias):
    x_z, x_r, x_h = np.split(x @ kernel + bias[0], 3, axis=-1)
    h_z, h_r, h_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
    h_tilde = np.tanh(x_h + r * h_h)
    return (1 - z) * h_prev + z * h_tilde                # Andrew Ng's course


def gru_order_hzr(x, h_prev, kernel, recurrent_kernel, bias):
    x_h, x_z, x_r = np.split(x @ kernel + bias[0], 3, axis=-1)
    h_h, h_z, h_r = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
    z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
    return z * h_prev + (1 - z) * np.tanh(x_h + r * h_h)


def gru_step_with(no_reset=False, reset_all=False, rows=(0, 1), candidate_only=False,
                  z_act=sigmoid, r_act=sigmoid, h_act=np.tanh):
    """A learner's gru_step with one slip, for the mistakes that are one small change."""
    def gru_step(x, h_prev, kernel, recurrent_kernel, bias):
        b_x = 0 if rows[0] is None else bias[rows[0]]
        b_h = 0 if rows[1] is None else bias[rows[1]]
        x_z, x_r, x_h = np.split(x @ kernel + b_x, 3, axis=-1)
        h_z, h_r, h_h = np.split(h_prev @ recurrent_kernel + b_h, 3, axis=-1)
        z, r = z_act(x_z + h_z), r_act(x_r + h_r)
        if no_reset:
            h_tilde = h_act(x_h + h_h)
        elif reset_all:
            h_tilde = h_act(r * (x_h + h_h))
        else:
            h_tilde = h_act(x_h + r * h_h)
        return h_tilde if candidate_only else z * h_prev + (1 - z) * h_tilde

    return gru_step


@pytest.mark.parametrize("wrong, message", [
    (gru_reset_before, "before the recurrent product, .*reset_after=False"),
    (gru_reset_before_one_bias, "reset_after=False"),
    (gru_z_and_r_swapped, "z and r are swapped"),
    (gru_keeps_with_one_minus_z, "keeps the old state with 1 - z .*Keras keeps it with z"),
    (gru_order_hzr, "Keras orders the 3 blocks z, r, h, but .*your update gate z reads block 2, which holds "
                    "the reset gate r"),
    (gru_step_with(candidate_only=True), "You return the candidate"),
    (gru_step_with(no_reset=True), "reset gate is missing"),
    (gru_step_with(reset_all=True), "scales the whole pre-activation"),
    (gru_step_with(rows=(0, None)), "recurrent bias is missing"),
    (gru_step_with(rows=(None, 1)), "input bias is missing"),
    (gru_step_with(rows=(None, None)), "The bias is missing"),
    (gru_step_with(rows=(1, 0)), "two rows of `bias` are swapped"),
    (gru_step_with(z_act=np.tanh), "update gate z uses tanh"),
    (gru_step_with(r_act=np.tanh), "reset gate r uses tanh"),
    (gru_step_with(h_act=sigmoid), "candidate h~ .* uses a sigmoid"),
])
def test_gru_step_names_each_known_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        gru_check(wrong)


def test_gru_step_reports_an_unrecognised_mistake_by_its_largest_difference():
    def candidate_scaled(x, h_prev, kernel, recurrent_kernel, bias):
        x_z, x_r, x_h = np.split(x @ kernel + bias[0], 3, axis=-1)
        h_z, h_r, h_h = np.split(h_prev @ recurrent_kernel + bias[1], 3, axis=-1)
        z, r = sigmoid(x_z + h_z), sigmoid(x_r + h_r)
        return z * h_prev + (1 - z) * 0.5 * np.tanh(x_h + r * h_h)

    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        gru_check(candidate_scaled)


def test_gru_step_shapes_and_returns():
    def whole_bias(x, h_prev, kernel, recurrent_kernel, bias):
        x_z, x_r, x_h = np.split(x @ kernel + bias, 3, axis=-1)
        return x_z

    def returns_two(*args):
        h = right_gru_step(*args)
        return h, h

    with pytest.raises(ExerciseError, match="`bias` has two rows"):
        gru_check(whole_bias)
    with pytest.raises(ExerciseError, match="one array, the new state h"):
        gru_check(returns_two)
    with pytest.raises(ExerciseError, match="transpose"):
        gru_check(lambda *args: right_gru_step(*args).T)


# ---------------------------------------------------------------------------
# Exercise 3: gru_params
# ---------------------------------------------------------------------------
def test_gru_params_accepts_the_right_answer(capsys):
    params_check(right_gru_params)
    params_check(lambda n_x, units, reset_after=True: float(right_gru_params(n_x, units, reset_after)))
    assert "Correct" in capsys.readouterr().out


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
def test_gru_params_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        params_check(wrong)


# ---------------------------------------------------------------------------
# Exercise 4: accuracy_by_distance
# ---------------------------------------------------------------------------
def test_accuracy_by_distance_accepts_the_right_answer(capsys):
    distance_check(right_accuracy_by_distance)
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
    (lambda c, d, e: right_accuracy_by_distance(c, d, e) + 0.01, "largest difference is .* at index"),
])
def test_accuracy_by_distance_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        distance_check(wrong)


# ---------------------------------------------------------------------------
# Exercise 5: predict, then measure
# ---------------------------------------------------------------------------
def table(simple_rnn_far, simple_rnn_close=1.0):
    """A by-distance table as the notebook makes it: closest bucket first, one column per cell."""
    return pd.DataFrame({"SimpleRNN": [simple_rnn_close, 0.8, 0.45, simple_rnn_far],
                         "LSTM": [0.30, 0.27, 0.26, 0.24], "GRU": [1.0, 0.9, 0.8, 0.75]},
                        index=["1-12", "13-25", "26-37", "38-50"])


@pytest.mark.parametrize("prediction", [0.3, 0.35, np.float64(0.25), 0.45])
def test_a_close_prediction_is_confirmed_with_the_reason(prediction, capsys):
    assert far_marks_check(prediction, table(0.33)) == prediction
    out = capsys.readouterr().out
    assert out.startswith(PASSED) and "33% of the sequences whose mark lies 38-50 steps" in out
    assert "(100% on the closest ones)" in out and "accuracy falls with the distance" in out


def test_a_far_prediction_is_not_wrong_the_check_explains_the_measurement(capsys):
    assert nb05.far_marks(0.95, table(0.33)) == 0.95
    out = capsys.readouterr().out
    assert out.startswith("📏 Lower than you expected: you predicted 95%")
    assert "about as long as its training asked" in out and FALLBACK not in out and PASSED not in out


def test_the_explanation_follows_the_measurement_not_a_stored_answer(capsys):
    far_marks_check(0.2, table(0.95))
    out = capsys.readouterr().out
    assert out.startswith("📏 Higher than you expected") and "reaches beyond the lengths" in out
    far_marks_check(0.6, table(0.6))
    out = capsys.readouterr().out
    assert out.startswith(PASSED) and "fades with the distance" in out


@pytest.mark.parametrize("prediction, message", [
    (90, "looks like a percentage: write the fraction, 0.9"),
    (-0.2, "is not a share"),
    ("high", "should be a number between 0 and 1"),
    (True, "should be a number"),
    (math.nan, "is NaN"),
])
def test_a_prediction_that_is_not_a_share_is_named(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        far_marks_check(prediction, table(0.33))


def test_an_unwritten_prediction_falls_back_without_an_error(capsys):
    assert nb05.far_marks(None, table(0.33)) is None
    out = capsys.readouterr().out
    assert "`prediction` is not written yet" in out and FALLBACK in out
    assert nb05.far_marks("high", table(0.33)) is None
    assert capsys.readouterr().out.startswith("❌")
