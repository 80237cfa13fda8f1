"""Notebook 10: each exercise check accepts the right answer and names each typical mistake.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, print and return the learner's answer or the course's reference.
Every wrong answer below is written out as a learner might write it.
"""

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook10 as nb10


def fails(check, *args, match, **kwargs):
    with pytest.raises(ExerciseError, match=match) as error:
        check.__wrapped__(*args, **kwargs)
    return str(error.value)


# --- Exercise 1 (in the flow): attention_step ------------------------------------------------


def step_right(query, keys, values, mask, W_q, W_k, v):
    hidden = np.tanh(np.expand_dims(query @ W_q, 1) + keys @ W_k)   # (batch, T_x, a)
    scores = hidden @ v                                              # (batch, T_x)
    scores[~mask] = -np.inf
    weights = np.exp(scores - np.max(scores, axis=1, keepdims=True))
    weights = weights / np.sum(weights, axis=1, keepdims=True)
    context = np.einsum("bt,btd->bd", weights, values)
    return context, weights


def step_loop(query, keys, values, mask, W_q, W_k, v):
    """The same, one sequence and one position at a time."""
    batch, steps = mask.shape
    weights = np.zeros((batch, steps))
    for b in range(batch):
        real = [t for t in range(steps) if mask[b, t]]
        scores = np.array([v @ np.tanh(W_q.T @ query[b] + W_k.T @ keys[b, t]) for t in real])
        weights[b, real] = np.exp(scores) / np.exp(scores).sum()
    return np.stack([weights[b] @ values[b] for b in range(batch)]), weights


def _softmax_rows(scores, axis):
    e = np.exp(scores - np.max(scores, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def step_no_mask(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v
    weights = _softmax_rows(scores, axis=-1)            # forgot the padding
    return (weights[:, :, None] * values).sum(axis=1), weights


def step_mask_multiplied(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v
    scores = scores * mask                              # zeros, not -inf
    weights = _softmax_rows(scores, axis=-1)
    return (weights[:, :, None] * values).sum(axis=1), weights


def step_mask_after(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v
    weights = _softmax_rows(scores, axis=1) * mask      # masks the weights, no renormalising
    return (weights[:, :, None] * values).sum(axis=1), weights


def step_wrong_axis(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v
    scores = np.where(mask, scores, -np.inf)
    weights = np.exp(scores) / np.exp(scores).sum(axis=0)  # over the batch
    return (weights[:, :, None] * values).sum(axis=1), weights


def step_wrong_axis_unmasked(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v
    weights = np.exp(scores) / np.exp(scores).sum(axis=0, keepdims=True)
    return (weights[:, :, None] * values).sum(axis=1), weights


def step_no_v(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k).sum(axis=-1)  # v left out
    scores = np.where(mask, scores, -np.inf)
    weights = _softmax_rows(scores, axis=-1)
    return (weights[:, :, None] * values).sum(axis=1), weights


def step_scores_returned(query, keys, values, mask, W_q, W_k, v):
    scores = np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v
    scores = np.where(mask, scores, 0.0)
    context, _ = step_right(query, keys, values, mask, W_q, W_k, v)
    return context, scores


def step_context_from_keys(query, keys, values, mask, W_q, W_k, v):
    _, weights = step_right(query, keys, values, mask, W_q, W_k, v)
    return (weights[:, :, None] * keys).sum(axis=1), weights


def step_context_mean(query, keys, values, mask, W_q, W_k, v):
    _, weights = step_right(query, keys, values, mask, W_q, W_k, v)
    return np.mean(weights[:, :, None] * values, axis=1), weights


def step_swapped(query, keys, values, mask, W_q, W_k, v):
    context, weights = step_right(query, keys, values, mask, W_q, W_k, v)
    return weights, context


def step_one_result(query, keys, values, mask, W_q, W_k, v):
    return step_right(query, keys, values, mask, W_q, W_k, v)[0]


def step_in_place(query, keys, values, mask, W_q, W_k, v):
    keys *= mask[..., None]
    return step_right(query, keys, values, mask, W_q, W_k, v)


def step_tanh_missing(query, keys, values, mask, W_q, W_k, v):
    scores = ((query @ W_q)[:, None, :] + keys @ W_k) @ v   # unrecognised: no tanh
    scores = np.where(mask, scores, -np.inf)
    weights = _softmax_rows(scores, axis=-1)
    return (weights[:, :, None] * values).sum(axis=1), weights


@pytest.mark.parametrize("fn", [step_right, step_loop])
def test_attention_step_right(fn, capsys):
    nb10.attention_step.__wrapped__(fn)
    assert capsys.readouterr().out.startswith("✅ Correct")


@pytest.mark.parametrize("fn, message", [
    (step_no_mask, "Padded steps got some weight"),
    (step_mask_multiplied, "Multiplying the scores by the mask"),
    (step_mask_after, "mask the scores \\*before\\* the softmax"),
    (step_wrong_axis, "sum to 1 over the batch"),
    (step_wrong_axis_unmasked, "sum to 1 over the batch"),
    (step_no_v, "not scaled by v"),
    (step_scores_returned, "These are the scores, not the weights"),
    (step_context_from_keys, "weighted sum of the keys"),
    (step_context_mean, "weighted \\*mean\\*"),
    (step_swapped, "wrong way round"),
    (step_one_result, "should return two arrays"),
    (step_in_place, "changed an array it was given"),
    (step_tanh_missing, "largest difference"),
])
def test_attention_step_mistakes(fn, message):
    fails(nb10.attention_step, fn, match=message)


def test_attention_step_crash_names_the_line():
    def crashes(query, keys, values, mask, W_q, W_k, v):
        return query @ keys, None

    fails(nb10.attention_step, crashes, match="raised ValueError")


def test_attention_step_in_the_notebook(capsys):
    def stub(*args):
        raise NotImplementedError("write attention_step")

    assert nb10.attention_step(step_right) is step_right
    assert nb10.attention_step(stub) is nb10.attention_step.reference
    assert nb10.attention_step(step_no_mask) is nb10.attention_step.reference
    out = capsys.readouterr().out
    assert "is not written yet" in out and FALLBACK in out and "Padded steps" in out


# --- Exercise 2 (predict, then measure): weight_on_written_digit -------------------------------


def test_prediction_close_passes(capsys):
    assert nb10.weight_on_written_digit.__wrapped__(0.8, measured=0.87) == 0.8
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct: you predicted 80%") and "87%" in out
    assert "no one told it where" in out


@pytest.mark.parametrize("prediction, measured, opening, why", [
    (0.9, 0.5, "📏 Less than you expected", "next digit up"),
    (0.1, 0.5, "📏 More than you expected", "next digit up"),
    (0.9, 0.1, "📏 Less than you expected", "not at the answer itself"),
])
def test_prediction_far_off_says_what_was_measured(prediction, measured, opening, why, capsys):
    nb10.weight_on_written_digit.__wrapped__(prediction, measured=measured)
    out = capsys.readouterr().out
    assert out.startswith(opening) and why in out and "Correct" not in out


@pytest.mark.parametrize("prediction, message", [
    ("most", "should be a number between 0 and 1"),
    (True, "should be a number between 0 and 1"),
    (float("nan"), "is NaN"),
    (80, "looks like a percentage: write the fraction, 0.8"),
    (-0.2, "is not a share"),
])
def test_prediction_that_is_not_a_share_is_named(prediction, message):
    fails(nb10.weight_on_written_digit, prediction, measured=0.8, match=message)


def test_prediction_in_the_notebook(capsys):
    assert nb10.weight_on_written_digit(0.8, measured=0.8) == 0.8
    assert nb10.weight_on_written_digit(None, measured=0.8) is None
    out = capsys.readouterr().out
    assert "✅ Correct" in out and "`prediction` is not written yet" in out and FALLBACK in out
