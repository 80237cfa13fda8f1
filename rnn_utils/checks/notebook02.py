"""Checks for the exercises of notebook 02 (why not an MLP).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`,
so the notebook goes on with the learner's function when it passes and with the course's
reference (defined here, never shown in the notebook) otherwise:

    padded_one_hot = check.padded_one_hot(padded_one_hot)
    mlp_layer_params = check.mlp_layer_params(mlp_layer_params)
    rnn_layer_params = check.rnn_layer_params(rnn_layer_params)
    prediction = check.predicted_detection(prediction, measured=...)

No message states the answer's formula: a message names the mistake and what to look at.
"""


import numpy as np

from . import (
    ExerciseError,
    call,
    differs,
    exercise,
    expect_array,
    expect_fraction,
    expect_value,
    passed,
    percent,
)


# ---------------------------------------------------------------------------
# The course's references: what the notebook uses when an exercise does not pass yet
# ---------------------------------------------------------------------------
def _padded_variant(sequences, vocab_size, t_max, padding="post", truncating="post",
                    zero_padding=True):
    """The padded one-hot input, and the variants that typical mistakes produce."""
    ids = np.zeros((len(sequences), t_max), dtype=int)
    for row, sequence in enumerate(sequences):
        kept = sequence[:t_max] if truncating == "post" else sequence[-t_max:]
        if padding == "post":
            ids[row, :len(kept)] = kept
        else:
            ids[row, t_max - len(kept):] = kept
    out = np.eye(vocab_size, dtype="float32")[ids]
    return out * (ids != 0)[..., None] if zero_padding else out


def _padded_one_hot(sequences, vocab_size, t_max):
    """List of id lists (0 = padding) -> (batch, t_max, vocab_size) float32, right-padded,
    cut to the first t_max words, all-zero vectors at padding."""
    return _padded_variant(sequences, vocab_size, t_max)


def _mlp_layer_params(vocab_size, t_max, units):
    """Flatten -> Dense(units) over (t_max, vocab_size) one-hot inputs: weights and biases."""
    return vocab_size * t_max * units + units


def _rnn_layer_params(vocab_size, units):
    """SimpleRNN(units) over one-hot words: W, U and b."""
    return vocab_size * units + units * units + units


# ---------------------------------------------------------------------------
# Exercise 1: the padded one-hot input
# ---------------------------------------------------------------------------
# Ragged sentences (one longer than t_max, one of a single word), then sentences that already
# end in padding, as the lesson's arrays do.
_SENTENCES = [[3, 1, 4], [1, 5, 2, 6, 5, 3], [2]]
_PADDED = [[2, 5, 0, 0, 0], [4, 4, 1, 6, 3]]
_VOCAB, _T_MAX = 7, 4


def _check_padded(fn, sequences, extra_mistakes=None):
    copies = [list(s) for s in sequences]
    got = call(fn, copies, _VOCAB, _T_MAX, name="padded_one_hot")
    if copies != sequences:
        raise ExerciseError("padded_one_hot changed the lists it was given: build a new array "
                            "instead of modifying `sequences`.")
    shape = (len(sequences), _T_MAX, _VOCAB)
    try:
        got_shape = np.shape(got)
    except Exception:  # ragged or odd results: expect_array explains them
        got_shape = None
    if got_shape == (len(sequences), _T_MAX * _VOCAB):
        raise ExerciseError(f"The result is flattened to {got_shape}; return the "
                            f"(batch, t_max, vocab_size) array {shape}: the MLP's Flatten layer "
                            "does the flattening.")
    longest = max(len(s) for s in sequences)
    if got_shape == (len(sequences), longest, _VOCAB) and longest != _T_MAX:
        raise ExerciseError(f"The result has {longest} steps, the length of the longest "
                            f"sequence: every sequence should have t_max = {_T_MAX} steps, "
                            "padded or cut.")
    mistakes = {
        "The sequences are padded on the left; this course pads on the right "
        "(zeros after the words).":
            lambda: _padded_variant(sequences, _VOCAB, _T_MAX, padding="pre"),
        "The long sequence keeps its last words; cut it to its first t_max words.":
            lambda: _padded_variant(sequences, _VOCAB, _T_MAX, truncating="pre"),
        "Padding and truncation both happen at the front: these are the defaults of Keras' "
        "pad_sequences; pad and cut at the end (padding='post', truncating='post').":
            lambda: _padded_variant(sequences, _VOCAB, _T_MAX, padding="pre", truncating="pre"),
        **(extra_mistakes or {}),
    }
    expect_array(got, _padded_one_hot(sequences, _VOCAB, _T_MAX),
                 name=f"padded_one_hot({sequences}, {_VOCAB}, {_T_MAX})", mistakes=mistakes)
    if np.asarray(got).dtype != np.float32:
        raise ExerciseError(f"The values are right but the dtype is {np.asarray(got).dtype}; "
                            "return float32, Keras' default (give the dtype when you create "
                            "the array, or convert it at the end).")


@exercise(_padded_one_hot)
def padded_one_hot(fn):
    """padded_one_hot(sequences, vocab_size, t_max) -> (batch, t_max, vocab_size) float32."""
    _check_padded(fn, _SENTENCES, {
        "Padding positions have a 1 at index 0: padding must be an all-zero vector, not word 0.":
            lambda: _padded_variant(_SENTENCES, _VOCAB, _T_MAX, zero_padding=False),
    })
    _check_padded(fn, _PADDED, {
        "The 0s already in a sequence are padding too: they must become all-zero vectors, "
        "not word 0 (a 1 at index 0).":
            lambda: _padded_variant(_PADDED, _VOCAB, _T_MAX, zero_padding=False),
    })
    passed("padded_one_hot right-pads with all-zero vectors, keeps the first t_max words, and "
           "turns padding already in a sequence into zeros too.")


# ---------------------------------------------------------------------------
# Exercise 2: the parameters of the padded MLP's first layer
# ---------------------------------------------------------------------------
# (vocab_size, t_max, units): small sizes where every typical mistake gives a different
# number, then the blog's example and the notebook's experiment MLP.
_MLP_CASES = [(7, 3, 5), (1_000, 10, 20), (20, 10, 32)]


@exercise(_mlp_layer_params)
def mlp_layer_params(fn):
    """mlp_layer_params(vocab_size, t_max, units) -> int."""
    for v, t, h in _MLP_CASES:
        got = call(fn, v, t, h, name="mlp_layer_params")
        expect_value(got, _mlp_layer_params(v, t, h), name=f"mlp_layer_params({v}, {t}, {h})",
                     mistakes={
            "That is the count for one position only (the blog's 20k slip): after Flatten, the "
            "Dense layer receives the one-hot vectors of all t_max positions.": v * h + h,
            "Each position counts as one number here, but it is a one-hot vector of vocab_size "
            "numbers, and each of those numbers has its own weights.": t * h + h,
            "The weights are right, but the biases are missing: count weights and biases.":
                v * t * h,
            "One bias per input: a Dense layer has one bias per unit, not one per input.":
                v * t * h + v * t,
            "The biases are counted once per position: after Flatten there is one Dense "
            "layer, with one bias per unit whatever the length.": v * t * h + t * h,
        })
    passed("mlp_layer_params agrees with Keras' count_params() at every size the check tried, "
           "the blog's example included.")


# ---------------------------------------------------------------------------
# Exercise 3: the parameters of a SimpleRNN layer
# ---------------------------------------------------------------------------
_RNN_CASES = [(7, 5), (1_000, 20), (20, 32)]


def _per_step(times):
    return (f"That is {times} times the right count: did you count W, U and b once per time "
            "step? The RNN reuses the same ones at every step.")


@exercise(_rnn_layer_params)
def rnn_layer_params(fn):
    """rnn_layer_params(vocab_size, units) -> int."""
    for v, h in _RNN_CASES:
        right = _rnn_layer_params(v, h)
        got = call(fn, v, h, name="rnn_layer_params")
        expect_value(got, right, name=f"rnn_layer_params({v}, {h})", mistakes={
            "The recurrent weights U are missing: besides the word, every unit also reads the "
            "previous state, through U.": v * h + h,
            "U reads the previous state, not a word: its shape comes from the number of units, "
            "not from vocab_size.": 2 * v * h + h,
            "The bias b is missing: the equation adds it at every step.": v * h + h * h,
            "One bias vector too many: Keras' SimpleRNN has a single bias b (PyTorch's nn.RNN "
            "has two).": v * h + h * h + 2 * h,
            "That includes an output layer: count the SimpleRNN layer alone.": right + h + 1,
            **{_per_step(times): times * right for times in range(2, 101)},
        })
    passed("rnn_layer_params agrees with Keras, and it takes no length: the same W, U and b "
           "serve every step.")


# ---------------------------------------------------------------------------
# Exercise 4: predict, then measure (where the MLP detects the key it never saw there)
# ---------------------------------------------------------------------------

@exercise(None, name="prediction")
def predicted_detection(prediction, measured):
    """Compare a predicted share of sequences called 'has key', when the key sits at positions
    6 to 10 (never seen there in training), with the share the notebook measured.

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not a fraction.
    """
    prediction = expect_fraction(prediction, half="half of the sequences", none="it finds none",
                                 all_="it finds them all")
    said = (f"you predicted {percent(prediction)}, and mlp_a calls {percent(measured)} of "
            "them 'has key'")
    if measured < 0.1:
        why = ("a key at a position where it never appeared in training is just another word "
               "to the MLP, so it answers 'no key'. Its validation accuracy of 0.5 is not a "
               "coin toss: it says 'no' to every validation sequence, right for the half "
               "without the key.")
    elif measured > 0.9:
        why = ("it finds the key even where training never put it; the next slides look at "
               "the weights that read those positions.")
    else:
        why = ("the weights that read the key at positions 6 to 10 never learned anything, so "
               "a key there tips the answer only when their random starting values happen to "
               "push it over the threshold.")
    if abs(prediction - measured) <= 0.1:
        passed(f"{said}: {why}")
    else:
        differs(f"Not quite: {said}: {why}")
    return prediction
