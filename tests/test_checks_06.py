"""The checks of notebook 06 pass the right answers and name each typical mistake."""

from collections import Counter

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook06 as check
from rnn_utils.text import OOV, PAD, Vocabulary

# Exercise 1: the vocabulary ------------------------------------------------------------

def right_vocabulary(token_lists, min_count=1, max_size=None):
    return Vocabulary.build(token_lists, min_count=min_count, max_size=max_size).itos


def own_vocabulary(token_lists, min_count=1, max_size=None):
    counts = Counter(tok for tokens in token_lists for tok in tokens)
    words = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    if max_size is not None:
        words = words[: max_size - 2]
    return [PAD, OOV, *words]


def strict_min_count(token_lists, min_count=1, max_size=None):
    counts = Counter(tok for tokens in token_lists for tok in tokens)
    words = sorted((t for t, c in counts.items() if c > min_count), key=lambda t: (-counts[t], t))
    return [PAD, OOV, *words][:max_size]


def per_review(token_lists, min_count=1, max_size=None):
    counts = Counter(tok for tokens in token_lists for tok in set(tokens))
    words = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    return [PAD, OOV, *words][:max_size]


def no_specials(token_lists, min_count=1, max_size=None):
    return right_vocabulary(token_lists, min_count, max_size)[2:]


def size_without_specials(token_lists, min_count=1, max_size=None):
    counts = Counter(tok for tokens in token_lists for tok in tokens)
    words = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    return [PAD, OOV, *words[:max_size]]


def alphabetical(token_lists, min_count=1, max_size=None):
    counts = Counter(tok for tokens in token_lists for tok in tokens)
    return [PAD, OOV, *sorted(t for t, c in counts.items() if c >= min_count)][:max_size]


def most_common_order(token_lists, min_count=1, max_size=None):
    counts = Counter(tok for tokens in token_lists for tok in tokens)
    return [PAD, OOV, *(t for t, c in counts.most_common() if c >= min_count)][:max_size]


@pytest.mark.parametrize("answer", [right_vocabulary, own_vocabulary])
def test_vocabulary_right_answers_pass(answer, capsys):
    check.build_vocabulary(answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (no_specials, "should start with the padding token"),
    (strict_min_count, r"at least min_count \(>=, not >\)"),
    (per_review, "in how many reviews"),
    (size_without_specials, "max_size counts the two special tokens"),
    (alphabetical, "alphabetical order"),
    (most_common_order, "Ties are in first-seen order"),
    (lambda token_lists, min_count, max_size: Vocabulary.build(token_lists, min_count).stoi,
     "returned a dict"),
    (lambda token_lists, min_count, max_size: None, "should return a list"),
    (lambda token_lists, min_count, max_size: right_vocabulary(token_lists)[:5], "not right yet"),
])
def test_vocabulary_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseError, match=message):
        check.build_vocabulary(answer)


def test_vocabulary_stub_is_passed_through():
    def stub(token_lists, min_count, max_size):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        check.build_vocabulary(stub)


# Exercise 2: masked and unmasked classifiers --------------------------------------------

def classifier(mask_zero=lambda mask: mask, return_sequences=False, activation="sigmoid",
               input_dim=lambda vocab_size: vocab_size, masking_layer=False):
    def make(vocab_size, mask):
        import keras

        layers = [keras.Input((None,), dtype="int32"),
                  keras.layers.Embedding(input_dim(vocab_size), 8, mask_zero=mask_zero(mask))]
        if masking_layer:
            layers.append(keras.layers.Masking(0.0))
        layers += [keras.layers.LSTM(8, return_sequences=return_sequences),
                   keras.layers.Dense(1, activation=activation)]
        return keras.Sequential(layers, name="classifier")
    return make


def test_classifier_right_answer_passes(capsys):
    check.make_lstm_classifier(classifier())
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (classifier(mask_zero=lambda mask: False), "needs mask_zero=mask"),
    (classifier(mask_zero=lambda mask: False, masking_layer=True), "needs mask_zero=mask"),
    (classifier(mask_zero=lambda mask: True), "still ignores padding"),
    (classifier(mask_zero=lambda mask: not mask), "reversed"),
    (classifier(return_sequences=True), "one output per time step"),
    (classifier(activation=None), "outside"),
    (classifier(input_dim=lambda vocab_size: 10), "input_dim=vocab_size"),
    (lambda vocab_size, mask: None, "Keras model"),
])
def test_classifier_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseError, match=message):
        check.make_lstm_classifier(answer)


# Exercise 3: accuracy by length bin -----------------------------------------------------

def right_accuracy(lengths, y_true, y_prob, edges):
    lengths, correct = np.asarray(lengths), (np.asarray(y_prob) >= 0.5) == np.asarray(y_true)
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (lengths >= low) & (lengths < high)
        out.append(correct[inside].mean() if inside.any() else np.nan)
    return np.array(out)


def pandas_accuracy(lengths, y_true, y_prob, edges):
    import pandas as pd

    frame = pd.DataFrame({"correct": (np.asarray(y_prob) >= 0.5) == np.asarray(y_true),
                          "bin": pd.cut(lengths, edges, right=False)})
    return frame.groupby("bin", observed=False)["correct"].mean()


def mistaken_accuracy(**mistake):
    def answer(lengths, y_true, y_prob, edges):
        return check._accuracy_by_length(lengths, y_true, y_prob, edges, **mistake)
    return answer


@pytest.mark.parametrize("answer", [right_accuracy, pandas_accuracy])
def test_accuracy_right_answers_pass(answer, capsys):
    check.accuracy_by_length(answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (mistaken_accuracy(right=True), r"\[low, high\)"),
    (mistaken_accuracy(counts=True), "numbers of reviews per bin"),
    (mistaken_accuracy(threshold=False), "never equals a label"),
    (mistaken_accuracy(empty=0.0), "return np.nan there"),
    (lambda lengths, y_true, y_prob, edges: np.r_[np.full(len(edges) - 2, 0.7), np.nan],
     "overall accuracy"),
    (lambda lengths, y_true, y_prob, edges: right_accuracy(lengths, y_true, y_prob, edges)[:-1],
     "shape"),
    (lambda lengths, y_true, y_prob, edges: None, "None"),
])
def test_accuracy_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseError, match=message):
        check.accuracy_by_length(answer)
