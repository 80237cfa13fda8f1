"""Notebook 03's checks: the right answers pass, and each typical mistake gets its own sentence."""

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook03 as nb03


def right_step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W.T + h_prev @ U.T + b)


def right_forward_batch(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = right_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


# rnn_step

def test_rnn_step_accepts_the_right_answers(capsys):
    nb03.rnn_step(right_step)
    nb03.rnn_step(lambda x, h, W, U, b: np.tanh((W @ x.T + U @ h.T).T + b))
    assert capsys.readouterr().out.count("Correct") == 2


@pytest.mark.parametrize("wrong, message", [
    (lambda x, h, W, U, b: np.tanh(x @ W + h @ U.T + b), "W is used transposed"),
    (lambda x, h, W, U, b: np.tanh(W.T @ x + U @ h + b), "W is used transposed"),
    (lambda x, h, W, U, b: np.tanh(x @ W.T + h @ U + b), "U is used transposed"),
    (lambda x, h, W, U, b: np.tanh(x @ W + h @ U + b), "both used transposed"),
    (lambda x, h, W, U, b: np.tanh(x @ W.T + h @ U.T), "bias is missing"),
    (lambda x, h, W, U, b: x @ W.T + h @ U.T + b, "tanh is missing"),
    (lambda x, h, W, U, b: 1 / (1 + np.exp(-(x @ W.T + h @ U.T + b))), "sigmoid"),
    (lambda x, h, W, U, b: np.tanh(x @ W.T + b), "previous state has no effect"),
    (lambda x, h, W, U, b: h, "state is never updated"),
    (lambda x, h, W, U, b: np.tanh(W @ x + U @ h + b), "fails on a batch"),
    (lambda x, h, W, U, b: np.tanh(W @ x.T + U @ h.T + (b[:, None] if x.ndim == 2 else b)),
     "transpose of what is expected"),
    (lambda x, h, W, U, b: None, "forget to `return`"),
])
def test_rnn_step_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb03.rnn_step(wrong)


def test_rnn_step_messages_are_distinct():
    messages = [message for message, _, _ in nb03.STEP_MISTAKES]
    assert len(set(messages)) == len(messages)


def test_rnn_step_lets_the_stub_raise():
    def stub(x_t, h_prev, W, U, b):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb03.rnn_step(stub)


# rnn_forward_batch

def test_rnn_forward_batch_accepts_the_right_answer(capsys):
    nb03.rnn_forward_batch(right_forward_batch)
    assert "Correct" in capsys.readouterr().out


def stacked_time_first(x, W, U, b, h0=None):
    return np.swapaxes(right_forward_batch(x, W, U, b, h0), 0, 1)


def loops_over_examples(x, W, U, b, h0=None):
    state = np.zeros((x.shape[1], len(b))) if h0 is None else h0
    states = []
    for x_t in x:
        state = right_step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def never_updated(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    return np.stack([right_step(x[:, t], state, W, U, b) for t in range(x.shape[1])], axis=1)


def one_step_late(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        states.append(state)
        state = right_step(x[:, t], state, W, U, b)
    return np.stack(states, axis=1)


def ignores_h0(x, W, U, b, h0=None):
    return right_forward_batch(x, W, U, b)


def never_updated_from_h0(x, W, U, b, h0=None):
    return never_updated(x, W, U, b, h0) if h0 is not None else right_forward_batch(x, W, U, b)


def last_state_only(x, W, U, b, h0=None):
    return right_forward_batch(x, W, U, b, h0)[:, -1]


def concatenated(x, W, U, b, h0=None):
    states = right_forward_batch(x, W, U, b, h0)
    return np.concatenate(list(np.swapaxes(states, 0, 1)), axis=1)


def loops_over_len_x(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(len(x)):
        state = right_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def h0_or_zeros(x, W, U, b, h0=None):
    state = h0 or np.zeros((x.shape[0], len(b)))
    return right_forward_batch(x, W, U, b, state)


@pytest.mark.parametrize("wrong, message", [
    (stacked_time_first, "time first"),
    (loops_over_examples, "walks over the examples"),
    (never_updated, "never updated: every step starts again from the initial state"),
    (one_step_late, "one step late"),
    (ignores_h0, "h0 is ignored"),
    (never_updated_from_h0, "never updated: every step starts again from h0"),
    (last_state_only, "only the last state"),
    (concatenated, "np.concatenate where np.stack"),
    (loops_over_len_x, "loop over the time axis"),
    (h0_or_zeros, "if h0 is None"),
])
def test_rnn_forward_batch_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb03.rnn_forward_batch(wrong)


def test_rnn_forward_batch_blames_a_broken_step():
    def with_transposed_u(x, W, U, b, h0=None):
        state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
        states = []
        for t in range(x.shape[1]):
            state = np.tanh(x[:, t] @ W.T + state @ U + b)
            states.append(state)
        return np.stack(states, axis=1)

    with pytest.raises(ExerciseError, match="different values"):
        nb03.rnn_forward_batch(with_transposed_u)


# dimension_quiz

def test_dimension_quiz_accepts_the_answers_and_agrees_with_keras(capsys):
    nb03.dimension_quiz(lambda: dict(nb03.QUIZ))
    assert "count_params() gives 85" in capsys.readouterr().out
    as_lists = {key: list(value) if isinstance(value, tuple) else value
                for key, value in nb03.QUIZ.items()}
    nb03.dimension_quiz(lambda: as_lists)


@pytest.mark.parametrize("key, value, message", [
    ("W", (3, 7), "Keras' kernel"),
    ("U", (7, 3), "it is square"),
    ("U", (3, 3), "multiplies the state"),
    ("b", (7, 1), "a vector: write \\(7,\\)"),
    ("b", (1, 7), "without the 1"),
    ("b", (64, 7), "no batch axis"),
    ("W_y", (7, 1), "Dense kernel"),
    ("b_y", (7,), "belongs to the output layer"),
    ("b_y", (), "one entry per output unit"),
    ("x", (10, 64, 3), "batch first"),
    ("x", (3, 64, 10), "layout of section 9"),
    ("x", (64, 3, 10), "Time comes before features"),
    ("h_t", (7,), "one row per example: \\(batch, units\\)"),
    ("h_t", (7, 64), "batch first: \\(batch, units\\)"),
    ("h_t", (64, 10, 7), "every state of the sequence"),
    ("y_t", (64, 10, 1), "whole output sequence"),
    ("y_t", (1,), "one row per example: \\(batch, output units\\)"),
    ("y_t", (64,), "keeps its last axis"),
    ("params", 84, "output bias"),
    ("params", 78, "recurrent bias"),
    ("params", 77, "only part of the network"),
    ("params", 850, "do not multiply by T"),
    ("params", 85 * 64, "batch size"),
    ("params", 70, "only W and U"),
    ("params", 86, "is 86, which is not right yet"),
    ("W", (7, 4), "is \\(7, 4\\), which is not right yet"),
    ("W", 21, "should be a shape"),
    ("params", "85", "should be a number"),
])
def test_dimension_quiz_names_each_mistake(key, value, message):
    answers = dict(nb03.QUIZ, **{key: value})
    with pytest.raises(ExerciseError, match=message):
        nb03.dimension_quiz(lambda: answers)


def test_dimension_quiz_wants_a_complete_dict():
    with pytest.raises(ExerciseError, match="should return a dict"):
        nb03.dimension_quiz(lambda: [(7, 3)])
    with pytest.raises(ExerciseError, match="no entry for 'b_y'"):
        nb03.dimension_quiz(lambda: {k: v for k, v in nb03.QUIZ.items() if k != "b_y"})
