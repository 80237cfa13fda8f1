"""Checks for the exercises of notebook 06 (sentiment classification with Keras)."""

from collections import Counter

import numpy as np

from ..text import OOV, PAD
from . import ExerciseError, call, expect_array, expect_value, passed

# A tiny training corpus whose typical mistakes all give different vocabularies:
# "the" occurs 5 times in 3 reviews, "film" 4 times in 2, "bad" and "good" tie at 3
# (alphabetical order decides), "not" occurs exactly twice (the min_count boundary).
_CORPUS = [
    ["the", "film", "was", "not", "good", "the", "end", "good"],
    ["good", "film", "the", "film", "film", "bad", "plot"],
    ["bad", "not", "bad", "the", "the", "acting", "was"],
    ["zany"],
]


def _reference_vocabulary(token_lists, min_count=1, max_size=None, per_review=False,
                          strict=False, specials=True, sort="frequency", size_has_specials=True):
    """Vocabulary.build's rule, with switches that reproduce the typical mistakes."""
    if per_review:
        counts = Counter(tok for tokens in token_lists for tok in set(tokens))
    else:
        counts = Counter(tok for tokens in token_lists for tok in tokens)
    kept = [t for t in counts if (counts[t] > min_count if strict else counts[t] >= min_count)]
    if sort == "frequency":
        kept.sort(key=lambda t: (-counts[t], t))
    elif sort == "alphabetical":
        kept.sort()
    elif sort == "most_common":  # Counter.most_common: ties in first-seen order
        kept = [t for t, _ in counts.most_common() if t in set(kept)]
    if max_size is not None:
        kept = kept[: max_size - 2] if size_has_specials else kept[:max_size]
    return ([PAD, OOV] if specials else []) + kept


def build_vocabulary(fn):
    """build_vocabulary(token_lists, min_count, max_size) -> list of tokens (index order)."""
    for min_count, max_size in [(2, None), (1, 6), (3, None)]:
        got = call(fn, [list(t) for t in _CORPUS], min_count, max_size, name="build_vocabulary")
        name = f"build_vocabulary(corpus, min_count={min_count}, max_size={max_size})"
        if isinstance(got, dict):
            raise ExerciseError(f"`{name}` returned a dict; return the list of tokens in index "
                                "order (the `itos` list), e.g. ['<pad>', '<unk>', 'the', ...].")
        if not isinstance(got, (list, tuple)):
            raise ExerciseError(f"`{name}` should return a list of token strings, "
                                f"got a {type(got).__name__}.")
        got = list(got)
        expected = _reference_vocabulary(_CORPUS, min_count, max_size)

        def wrong(**mistake):
            return _reference_vocabulary(_CORPUS, min_count, max_size, **mistake)  # noqa: B023

        expect_value(got, expected, name=name, mistakes={
            f"The list should start with the padding token {PAD!r} (index 0) and the unknown "
            f"token {OOV!r} (index 1).": wrong(specials=False),
            "Tokens seen exactly min_count times are missing: keep a token when its count is "
            "at least min_count (>=, not >).": wrong(strict=True),
            "You counted in how many reviews a token occurs; count every occurrence instead "
            "(a token used twice in one review counts twice).": wrong(per_review=True),
            "max_size counts the two special tokens too: keep only max_size - 2 words, so "
            "that len(vocabulary) <= max_size.": wrong(size_has_specials=False),
            "The words are in alphabetical order; sort them by count, most frequent first "
            "(alphabetical only between equal counts).": wrong(sort="alphabetical"),
            "Ties are in first-seen order (Counter.most_common); break ties alphabetically "
            "so that the vocabulary never depends on the order of the reviews.":
                wrong(sort="most_common"),
        })
    passed("build_vocabulary keeps frequent training tokens after <pad> and <unk>, "
           "most frequent first.")


def _padded_pair(vocab_size):
    """The same two reviews right-padded to 6 steps and to 15 steps."""
    reviews = [[3, 7, 2, vocab_size - 1], [5, 4, 9, 9, 2, 8]]
    short = np.zeros((2, 6), dtype="int32")
    long = np.zeros((2, 15), dtype="int32")
    for row, review in enumerate(reviews):
        short[row, :len(review)] = review
        long[row, :len(review)] = review
    return short, long


def _predict(model, ids):
    import keras

    return keras.ops.convert_to_numpy(model(ids, training=False))


def make_lstm_classifier(fn):
    """make_lstm_classifier(vocab_size, mask) -> Embedding -> LSTM -> Dense(1, sigmoid)."""
    import keras

    vocab_size = 50
    short, long = _padded_pair(vocab_size)
    predictions = {}
    for mask in (True, False):
        keras.utils.set_random_seed(0)
        model = call(fn, vocab_size, mask, name="make_lstm_classifier")
        label = f"make_lstm_classifier({vocab_size}, mask={mask})"
        if not isinstance(model, keras.Model):
            raise ExerciseError(f"`{label}` should return a Keras model, got a "
                                f"{type(model).__name__}: did you forget `return model`?")
        try:
            out_short, out_long = _predict(model, short), _predict(model, long)
        except Exception as error:  # the learner's model may fail in many ways
            if vocab_size - 1 in short and "indices" in str(error).lower():
                raise ExerciseError(f"`{label}` cannot look up index {vocab_size - 1}: give the "
                                    "Embedding input_dim=vocab_size.") from None
            raise ExerciseError(f"`{label}` fails on a (2, 6) batch of token ids: "
                                f"{type(error).__name__}: {error}") from None
        if out_short.shape == (2, 6, 1) or out_short.ndim == 3:
            raise ExerciseError(f"`{label}` returns one output per time step, shape "
                                f"{out_short.shape}: a many-to-one model needs the LSTM's last "
                                "state only (leave return_sequences=False).")
        if out_short.shape != (2, 1):
            raise ExerciseError(f"`{label}` returns shape {out_short.shape}; expected (2, 1), "
                                "one probability per review: end with Dense(1, ...).")
        if out_short.min() < 0 or out_short.max() > 1:
            raise ExerciseError(f"`{label}` returns values outside [0, 1]: give the last Dense "
                                "layer activation='sigmoid' so that it outputs a probability.")
        predictions[mask] = np.abs(out_short - out_long).max()
    if predictions[True] > 1e-5 and predictions[False] > 1e-5:
        raise ExerciseError("With mask=True, adding padding changed the predictions (by "
                            f"{predictions[True]:.2g}): the Embedding needs mask_zero=mask so "
                            "that the LSTM skips the padding steps.")
    if predictions[True] > 1e-5:
        raise ExerciseError("The mask is reversed: padding changes the predictions with "
                            "mask=True but not with mask=False. Use mask_zero=mask.")
    if predictions[False] <= 1e-5:
        raise ExerciseError("With mask=False the model still ignores padding: pass "
                            "mask_zero=mask instead of always mask_zero=True.")
    passed(f"with mask=True extra padding changes nothing (max difference "
           f"{predictions[True]:.1e}); without the mask it changes the prediction by "
           f"{predictions[False]:.2g}.")


def _accuracy_by_length(lengths, y_true, y_prob, edges, right=False, threshold=True,
                        counts=False, empty=np.nan):
    lengths, y_true, y_prob = map(np.asarray, (lengths, y_true, y_prob))
    predicted = (y_prob >= 0.5).astype(int) if threshold else y_prob
    correct = predicted == y_true
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (lengths > low) & (lengths <= high) if right else (lengths >= low) & (lengths < high)
        if counts:
            out.append(inside.sum())
        else:
            out.append(correct[inside].mean() if inside.any() else empty)
    return np.array(out, dtype=float)


def _nan_as_minus_one(values):
    """NaN -> -1 (no accuracy is negative); values that are not numbers pass unchanged."""
    if values is None:
        return None
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return values
    return np.where(np.isnan(array), -1.0, array)


def accuracy_by_length(fn):
    """accuracy_by_length(lengths, y_true, y_prob, edges) -> accuracy per [low, high) bin."""
    lengths = np.array([5, 10, 10, 19, 20, 20, 35, 60, 60, 99])
    y_true = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 1])
    y_prob = np.array([0.9, 0.2, 0.4, 0.7, 0.6, 0.1, 0.8, 0.3, 0.45, 0.95])
    edges = [0, 10, 20, 40, 80, 100, 200]
    got = call(fn, lengths.copy(), y_true.copy(), y_prob.copy(), edges,
               name="accuracy_by_length")
    args = (lengths, y_true, y_prob, edges)
    correct = (y_prob >= 0.5) == y_true
    expected = _accuracy_by_length(*args)
    # expect_array treats NaN as a wrong value, so empty bins are compared as -1.
    expect_array(_nan_as_minus_one(got), _nan_as_minus_one(expected),
                 name="accuracy_by_length(...)", mistakes={
        "Each bin should include its lower edge and exclude its upper edge, [low, high): "
        "a review of 10 tokens belongs to the bin 10-20, not 0-10.":
            _nan_as_minus_one(_accuracy_by_length(*args, right=True)),
        "These look like the numbers of reviews per bin; return the share of them that "
        "is classified correctly.": _accuracy_by_length(*args, counts=True),
        "Every bin has the overall accuracy: select the reviews of each bin before averaging.":
            np.where(np.isnan(expected), -1.0, correct.mean()),
        "A probability never equals a label: turn it into a prediction first, "
        "(y_prob >= 0.5), then compare with y_true.":
            _nan_as_minus_one(_accuracy_by_length(*args, threshold=False)),
        "The last bin (100-200) holds no review, so its accuracy is undefined: return "
        "np.nan there, not 0.": _accuracy_by_length(*args, empty=0.0),
    })
    passed("accuracy_by_length thresholds at 0.5 and averages within [low, high) bins, "
           "NaN where a bin is empty.")
