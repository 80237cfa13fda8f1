"""Notebook 03's checks: the right answers pass, and each typical mistake gets its own sentence.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, return the learner's function when it passes and the course's
reference (with one line saying so) otherwise. Every wrong answer below is written out as
a learner would write it, independently of the check's own mistake generators.
"""

import math

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook03 as nb03
from tests.exercise_support import goes_on_with_the_answer_or_the_reference, stub

rnn_step_check = nb03.rnn_step.__wrapped__
rnn_forward_check = nb03.rnn_forward.__wrapped__
saturation_check = nb03.predicted_saturation.__wrapped__
batch_check = nb03.rnn_forward_batch.__wrapped__
masked_check = nb03.rnn_forward_masked.__wrapped__
quiz_check = nb03.dimension_quiz.__wrapped__


def right_step(x_t, h_prev, W, U, b):
    return np.tanh(W @ x_t + U @ h_prev + b)


def right_batch_step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W.T + h_prev @ U.T + b)


def right_forward(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    states = []
    for x_t in inputs:
        state = right_step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states)


def right_forward_batch(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = right_batch_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def right_forward_masked(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        new_state = right_batch_step(x[:, t], state, W, U, b)
        state = np.where(mask[:, t, None], new_state, state)
        states.append(state)
    return np.stack(states, axis=1)


def as_in_a_notebook(source, name):
    """Define a learner's function from the source of a cell, with the notebook's globals."""
    namespace = {"np": np, "units": 64, "timesteps": 100, "input_features": 32, "batch_size": 64,
                 "rnn_step": right_batch_step}
    exec(source, namespace)
    return namespace[name]


# ---------------------------------------------------------------------------
# Every in-flow check, decorated: the learner's function or the course's reference
# ---------------------------------------------------------------------------
DECORATED = [
    (nb03.rnn_step, right_step, lambda x, h, W, U, b: np.tanh(W @ x + U @ h)),
    (nb03.rnn_forward, right_forward, lambda inputs, W, U, b, h0=None: right_forward(inputs, W, U, b)),
    (nb03.rnn_forward_batch, right_forward_batch,
     lambda x, W, U, b, h0=None: right_forward_batch(x, W, U, b)[:, ::-1]),
    (nb03.rnn_forward_masked, right_forward_masked,
     lambda x, mask, W, U, b: right_forward_batch(x, W, U, b)),
    (nb03.dimension_quiz, lambda: dict(nb03.QUIZ), lambda: dict(nb03.QUIZ, params=86)),
]


@pytest.mark.parametrize("check, right, wrong", DECORATED, ids=[c[0].__name__ for c in DECORATED])
def test_the_notebook_goes_on_with_the_learners_function_or_the_reference(check, right, wrong, capsys):
    goes_on_with_the_answer_or_the_reference(check, right, wrong, capsys)


@pytest.mark.parametrize("check, right, wrong", DECORATED[:4], ids=[c[0].__name__ for c in DECORATED[:4]])
def test_the_references_pass_their_own_checks(check, right, wrong, capsys):
    check.__wrapped__(check.reference)
    assert check.reference.__name__ == check.__name__
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("check", [rnn_step_check, rnn_forward_check, batch_check, masked_check,
                                   quiz_check])
def test_a_stub_raises_not_implemented(check):
    with pytest.raises(NotImplementedError):
        check(stub)


# ---------------------------------------------------------------------------
# Exercise 1: rnn_step
# ---------------------------------------------------------------------------
def test_rnn_step_accepts_the_right_answers(capsys):
    rnn_step_check(right_step)
    rnn_step_check(right_batch_step)
    rnn_step_check(lambda x, h, W, U, b: np.tanh(np.dot(W, x) + np.dot(U, h) + b))
    assert capsys.readouterr().out.count("Correct") == 3


@pytest.mark.parametrize("wrong, message", [
    (lambda x, h, W, U, b: np.tanh(W.T @ x + U @ h + b), "W is used transposed"),
    (lambda x, h, W, U, b: np.tanh(W @ x + U.T @ h + b), "U is used transposed"),
    (lambda x, h, W, U, b: np.tanh(W.T @ x + U.T @ h + b), "both used transposed"),
    (lambda x, h, W, U, b: np.tanh(W @ x + U @ h), "bias is missing"),
    (lambda x, h, W, U, b: W @ x + U @ h + b, "tanh is missing"),
    (lambda x, h, W, U, b: 1 / (1 + np.exp(-(W @ x + U @ h + b))), "sigmoid"),
    (lambda x, h, W, U, b: np.tanh(W @ x + b), "previous state has no effect"),
    (lambda x, h, W, U, b: h, "state is never updated"),
    (lambda x, h, W, U, b: np.tanh(W * x + U * h + b), "`\\*` multiplies element by element"),
    (lambda x, h, W, U, b: None, "forget to `return`"),
])
def test_rnn_step_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        rnn_step_check(wrong)


def test_rnn_step_reports_an_unrecognised_mistake_by_its_largest_difference():
    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        rnn_step_check(lambda x, h, W, U, b: np.tanh(W @ x + 0.5 * U @ h + b))


def test_rnn_step_messages_are_distinct():
    messages = [message for message, _, _ in nb03.STEP_MISTAKES]
    assert len(set(messages)) == len(messages)


# ---------------------------------------------------------------------------
# Exercise 2: rnn_forward, one sequence
# ---------------------------------------------------------------------------
def test_rnn_forward_accepts_the_right_answers(capsys):
    def preallocated(inputs, W, U, b, h0=None):
        states = np.zeros((len(inputs), len(b)))
        state = np.zeros(len(b)) if h0 is None else h0
        for t in range(len(inputs)):
            state = np.tanh(W @ inputs[t] + U @ state + b)
            states[t] = state
        return states

    rnn_forward_check(right_forward)
    rnn_forward_check(preallocated)
    assert capsys.readouterr().out.count("Correct") == 2


def concatenated(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    successive_outputs = []
    for input_t in inputs:
        state = right_step(input_t, state, W, U, b)
        successive_outputs.append(state)
    return np.concatenate(successive_outputs, axis=0)


def returns_the_list(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    states = []
    for x_t in inputs:
        state = right_step(x_t, state, W, U, b)
        states.append(state)
    return states


def last_state_only(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    for x_t in inputs:
        state = right_step(x_t, state, W, U, b)
    return state


def stacked_on_axis_1(inputs, W, U, b, h0=None):
    return np.stack(list(right_forward(inputs, W, U, b, h0)), axis=1)


def never_updated(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    return np.stack([right_step(x_t, state, W, U, b) for x_t in inputs])


def one_step_late(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    states = []
    for x_t in inputs:
        states.append(state)
        state = right_step(x_t, state, W, U, b)
    return np.stack(states)


def inline_step_with_u_transposed(inputs, W, U, b, h0=None):
    state = np.zeros(len(b)) if h0 is None else h0
    states = []
    for x_t in inputs:
        state = np.tanh(W @ x_t + U.T @ state + b)
        states.append(state)
    return np.stack(states)


def ignores_h0(inputs, W, U, b, h0=None):
    return right_forward(inputs, W, U, b)


def never_updated_from_h0(inputs, W, U, b, h0=None):
    return never_updated(inputs, W, U, b, h0) if h0 is not None else right_forward(inputs, W, U, b)


def h0_or_zeros(inputs, W, U, b, h0=None):
    return right_forward(inputs, W, U, b, h0 or np.zeros(len(b)))


READS_NOTEBOOK_UNITS = """
def rnn_forward(inputs, W, U, b, h0=None):
    state = np.zeros(units) if h0 is None else h0
    states = []
    for x_t in inputs:
        state = rnn_step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states)
"""


@pytest.mark.parametrize("wrong, message", [
    (concatenated, "np.concatenate joins the states end to end"),
    (returns_the_list, "returns a Python list of 6 items"),
    (last_state_only, "only the last state"),
    (stacked_on_axis_1, "one column per step"),
    (never_updated, "never updated, so every step starts again from zeros"),
    (one_step_late, "one step late"),
    (inline_step_with_u_transposed, "U is used transposed"),
    (ignores_h0, "h0 is ignored"),
    (never_updated_from_h0, "never updated, so every step starts again from h0"),
    (h0_or_zeros, "if h0 is None"),
    (as_in_a_notebook(READS_NOTEBOOK_UNITS, "rnn_forward"), "reads the notebook's `units`"),
])
def test_rnn_forward_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        rnn_forward_check(wrong)


def test_rnn_forward_reports_an_unrecognised_mistake_by_its_largest_difference():
    def bias_missing(inputs, W, U, b, h0=None):
        return right_forward(inputs, W, U, np.zeros_like(b), h0)

    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        rnn_forward_check(bias_missing)


# ---------------------------------------------------------------------------
# Exercise 3: predict, then measure
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("prediction", [1.0, 1, 0.95, np.float64(0.9)])
def test_a_close_prediction_is_confirmed_with_the_reason(prediction, capsys):
    assert saturation_check(prediction, measured=1.0) == prediction
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct:") and "100% of the values are saturated" in out
    assert "positive" in out


def test_a_far_prediction_is_not_wrong_the_check_explains_the_measurement(capsys):
    assert nb03.predicted_saturation(0.2, measured=1.0) == 0.2
    out = capsys.readouterr().out
    assert out.startswith("📏 Not quite: you predicted 20%, and 100% of the values are saturated")
    assert "far out where tanh is flat" in out and FALLBACK not in out and "Correct" not in out


def test_the_explanation_follows_the_measurement_not_a_stored_answer(capsys):
    saturation_check(0.0, measured=0.0)
    assert "tanh is still steep" in capsys.readouterr().out
    saturation_check(0.9, measured=0.4)
    out = capsys.readouterr().out
    assert out.startswith("📏") and "40% of the values" in out and "others where it is still steep" in out


@pytest.mark.parametrize("prediction, message", [
    (95, "looks like a percentage: write the fraction, 0.95"),
    (-0.2, "is not a fraction"),
    (250, "is not a fraction"),
    ("most of them", "should be a number between 0 and 1"),
    (True, "should be a number"),
    (math.nan, "is NaN"),
])
def test_a_prediction_that_is_not_a_fraction_is_named(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        saturation_check(prediction, measured=1.0)


def test_an_unwritten_prediction_falls_back_without_an_error(capsys):
    assert nb03.predicted_saturation(None, measured=1.0) is None
    out = capsys.readouterr().out
    assert "`prediction` is not written yet" in out and FALLBACK in out
    assert nb03.predicted_saturation("most", measured=1.0) is None
    assert capsys.readouterr().out.startswith("❌")


# ---------------------------------------------------------------------------
# Exercise 4: rnn_forward_batch
# ---------------------------------------------------------------------------
def test_rnn_forward_batch_accepts_the_right_answer(capsys):
    batch_check(right_forward_batch)
    assert "Correct" in capsys.readouterr().out


def stacked_time_first(x, W, U, b, h0=None):
    return np.swapaxes(right_forward_batch(x, W, U, b, h0), 0, 1)


def loops_over_examples(x, W, U, b, h0=None):
    state = np.zeros((x.shape[1], len(b))) if h0 is None else h0
    states = []
    for x_t in x:
        state = right_batch_step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def batch_never_updated(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    return np.stack([right_batch_step(x[:, t], state, W, U, b) for t in range(x.shape[1])], axis=1)


def batch_one_step_late(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        states.append(state)
        state = right_batch_step(x[:, t], state, W, U, b)
    return np.stack(states, axis=1)


def batch_u_transposed(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = np.tanh(x[:, t] @ W.T + state @ U + b)
        states.append(state)
    return np.stack(states, axis=1)


def batch_ignores_h0(x, W, U, b, h0=None):
    return right_forward_batch(x, W, U, b)


def batch_never_updated_from_h0(x, W, U, b, h0=None):
    if h0 is None:
        return right_forward_batch(x, W, U, b)
    return batch_never_updated(x, W, U, b, h0)


def batch_last_state_only(x, W, U, b, h0=None):
    return right_forward_batch(x, W, U, b, h0)[:, -1]


def batch_concatenated(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = right_batch_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.concatenate(states, axis=1)


def loops_over_len_x(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(len(x)):
        state = right_batch_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def batch_h0_or_zeros(x, W, U, b, h0=None):
    state = h0 or np.zeros((x.shape[0], len(b)))
    return right_forward_batch(x, W, U, b, state)


def uses_the_one_example_step(x, W, U, b, h0=None):
    state = np.zeros((x.shape[0], len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = right_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


READS_NOTEBOOK_BATCH_SIZE = """
def rnn_forward_batch(x, W, U, b, h0=None):
    state = np.zeros((batch_size, len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = np.tanh(x[:, t] @ W.T + state @ U.T + b)
        states.append(state)
    return np.stack(states, axis=1)
"""


@pytest.mark.parametrize("wrong, message", [
    (stacked_time_first, "time first"),
    (loops_over_examples, "walks over the examples"),
    (batch_never_updated, "never updated: every step starts again from the initial state"),
    (batch_one_step_late, "one step late"),
    (batch_u_transposed, "U is used transposed: with the batch in rows"),
    (batch_ignores_h0, "h0 is ignored"),
    (batch_never_updated_from_h0, "never updated: every step starts again from h0"),
    (batch_last_state_only, "only the last state"),
    (batch_concatenated, "np.concatenate where np.stack"),
    (loops_over_len_x, "loop over the time axis"),
    (batch_h0_or_zeros, "if h0 is None"),
    (uses_the_one_example_step, "matmul.*a product written for one example, W @ x_t, does not fit"),
    (as_in_a_notebook(READS_NOTEBOOK_BATCH_SIZE, "rnn_forward_batch"),
     "reads the notebook's `batch_size`"),
])
def test_rnn_forward_batch_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        batch_check(wrong)


def test_rnn_forward_batch_reports_an_unrecognised_mistake_by_its_largest_difference():
    def bias_missing(x, W, U, b, h0=None):
        return right_forward_batch(x, W, U, np.zeros_like(b), h0)

    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        batch_check(bias_missing)


# ---------------------------------------------------------------------------
# Exercise 5: rnn_forward_masked, against Keras
# ---------------------------------------------------------------------------
def test_the_masked_check_compares_with_keras_behind_a_masking_layer():
    x, mask, W, U, b, keras_states = nb03._masked_problem()
    assert np.array_equal(mask, np.any(x != 0, axis=-1))          # what Masking() sees
    assert mask[2].tolist() == [True, False, True, True, False]    # a real step after padding
    assert np.abs(keras_states - right_forward_masked(x, mask, W, U, b)).max() < 1e-6


def test_rnn_forward_masked_accepts_the_right_answers(capsys):
    def blended(x, mask, W, U, b):
        keep = mask
        state = np.zeros((len(x), len(b)))
        states = np.zeros((len(x), x.shape[1], len(b)))
        for t in range(x.shape[1]):
            new = np.tanh(x[:, t] @ W.T + state @ U.T + b)
            state = keep[:, t, None] * new + (1 - keep[:, t, None]) * state
            states[:, t] = state
        return states

    def per_example(x, mask, W, U, b):
        states = np.zeros((len(x), x.shape[1], len(b)))
        for i in range(len(x)):
            state = np.zeros(len(b))
            for t in range(x.shape[1]):
                if mask[i, t]:
                    state = right_step(x[i, t], state, W, U, b)
                states[i, t] = state
        return states

    for right in (right_forward_masked, blended, per_example):
        masked_check(right)
    assert capsys.readouterr().out.count("matches Keras' SimpleRNN behind a Masking layer") == 3


def mask_ignored(x, mask, W, U, b):
    return right_forward_batch(x, W, U, b)


def resets_the_state(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        state = right_batch_step(x[:, t], state, W, U, b) * mask[:, t, None]
        states.append(state)
    return np.stack(states, axis=1)


def zeroes_the_outputs(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    outputs = []
    for t in range(x.shape[1]):
        state = np.where(mask[:, t, None], right_batch_step(x[:, t], state, W, U, b), state)
        outputs.append(np.where(mask[:, t, None], state, 0))
    return np.stack(outputs, axis=1)


def zeroes_the_outputs_keeps_running(x, mask, W, U, b):
    states = right_forward_batch(x, W, U, b)
    return states * mask[:, :, None]


def mask_one_step_late(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    keep = np.ones((x.shape[0], 1), dtype=bool)
    states = []
    for t in range(x.shape[1]):
        state = np.where(keep, right_batch_step(x[:, t], state, W, U, b), state)
        keep = mask[:, t, None]
        states.append(state)
    return np.stack(states, axis=1)


def mask_of_the_step_before(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        state = np.where(mask[:, t - 1, None], right_batch_step(x[:, t], state, W, U, b), state)
        states.append(state)
    return np.stack(states, axis=1)


def appends_before_masking(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        new_state = right_batch_step(x[:, t], state, W, U, b)
        states.append(new_state)
        state = np.where(mask[:, t, None], new_state, state)
    return np.stack(states, axis=1)


def mask_reversed(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        padding = mask[:, t, None]
        state = np.where(padding, state, right_batch_step(x[:, t], state, W, U, b))
        states.append(state)
    return np.stack(states, axis=1)


def mask_without_a_unit_axis(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        state = np.where(mask[:, t], right_batch_step(x[:, t], state, W, U, b), state)
        states.append(state)
    return np.stack(states, axis=1)


def masked_with_the_one_example_step(x, mask, W, U, b):
    state = np.zeros((x.shape[0], len(b)))
    states = []
    for t in range(x.shape[1]):
        state = np.where(mask[:, t, None], right_step(x[:, t], state, W, U, b), state)
        states.append(state)
    return np.stack(states, axis=1)


def masked_time_first(x, mask, W, U, b):
    return np.stack(list(np.swapaxes(right_forward_masked(x, mask, W, U, b), 0, 1)))


def masked_last_state_only(x, mask, W, U, b):
    return right_forward_masked(x, mask, W, U, b)[:, -1]


READS_NOTEBOOK_UNITS_MASKED = """
def rnn_forward_masked(x, mask, W, U, b):
    state = np.zeros((len(x), units))
    states = []
    for t in range(x.shape[1]):
        state = np.where(mask[:, t, None], np.tanh(x[:, t] @ W.T + state @ U.T + b), state)
        states.append(state)
    return np.stack(states, axis=1)
"""


@pytest.mark.parametrize("wrong, message", [
    (mask_ignored, "The mask is ignored"),
    (resets_the_state, "the state is reset to zeros"),
    (zeroes_the_outputs, "The state is carried, but the outputs at padded steps are zeros"),
    (zeroes_the_outputs_keeps_running, "zeros and the state runs on through the padding"),
    (mask_one_step_late, "one step late \\(the mask of step t - 1 at step t\\), so the first"),
    (mask_of_the_step_before, "one step late, mask\\[:, t - 1\\] at step t \\(at t = 0"),
    (appends_before_masking, "you output the updated state but carry the old one"),
    (mask_reversed, "The mask is reversed"),
    (mask_without_a_unit_axis, "could not be broadcast.*give it a unit axis, mask\\[:, t, None\\]"),
    (masked_with_the_one_example_step, "matmul.*a product written for one example, W @ x_t"),
    (masked_time_first, "time first: use np.stack\\(states, axis=1\\)"),
    (masked_last_state_only, "only the last state"),
    (as_in_a_notebook(READS_NOTEBOOK_UNITS_MASKED, "rnn_forward_masked"),
     "reads the notebook's `units`"),
])
def test_rnn_forward_masked_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        masked_check(wrong)


def test_rnn_forward_masked_reports_an_unrecognised_mistake_by_its_largest_difference():
    def relu_instead_of_tanh(x, mask, W, U, b):
        state = np.zeros((x.shape[0], len(b)))
        states = []
        for t in range(x.shape[1]):
            new_state = np.maximum(0, x[:, t] @ W.T + state @ U.T + b)
            state = np.where(mask[:, t, None], new_state, state)
            states.append(state)
        return np.stack(states, axis=1)

    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        masked_check(relu_instead_of_tanh)


# ---------------------------------------------------------------------------
# Exercise 6: dimension_quiz
# ---------------------------------------------------------------------------
def test_dimension_quiz_accepts_the_answers_and_agrees_with_keras(capsys):
    quiz_check(lambda: dict(nb03.QUIZ))
    assert "count_params() gives 85" in capsys.readouterr().out
    as_lists = {key: list(value) if isinstance(value, tuple) else value
                for key, value in nb03.QUIZ.items()}
    quiz_check(lambda: as_lists)


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
    ("x", (3, 64, 10), "layout of section 10"),
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
        quiz_check(lambda: answers)


def test_dimension_quiz_wants_a_complete_dict():
    with pytest.raises(ExerciseError, match="should return a dict"):
        quiz_check(lambda: [(7, 3)])
    with pytest.raises(ExerciseError, match="no entry for 'b_y'"):
        quiz_check(lambda: {k: v for k, v in nb03.QUIZ.items() if k != "b_y"})
