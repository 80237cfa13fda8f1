"""Checks for the exercises of notebook 01 (sequences and notation)."""

import numpy as np

from . import ExerciseError, call, expect_array, passed


def _example_batch():
    """A padded batch of 3 sequences over a vocabulary of 6 (0 is padding)."""
    ids = np.array([[2, 5, 3, 0, 0],
                    [4, 4, 0, 0, 0],
                    [3, 2, 5, 1, 4]])
    return ids, 6


def _one_hot(ids, vocab_size):
    out = np.eye(vocab_size, dtype="float32")[ids]
    out[ids == 0] = 0.0
    return out


def x_at(fn):
    """x_at(X, i, t) must return x^(i)<t> with 1-based i and t, as in the notation."""
    ids, vocab_size = _example_batch()
    X = _one_hot(ids, vocab_size)
    batch, steps = ids.shape
    for i, t in [(1, 2), (2, 3), (3, 5)]:
        mistakes = {}
        if i < batch and t < steps:
            mistakes["x_at uses i and t as Python indices, but the notation counts from 1: "
                     "x^(1)<1> is X[0, 0]."] = X[i, t]
        if t <= batch and i <= steps:
            mistakes["x_at swaps the axes: the example index i comes first, "
                     "then the time step t."] = X[t - 1, i - 1]
        got = call(fn, X, i, t, name="x_at")
        expect_array(got, X[i - 1, t - 1], name=f"x_at(X, {i}, {t})", mistakes=mistakes)
    passed("x_at picks example i, step t, counting from 1 like the notation.")


def one_hot_batch(fn):
    """one_hot_batch(ids, vocab_size) -> (batch, T, vocab_size), zeros at padding."""
    ids, vocab_size = _example_batch()
    got = call(fn, ids, vocab_size, name="one_hot_batch")
    expected = _one_hot(ids, vocab_size)
    with_padding_hot = np.eye(vocab_size, dtype="float32")[ids]
    expect_array(got, expected, name="one_hot_batch(ids, 6)", mistakes={
        "Padding positions (id 0) should be all-zero vectors, but yours have a 1 at index 0: "
        "zero them, e.g. with the mask `ids != 0`.": with_padding_hot,
        "The 1s are one position off: the vector for id k has its 1 at index k "
        "(id 0 is padding).": lambda: np.eye(vocab_size, dtype="float32")[
            np.clip(ids - 1, 0, None)] * (ids != 0)[..., None],
    })
    passed("one_hot_batch gives (batch, T, V) with all-zero vectors at padding.")


def lengths_and_mask(fn):
    """lengths_and_mask(padded) -> (lengths (batch,), mask (batch, T) bool)."""
    ids, _ = _example_batch()
    result = call(fn, ids, name="lengths_and_mask")
    if not isinstance(result, tuple) or len(result) != 2:
        raise ExerciseError("lengths_and_mask should return two things: `return lengths, mask`.")
    lengths, mask = result
    expected_mask = ids != 0
    expect_array(mask, expected_mask, name="mask", dtype_kind="bool", mistakes={
        "The mask is inverted: it should be True at real tokens and False at padding.":
            ~expected_mask,
    })
    expect_array(lengths, expected_mask.sum(axis=1), name="lengths", mistakes={
        "Every length equals the padded length T: count only the real tokens (the mask).":
            np.full(len(ids), ids.shape[1]),
        "These are the numbers of padding positions; the length counts real tokens.":
            (~expected_mask).sum(axis=1),
    })
    passed("lengths_and_mask counts real tokens and marks them True.")
