"""Checks for the exercises of notebook 08 (sequence tagging: POS tags and named entities)."""

from collections import Counter
from collections.abc import Mapping

import numpy as np

from . import ExerciseError, call, expect_value, passed


# ---------------------------------------------------------------------------
# Exercise 1: masked accuracy
# ---------------------------------------------------------------------------
def _tagging_batch():
    """Labels (3, 6) with 0 = padding, and probabilities (3, 6, 4) over 4 classes (0 = padding).

    The predictions at padding are mixed (some 0, some not), so every wrong way of
    averaging gives its own number."""
    y_true = np.array([[1, 2, 3, 1, 2, 2],
                       [3, 3, 1, 0, 0, 0],
                       [2, 1, 0, 0, 0, 0]])
    y_pred = np.array([[1, 2, 1, 1, 2, 3],   # 4 of 6 right
                       [3, 1, 1, 2, 0, 0],   # 2 of 3 right; padding predicted 2, 0, 0
                       [2, 1, 1, 0, 3, 0]])  # 2 of 2 right; padding predicted 1, 0, 3, 0
    rng = np.random.default_rng(8)
    logits = rng.normal(size=y_pred.shape + (4,))
    np.put_along_axis(logits, y_pred[..., None], 5.0, axis=-1)
    probs = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    return y_true, probs.astype("float32"), y_pred


def _number(got, name):
    """A Python float from a number, a 0-d array or a 0-d tensor; None and lists stay as they are."""
    if got is None or isinstance(got, (int, float, np.number)):
        return got
    try:
        array = np.asarray(got)
    except Exception:  # an object NumPy cannot read
        return got
    if array.ndim == 0 and array.dtype.kind in "biuf":
        return array.item()
    if array.ndim > 0:
        raise ExerciseError(f"`{name}` should be one number, but it has shape {array.shape}: "
                            "average over the real tokens to get a single accuracy.")
    return got


def masked_accuracy(fn):
    """masked_accuracy(y_true, probs) -> share of real tokens (y_true != 0) tagged right."""
    y_true, probs, y_pred = _tagging_batch()
    got = _number(call(fn, y_true, probs, name="masked_accuracy"), "masked_accuracy(y_true, probs)")
    mask = y_true != 0
    hits = (y_pred == y_true) & mask
    expected = hits.sum() / mask.sum()
    per_sentence = np.mean(hits.sum(axis=1) / mask.sum(axis=1))
    pred_mask = y_pred != 0
    expect_value(got, float(expected), name="masked_accuracy(y_true, probs)", rel=1e-6, mistakes={
        "This is the accuracy over every position, padding included: keep only the positions "
        "where y_true != 0, both in the count of hits and in the count of tokens.":
            float(np.mean(y_pred == y_true)),
        "Padding counts as a hit here: the denominator must be the number of real tokens "
        "(y_true != 0), not the number of positions.": float(hits.sum() / y_true.size),
        "This averages the accuracy of each sentence, so a short sentence weighs as much as a "
        "long one: count hits and real tokens over the whole batch, then divide once.":
            float(per_sentence),
        "The mask comes from the predictions (y_pred != 0); it must come from the labels: "
        "padding is where y_true == 0.": float(((y_pred == y_true) & pred_mask).sum() / pred_mask.sum()),
        "This is the number of correct tokens; divide it by the number of real tokens.":
            float(hits.sum()),
        "This is the error rate (1 - accuracy): count the positions where the prediction "
        "equals the label.": float(1 - expected),
    })
    passed(f"masked accuracy {expected:.4f}: 8 of 11 real tokens, padding ignored.")


# ---------------------------------------------------------------------------
# Exercise 2: the most-frequent-tag baseline
# ---------------------------------------------------------------------------
_BASELINE_CORPUS = [
    [("The", "DET"), ("run", "NOUN"), ("was", "AUX"), ("back", "ADV"), ("then", "ADV")],
    [("I", "PRON"), ("run", "VERB"), ("back", "ADV"), ("that", "SCONJ"), ("way", "NOUN")],
    [("they", "PRON"), ("run", "VERB"), ("that", "PRON"), ("run", "VERB"), ("back", "NOUN")],
    [("the", "DET"), ("run", "NOUN"), ("that", "DET"), ("is", "AUX"), ("that", "PRON"),
     ("way", "NOUN")],
]


def most_frequent_tags(fn):
    """most_frequent_tags(sentences) -> {word: its most frequent tag in sentences}."""
    corpus = [list(sentence) for sentence in _BASELINE_CORPUS]
    got = call(fn, corpus, name="most_frequent_tags")
    counts = {}
    for sentence in _BASELINE_CORPUS:
        for word, tag in sentence:
            counts.setdefault(word, Counter())[tag] += 1
    expected = {word: c.most_common(1)[0][0] for word, c in counts.items()}
    if got is None:
        raise ExerciseError("`most_frequent_tags` returned None: did you forget to `return` the dict?")
    if not isinstance(got, Mapping):
        raise ExerciseError(f"`most_frequent_tags` should return a dict {{word: tag}}, "
                            f"got a {type(got).__name__}.")
    if corpus != _BASELINE_CORPUS:
        raise ExerciseError("`most_frequent_tags` changed the sentences it was given: "
                            "count the tags without modifying the input.")
    if "The" not in got and "the" in got:
        raise ExerciseError("'The' is missing: keep the words exactly as written (no lowercasing); "
                            "the tagger looks words up as they appear.")
    missing = [word for word in expected if word not in got]
    if missing:
        raise ExerciseError(f"Words are missing from the table: {', '.join(map(repr, missing))}. "
                            "Every word of the training sentences needs an entry.")
    extra = [word for word in got if word not in expected]
    if extra:
        raise ExerciseError(f"The table has keys that are not words of the sentences: "
                            f"{', '.join(map(repr, extra[:3]))}. Its keys are the words.")
    if not all(isinstance(tag, str) for tag in got.values()):
        value = next(v for v in got.values() if not isinstance(v, str))
        raise ExerciseError(f"Each value should be one tag (a string), got a {type(value).__name__}: "
                            "from each word's Counter keep `most_common(1)[0][0]`.")
    got = dict(got)
    first, last = {}, {}
    for sentence in _BASELINE_CORPUS:
        for word, tag in sentence:
            first.setdefault(word, tag)
            last[word] = tag
    overall = Counter(tag for sentence in _BASELINE_CORPUS for _, tag in sentence).most_common(1)[0][0]
    for message, wrong in {
        "Each word got the last tag seen for it (a later sentence overwrites the entry): count "
        "every tag of every word, then keep the most frequent one.": last,
        "Each word got the first tag seen for it: count every tag of every word, then keep the "
        "most frequent one.": first,
        f"Every word got the same tag ({overall}), the most frequent tag overall: the baseline "
        "picks the most frequent tag of each word.": {word: overall for word in expected},
        "Each word got its least frequent tag: `most_common()` lists the most frequent first.":
            {word: c.most_common()[-1][0] for word, c in counts.items()},
    }.items():
        if got == wrong and got != expected:
            raise ExerciseError(message)
    wrong = sorted(word for word in expected if got[word] != expected[word])
    if wrong:
        word = wrong[0]
        raise ExerciseError(f"The tag of {word!r} is {got[word]!r}, but {word!r} is tagged "
                            f"{expected[word]!r} {counts[word][expected[word]]} times out of "
                            f"{sum(counts[word].values())}.")
    passed("most_frequent_tags keeps each word's most frequent tag ('run' -> VERB, 3 of 5).")


# ---------------------------------------------------------------------------
# Exercise 3: span-level precision, recall and F1
# ---------------------------------------------------------------------------
SPAN_TRUE = [
    ["B-PER", "I-PER", "O", "B-LOC"],
    ["O", "B-ORG", "I-ORG", "I-ORG"],
    ["B-LOC", "O", "O"],
    ["O", "I-PER", "I-PER", "O"],
    ["B-PER", "B-PER"],
    ["O", "O"],
    ["B-ORG", "O"],
]
SPAN_PRED = [
    ["B-PER", "I-PER", "O", "B-ORG"],
    ["O", "B-ORG", "I-ORG", "O"],
    ["B-LOC", "O", "B-PER"],
    ["O", "B-PER", "I-PER", "O"],
    ["B-PER", "I-PER"],
    ["B-ORG", "O"],
    ["B-LOC", "O"],
]


def _spans(tags, strict=False, merge_b=False):
    """Entity spans (start, end, type), end exclusive. An entity starts at B-X, or at I-X
    after anything but B-X/I-X (unless strict); it goes on over I-X (and B-X if merge_b)."""
    spans, start, kind = [], None, None
    for t, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        continues = kind is not None and label == kind and (prefix == "I" or (merge_b and prefix == "B"))
        if continues:
            continue
        if kind is not None:
            spans.append((start, t, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and not strict):
            start, kind = t, label
    return spans


def _prf(tp, n_pred, n_true):
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _span_scores(true_seqs, pred_seqs, key=lambda s: s, **options):
    tp = n_pred = n_true = 0
    for true_tags, pred_tags in zip(true_seqs, pred_seqs, strict=True):
        true_spans = {key(s) for s in _spans(true_tags, **options)}
        pred_spans = {key(s) for s in _spans(pred_tags, **options)}
        tp += len(true_spans & pred_spans)
        n_true += len(true_spans)
        n_pred += len(pred_spans)
    return _prf(tp, n_pred, n_true)


def _token_scores(true_seqs, pred_seqs):
    true_tags = np.concatenate(true_seqs)
    pred_tags = np.concatenate(pred_seqs)
    tp = int(((true_tags == pred_tags) & (true_tags != "O")).sum())
    return _prf(tp, int((pred_tags != "O").sum()), int((true_tags != "O").sum()))


def _sentence_average(true_seqs, pred_seqs):
    scores = [_span_scores([t], [p]) for t, p in zip(true_seqs, pred_seqs, strict=True)]
    return tuple(float(np.mean(column)) for column in zip(*scores, strict=True))


def _as_scores(got, name):
    if got is None:
        raise ExerciseError(f"`{name}` returned None: `return precision, recall, f1`.")
    if isinstance(got, Mapping) or not hasattr(got, "__len__") or len(got) != 3:
        raise ExerciseError(f"`{name}` should return three numbers: `return precision, recall, f1`.")
    return tuple(_number(value, name) for value in got)


def _close(a, b):
    return all(abs(x - y) <= 1e-9 for x, y in zip(a, b, strict=True))


def span_f1(fn):
    """span_f1(true_seqs, pred_seqs) -> (precision, recall, f1) over entity spans."""
    name = "span_f1"
    expected = _span_scores(SPAN_TRUE, SPAN_PRED)
    got = _as_scores(call(fn, SPAN_TRUE, SPAN_PRED, name=name), name)
    if not all(isinstance(v, (int, float, np.number)) for v in got):
        raise ExerciseError("precision, recall and f1 should be numbers.")
    p, r, f = expected
    mistakes = {
        "Precision and recall are swapped: precision divides by the number of predicted "
        "entities, recall by the number of true ones.": (r, p, f),
        "Two spans with the same words but different types (LOC predicted as ORG) count as a "
        "match here: a span matches only when start, end and type are all equal.":
            _span_scores(SPAN_TRUE, SPAN_PRED, key=lambda s: s[:2]),
        "These are token-level scores (one hit per non-O token): compare whole entity spans "
        "(start, end, type), so a half-found entity counts as a miss.":
            _token_scores(SPAN_TRUE, SPAN_PRED),
        "An entity that starts with I- after O (as in 'O I-PER I-PER') was dropped: in IOB2 "
        "such a tag still begins an entity (read it as B-).":
            _span_scores(SPAN_TRUE, SPAN_PRED, strict=True),
        "'B-PER B-PER' was read as one entity: every B- starts a new entity, only I- continues one.":
            _span_scores(SPAN_TRUE, SPAN_PRED, merge_b=True),
        "This averages the scores of each sentence: count matches, predicted and true entities "
        "over all sentences, then compute precision, recall and F1 once.":
            _sentence_average(SPAN_TRUE, SPAN_PRED),
    }
    if not _close(got, expected):
        for message, wrong in mistakes.items():
            if _close(got, wrong):
                raise ExerciseError(message)
        raise ExerciseError(f"`span_f1` returned precision, recall, F1 = "
                            f"({got[0]:.3f}, {got[1]:.3f}, {got[2]:.3f}); expected "
                            f"({p:.3f}, {r:.3f}, {f:.3f}) on 8 true and 9 predicted entities.")
    no_entities = [["O", "O", "O"], ["O"]]
    try:
        got = _as_scores(fn(SPAN_TRUE[:2], [["O"] * 4, ["O"] * 4]), name)
        empty = _as_scores(fn(no_entities, no_entities), name)
    except ZeroDivisionError:
        raise ExerciseError("`span_f1` divides by zero when there are no predicted (or no true) "
                            "entities: return 0.0 for a score whose denominator is 0.") from None
    except Exception as error:  # the learner's code may raise anything
        raise ExerciseError(f"`span_f1` raised {type(error).__name__}: {error} on sentences "
                            "without any predicted entity.") from None
    if not _close(got, (0.0, 0.0, 0.0)) or not _close(empty, (0.0, 0.0, 0.0)):
        raise ExerciseError("With no predicted entities (or none at all), precision, recall and F1 "
                            "should all be 0.0: a score whose denominator is 0 is 0.")
    passed(f"span_f1 = ({p:.3f}, {r:.3f}, {f:.3f}): 3 exact matches, 9 predicted, 8 true entities.")
