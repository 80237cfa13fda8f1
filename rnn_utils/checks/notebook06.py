"""Checks for the exercises of notebook 06 (sentiment classification with Keras).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`, so
in the notebook `build_vocabulary = check.build_vocabulary(build_vocabulary)` returns the
learner's function when it passes and the course's reference otherwise. Undecorated (as
`check.NAME.__wrapped__`), a check raises ExerciseError with one sentence.
"""

import numbers
from collections import Counter

import numpy as np

from ..text import OOV, OOV_ID, PAD, PAD_ID
from . import ExerciseError, call, differs, exercise, expect_array, expect_value, passed

# ---------------------------------------------------------------------------
# Exercise 1: a vocabulary with a minimum count
# ---------------------------------------------------------------------------
# A tiny training corpus whose typical mistakes all give different vocabularies:
# "the" occurs 5 times in 3 reviews, "film" 4 times in 2, "bad" and "good" tie at 3
# (alphabetical order decides), "not" occurs exactly twice (the min_count boundary).
_CORPUS = [
    ["the", "film", "was", "not", "good", "the", "end", "good"],
    ["good", "film", "the", "film", "film", "bad", "plot"],
    ["bad", "not", "bad", "the", "the", "acting", "was"],
    ["zany"],
]


def _vocabulary(token_lists, min_count=1, max_size=None, per_review=False, strict=False,
                specials=True, sort="frequency", size_has_specials=True):
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


def _build_vocabulary(token_lists, min_count=1, max_size=None):
    """['<pad>', '<unk>', tokens seen at least min_count times, most frequent first]."""
    return _vocabulary(token_lists, min_count, max_size)


@exercise(_build_vocabulary)
def build_vocabulary(fn):
    """build_vocabulary(token_lists, min_count, max_size) -> list of tokens (index order)."""
    for min_count, max_size in [(2, None), (1, 6), (3, None)]:
        got = call(fn, [list(t) for t in _CORPUS], min_count, max_size, name="build_vocabulary")
        name = f"build_vocabulary(corpus, min_count={min_count}, max_size={max_size})"
        if isinstance(got, dict):
            raise ExerciseError(f"`{name}` returned a dict; return the list of tokens in index "
                                "order, e.g. ['<pad>', '<unk>', 'the', ...].")
        if not isinstance(got, (list, tuple)):
            raise ExerciseError(f"`{name}` should return a list of token strings, "
                                f"got a {type(got).__name__}.")
        got = list(got)
        expected = _vocabulary(_CORPUS, min_count, max_size)

        def wrong(**mistake):
            return _vocabulary(_CORPUS, min_count, max_size, **mistake)  # noqa: B023

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


# ---------------------------------------------------------------------------
# Exercise 2: the encoder (token lists -> padded ids)
# ---------------------------------------------------------------------------
_VOCABULARY = [PAD, OOV, "the", "film", "was", "good", "not", "bad"]
_REVIEWS = [
    ["the", "film", "was", "good"],                                       # fits: padded
    ["not", "a", "good", "film"],                                         # "a" is unknown
    ["the", "film", "was", "not", "good", ",", "it", "was", "bad"],       # too long: cut
    [],                                                                   # no token at all
]


def _head_and_tail(ids, max_tokens):
    """The notebook's head_and_tail: first max_tokens // 2 ids and the rest from the end."""
    if len(ids) <= max_tokens:
        return list(ids)
    head = max_tokens // 2
    return list(ids[:head]) + list(ids[len(ids) - (max_tokens - head):])


def _encoded(token_lists, vocabulary, max_tokens, unknown=OOV_ID, drop_unknown=False,
             keep="both", side="right", shift=0):
    """The right encoding, with switches that reproduce the typical mistakes."""
    index = {token: i + shift for i, token in enumerate(vocabulary) if i >= 2}
    out = np.full((len(token_lists), max_tokens), PAD_ID, dtype="int32")
    for row, tokens in enumerate(token_lists):
        ids = [index.get(t, unknown) for t in tokens if not (drop_unknown and t not in index)]
        if keep == "both":
            ids = _head_and_tail(ids, max_tokens)
        elif keep == "head":
            ids = ids[:max_tokens]
        else:
            ids = ids[len(ids) - min(len(ids), max_tokens):]
        if ids:
            if side == "right":
                out[row, :len(ids)] = ids
            else:
                out[row, max_tokens - len(ids):] = ids
    return out


def _encode(token_lists, vocabulary, max_tokens):
    """Token lists -> (n, max_tokens) int32 ids: unknown tokens 1, head and tail kept,
    right-padded with 0."""
    return _encoded(token_lists, vocabulary, max_tokens)


def _ids_array(got, name, shape):
    """`got` as an integer array of `shape`, or one sentence that says what is wrong."""
    if got is None:
        raise ExerciseError(f"`{name}` is None: did you forget to `return` the array?")
    if isinstance(got, (list, tuple)) and got and all(isinstance(r, (list, tuple)) for r in got) \
            and len({len(r) for r in got}) > 1:
        raise ExerciseError(f"`{name}` returned rows of different lengths: pad every row with 0 "
                            f"to max_tokens = {shape[1]} and return one NumPy array.")
    try:
        ids = np.asarray(got)
    except Exception:  # ragged lists and odd objects
        raise ExerciseError(f"`{name}` cannot be turned into a NumPy array of ids.") from None
    if ids.ndim == 2 and ids.shape[0] == shape[0] and ids.shape[1] != shape[1]:
        raise ExerciseError(f"`{name}` has {ids.shape[1]} columns; every row should have "
                            f"max_tokens = {shape[1]}: pad short reviews and cut long ones to "
                            "exactly max_tokens.")
    if ids.shape != shape:
        raise ExerciseError(f"`{name}` has shape {ids.shape}; expected {shape}, one row of "
                            "max_tokens ids per review.")
    if ids.dtype.kind not in "iu":
        raise ExerciseError(f"`{name}` holds {ids.dtype} values; token ids are integers: "
                            "create the array with dtype='int32'.")
    return ids


def _encode_mistakes(max_tokens):
    def wrong(**mistake):
        return _encoded(_REVIEWS, _VOCABULARY, max_tokens, **mistake)

    return {
        "These are keras.utils.pad_sequences' defaults, which pad and cut at the front: "
        "right-pad with 0 and keep the head and the tail of a long review.":
            wrong(side="left", keep="tail"),
        "The padding is on the left: put the zeros after the review (right-padding), so that "
        "every review starts at step 0.": wrong(side="left"),
        "The long review lost its end, where reviewers often give their verdict: keep its "
        "first and last tokens with head_and_tail(ids, max_tokens).": wrong(keep="head"),
        "The long review lost its beginning: keep its first and last tokens with "
        "head_and_tail(ids, max_tokens) (pad_sequences keeps only the end by default).":
            wrong(keep="tail"),
        "Unknown tokens got index 0, the padding index, so a mask would hide them: give them "
        "1, the index of '<unk>'.": wrong(unknown=PAD_ID),
        "Unknown tokens are missing: map each one to 1 ('<unk>') instead of dropping it, so "
        "that the model knows a word was there.": wrong(drop_unknown=True),
        "Every known token's index is one too high: a token's index is its position in "
        "`vocabulary`, counted from 0 ('<pad>' is 0, '<unk>' is 1).": wrong(shift=1),
    }


@exercise(_encode)
def encode(fn):
    """encode(token_lists, vocabulary, max_tokens) -> (n, max_tokens) int array of ids."""
    for max_tokens in (6, 5):
        name = f"encode(reviews, vocabulary, max_tokens={max_tokens})"
        got = call(fn, [list(t) for t in _REVIEWS], list(_VOCABULARY), max_tokens, name="encode")
        ids = _ids_array(got, name, (len(_REVIEWS), max_tokens))
        expect_array(ids, _encoded(_REVIEWS, _VOCABULARY, max_tokens), name=name,
                     mistakes=_encode_mistakes(max_tokens))
    passed("encode looks tokens up (unknown -> 1), keeps the head and tail of long reviews "
           "and right-pads with 0 to max_tokens.")


# ---------------------------------------------------------------------------
# Exercise 3: predict, then measure (the same trained models with room for 300 tokens)
# ---------------------------------------------------------------------------
_MODELS = ("no mask", "masked")
_CLOSE = 0.05  # five accuracy points, on 1,000 validation reviews (sampling error near 0.014)


@exercise(None, name="predicted_change")
def longer_reviews(predicted_change, measured, padding):
    """Compare predicted_change = {"no mask": x, "masked": y}, the change of each model's
    validation accuracy from T = 100 to T = 300, with the measured changes (same dict).
    `padding` is the share of padding in the validation array at T = 100 and at T = 300.

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not a change of accuracy per model.
    """
    if not isinstance(predicted_change, dict) or set(_MODELS) - set(predicted_change):
        raise ExerciseError("Write your prediction as a dict with one change per model, "
                            'predicted_change = {"no mask": ..., "masked": ...}.')
    for model in _MODELS:
        value = predicted_change[model]
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ExerciseError(f"Your prediction for the {model!r} model should be a number "
                                f"(0.05 for five points better), got a {type(value).__name__}.")
        value = float(value)
        if np.isnan(value):
            raise ExerciseError(f"Your prediction for the {model!r} model is NaN: write a "
                                "number such as 0.05 or -0.1.")
        if 1 < abs(value) <= 100:
            raise ExerciseError(f"Your prediction for the {model!r} model, {value:g}, looks like "
                                "percentage points: write the change of accuracy as a fraction, "
                                f"{value / 100:g}.")
        if abs(value) > 1:
            raise ExerciseError(f"Your prediction for the {model!r} model, {value:g}, is "
                                "impossible: an accuracy lies between 0 and 1, so it can change "
                                "by at most 1 either way.")
    guess = {model: float(predicted_change[model]) for model in _MODELS}
    said = (f"you predicted {guess['no mask']:+.3f} without the mask and {guess['masked']:+.3f} "
            f"with it; the validation accuracy changed by {measured['no mask']:+.3f} and "
            f"{measured['masked']:+.3f}.")
    before, after = padding
    why = (f"Padding grows from {before:.0%} to {after:.0%} of the array. The unmasked model "
           "reads every padding step before its last state, ")
    why += ("runs far longer than any it met in training, and falls towards chance; "
            if measured["no mask"] <= -_CLOSE else "and this time it coped with the longer runs; ")
    why += "the masked model skips them, so only the extra words of long reviews reach it"
    if abs(measured["masked"]) <= 0.02:
        why += ", and it changes little."
    elif measured["masked"] > 0:
        why += ", and they help it."
    else:
        why += ", and they did not help it."
    if all(abs(guess[m] - measured[m]) <= _CLOSE for m in _MODELS):
        passed(f"{said} {why}")
    elif guess["masked"] < guess["no mask"] and measured["masked"] > measured["no mask"]:
        differs(f"The other way round: {said} {why}")
    else:
        differs(f"Not quite: {said} {why}")


# ---------------------------------------------------------------------------
# Exercise 4: masked and unmasked classifiers
# ---------------------------------------------------------------------------
def _make_lstm_classifier(vocab_size, mask):
    """Embedding(16) -> LSTM(16) -> Dense(1, sigmoid); padding masked when mask is True."""
    import keras

    return keras.Sequential([
        keras.Input(shape=(None,), dtype="int32"),
        keras.layers.Embedding(vocab_size, 16, mask_zero=mask),
        keras.layers.LSTM(16),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name="masked_lstm" if mask else "unmasked_lstm")


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


@exercise(_make_lstm_classifier)
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
        if out_short.ndim == 3:
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


# ---------------------------------------------------------------------------
# Exercise 5: accuracy by length bin
# ---------------------------------------------------------------------------
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


def _reference_accuracy_by_length(lengths, y_true, y_prob, edges):
    """Accuracy of the thresholded predictions in each [low, high) length bin, NaN if empty."""
    return _accuracy_by_length(lengths, y_true, y_prob, edges)


def _nan_as_minus_one(values):
    """NaN -> -1 (no accuracy is negative); values that are not numbers pass unchanged."""
    if values is None:
        return None
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return values
    return np.where(np.isnan(array), -1.0, array)


@exercise(_reference_accuracy_by_length, name="accuracy_by_length")
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
