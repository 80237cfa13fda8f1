"""Checks for the exercises of notebook 02 (why not an MLP)."""

import numpy as np

from . import ExerciseError, call, expect_array, expect_value, passed

# (vocab_size, t_max or None, hidden_units, outputs). The first case has outputs > 1, so
# that every typical mistake gives a different number; then the blog example and the
# notebook's experiment models.
_MLP_CASES = [(7, 3, 5, 4), (1_000, 10, 20, 1), (20, 10, 16, 1)]
_RNN_CASES = [(7, 5, 4), (1_000, 20, 1), (20, 16, 1)]


def mlp_params(vocab_size, t_max, hidden_units, outputs=1):
    """Reference: Flatten -> Dense(hidden_units) -> Dense(outputs) over (t_max, vocab_size)."""
    return vocab_size * t_max * hidden_units + hidden_units + hidden_units * outputs + outputs


def rnn_params(vocab_size, hidden_units, outputs=1):
    """Reference: SimpleRNN(hidden_units) -> Dense(outputs) over one-hot words."""
    v, h, o = vocab_size, hidden_units, outputs
    return v * h + h * h + h + h * o + o


def mlp_param_count(fn):
    """mlp_param_count(vocab_size, t_max, hidden_units, outputs) -> int."""
    for v, t, h, o in _MLP_CASES:
        got = call(fn, v, t, h, o, name="mlp_param_count")
        expect_value(got, mlp_params(v, t, h, o), name=f"mlp_param_count({v}, {t}, {h}, {o})",
                     mistakes={
            "t_max is missing: the flattened input has t_max * vocab_size entries, and each "
            "has its own weight to every hidden unit (this is the blog's 20k slip).":
                mlp_params(v, 1, h, o),
            "The biases are missing: each Dense layer also has one bias per unit.":
                v * t * h + h * o,
            "That counts the hidden layer only: add the output layer's weights and biases.":
                v * t * h + h,
            "That counts only the hidden layer's weights: add its biases and the output layer.":
                v * t * h,
            "The output layer needs hidden_units * outputs weights (every hidden unit feeds "
            "every output), plus outputs biases.": v * t * h + h + h + o,
        })
    passed("mlp_param_count matches Keras' count_params(), e.g. 200,041 for the blog example "
           "with one output.")


def _reference_padded(sequences, vocab_size, t_max, padding="post", truncating="post",
                      zero_padding=True):
    ids = np.zeros((len(sequences), t_max), dtype=int)
    for row, sequence in enumerate(sequences):
        kept = sequence[:t_max] if truncating == "post" else sequence[-t_max:]
        if padding == "post":
            ids[row, :len(kept)] = kept
        else:
            ids[row, t_max - len(kept):] = kept
    out = np.eye(vocab_size, dtype="float32")[ids]
    return out * (ids != 0)[..., None] if zero_padding else out


def padded_one_hot(fn):
    """padded_one_hot(sequences, vocab_size, t_max) -> (batch, t_max, vocab_size) float32."""
    sequences, vocab_size, t_max = [[3, 1, 4], [1, 5, 2, 6, 5, 3], [2]], 7, 4
    copies = [list(s) for s in sequences]
    got = call(fn, copies, vocab_size, t_max, name="padded_one_hot")
    if copies != sequences:
        raise ExerciseError("padded_one_hot changed the lists it was given: build a new array "
                            "instead of modifying `sequences`.")
    shape = (len(sequences), t_max, vocab_size)
    try:
        flat = np.shape(got) == (len(sequences), t_max * vocab_size)
    except Exception:  # ragged or odd results: expect_array explains them
        flat = False
    if flat:
        raise ExerciseError(f"The result is flattened to {np.shape(got)}; return the "
                            f"(batch, t_max, vocab_size) array {shape}: the MLP's Flatten layer "
                            "does the flattening.")
    reference = _reference_padded(sequences, vocab_size, t_max)
    expect_array(got, reference, name="padded_one_hot(sequences, 7, 4)", mistakes={
        "The sequences are padded on the left; this course pads on the right "
        "(zeros after the words).": _reference_padded(sequences, vocab_size, t_max, padding="pre"),
        "The long sequence keeps its last words; cut it to its first t_max words.":
            _reference_padded(sequences, vocab_size, t_max, truncating="pre"),
        "Padding and truncation both happen at the front: these are the defaults of Keras' "
        "pad_sequences; pad and cut at the end (padding='post', truncating='post').":
            _reference_padded(sequences, vocab_size, t_max, padding="pre", truncating="pre"),
        "Padding positions have a 1 at index 0: padding must be an all-zero vector, not word 0.":
            _reference_padded(sequences, vocab_size, t_max, zero_padding=False),
    })
    if np.asarray(got).dtype != np.float32:
        raise ExerciseError(f"The values are right but the dtype is {np.asarray(got).dtype}; "
                            "return float32 (Keras' default), e.g. np.eye(..., dtype='float32').")
    passed("padded_one_hot right-pads with all-zero vectors and keeps the first t_max words.")


def rnn_param_count(fn):
    """rnn_param_count(vocab_size, hidden_units, outputs) -> int."""
    for v, h, o in _RNN_CASES:
        got = call(fn, v, h, o, name="rnn_param_count")
        expect_value(got, rnn_params(v, h, o), name=f"rnn_param_count({v}, {h}, {o})", mistakes={
            "The recurrent weights U are missing: the previous state (hidden_units numbers) "
            "feeds every unit, so U is hidden_units x hidden_units.": v * h + h + h * o + o,
            "U maps the previous state, which has hidden_units numbers, not vocab_size: it is "
            "hidden_units x hidden_units.": 2 * v * h + h + h * o + o,
            "The biases are missing: the recurrent layer has one bias per unit, and so does "
            "the output layer.": v * h + h * h + h * o,
            "One bias vector too many: Keras' SimpleRNN has one bias per unit (PyTorch's "
            "nn.RNN has two).": v * h + h * h + 2 * h + h * o + o,
            "That counts the recurrent layer only: add the output layer's weights and biases.":
                v * h + h * h + h,
        })
    passed("rnn_param_count matches Keras, and no sequence length appears in it: 20,441 for "
           "the blog's sizes with one output, at any T.")
