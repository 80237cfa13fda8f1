"""Notebook 02's checks: the right answers pass, and each typical mistake gets its own sentence.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, return the learner's function when it passes and the course's
reference (with one line saying so) otherwise. Every wrong answer below is written out as
a learner would write it, independently of the check's own mistake generators.
"""

import math

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook02 as nb02
from tests.exercise_support import goes_on_with_the_answer_or_the_reference, stub

padded_check = nb02.padded_one_hot.__wrapped__
mlp_check = nb02.mlp_layer_params.__wrapped__
rnn_check = nb02.rnn_layer_params.__wrapped__
detection_check = nb02.predicted_detection.__wrapped__


def _keras():
    """Keras, imported after TensorFlow's start-up logging is silenced."""
    from rnn_utils.env import quiet_tensorflow

    quiet_tensorflow()
    return pytest.importorskip("keras")


# ---------------------------------------------------------------------------
# Right answers, written as a learner might
# ---------------------------------------------------------------------------
def padded_right(sequences, vocab_size, t_max):
    ids = np.zeros((len(sequences), t_max), dtype=int)
    for row, sequence in enumerate(sequences):
        kept = sequence[:t_max]
        ids[row, :len(kept)] = kept
    return np.eye(vocab_size, dtype="float32")[ids] * (ids != 0)[..., None]


def padded_right_by_loops(sequences, vocab_size, t_max):
    out = np.zeros((len(sequences), t_max, vocab_size), dtype="float32")
    for i, sequence in enumerate(sequences):
        for t, word in enumerate(sequence[:t_max]):
            if word != 0:
                out[i, t, word] = 1.0
    return out


def mlp_right(vocab_size, t_max, units):
    inputs = vocab_size * t_max
    return inputs * units + units


def rnn_right(vocab_size, units):
    W = units * vocab_size
    U = units * units
    b = units
    return W + U + b


# ---------------------------------------------------------------------------
# Every in-flow check, decorated: the learner's function or the course's reference
# ---------------------------------------------------------------------------
DECORATED = [
    (nb02.padded_one_hot, padded_right, lambda s, v, t: padded_right(s, v, t)[:, ::-1]),
    (nb02.mlp_layer_params, mlp_right, lambda v, t, h: v * h + h),
    (nb02.rnn_layer_params, rnn_right, lambda v, h: v * h + h),
]


@pytest.mark.parametrize("check, right, wrong", DECORATED, ids=[c[0].__name__ for c in DECORATED])
def test_the_notebook_goes_on_with_the_learners_function_or_the_reference(check, right, wrong, capsys):
    goes_on_with_the_answer_or_the_reference(check, right, wrong, capsys)


@pytest.mark.parametrize("check", [c[0] for c in DECORATED], ids=[c[0].__name__ for c in DECORATED])
def test_the_references_pass_their_own_checks(check, capsys):
    check.__wrapped__(check.reference)
    assert check.reference.__name__ == check.__name__
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("check", [padded_check, mlp_check, rnn_check])
def test_a_stub_raises_not_implemented(check):
    with pytest.raises(NotImplementedError):
        check(stub)


def _all_messages(check, wrong_answers):
    messages = []
    for wrong in wrong_answers:
        with pytest.raises(ExerciseError) as error:
            check(wrong)
        messages.append(str(error.value))
    return messages


# ---------------------------------------------------------------------------
# Exercise 1: padded_one_hot
# ---------------------------------------------------------------------------
def test_padded_one_hot_accepts_the_right_answers(capsys):
    padded_check(padded_right)
    padded_check(padded_right_by_loops)
    assert capsys.readouterr().out.count("Correct") == 2


def padded_on_the_left(sequences, vocab_size, t_max):
    out = np.zeros((len(sequences), t_max, vocab_size), dtype="float32")
    for i, sequence in enumerate(sequences):
        kept = sequence[:t_max]
        start = t_max - len(kept)
        for t, word in enumerate(kept):
            if word:
                out[i, start + t, word] = 1
    return out


def keeps_the_last_words(sequences, vocab_size, t_max):
    return padded_right([s[-t_max:] for s in sequences], vocab_size, t_max)


def keras_defaults(sequences, vocab_size, t_max):
    keras = _keras()
    ids = keras.utils.pad_sequences(sequences, maxlen=t_max)   # padding="pre", truncating="pre"
    return np.eye(vocab_size, dtype="float32")[ids] * (ids != 0)[..., None]


def padding_is_word_0(sequences, vocab_size, t_max):
    ids = np.zeros((len(sequences), t_max), dtype=int)
    for row, sequence in enumerate(sequences):
        ids[row, :len(sequence[:t_max])] = sequence[:t_max]
    return np.eye(vocab_size, dtype="float32")[ids]


def zeros_in_the_input_become_word_0(sequences, vocab_size, t_max):
    out = np.zeros((len(sequences), t_max, vocab_size), dtype="float32")
    for i, sequence in enumerate(sequences):
        for t, word in enumerate(sequence[:t_max]):
            out[i, t, word] = 1.0
    return out


def as_long_as_the_longest(sequences, vocab_size, t_max):
    longest = max(len(s) for s in sequences)
    return padded_right(sequences, vocab_size, longest)


def pads_in_place(sequences, vocab_size, t_max):
    for sequence in sequences:
        sequence.extend([0] * (t_max - len(sequence)))
    return padded_right([s[:t_max] for s in sequences], vocab_size, t_max)


PADDED_MISTAKES = [
    (padded_on_the_left, "padded on the left"),
    (keeps_the_last_words, "keeps its last words"),
    (keras_defaults, "defaults of Keras' pad_sequences"),
    (padding_is_word_0, "Padding positions have a 1 at index 0"),
    (zeros_in_the_input_become_word_0, "0s already in a sequence are padding too"),
    (as_long_as_the_longest, "the length of the longest sequence"),
    (pads_in_place, "changed the lists"),
    (lambda s, v, t: padded_right(s, v, t).reshape(len(s), -1), "flattened"),
    (lambda s, v, t: padded_right(s, v, t).astype("float64"), "dtype is float64"),
    (lambda s, v, t: padded_right(s, v, t)[:, :, 1:], "has shape \\(3, 4, 6\\)"),
    (lambda s, v, t: [np.eye(v)[x] for x in s], "cannot be turned into a NumPy array|Python objects"),
    (lambda s, v, t: None, "forget to `return`"),
]


@pytest.mark.parametrize("wrong, message", PADDED_MISTAKES, ids=[m for _, m in PADDED_MISTAKES])
def test_padded_one_hot_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        padded_check(wrong)


def test_padded_one_hot_messages_are_distinct():
    messages = _all_messages(padded_check, [w for w, _ in PADDED_MISTAKES])
    assert len(set(messages)) == len(messages)


def test_padded_one_hot_reports_an_unrecognised_mistake_by_its_largest_difference():
    def word_ids_off_by_one(sequences, vocab_size, t_max):   # word w at index w - 1
        out = np.zeros((len(sequences), t_max, vocab_size), dtype="float32")
        for i, sequence in enumerate(sequences):
            for t, word in enumerate(sequence[:t_max]):
                if word:
                    out[i, t, word - 1] = 1
        return out

    with pytest.raises(ExerciseError, match="largest difference is 1 at index"):
        padded_check(word_ids_off_by_one)


def test_padded_one_hot_reference_agrees_with_keras():
    keras = _keras()
    for sequences in (nb02._SENTENCES, nb02._PADDED):
        ids = keras.utils.pad_sequences(sequences, maxlen=4, padding="post", truncating="post")
        expected = keras.ops.convert_to_numpy(keras.ops.one_hot(ids, 7)) * (ids != 0)[..., None]
        np.testing.assert_array_equal(nb02.padded_one_hot.reference(sequences, 7, 4), expected)


# ---------------------------------------------------------------------------
# Exercise 2: mlp_layer_params
# ---------------------------------------------------------------------------
def test_mlp_layer_params_accepts_the_right_answers(capsys):
    mlp_check(mlp_right)
    mlp_check(lambda v, t, h: np.int64((v * t + 1) * h))
    mlp_check(lambda v, t, h: float(v * t * h + h))
    assert capsys.readouterr().out.count("Correct") == 3


MLP_MISTAKES = [
    (lambda v, t, h: v * h + h, "one position only \\(the blog's 20k slip\\)"),
    (lambda v, t, h: t * h + h, "Each position counts as one number"),
    (lambda v, t, h: v * t * h, "biases are missing"),
    (lambda v, t, h: (v * t) * h + v * t, "One bias per input"),
    (lambda v, t, h: t * (v * h + h), "counted once per position"),
]


@pytest.mark.parametrize("wrong, message", MLP_MISTAKES, ids=[m for _, m in MLP_MISTAKES])
def test_mlp_layer_params_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        mlp_check(wrong)


def test_mlp_layer_params_messages_are_distinct():
    messages = _all_messages(mlp_check, [w for w, _ in MLP_MISTAKES])
    assert len(set(messages)) == len(messages)


@pytest.mark.parametrize("wrong, message", [
    (lambda v, t, h: v * t * h + 2 * h, "`mlp_layer_params\\(7, 3, 5\\)` is 115, which is not right yet"),
    (lambda v, t, h: str(mlp_right(v, t, h)), "should be a number"),
    (lambda v, t, h: None, "is None"),
])
def test_mlp_layer_params_reports_other_answers(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        mlp_check(wrong)


# ---------------------------------------------------------------------------
# Exercise 3: rnn_layer_params
# ---------------------------------------------------------------------------
def test_rnn_layer_params_accepts_the_right_answers(capsys):
    rnn_check(rnn_right)
    rnn_check(lambda v, h: h * (v + h + 1))
    assert capsys.readouterr().out.count("Correct") == 2


def one_matrix_per_step(vocab_size, units):
    T_MAX = 10   # the notebook's maximum length, at hand in a global
    return T_MAX * (vocab_size * units + units * units + units)


RNN_MISTAKES = [
    (lambda v, h: v * h + h, "recurrent weights U are missing"),
    (lambda v, h: v * h + v * h + h, "U reads the previous state, not a word"),
    (lambda v, h: v * h + h * h, "bias b is missing"),
    (lambda v, h: v * h + h * h + h + h, "One bias vector too many"),
    (lambda v, h: (v * h + h * h + h) + (h * 1 + 1), "includes an output layer"),
    (one_matrix_per_step, "10 times the right count"),
]


@pytest.mark.parametrize("wrong, message", RNN_MISTAKES, ids=[m for _, m in RNN_MISTAKES])
def test_rnn_layer_params_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        rnn_check(wrong)


def test_rnn_layer_params_messages_are_distinct():
    messages = _all_messages(rnn_check, [w for w, _ in RNN_MISTAKES])
    assert len(set(messages)) == len(messages)


def test_rnn_layer_params_reports_an_unrecognised_answer():
    with pytest.raises(ExerciseError, match="`rnn_layer_params\\(7, 5\\)` is 60.5, which is not right yet"):
        rnn_check(lambda v, h: v * h + h * h + h / 10)


# ---------------------------------------------------------------------------
# No message states the answer's formula
# ---------------------------------------------------------------------------
def test_no_message_spells_out_a_formula():
    wrong = ([w for w, _ in PADDED_MISTAKES] + [w for w, _ in MLP_MISTAKES]
             + [w for w, _ in RNN_MISTAKES])
    checks = ([padded_check] * len(PADDED_MISTAKES) + [mlp_check] * len(MLP_MISTAKES)
              + [rnn_check] * len(RNN_MISTAKES))
    for check, answer in zip(checks, wrong, strict=True):
        with pytest.raises(ExerciseError) as error:
            check(answer)
        message = str(error.value)
        for formula in ("vocab_size *", "* units", "t_max *", "* hidden", "units *", "V *", "* H"):
            assert formula not in message, message


# ---------------------------------------------------------------------------
# The references are Keras' own counts
# ---------------------------------------------------------------------------
def test_the_reference_counts_match_keras():
    keras = _keras()
    for v, t, h in nb02._MLP_CASES:
        mlp = keras.Sequential([keras.Input(shape=(t, v)), keras.layers.Flatten(),
                                keras.layers.Dense(h)])
        assert mlp.count_params() == nb02.mlp_layer_params.reference(v, t, h)
    for v, h in nb02._RNN_CASES:
        for steps in (3, None):
            layer = keras.layers.SimpleRNN(h)
            layer.build((None, steps, v))
            assert layer.count_params() == nb02.rnn_layer_params.reference(v, h)


# ---------------------------------------------------------------------------
# Exercise 4: predict, then measure
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("prediction", [0.0, 0, 0.05, np.float64(0.1)])
def test_a_close_prediction_is_confirmed_with_the_reason(prediction, capsys):
    assert detection_check(prediction, measured=0.0) == prediction
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct:") and "mlp_a calls 0% of them 'has key'" in out
    assert "just another word" in out and "not a coin toss" in out


def test_a_far_prediction_is_not_wrong_the_check_explains_the_measurement(capsys):
    assert nb02.predicted_detection(0.5, measured=0.0) == 0.5
    out = capsys.readouterr().out
    assert out.startswith("📏 Not quite: you predicted 50%, and mlp_a calls 0% of them")
    assert "not a coin toss" in out and FALLBACK not in out and "Correct" not in out


def test_the_explanation_follows_the_measurement_not_a_stored_answer(capsys):
    detection_check(1.0, measured=0.95)
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct:") and "95%" in out and "finds the key even where" in out
    detection_check(0.0, measured=0.4)
    out = capsys.readouterr().out
    assert out.startswith("📏") and "40%" in out and "random starting values" in out


@pytest.mark.parametrize("prediction, message", [
    (50, "looks like a percentage: write the fraction, 0.5"),
    (-0.2, "is not a fraction"),
    (250, "is not a fraction"),
    ("about half", "should be a number between 0 and 1"),
    ([0.5, 0.5], "should be a number between 0 and 1"),
    (True, "should be a number"),
    (math.nan, "is NaN"),
])
def test_a_prediction_that_is_not_a_fraction_is_named(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        detection_check(prediction, measured=0.0)


def test_an_unwritten_prediction_falls_back_without_an_error(capsys):
    assert nb02.predicted_detection(None, measured=0.0) is None
    out = capsys.readouterr().out
    assert "`prediction` is not written yet" in out and FALLBACK in out
    assert nb02.predicted_detection("about half", measured=0.0) is None
    assert capsys.readouterr().out.startswith("❌")
