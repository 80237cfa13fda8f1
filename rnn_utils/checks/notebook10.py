"""Checks for the exercises of notebook 10 (attention: opening the encoder-decoder's bottleneck).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`,
so the notebook goes on with the learner's answer when it passes and with the course's
reference (defined here, never shown in the notebook) otherwise:

    attention_step = check.attention_step(attention_step)
    prediction = check.weight_on_written_digit(prediction, measured=...)

No message states the answer's code: a message names the mistake and what to look at.
"""

import numpy as np

from . import ExerciseError, call, exercise, expect_array, expect_fraction, passed, percent, verdict

# --- Exercise 1 (in the flow): one step of additive attention, with a padding mask -----------


def _softmax(scores, axis=-1):
    scores = scores - scores.max(axis=axis, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=axis, keepdims=True)


def _scores(query, keys, W_q, W_k, v):
    """Additive scores v . tanh(W_q s + W_k h_i): (batch, T_x)."""
    return np.tanh((query @ W_q)[:, None, :] + keys @ W_k) @ v


def _attention_step(query, keys, values, mask, W_q, W_k, v):
    """One decoder step of additive attention: (context (batch, d_v), weights (batch, T_x))."""
    weights = _softmax(np.where(mask, _scores(query, keys, W_q, W_k, v), -np.inf))
    context = (weights[:, :, None] * values).sum(axis=1)
    return context, weights


def _example():
    """A small batch: 3 sequences of lengths 5, 3 and 2 (padded to T_x = 5)."""
    rng = np.random.default_rng(10)
    batch, steps, d_s, d_h, d_v, a = 3, 5, 4, 6, 6, 3
    mask = np.arange(steps) < np.array([[5], [3], [2]])
    return dict(query=rng.normal(size=(batch, d_s)),
                keys=rng.normal(size=(batch, steps, d_h)),
                values=rng.normal(size=(batch, steps, d_v)),
                mask=mask,
                W_q=rng.normal(size=(d_s, a)), W_k=rng.normal(size=(d_h, a)),
                v=rng.normal(size=a) * 2)


_ARGUMENTS = ("query", "keys", "values", "mask", "W_q", "W_k", "v")


@exercise(_attention_step, name="attention_step")
def attention_step(fn):
    """attention_step(query, keys, values, mask, W_q, W_k, v) -> (context, weights)."""
    name = "attention_step"
    given = _example()
    copies = {key: value.copy() for key, value in given.items()}
    result = call(fn, *(given[key] for key in _ARGUMENTS), name=name)
    if any(not np.array_equal(given[key], copies[key]) for key in given):
        raise ExerciseError(f"{name} changed an array it was given: compute new arrays instead of "
                            "modifying the inputs in place.")
    if not isinstance(result, tuple) or len(result) != 2:
        raise ExerciseError(f"{name} should return two arrays: `return context, weights`.")
    context, weights = result
    g = copies
    expected_context, expected_weights = _attention_step(*(g[key] for key in _ARGUMENTS))
    if np.shape(context) == expected_weights.shape and np.shape(weights) == expected_context.shape:
        raise ExerciseError("The two results are the wrong way round: return the context vector "
                            "(batch, d_v) first and the weights (batch, T_x) second.")
    scores = _scores(g["query"], g["keys"], g["W_q"], g["W_k"], g["v"])
    masked = np.where(g["mask"], scores, -np.inf)
    unscaled = np.where(g["mask"], np.tanh((g["query"] @ g["W_q"])[:, None, :] + g["keys"] @ g["W_k"]
                                           ).sum(axis=-1), -np.inf)
    after = _softmax(scores) * g["mask"]
    expect_array(weights, expected_weights, name="weights", mistakes={
        "Your weights sum to 1 over the batch, not over the encoder steps: the softmax runs over "
        "the T_x positions of each sequence (the last axis of the scores).":
            lambda: _softmax(masked, axis=0),
        "Your weights sum to 1 over the batch, not over the encoder steps: the softmax runs over "
        "the T_x positions of each sequence (the last axis of the scores), and padded steps get "
        "weight 0.": lambda: _softmax(scores, axis=0),
        "Padded steps got some weight: set their scores to -inf (np.where(mask, scores, -np.inf)) "
        "before the softmax, so that they get weight 0.": lambda: _softmax(scores),
        "Multiplying the scores by the mask makes a padded step's score 0, not -inf: exp(0) = 1, "
        "so padding still gets weight. Set the padded scores to -inf before the softmax.":
            lambda: _softmax(scores * g["mask"]),
        "Padded steps have weight 0, but the weights no longer sum to 1: mask the scores *before* "
        "the softmax, not the weights after it.": after,
        "The scores are not scaled by v: the formula is v · tanh(W_q s + W_k h_i), a weighted sum "
        "of the tanh's components, not their plain sum.": lambda: _softmax(unscaled),
        "These are the scores, not the weights: take the softmax of the masked scores over the "
        "encoder steps.": lambda: np.where(g["mask"], scores, 0.0),
    })
    keys_context = (expected_weights[:, :, None] * g["keys"]).sum(axis=1)
    expect_array(context, expected_context, name="context", mistakes={
        "The context is a weighted sum of the keys: weight the *values* (here the encoder's "
        "outputs) instead.": keys_context,
        "The context is a weighted *mean* over the steps: sum the weighted values over T_x; the "
        "weights already sum to 1.": lambda: (expected_weights[:, :, None] * g["values"]).mean(axis=1),
    })
    passed("scores from the query and every key, padding at -inf, a softmax over the encoder "
           "steps, and the context as the weighted sum of the values.")


# --- Exercise 2 (predict, then measure): where does the decoder look? ------------------------

_CLOSE = 0.15


@exercise(None, name="prediction")
def weight_on_written_digit(prediction, measured):
    """Compare a predicted share of attention weight on the input positions that hold the digit
    being written with the measurement (a float in [0, 1]).

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not a share.
    """
    prediction = expect_fraction(prediction, half="half of the weight",
                                 none="no weight on those positions", all_="all of it",
                                 noun="share")
    measured = float(measured)
    said = (f"you predicted {percent(prediction)}; the decoder puts {percent(round(measured, 3))} "
            "of its attention on the positions that hold the digit it is writing.")
    if measured >= 0.7:
        why = ("It learned to look up the digit it writes, although no one told it where that digit "
               "is: the only training signal was the next token.")
    elif measured >= 0.3:
        why = ("A large part of the weight goes to the digit it writes; the rest goes to other "
               "positions, often the next digit up, which the decoder needs in order to know what "
               "comes after.")
    else:
        why = ("Most of the weight goes elsewhere than the digit it writes: the decoder looks at "
               "positions that help it decide, such as the next digit up, not at the answer itself.")
    verdict(prediction, measured, _CLOSE, said, why, lower="Less than you expected",
            higher="More than you expected")
    return prediction
