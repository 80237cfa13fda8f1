"""Checks for the exercises of notebook 07 (text generation with a character-level model).

In-flow exercises (CONTRIBUTING.md): each check returns what the rest of the notebook uses,
the learner's answer when it passes, otherwise the course's reference below.
"""

import functools
import math
import warnings

import numpy as np

from . import ExerciseError, call, exercise, expect_array, expect_value, passed


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _ids(got, name, shape, vocabulary):
    """`got` as an integer array of `shape` with every id in range(vocabulary), or one sentence."""
    __tracebackhide__ = True
    if got is None:
        raise ExerciseError(f"`{name}` returned None: `return` the ids.")
    try:
        ids = np.asarray(got)
    except Exception:  # ragged lists and odd objects
        raise ExerciseError(f"`{name}` returned something that is not an array of ids "
                            "(rows of different lengths?).") from None
    if ids.shape != shape:
        if ids.shape == shape + (vocabulary,):
            hint = ("one row of probabilities per input row: draw one id from each row instead."
                    if len(shape) == 1 else "check which axis is which.")
        elif ids.shape == shape + (1,):
            hint = "drop the last axis (one id per row, not a column)."
        elif len(shape) == 2 and ids.shape == shape[::-1]:
            hint = ("time comes first: put one row per prompt, e.g. np.stack(generated, axis=1) "
                    "rather than np.array(generated).")
        else:
            hint = "check the number of rows and what each row holds."
        shapes = [f"({', '.join(map(str, s))}{',' if len(s) == 1 else ''})" for s in (ids.shape, shape)]
        raise ExerciseError(f"`{name}` has shape {shapes[0]}, expected {shapes[1]}: {hint}")
    if ids.dtype.kind not in "iu":
        raise ExerciseError(f"`{name}` holds {ids.dtype} values; return integer ids "
                            "(they index the vocabulary), e.g. with .astype(int).")
    if ids.size and (ids.min() < 0 or ids.max() >= vocabulary):
        raise ExerciseError(f"`{name}` holds ids from {ids.min()} to {ids.max()}; they must lie "
                            f"in 0 .. {vocabulary - 1} (one per character of the vocabulary).")
    return ids


# --- Exercise 1: sampling with temperature ---------------------------------------------------

def _sample_next(logits, temperature, rng):
    """One id per row of logits (batch, V), drawn from softmax(logits / temperature)."""
    scaled = logits / temperature
    weights = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    probs = weights / weights.sum(axis=-1, keepdims=True)
    draws = rng.random((len(probs), 1))
    return (probs.cumsum(axis=-1) < draws).sum(axis=-1).clip(max=probs.shape[-1] - 1)


_BASE = np.array([[0.5, 2.0, 0.0, -1.0, 1.0],      # two distributions of 5 characters, as logits
                  [0.0, -1.5, 1.0, 2.0, 0.5]])
_DRAWS = 2500       # draws per distribution: a frequency's standard deviation is at most 0.01
_TOLERANCE = 0.045  # 4.5 sd; every typical mistake is at least 0.14 away from the right frequencies
_TEMPERATURES = [("T = 2", 2.0), ("one temperature per row, 0.5 and 2", np.array([[0.5], [2.0]]))]


def _frequencies(fn, temperature, seed, draws=_DRAWS, base=_BASE):
    """Call fn on each row of `base` repeated `draws` times; (rows, V) frequencies of its ids."""
    logits = np.repeat(base, draws, axis=0)
    column = np.repeat(temperature, draws, axis=0) if np.ndim(temperature) else temperature
    given = logits.copy()
    got = call(fn, logits, column, np.random.default_rng(seed), name="sample_next")
    if not np.array_equal(logits, given):
        raise ExerciseError("sample_next changed the logits it was given: compute new arrays "
                            "instead of modifying `logits` in place.")
    ids = _ids(got, "sample_next", (len(logits),), base.shape[1])
    counts = np.stack([np.bincount(row, minlength=base.shape[1]) for row in ids.reshape(len(base), -1)])
    return counts / draws


def _sampling_mistakes(temperature):
    t = np.asarray(temperature, dtype=float)
    return {
        "You always took the most likely character (argmax): draw the id at random from the "
        "probabilities instead, so that each character comes up as often as its probability.":
            np.eye(_BASE.shape[1])[_BASE.argmax(axis=-1)],
        "Your draws are sharper where they should be flatter (and flatter where sharper): you "
        "multiplied the logits by T (or raised p to the power T); divide the logits by T.":
            _softmax(_BASE * t),
        "The temperature has no effect on your draws: divide the logits by T *before* the softmax "
        "(dividing the probabilities by T and renormalising cancels out).": _softmax(_BASE),
        "You applied the temperature after the softmax, to the probabilities: divide the logits "
        "by T first, then take the softmax of the result.": _softmax(_softmax(_BASE) / t),
    }


@exercise(_sample_next, name="sample_next")
def sample_next(fn):
    """sample_next(logits (batch, V), temperature, rng) -> ids (batch,) from softmax(logits / T)."""
    for seed, (label, temperature) in enumerate(_TEMPERATURES):
        expect_array(_frequencies(fn, temperature, seed), _softmax(_BASE / temperature),
                     name=f"the frequencies of your draws at {label}", atol=_TOLERANCE,
                     mistakes=_sampling_mistakes(temperature))
    logits = np.repeat(_BASE, 50, axis=0)
    first, again = (call(fn, logits, 1.0, np.random.default_rng(7), name="sample_next") for _ in range(2))
    if not np.array_equal(np.asarray(first), np.asarray(again)):
        raise ExerciseError("Two runs with generators seeded alike gave different ids: draw with "
                            "the `rng` you are given (rng.random or rng.choice), not np.random, "
                            "so that a seed makes the generated text repeatable.")
    # Large logits (or a small T): exp overflows to inf, and inf / inf is NaN.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ok = np.array_equal(_frequencies(fn, 0.5, 8, draws=50, base=_BASE * 400),
                                np.eye(_BASE.shape[1])[_BASE.argmax(axis=-1)])
        except ExerciseError:
            ok = False
    if not ok:
        raise ExerciseError("With large logits (here up to 1,600 after dividing by T) np.exp "
                            "overflows and gives NaN: subtract each row's maximum from the scaled "
                            "logits before np.exp (the softmax does not change).")
    passed("sample_next draws each character as often as softmax(logits / T) says, with one "
           "temperature or one per row, repeatably from a seed, and without overflow.")


# --- Exercise 2: a generation loop that carries the state ------------------------------------

_V = 7
# The stand-in sampler's fixed preferences: it takes the model's favourite id only when that
# id's preference is high enough, so a loop that takes the argmax itself gives other ids.
_PREFERENCES = np.array([0.0, 1.2, 0.4, 2.6, 0.9, 1.9, 0.2])


class _Misuse(Exception):
    """The learner's loop called the stand-in step or pick in a way they do not accept."""


class _ToyStep:
    """A deterministic stand-in for `step`: the next id depends on everything read so far.

    step(ids (batch, T), state (batch, 1)) -> (logits (batch, T, V), new state (batch, 1)).
    It records the length of every call, and a misuse as one sentence in `problem`.
    """

    def __init__(self, batch):
        self.batch, self.lengths, self.problem = batch, [], None

    def _refuse(self, sentence):
        self.problem = sentence
        raise _Misuse(sentence)

    def __call__(self, ids, state):
        ids = np.asarray(ids)
        if ids.ndim != 2 or ids.shape[0] != self.batch or ids.shape[1] < 1:
            self._refuse(f"step takes ids of shape (batch, T), here ({self.batch}, T), but got shape "
                         f"{ids.shape}: feed the sampled ids as a column, next_ids[:, None].")
        if ids.dtype.kind not in "iu":
            self._refuse(f"step takes integer ids, but got {ids.dtype} values.")
        if state is None or np.shape(state) != (self.batch, 1):
            self._refuse(f"step takes the state it returned before (here of shape ({self.batch}, 1)), "
                         f"but got {'None' if state is None else 'shape ' + str(np.shape(state))}: "
                         "start from the `state` argument, then pass back each new state.")
        s = np.asarray(state)[:, 0].astype(int)
        logits = np.zeros((self.batch, ids.shape[1], _V))
        for t in range(ids.shape[1]):
            s = (3 * s + ids[:, t] + 1) % _V
            logits[np.arange(self.batch), t, s] = 2.0
        self.lengths.append(ids.shape[1])
        return logits, s[:, None]


def _make_pick(step):
    def pick(logits):
        logits = np.asarray(logits)
        if logits.shape != (step.batch, _V):
            step._refuse(f"pick takes the logits of one position, shape (batch, V) = ({step.batch}, "
                         f"{_V}), but got shape {logits.shape}: pass logits[:, -1].")
        return np.argmax(logits + _PREFERENCES, axis=-1)
    return pick


def _generate_ids(step, prompt_ids, state, pick, length):
    """Continue every row of prompt_ids (batch, P) by `length` ids; returns (batch, length)."""
    logits, state = step(prompt_ids, state)
    generated = []
    for _ in range(length):
        next_ids = pick(logits[:, -1])
        generated.append(next_ids)
        logits, state = step(next_ids[:, None], state)
    return np.stack(generated, axis=1)


def _reference(prompt, start, length, carry=True, feed_prompt="all", position=-1, chooser="pick"):
    """The right answer, or one typical mistake, on the stand-in step."""
    step = _ToyStep(len(prompt))
    pick = _make_pick(step) if chooser == "pick" else (lambda logits: np.argmax(logits, axis=-1))
    logits, state = step(prompt if feed_prompt == "all" else prompt[:, -1:], start)
    after_prompt = state
    out = []
    for _ in range(length):
        out.append(pick(logits[:, position]))
        logits, new_state = step(out[-1][:, None], {True: state, "initial": start,
                                                    "prompt": after_prompt}[carry])
        state = new_state if carry is True else state
    return np.stack(out, axis=1)


_CASES = [  # prompts (batch, P), start state (batch, 1), length
    (np.array([[2, 5, 1, 3], [6, 0, 4, 4]]), np.array([[1], [5]]), 12),
    (np.array([[1, 6]]), np.array([[3]]), 9),
]
_LOOP_MISTAKES = {
    "The state is not carried: every call to step restarts from the start state. Pass back the "
    "state that each call returns (this is the forgotten-state bug).": {"carry": "initial"},
    "The state is not carried forward: after the prompt, each call to step must get the state "
    "returned by the previous call, not the state left by the prompt.": {"carry": "prompt"},
    "Only the last prompt character went into the model: feed the whole prompt first, so that "
    "the state has read all of it.": {"feed_prompt": "last"},
    "You picked from the logits at the first position; the next character comes from the "
    "*last* position, logits[:, -1].": {"position": 0},
    "You took the argmax of the logits yourself: call `pick` on the last logits, so that the "
    "sampler (with its temperature) chooses.": {"chooser": "argmax"},
}


@exercise(_generate_ids, name="generate_ids")
def generate_ids(fn):
    """generate_ids(step, prompt_ids, state, pick, length) -> (batch, length) new ids."""
    for prompt, start, length in _CASES:
        step = _ToyStep(len(prompt))
        try:
            got = call(fn, step, prompt.copy(), start.copy(), _make_pick(step), length,
                       name="generate_ids")
        except ExerciseError:
            if step.problem:
                raise ExerciseError(step.problem) from None
            raise
        batch, width = prompt.shape
        if sum(step.lengths) > width + length:
            raise ExerciseError("You fed the text again at every step: feed only the newly sampled "
                                "ids and carry the state, which has read the rest (reading it all "
                                "again costs time that grows with the square of the length).")
        ids = np.asarray(got) if got is not None else None
        expected = _reference(prompt, start, length)
        if (ids is not None and ids.shape == (batch, width + length) and ids.dtype.kind in "iu"
                and np.array_equal(ids[:, width:], expected)):
            raise ExerciseError("generate_ids returned the prompt as well: return only the "
                                "generated ids.")
        if ids is not None and ids.ndim == 2 and ids.shape[0] == batch and ids.shape[1] != length:
            raise ExerciseError(f"generate_ids returned {ids.shape[1]} ids per row for length = "
                                f"{length}: generate exactly `length` ids.")
        ids = _ids(got, "generate_ids", (batch, length), _V)
        expect_array(ids, expected, name=f"generate_ids on the prompts {prompt.tolist()}",
                     mistakes={message: functools.partial(_reference, prompt, start, length, **option)
                               for message, option in _LOOP_MISTAKES.items()})
    passed("generate_ids reads the prompt once, picks from the last logits, feeds each new id back "
           "and carries the state.")


# --- Exercise 3: perplexity from per-character losses ----------------------------------------

def _perplexity(char_losses):
    """Perplexity of a text from its per-character losses in nats."""
    return float(np.exp(np.mean(char_losses)))


_LOSSES = np.array([0.2, 1.5, 3.1, 0.7, 2.4, 0.05])


@exercise(_perplexity, name="perplexity")
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


# --- Exercise 4 (predict, then measure): the model's perplexity on its own text ---------------

_PREDICTED_AT = (0.5, 1.5)


@exercise(None, name="predicted")
def self_perplexity(predicted, measured):
    """Compare predicted = {0.5: p, 1.5: p} with the perplexities the notebook measured.

    There is no wrong prediction, only impossible ones: the check says what was measured and why.
    """
    low, high = _PREDICTED_AT
    if not isinstance(predicted, dict) or set(_PREDICTED_AT) - set(predicted):
        raise ExerciseError("Write your prediction as a dict with one perplexity per temperature, "
                            f"predicted = {{{low}: ..., {high}: ...}}.")
    for t in _PREDICTED_AT:
        value = predicted[t]
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
            raise ExerciseError(f"Your prediction at T = {t} should be a number, got a "
                                f"{type(value).__name__}.")
        if not math.isfinite(value) or value < 1:
            raise ExerciseError(f"Your prediction at T = {t} is {value}, which is impossible: a "
                                "perplexity is at least 1 (and finite), since every p is at most 1, "
                                "so every loss -ln p is at least 0.")
    said = (f"you predicted {predicted[low]:.3g} at T = {low} and {predicted[high]:.3g} at "
            f"T = {high}; the model measures {measured[low]:.2f} and {measured[high]:.2f}.")
    if predicted[low] >= predicted[high]:
        why = ("The order is the other way round: a low temperature picks the characters the model "
               "finds likely, so its own text surprises it little, and a high one picks characters "
               "it finds unlikely.")
    elif all(max(predicted[t] / measured[t], measured[t] / predicted[t]) <= 1.5 for t in _PREDICTED_AT):
        why = ("Both within a factor 1.5: perplexity measures the model's surprise, and the "
               "temperature decides how often the sampler picks characters the model finds unlikely.")
    else:
        why = ("The direction is right; the sizes show how strongly the temperature moves the "
               "sampler towards (T < 1) or away from (T > 1) the characters the model finds likely.")
    passed(f"{said} {why}")
