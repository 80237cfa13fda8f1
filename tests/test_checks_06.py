"""Notebook 06: each exercise check accepts the right answer and names each typical mistake.

The raw check (`check.NAME.__wrapped__`) raises ExerciseError; the decorated check, as the
notebook calls it, returns the learner's answer when it passes and the course's reference
otherwise. Every wrong answer below is written out as a learner would write it.
"""

from collections import Counter

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook06 as check
from rnn_utils.text import OOV, PAD, Vocabulary, pad
from tests.exercise_support import falls_back, stub


def head_and_tail(ids, max_tokens):
    """The notebook's head_and_tail, as the learner has it when writing encode."""
    if len(ids) <= max_tokens:
        return list(ids)
    head = max_tokens // 2
    return list(ids[:head]) + list(ids[len(ids) - (max_tokens - head):])


# --- Exercise 1: build_vocabulary -------------------------------------------------------------

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
    counts = Counter(tok for tokens in token_lists for tok in tokens)
    words = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    return words if max_size is None else words[: max_size - 2]


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
    check.build_vocabulary.__wrapped__(answer)
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
])
def test_vocabulary_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseError, match=message):
        check.build_vocabulary.__wrapped__(answer)


def test_vocabulary_unrecognised_mistake_gets_the_generic_message():
    def first_five(token_lists, min_count=1, max_size=None):
        return right_vocabulary(token_lists)[:5]

    with pytest.raises(ExerciseError, match="which is not right yet"):
        check.build_vocabulary.__wrapped__(first_five)


def test_vocabulary_in_the_notebook(capsys):
    assert check.build_vocabulary(own_vocabulary) is own_vocabulary
    assert "Correct" in capsys.readouterr().out
    assert "not written yet" in falls_back(check.build_vocabulary, stub, capsys)
    assert "alphabetical order" in falls_back(check.build_vocabulary, alphabetical, capsys)
    reference = check.build_vocabulary.reference
    assert reference.__name__ == "build_vocabulary"
    assert reference([["b", "a", "b"]], 1) == right_vocabulary([["b", "a", "b"]], 1)


# --- Exercise 2: encode -----------------------------------------------------------------------

def encode_with_a_dict(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary)}
    ids = np.zeros((len(token_lists), max_tokens), dtype="int32")
    for row, tokens in enumerate(token_lists):
        kept = head_and_tail([index.get(token, 1) for token in tokens], max_tokens)
        ids[row, :len(kept)] = kept
    return ids


def encode_with_the_helpers(token_lists, vocabulary, max_tokens):
    vocab = Vocabulary(vocabulary)
    return pad([head_and_tail(vocab.encode(tokens), max_tokens) for tokens in token_lists],
               maxlen=max_tokens)


def encode_with_list_index(token_lists, vocabulary, max_tokens):
    rows = []
    for tokens in token_lists:
        ids = [vocabulary.index(t) if t in vocabulary else 1 for t in tokens]
        ids = head_and_tail(ids, max_tokens)
        rows.append(ids + [0] * (max_tokens - len(ids)))
    return np.array(rows, dtype="int64")


def pad_sequences_defaults(token_lists, vocabulary, max_tokens):
    import keras

    index = {token: i for i, token in enumerate(vocabulary)}
    return keras.utils.pad_sequences([[index.get(t, 1) for t in tokens] for tokens in token_lists],
                                     maxlen=max_tokens)


def pad_sequences_post_padding(token_lists, vocabulary, max_tokens):
    import keras

    index = {token: i for i, token in enumerate(vocabulary)}
    return keras.utils.pad_sequences([[index.get(t, 1) for t in tokens] for tokens in token_lists],
                                     maxlen=max_tokens, padding="post")


def left_padding(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary)}
    ids = np.zeros((len(token_lists), max_tokens), dtype="int32")
    for row, tokens in enumerate(token_lists):
        kept = head_and_tail([index.get(token, 1) for token in tokens], max_tokens)
        if kept:
            ids[row, -len(kept):] = kept
    return ids


def first_tokens_only(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary)}
    ids = np.zeros((len(token_lists), max_tokens), dtype="int32")
    for row, tokens in enumerate(token_lists):
        kept = [index.get(token, 1) for token in tokens][:max_tokens]
        ids[row, :len(kept)] = kept
    return ids


def unknown_as_padding(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary)}
    ids = np.zeros((len(token_lists), max_tokens), dtype="int32")
    for row, tokens in enumerate(token_lists):
        kept = head_and_tail([index.get(token, 0) for token in tokens], max_tokens)
        ids[row, :len(kept)] = kept
    return ids


def unknown_dropped(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary)}
    ids = np.zeros((len(token_lists), max_tokens), dtype="int32")
    for row, tokens in enumerate(token_lists):
        kept = head_and_tail([index[token] for token in tokens if token in index], max_tokens)
        ids[row, :len(kept)] = kept
    return ids


def counted_from_one(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary, start=1)}
    ids = np.zeros((len(token_lists), max_tokens), dtype="int32")
    for row, tokens in enumerate(token_lists):
        kept = head_and_tail([index.get(token, 1) for token in tokens], max_tokens)
        ids[row, :len(kept)] = kept
    return ids


def float_zeros(token_lists, vocabulary, max_tokens):
    index = {token: i for i, token in enumerate(vocabulary)}
    ids = np.zeros((len(token_lists), max_tokens))
    for row, tokens in enumerate(token_lists):
        kept = head_and_tail([index.get(token, 1) for token in tokens], max_tokens)
        ids[row, :len(kept)] = kept
    return ids


def padded_to_the_longest(token_lists, vocabulary, max_tokens):
    vocab = Vocabulary(vocabulary)
    return pad([vocab.encode(tokens) for tokens in token_lists])


def not_padded(token_lists, vocabulary, max_tokens):
    vocab = Vocabulary(vocabulary)
    return [head_and_tail(vocab.encode(tokens), max_tokens) for tokens in token_lists]


def keeps_more_of_the_head(token_lists, vocabulary, max_tokens):
    vocab = Vocabulary(vocabulary)
    rows = []
    for tokens in token_lists:
        ids = vocab.encode(tokens)
        if len(ids) > max_tokens:
            head = (max_tokens + 1) // 2
            ids = ids[:head] + ids[len(ids) - (max_tokens - head):]
        rows.append(ids)
    return pad(rows, maxlen=max_tokens)


@pytest.mark.parametrize("answer", [encode_with_a_dict, encode_with_the_helpers,
                                    encode_with_list_index])
def test_encode_right_answers_pass(answer, capsys):
    check.encode.__wrapped__(answer)
    assert "Correct" in capsys.readouterr().out


ENCODE_MISTAKES = [
    (pad_sequences_defaults, "pad_sequences' defaults"),
    (pad_sequences_post_padding, "lost its beginning"),
    (left_padding, "padding is on the left"),
    (first_tokens_only, "lost its end"),
    (unknown_as_padding, "the padding index"),
    (unknown_dropped, "Unknown tokens are missing"),
    (counted_from_one, "one too high"),
    (float_zeros, "float64 values; token ids are integers"),
    (padded_to_the_longest, "9 columns; every row should have max_tokens = 6"),
    (not_padded, "rows of different lengths"),
    (lambda token_lists, vocabulary, max_tokens: None, "is None"),
]


@pytest.mark.parametrize("answer, message", ENCODE_MISTAKES)
def test_encode_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseError, match=message):
        check.encode.__wrapped__(answer)


def test_encode_mistakes_have_their_own_messages():
    messages = set()
    for answer, _ in ENCODE_MISTAKES:
        with pytest.raises(ExerciseError) as error:
            check.encode.__wrapped__(answer)
        messages.add(str(error.value))
    assert len(messages) == len(ENCODE_MISTAKES)


def test_encode_unrecognised_mistake_gets_the_largest_difference():
    with pytest.raises(ExerciseError, match=r"max_tokens=5\)` has the right shape but different "
                                            r"values: the largest difference is .* at index"):
        check.encode.__wrapped__(keeps_more_of_the_head)


def test_encode_in_the_notebook(capsys):
    assert check.encode(encode_with_a_dict) is encode_with_a_dict
    assert "Correct" in capsys.readouterr().out
    assert "not written yet" in falls_back(check.encode, stub, capsys)
    assert "padding is on the left" in falls_back(check.encode, left_padding, capsys)
    reference = check.encode.reference
    assert reference.__name__ == "encode"
    vocabulary = [PAD, OOV, "good", "film"]
    expected = encode_with_a_dict([["good", "film", "!"]] * 2, vocabulary, 4)
    assert np.array_equal(reference([["good", "film", "!"]] * 2, vocabulary, 4), expected)


# --- Exercise 3 (predict, then measure): the same models with room for 300 tokens -----------

MEASURED = {"measured": {"no mask": -0.115, "masked": 0.004}, "padding": (0.14, 0.57)}


@pytest.mark.parametrize("prediction", [{"no mask": -0.1, "masked": 0.0},
                                        {"no mask": -0.15, "masked": 0.05},
                                        {"masked": 0, "no mask": -0.07}])
def test_a_close_prediction_is_confirmed_with_the_reason(prediction, capsys):
    check.longer_reviews.__wrapped__(prediction, **MEASURED)
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct:") and "changed by -0.115 and +0.004" in out
    assert "Padding grows from 14% to 57% of the array" in out
    assert "falls towards chance" in out and "it changes little" in out


def test_a_far_prediction_is_not_wrong_the_check_explains_the_measurement(capsys):
    check.longer_reviews.__wrapped__({"no mask": 0.0, "masked": 0.0}, **MEASURED)
    out = capsys.readouterr().out
    assert out.startswith("📏 Not quite: you predicted +0.000 without the mask")
    assert "Correct" not in out and "falls towards chance" in out


def test_a_prediction_with_the_models_swapped_is_named(capsys):
    check.longer_reviews.__wrapped__({"no mask": 0.0, "masked": -0.1}, **MEASURED)
    assert capsys.readouterr().out.startswith("📏 The other way round:")


def test_the_explanation_follows_the_measurement_not_a_stored_answer(capsys):
    check.longer_reviews.__wrapped__({"no mask": 0.0, "masked": 0.04},
                                     measured={"no mask": -0.01, "masked": 0.043},
                                     padding=(0.1, 0.6))
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct:") and "coped with the longer runs" in out
    assert "and they help it" in out and "falls towards chance" not in out
    check.longer_reviews.__wrapped__({"no mask": -0.1, "masked": -0.05},
                                     measured={"no mask": -0.1, "masked": -0.04},
                                     padding=(0.1, 0.6))
    assert "did not help it" in capsys.readouterr().out


@pytest.mark.parametrize("prediction, message", [
    (-0.1, "as a dict with one change per model"),
    ({"no mask": -0.1}, "as a dict with one change per model"),
    ({"no mask": -10, "masked": 0}, "looks like percentage points: write the change of accuracy "
                                    "as a fraction, -0.1"),
    ({"no mask": -0.1, "masked": 250}, "is impossible"),
    ({"no mask": "a lot", "masked": 0}, "'no mask' model should be a number"),
    ({"no mask": -0.1, "masked": True}, "'masked' model should be a number"),
    ({"no mask": float("nan"), "masked": 0}, "is NaN"),
])
def test_a_prediction_that_is_not_a_change_of_accuracy_is_named(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        check.longer_reviews.__wrapped__(prediction, **MEASURED)


def test_the_prediction_in_the_notebook(capsys):
    prediction = {"no mask": -0.1, "masked": 0.0}
    assert check.longer_reviews(prediction, **MEASURED) is prediction
    assert "Correct" in capsys.readouterr().out
    assert check.longer_reviews(None, **MEASURED) is None
    out = capsys.readouterr().out
    assert "`predicted_change` is not written yet" in out and FALLBACK in out
    assert check.longer_reviews(-0.1, **MEASURED) is None
    out = capsys.readouterr().out
    assert out.startswith("❌") and FALLBACK in out and "Traceback" not in out


# --- Exercise 4: make_lstm_classifier ---------------------------------------------------------

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


def two_outputs(vocab_size, mask):
    import keras

    return keras.Sequential([keras.Input((None,), dtype="int32"),
                             keras.layers.Embedding(vocab_size, 8, mask_zero=mask),
                             keras.layers.LSTM(8), keras.layers.Dense(2, activation="softmax")])


def test_classifier_right_answer_passes(capsys):
    check.make_lstm_classifier.__wrapped__(classifier())
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
        check.make_lstm_classifier.__wrapped__(answer)


def test_classifier_unrecognised_mistake_gets_the_generic_message():
    with pytest.raises(ExerciseError, match=r"returns shape \(2, 2\); expected \(2, 1\)"):
        check.make_lstm_classifier.__wrapped__(two_outputs)


def test_classifier_in_the_notebook(capsys):
    right = classifier()
    assert check.make_lstm_classifier(right) is right
    assert "Correct" in capsys.readouterr().out
    assert "not written yet" in falls_back(check.make_lstm_classifier, stub, capsys)
    reversed_mask = classifier(mask_zero=lambda mask: not mask)
    assert "reversed" in falls_back(check.make_lstm_classifier, reversed_mask, capsys)
    check.make_lstm_classifier.__wrapped__(check.make_lstm_classifier.reference)
    assert "Correct" in capsys.readouterr().out


# --- Exercise 5: accuracy_by_length -----------------------------------------------------------

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


def upper_edge_included(lengths, y_true, y_prob, edges):
    import pandas as pd

    frame = pd.DataFrame({"correct": (np.asarray(y_prob) >= 0.5) == np.asarray(y_true),
                          "bin": pd.cut(lengths, edges)})  # right=True: (low, high]
    return frame.groupby("bin", observed=False)["correct"].mean()


def counts_per_bin(lengths, y_true, y_prob, edges):
    return np.histogram(lengths, bins=edges)[0].astype(float)


def overall_accuracy_everywhere(lengths, y_true, y_prob, edges):
    lengths = np.asarray(lengths)
    accuracy = np.mean((np.asarray(y_prob) >= 0.5) == np.asarray(y_true))
    return np.array([accuracy if ((lengths >= lo) & (lengths < hi)).any() else np.nan
                     for lo, hi in zip(edges[:-1], edges[1:], strict=True)])


def probabilities_compared_with_labels(lengths, y_true, y_prob, edges):
    lengths, y_true, y_prob = np.asarray(lengths), np.asarray(y_true), np.asarray(y_prob)
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (lengths >= low) & (lengths < high)
        out.append(np.mean(y_prob[inside] == y_true[inside]) if inside.any() else np.nan)
    return np.array(out)


def zero_for_an_empty_bin(lengths, y_true, y_prob, edges):
    lengths, correct = np.asarray(lengths), (np.asarray(y_prob) >= 0.5) == np.asarray(y_true)
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (lengths >= low) & (lengths < high)
        out.append(correct[inside].sum() / max(inside.sum(), 1))
    return np.array(out)


def error_rate(lengths, y_true, y_prob, edges):
    return 1 - right_accuracy(lengths, y_true, y_prob, edges)


@pytest.mark.parametrize("answer", [right_accuracy, pandas_accuracy])
def test_accuracy_right_answers_pass(answer, capsys):
    check.accuracy_by_length.__wrapped__(answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (upper_edge_included, r"\[low, high\)"),
    (counts_per_bin, "numbers of reviews per bin"),
    (overall_accuracy_everywhere, "overall accuracy"),
    (probabilities_compared_with_labels, "never equals a label"),
    (zero_for_an_empty_bin, "return np.nan there"),
    (lambda lengths, y_true, y_prob, edges: right_accuracy(lengths, y_true, y_prob, edges)[:-1],
     "shape"),
    (lambda lengths, y_true, y_prob, edges: None, "None"),
])
def test_accuracy_mistakes_are_named(answer, message):
    with pytest.raises(ExerciseError, match=message):
        check.accuracy_by_length.__wrapped__(answer)


def test_accuracy_unrecognised_mistake_gets_the_largest_difference():
    with pytest.raises(ExerciseError, match="the largest difference is .* at index"):
        check.accuracy_by_length.__wrapped__(error_rate)


def test_accuracy_in_the_notebook(capsys):
    assert check.accuracy_by_length(right_accuracy) is right_accuracy
    assert "Correct" in capsys.readouterr().out
    assert "not written yet" in falls_back(check.accuracy_by_length, stub, capsys)
    assert "numbers of reviews" in falls_back(check.accuracy_by_length, counts_per_bin, capsys)
    check.accuracy_by_length.__wrapped__(check.accuracy_by_length.reference)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("decorated", [check.build_vocabulary, check.encode,
                                       check.make_lstm_classifier, check.accuracy_by_length])
def test_a_stub_raises_not_implemented_underneath(decorated):
    with pytest.raises(NotImplementedError):
        decorated.__wrapped__(stub)


# --- The data fallback ------------------------------------------------------------------------

def test_the_notebook_runs_on_the_rotten_tomatoes_fallback(monkeypatch):
    """Without IMDB (no copy, no download), 06 falls back to data.load_rt_polarity(), whose frame
    has no rating column: every cell of the solution still runs on it (FAST mode)."""
    import nbformat
    from nbclient import NotebookClient

    from tools import catalogue

    path = catalogue.solution_paths(["06"])[0]
    nb = catalogue.read(path)
    setup = next(i for i, cell in enumerate(nb.cells) if "rnn_utils.setup(" in cell.source)
    nb.cells.insert(setup + 1, nbformat.v4.new_code_cell(
        "from rnn_utils import data\n\n\n"
        "def no_imdb(split='train'):\n"
        "    raise data.DataError('IMDB is switched off by the test.')\n\n\n"
        "data.load_imdb = no_imdb\n"))
    monkeypatch.setenv("RNN_COURSE_FAST", "1")
    monkeypatch.delenv("RNN_COURSE_RECORD", raising=False)
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()

    def output(marker):
        cell = next(cell for cell in nb.cells if cell.cell_type == "code" and marker in cell.source)
        return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs)

    switched = "IMDB is switched off by the test. -> data.load_rt_polarity() instead"
    assert switched in output("def load_reviews")
    assert "rating" not in output('by_label = train_df.groupby("label")')
    assert "Notebook finished" in output("rnn_utils.finish()")
