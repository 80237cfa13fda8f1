"""Checks for the exercises of notebook 07 (text generation with a character-level model)."""

import math

import numpy as np

from . import ExerciseError, call, expect_array, expect_value, passed

# --- Exercise 1: temperature -------------------------------------------------------------

_PROBS = np.array([[0.5, 0.3, 0.15, 0.05],
                   [0.1, 0.2, 0.6, 0.1]])


def _reweight(probs, temperature):
    logits = np.log(probs) / temperature
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def apply_temperature(fn):
    """apply_temperature(probs, T) -> p**(1/T) renormalised along the last axis."""
    name = "apply_temperature"
    for temperature in (1.0, 0.5, 2.0):
        probs = _PROBS.copy()
        got = call(fn, probs, temperature, name=name)
        if not np.array_equal(probs, _PROBS):
            raise ExerciseError("apply_temperature changed the array it was given: compute a new "
                                "array instead of modifying `probs` in place.")
        label = f"apply_temperature(probs, {temperature})"
        powered = _PROBS ** (1 / temperature)
        expect_array(got, _reweight(_PROBS, temperature), name=label, atol=1e-6, mistakes={
            "The result is not normalised: divide by the sum over the last axis so that each "
            "distribution sums to 1.": powered,
            "Each row should sum to 1 on its own: sum over the last axis "
            "(`axis=-1, keepdims=True`), not over the whole array.": powered / powered.sum(),
            "You raised p to the power T; temperature divides the log-probabilities, so the "
            "power is 1/T.": lambda t=temperature: _reweight(_PROBS, 1 / t),
            "You applied a softmax to the probabilities themselves: take their logarithm "
            "first, log(p) / T, then the softmax.": lambda t=temperature: _softmax(_PROBS / t),
        })
        sums = np.asarray(got).sum(axis=-1)
        if not np.allclose(sums, 1.0, atol=1e-6):
            raise ExerciseError(f"At T = {temperature} the rows sum to {sums}, not 1.")
    probs = _PROBS.astype("float32")
    got = np.asarray(call(fn, probs, 1e-4, name=name), dtype=float)
    if np.isnan(got).any():
        raise ExerciseError(
            "At a small temperature (T = 0.0001) you get NaN: p ** (1/T) underflows to 0 and "
            "0 / 0 is NaN. Work with logarithms: log(p) / T, subtract the row maximum, then "
            "exponentiate and normalise.")
    argmax = np.eye(_PROBS.shape[1])[_PROBS.argmax(axis=-1)]
    expect_array(got, argmax, name="apply_temperature(probs, 0.0001)", atol=1e-4, mistakes={})
    passed("rows sum to 1, T = 1 leaves the distribution unchanged, and T -> 0 becomes argmax.")


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# --- Exercise 2: perplexity from per-character losses ----------------------------------------

_LOSSES = np.array([0.2, 1.5, 3.1, 0.7, 2.4, 0.05])


def perplexity(fn):
    """perplexity(char_losses) -> exp(mean loss), losses in nats."""
    got = call(fn, _LOSSES.copy(), name="perplexity")
    if isinstance(got, np.ndarray) and got.shape == ():
        got = float(got)
    if isinstance(got, (np.ndarray, list, tuple)):
        raise ExerciseError("perplexity should return one number for the whole text, not one "
                            "per character: average the losses first.")
    mean = _LOSSES.mean()
    expect_value(got, math.exp(mean), name="perplexity(losses)", rel=1e-6, mistakes={
        "You averaged exp(loss) over the characters. Perplexity is the exp of the mean loss "
        "(the geometric mean of 1/p), which is smaller.": float(np.exp(_LOSSES).mean()),
        "You used 2 ** loss, which is right for losses in bits; these losses are in nats "
        "(natural log): use np.exp.": float(2 ** mean),
        "You summed the losses: perplexity uses their mean, so that it does not grow with the "
        "length of the text.": math.exp(_LOSSES.sum()),
        "That is the mean loss itself: perplexity is exp(mean loss).": float(mean),
        "That is the loss in bits per character (mean / ln 2); perplexity is exp(mean loss).":
            float(mean / math.log(2)),
        "You took 1 / mean loss; perplexity is exp(mean loss).": float(1 / mean),
    })
    certain = call(fn, np.zeros(4), name="perplexity")
    expect_value(float(certain), 1.0, name="perplexity of losses that are all 0", rel=1e-9)
    uniform = call(fn, np.full(10, math.log(65)), name="perplexity")
    expect_value(float(uniform), 65.0, name="perplexity of a uniform guess over 65 characters",
                 rel=1e-6)
    passed("perplexity = exp(mean loss in nats): 1 for a certain model, V for uniform guessing.")


# --- Exercise 3: a generation loop that carries the state ------------------------------------

_V = 7


class _ToyStepper:
    """A deterministic stand-in for the stepping model: next id depends on the whole history.

    step(ids (1, T), state (1, 1)) -> (probs (1, T, V), new_state (1, 1)).
    """

    def __init__(self):
        self.calls = 0

    def __call__(self, ids, state):
        self.calls += 1
        ids = np.asarray(ids)
        if ids.ndim != 2 or ids.shape[0] != 1 or ids.shape[1] < 1:
            raise ExerciseError(f"step expects ids of shape (1, T), a batch of one sequence, but "
                                f"got shape {ids.shape}: use np.array([ids]) or [[next_id]].")
        state = np.asarray(state)
        if state.shape != (1, 1):
            raise ExerciseError(f"step expects the state it returned before (shape (1, 1) here), "
                                f"but got shape {state.shape}.")
        s = int(state[0, 0])
        probs = np.zeros((1, ids.shape[1], _V))
        for t, token in enumerate(ids[0]):
            s = (3 * s + int(token) + 1) % _V
            probs[0, t] = np.full(_V, 0.02)
            probs[0, t, s] = 1 - 0.02 * (_V - 1)
        return probs, np.array([[s]])


def _pick(p):
    return int(np.argmax(p))


def _reference(prompt, state, stop_id, max_new, carry=True, feed_prompt="all",
               use_last=True, include_stop=True, stop=True):
    step = _ToyStepper()
    start = state
    if feed_prompt == "all":
        probs, state = step(np.array([prompt]), state)
    else:  # only the last prompt character
        probs, state = step(np.array([prompt[-1:]]), state)
    out = []
    while len(out) < max_new:
        p = probs[0, -1] if use_last else probs[0, 0]
        next_id = _pick(p)
        if stop and next_id == stop_id:
            if include_stop:
                out.append(next_id)
            break
        out.append(next_id)
        probs, new_state = step(np.array([[next_id]]), state if carry != "initial" else start)
        state = new_state if carry is True else state
    return out


_CASES = [  # prompt, start state, stop id, max_new
    ([2, 5, 1, 3], 0, 4, 30),
    ([6, 0], 2, 5, 30),
    ([1, 1, 4], 1, 0, 5),
]


def generate_line(fn):
    """generate_line(step, prompt_ids, state, pick, stop_id, max_new) -> list of new ids."""
    for prompt, start, stop_id, max_new in _CASES:
        state = np.array([[start]])
        args = (prompt, state, stop_id, max_new)
        expected = _reference(*args)
        got = call(fn, _ToyStepper(), list(prompt), state, _pick, stop_id, max_new,
                   name="generate_line")
        if got is None:
            raise ExerciseError("generate_line returned None: `return` the list of generated ids.")
        try:
            got = [int(i) for i in np.asarray(got).ravel()]
        except (TypeError, ValueError):
            raise ExerciseError(f"generate_line returned {type(got).__name__} {got!r:.60}: return a "
                                "list of integer character ids.") from None
        label = f"generate_line(step, {prompt}, ..., stop_id={stop_id}, max_new={max_new})"
        if got == list(prompt) + expected:
            raise ExerciseError("generate_line returned the prompt as well: return only the "
                                "generated ids.")
        mistakes = {
            "The state is not carried: each call to step must get the state returned by the "
            "previous call (here every step restarts from the same state).":
                _reference(*args, carry="initial"),
            "The state is not carried forward: after the prompt, each call to step must get "
            "the state returned by the previous call, not the state after the prompt.":
                _reference(*args, carry="prompt"),
            "Only the last prompt character went into the model: feed the whole prompt first, so "
            "that the state has read all of it.": _reference(*args, feed_prompt="last"),
            "After feeding the prompt, pick the next id from the distribution at its *last* "
            "position (probs[0, -1]), not the first.": _reference(*args, use_last=False),
            "The stop id should be included as the last generated id (then stop).":
                _reference(*args, include_stop=False),
            "Generation should stop right after the stop id is generated.":
                _reference(*args, stop=False),
        }
        for message, wrong in mistakes.items():
            if got != expected and got == wrong:
                raise ExerciseError(message)
        if len(got) > max_new:
            raise ExerciseError(f"{label} returned {len(got)} ids; at most max_new = {max_new}.")
        expect_array(np.array(got), np.array(expected), name=label)
    passed("generate_line feeds the prompt, carries the state, and stops at the stop id or "
           "max_new.")
