"""Notebook 02's exercise checks: each typical mistake gets its own sentence."""

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook02 as nb02


def _keras():
    """Keras, imported after TensorFlow's start-up logging is silenced."""
    from rnn_utils.env import quiet_tensorflow

    quiet_tensorflow()
    return pytest.importorskip("keras")


# --- exercise 1: mlp_param_count


def mlp_right(v, t, h, o=1):
    return v * t * h + h + h * o + o


@pytest.mark.parametrize("wrong, message", [
    (lambda v, t, h, o=1: v * h + h + h * o + o, "t_max is missing"),
    (lambda v, t, h, o=1: v * t * h + h * o, "biases are missing"),
    (lambda v, t, h, o=1: v * t * h + h, "hidden layer only"),
    (lambda v, t, h, o=1: v * t * h, "only the hidden layer's weights"),
    (lambda v, t, h, o=1: v * t * h + h + h + o, "hidden_units \\* outputs weights"),
    (lambda v, t, h, o=1: v * t * h * 2, "not right yet"),
    (lambda v, t, h, o=1: str(mlp_right(v, t, h, o)), "should be a number"),
    (lambda v, t, h, o=1: None, "is None"),
])
def test_mlp_param_count_mistakes(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb02.mlp_param_count(wrong)


def test_mlp_param_count_right(capsys):
    nb02.mlp_param_count(mlp_right)
    assert "Correct" in capsys.readouterr().out
    nb02.mlp_param_count(lambda v, t, h, o=1: np.int64(mlp_right(v, t, h, o)))


def test_mlp_param_count_not_implemented_passes_through():
    def stub(v, t, h, o=1):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb02.mlp_param_count(stub)


# --- exercise 2: padded_one_hot


def padded_right(sequences, vocab_size, t_max):
    ids = np.zeros((len(sequences), t_max), dtype=int)
    for row, sequence in enumerate(sequences):
        kept = sequence[:t_max]
        ids[row, :len(kept)] = kept
    return np.eye(vocab_size, dtype="float32")[ids] * (ids != 0)[..., None]


def keras_style(padding, truncating, zero_padding=True):
    """A padded_one_hot built like keras.utils.pad_sequences with the given options."""
    def fn(sequences, vocab_size, t_max):
        return nb02._reference_padded(sequences, vocab_size, t_max, padding, truncating, zero_padding)
    return fn


def mutating(sequences, vocab_size, t_max):
    for sequence in sequences:
        sequence.extend([0] * (t_max - len(sequence)))
    return padded_right([s[:t_max] for s in sequences], vocab_size, t_max)


@pytest.mark.parametrize("wrong, message", [
    (keras_style("pre", "post"), "padded on the left"),
    (keras_style("post", "pre"), "keeps its last words"),
    (keras_style("pre", "pre"), "defaults of Keras' pad_sequences"),
    (keras_style("post", "post", zero_padding=False), "all-zero vector, not word 0"),
    (lambda s, v, t: padded_right(s, v, t).reshape(len(s), -1), "flattened"),
    (lambda s, v, t: padded_right(s, v, t).astype("float64"), "dtype is float64"),
    (lambda s, v, t: padded_right(s, v, t)[:, :, 1:], "shape"),
    (lambda s, v, t: [np.eye(v)[x] for x in s], "cannot be turned into a NumPy array|Python objects"),
    (mutating, "changed the lists"),
    (lambda s, v, t: None, "is None"),
])
def test_padded_one_hot_mistakes(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb02.padded_one_hot(wrong)


def test_padded_one_hot_right(capsys):
    nb02.padded_one_hot(padded_right)
    assert "Correct" in capsys.readouterr().out


def test_padded_one_hot_reference_agrees_with_keras():
    keras = _keras()
    sequences, v, t = [[3, 1, 4], [1, 5, 2, 6, 5, 3], [2]], 7, 4
    ids = keras.utils.pad_sequences(sequences, maxlen=t, padding="post", truncating="post")
    expected = keras.ops.convert_to_numpy(keras.ops.one_hot(ids, v)) * (ids != 0)[..., None]
    np.testing.assert_array_equal(padded_right(sequences, v, t), expected)


# --- exercise 3: rnn_param_count


def rnn_right(v, h, o=1):
    return v * h + h * h + h + h * o + o


@pytest.mark.parametrize("wrong, message", [
    (lambda v, h, o=1: v * h + h + h * o + o, "recurrent weights U are missing"),
    (lambda v, h, o=1: 2 * v * h + h + h * o + o, "not vocab_size"),
    (lambda v, h, o=1: v * h + h * h + h * o, "biases are missing"),
    (lambda v, h, o=1: v * h + h * h + 2 * h + h * o + o, "One bias vector too many"),
    (lambda v, h, o=1: v * h + h * h + h, "recurrent layer only"),
    (lambda v, h, o=1: 10 * rnn_right(v, h, o), "not right yet"),
])
def test_rnn_param_count_mistakes(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb02.rnn_param_count(wrong)


def test_rnn_param_count_right(capsys):
    nb02.rnn_param_count(rnn_right)
    assert "Correct" in capsys.readouterr().out


# --- the references are Keras' own counts


def test_reference_counts_match_keras():
    keras = _keras()
    for v, t, h, o in nb02._MLP_CASES:
        mlp = keras.Sequential([keras.Input(shape=(t, v)), keras.layers.Flatten(),
                                keras.layers.Dense(h), keras.layers.Dense(o)])
        assert mlp.count_params() == nb02.mlp_params(v, t, h, o)
    for v, h, o in nb02._RNN_CASES:
        for steps in (3, None):
            rnn = keras.Sequential([keras.Input(shape=(steps, v)), keras.layers.Masking(),
                                    keras.layers.SimpleRNN(h), keras.layers.Dense(o)])
            assert rnn.count_params() == nb02.rnn_params(v, h, o)
