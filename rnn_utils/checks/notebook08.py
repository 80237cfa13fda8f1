"""Checks for the exercises of notebook 08 (sequence tagging: POS tags and named entities).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`, so
in the notebook `masked_accuracy = check.masked_accuracy(masked_accuracy)` returns the
learner's function when it passes and the course's reference (defined here, never shown in
the notebook) otherwise. Undecorated (as `check.NAME.__wrapped__`), a check raises
ExerciseError with one sentence.

Entities follow IOB2 as the CoNLL script and seqeval (its default, non-strict mode) read it:
an entity starts at B-X, or at an I-X that does not continue an entity of type X (after O,
or after another type), and goes on over the I-X that follow.
"""

from collections import Counter
from collections.abc import Mapping

import numpy as np

from . import (
    ExerciseError,
    call,
    exercise,
    expect_array,
    expect_fraction,
    expect_value,
    passed,
    percent,
    verdict,
)


# ---------------------------------------------------------------------------
# The course's references: what the notebook uses when an exercise does not pass yet
# ---------------------------------------------------------------------------
def _most_frequent_tags(sentences):
    """{word: its most frequent tag} over sentences of (word, tag) pairs."""
    counts = {}
    for sentence in sentences:
        for word, tag in sentence:
            counts.setdefault(word, Counter())[tag] += 1
    return {word: tags.most_common(1)[0][0] for word, tags in counts.items()}


def _masked_accuracy(y_true, probs):
    """Share of the real tokens (y_true != 0) whose most probable tag is the true one."""
    real = np.asarray(y_true) != 0
    hits = (np.asarray(probs).argmax(axis=-1) == y_true) & real
    return float(hits.sum() / real.sum())


def _spans(tags, strict=False, orphan_after_o=True, any_type=False, merge_b=False,
           each_token=False, flush=True):
    """Entity spans (start, end, type), end exclusive, with switches for the typical mistakes.

    Right (all defaults): an entity starts at B-X, or at an I-X that does not continue an X
    entity; it goes on over I-X. strict: such an I-X is dropped; orphan_after_o=False: it is
    dropped only when no entity is open (after O); any_type: an I- continues whatever entity
    is open; merge_b: B-X continues an X entity too; each_token: every tag is an entity of
    its own; flush=False: an entity still open at the end of the sentence is lost.
    """
    spans, start, kind = [], None, None
    ending = [*tags, "O"] if flush else list(tags)
    for t, tag in enumerate(ending):
        prefix, _, label = tag.partition("-")
        same = kind is not None and (label == kind or (any_type and prefix == "I"))
        if same and not each_token and (prefix == "I" or (merge_b and prefix == "B")):
            continue
        was_open = kind is not None
        if was_open:
            spans.append((start, t, kind))
            start, kind = None, None
        orphan = prefix == "I"  # an I- that did not continue an open entity
        dropped = orphan and (strict or (not orphan_after_o and not was_open))
        if prefix == "B" or (orphan and not dropped):
            start, kind = t, label
    return spans


def _entity_spans(tags):
    """The entities of one IOB2 tag sequence, as (start, end, type) with end exclusive."""
    return _spans(tags)


def _span_f1(true_seqs, pred_seqs):
    """Entity-level (precision, recall, f1): a predicted entity counts when a true one of the
    same sentence has the same start, end and type; a score whose denominator is 0 is 0."""
    return _span_scores(true_seqs, pred_seqs)


# ---------------------------------------------------------------------------
# Exercise 1 (section 2): the most-frequent-tag baseline
# ---------------------------------------------------------------------------
_BASELINE_CORPUS = [
    [("The", "DET"), ("run", "NOUN"), ("was", "AUX"), ("back", "ADV"), ("then", "ADV")],
    [("I", "PRON"), ("run", "VERB"), ("back", "ADV"), ("that", "SCONJ"), ("way", "NOUN")],
    [("they", "PRON"), ("run", "VERB"), ("that", "PRON"), ("run", "VERB"), ("back", "NOUN")],
    [("the", "DET"), ("run", "NOUN"), ("that", "DET"), ("is", "AUX"), ("that", "PRON"),
     ("way", "NOUN")],
]


@exercise(_most_frequent_tags)
def most_frequent_tags(fn):
    """most_frequent_tags(sentences) -> {word: its most frequent tag in sentences}."""
    corpus = [list(sentence) for sentence in _BASELINE_CORPUS]
    got = call(fn, corpus, name="most_frequent_tags")
    counts = {}
    for sentence in _BASELINE_CORPUS:
        for word, tag in sentence:
            counts.setdefault(word, Counter())[tag] += 1
    expected = _most_frequent_tags(_BASELINE_CORPUS)
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
                            "keep only the most frequent tag of each word.")
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
        raise ExerciseError(f"The tag of {word!r} is {got[word]!r}, but {word!r} has another tag "
                            f"more often ({sum(counts[word].values())} times in all): count every "
                            "tag of every word.")
    passed("most_frequent_tags keeps each word's most frequent tag ('run' -> VERB, 3 of 5).")


# ---------------------------------------------------------------------------
# Exercise 2 (section 3): masked accuracy
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
    if array.ndim > 0 and array.dtype.kind in "biuf":
        raise ExerciseError(f"`{name}` should be one number, but it has shape {array.shape}: "
                            "average over the real tokens to get a single accuracy.")
    return got


@exercise(_masked_accuracy)
def masked_accuracy(fn):
    """masked_accuracy(y_true, probs) -> share of real tokens (y_true != 0) tagged right."""
    y_true, probs, y_pred = _tagging_batch()
    name = "masked_accuracy(y_true, probs)"
    got = _number(call(fn, y_true.copy(), probs.copy(), name="masked_accuracy"), name)
    mask = y_true != 0
    hits = (y_pred == y_true) & mask
    expected = _masked_accuracy(y_true, probs)
    per_sentence = np.mean(hits.sum(axis=1) / mask.sum(axis=1))
    pred_mask = y_pred != 0
    true_prob = np.take_along_axis(probs, y_true[..., None], axis=-1)[..., 0]
    expect_value(got, expected, name=name, rel=1e-6, mistakes={
        "This is the accuracy over every position, padding included: keep only the positions "
        "where y_true != 0, both in the count of hits and in the count of tokens.":
            float(np.mean(y_pred == y_true)),
        "The denominator is the number of positions, padding included: divide by the number of "
        "real tokens (y_true != 0).": float(hits.sum() / y_true.size),
        "The hits include the padding positions that were predicted as padding (the accuracy "
        "is above 1 here): count a hit only where y_true != 0.":
            float((y_pred == y_true).sum() / mask.sum()),
        "Not a single token counts as right, because a probability never equals a tag id: the "
        "predicted tag is the one with the highest probability (argmax over the last axis).": 0.0,
        "This is the average probability given to the true tag: a token counts as right when "
        "its true tag has the highest probability (argmax over the last axis).":
            float(true_prob[mask].mean()),
        "This averages the accuracy of each sentence, so a short sentence weighs as much as a "
        "long one: count hits and real tokens over the whole batch, then divide once.":
            float(per_sentence),
        "The mask comes from the predictions (argmax != 0); it must come from the labels: "
        "padding is where y_true == 0.": float(((y_pred == y_true) & pred_mask).sum() / pred_mask.sum()),
        "This is the number of correct tokens; divide it by the number of real tokens.":
            float(hits.sum()),
        "This is the error rate (1 - accuracy): count the positions where the prediction "
        "equals the label.": float(1 - expected),
    })
    passed(f"masked accuracy {expected:.4f}: 8 of 11 real tokens, padding ignored.")


# ---------------------------------------------------------------------------
# Exercise 3 (section 5): predict, then measure (unknown words with spelling features)
# ---------------------------------------------------------------------------
_CLOSE = 0.05  # five points: about 2,300 unknown test tokens (sampling error near 0.01)


@exercise(None, name="prediction")
def predicted_unknown_accuracy(prediction, measured, words_only, rule):
    """Compare a predicted accuracy on the unknown test words of the tagger with spelling
    features with the measured one; `words_only` and `rule` are the same accuracy for the
    words-only tagger (same epochs) and for the baseline's spelling rule.

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not an accuracy.
    """
    prediction = expect_fraction(prediction, half="half of the unknown words",
                                 none="none of them right", all_="all of them", noun="accuracy")
    said = (f"you predicted {percent(prediction)}, and the tagger with spelling tags "
            f"{measured:.1%} of the unknown test words right (words only: {words_only:.1%}, "
            f"the spelling rule: {rule:.1%}).")
    if measured > max(words_only, rule) + 0.02:
        why = ("To the words-only tagger every unknown word is the same <unk>, and the rule sees "
               "no context; with shape and affixes the network reads what a word looks like and "
               "what surrounds it, and beats both.")
    elif measured > words_only + 0.02:
        why = ("The spelling helps, but after this little training the network has not yet "
               "caught up with the hand-written rule.")
    else:
        why = ("After this little training the spelling features have not helped yet: the "
               "network has not learned what to do with them.")
    verdict(prediction, measured, _CLOSE, said, why)
    return prediction


# ---------------------------------------------------------------------------
# Exercise 4 (section 8): entity spans from IOB2 tags
# ---------------------------------------------------------------------------
SPANS_TAGS = [
    ["B-PER", "I-PER", "O", "B-LOC"],
    ["O", "I-ORG", "I-ORG", "O", "B-PER"],
    ["B-PER", "I-LOC", "I-LOC", "B-ORG", "B-ORG", "I-ORG"],
    ["O", "O"],
    ["I-LOC"],
]

_SPAN_MISTAKES = [
    ("An I- that does not continue an entity of its type was dropped: in IOB2 it starts a new "
     "entity, as if it were a B- (after O, and after another type).", {"strict": True}),
    ("An I- right after O was dropped: in IOB2 an I- that does not continue an entity of its "
     "type starts a new one, as if it were a B-.", {"orphan_after_o": False}),
    ("An I- was read as continuing whatever entity was open, and dropped when none was: an I-X "
     "continues only an entity of type X; otherwise it starts a new X entity.",
     {"any_type": True, "orphan_after_o": False}),
    ("An I- of another type (I-LOC after B-PER) was read as continuing the open entity: an I-X "
     "continues only an entity of type X; otherwise it starts a new X entity.", {"any_type": True}),
    ("'B-ORG B-ORG' was read as one entity: every B- starts a new entity, only I- continues one.",
     {"merge_b": True}),
    ("Every tag became an entity of its own: an I-X after B-X or I-X continues that entity, so "
     "'B-PER I-PER' is one entity of two tokens.", {"each_token": True}),
    ("An entity that runs to the end of the sentence is lost: after the loop, close the entity "
     "that is still open (or loop over the tags with an 'O' appended).", {"flush": False}),
]


def _as_spans(got, name):
    if got is None:
        raise ExerciseError(f"`{name}` returned None: did you forget to `return` the list of spans?")
    if not isinstance(got, (list, tuple)):
        raise ExerciseError(f"`{name}` should return a list of (start, end, type) tuples, "
                            f"got a {type(got).__name__}.")
    spans = []
    for span in got:
        if not isinstance(span, (list, tuple)) or len(span) != 3:
            raise ExerciseError(f"Each entity should be a tuple (start, end, type), got {span!r}.")
        spans.append(tuple(int(v) if isinstance(v, (int, np.integer)) else v for v in span))
    return spans


@exercise(_entity_spans)
def entity_spans(fn):
    """entity_spans(tags) -> [(start, end, type), ...], end exclusive, in order."""
    name = "entity_spans"
    results = []
    for tags in SPANS_TAGS:
        given = list(tags)
        got = _as_spans(call(fn, given, name=name), f"{name}({tags!r})")
        if given != tags:
            raise ExerciseError(f"`{name}` changed the list of tags it was given (an 'O' appended "
                                "in place?): loop over a new list, such as [*tags, 'O'].")
        results.append(got)
    expected = [_spans(tags) for tags in SPANS_TAGS]
    if results == expected:
        passed("entity_spans reads IOB2 as the CoNLL script and seqeval do: B- starts an entity, "
               "I-X continues an X, and an I- that continues nothing starts one.")
        return
    for span in (span for got in results for span in got):
        if isinstance(span[2], str) and span[2][:2] in ("B-", "I-"):
            raise ExerciseError(f"The type of an entity is the tag without its prefix: "
                                f"{span[2][2:]!r}, not {span[2]!r}.")
        if isinstance(span[0], str):
            raise ExerciseError("The order inside each tuple is (start, end, type), type last.")
    if results == [[(s, e - 1, k) for s, e, k in want] for want in expected]:
        raise ExerciseError("The end is inclusive here: make it exclusive (one past the last "
                            "token), so that tags[start:end] is the whole entity.")
    for message, options in _SPAN_MISTAKES:
        if results == [_spans(tags, **options) for tags in SPANS_TAGS]:
            raise ExerciseError(message)
    for tags, got, want in zip(SPANS_TAGS, results, expected, strict=True):
        if got != want:
            exact = len(set(got) & set(want))
            raise ExerciseError(f"For the tags {tags} `{name}` returns {len(got)} entities, of which "
                                f"{exact} are right; the tags hold {len(want)}.")


# ---------------------------------------------------------------------------
# Exercise 5 (section 8): span-level precision, recall and F1
# ---------------------------------------------------------------------------
SPAN_TRUE = [
    ["B-PER", "I-PER", "O", "B-LOC"],
    ["O", "B-ORG", "I-ORG", "I-ORG"],
    ["B-LOC", "O", "O"],
    ["O", "I-PER", "I-PER", "O"],
    ["B-PER", "B-PER"],
    ["O", "O"],
    ["B-ORG", "O"],
    ["B-LOC", "I-LOC", "I-LOC"],
]
SPAN_PRED = [
    ["B-PER", "I-PER", "O", "B-ORG"],
    ["O", "B-ORG", "I-ORG", "O"],
    ["B-LOC", "O", "B-PER"],
    ["O", "B-PER", "I-PER", "O"],
    ["B-PER", "I-PER"],
    ["B-ORG", "O"],
    ["B-LOC", "O"],
    ["O", "B-LOC", "I-LOC"],
]


def _prf(tp, n_pred, n_true):
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_true if n_true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _all_spans(seqs, key=lambda i, s: (i, *s), **options):
    return {key(i, s) for i, tags in enumerate(seqs) for s in _spans(tags, **options)}


def _span_scores(true_seqs, pred_seqs, key=lambda i, s: (i, *s), **options):
    true_spans, pred_spans = _all_spans(true_seqs, key, **options), _all_spans(pred_seqs, key, **options)
    return _prf(len(true_spans & pred_spans), len(pred_spans), len(true_spans))


def _token_scores(true_seqs, pred_seqs):
    true_tags = np.concatenate(true_seqs)
    pred_tags = np.concatenate(pred_seqs)
    tp = int(((true_tags == pred_tags) & (true_tags != "O")).sum())
    return _prf(tp, int((pred_tags != "O").sum()), int((true_tags != "O").sum()))


def _overlap_scores(true_seqs, pred_seqs, both_sides):
    """A predicted entity counts when it overlaps a true one of the same type (same sentence);
    both_sides: recall counts the true entities that a predicted one overlaps."""
    true_spans, pred_spans = _all_spans(true_seqs), _all_spans(pred_seqs)

    def overlaps(a, b):
        return a[0] == b[0] and a[3] == b[3] and a[1] < b[2] and b[1] < a[2]

    found_pred = sum(any(overlaps(p, t) for t in true_spans) for p in pred_spans)
    found_true = sum(any(overlaps(t, p) for p in pred_spans) for t in true_spans)
    precision = found_pred / len(pred_spans)
    recall = (found_true if both_sides else found_pred) / len(true_spans)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _sentence_average(true_seqs, pred_seqs):
    scores = [_span_scores([t], [p]) for t, p in zip(true_seqs, pred_seqs, strict=True)]
    return tuple(float(np.mean(column)) for column in zip(*scores, strict=True))


def _as_scores(got, name):
    if got is None:
        raise ExerciseError(f"`{name}` returned None: `return precision, recall, f1`.")
    if isinstance(got, (Mapping, str)) or not hasattr(got, "__len__") or len(got) != 3:
        raise ExerciseError(f"`{name}` should return three numbers: `return precision, recall, f1`.")
    scores = tuple(_number(value, name) for value in got)
    if not all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in scores):
        raise ExerciseError(f"`{name}` should return three numbers: precision, recall and f1.")
    return scores


@exercise(_span_f1)
def span_f1(fn):
    """span_f1(true_seqs, pred_seqs) -> (precision, recall, f1) over entity spans."""
    name = "span_f1"
    p, r, f = expected = _span_scores(SPAN_TRUE, SPAN_PRED)
    got = _as_scores(call(fn, [list(s) for s in SPAN_TRUE], [list(s) for s in SPAN_PRED], name=name), name)
    expect_array(np.array(got, dtype=float), np.array(expected), name="(precision, recall, f1)", mistakes={
        "Precision and recall are swapped: precision divides by the number of predicted "
        "entities, recall by the number of true ones.": (r, p, f),
        "These are token-level scores (one hit per non-O token): compare whole entity spans "
        "(start, end, type), so a half-found entity counts as a miss.":
            lambda: _token_scores(SPAN_TRUE, SPAN_PRED),
        "A predicted entity that only overlaps a true one counts as found here: it counts only "
        "when start, end and type are all equal.":
            lambda: _overlap_scores(SPAN_TRUE, SPAN_PRED, both_sides=False),
        "An entity that only overlaps another counts as found here: an entity counts only when "
        "start, end and type are all equal.":
            lambda: _overlap_scores(SPAN_TRUE, SPAN_PRED, both_sides=True),
        "Two spans with the same words but different types (LOC predicted as ORG) count as a "
        "match here: a span matches only when start, end and type are all equal.":
            lambda: _span_scores(SPAN_TRUE, SPAN_PRED, key=lambda i, s: (i, *s[:2])),
        "Entities of different sentences are mixed up: a span (start, end, type) repeats from "
        "sentence to sentence, so put the sentence's number into each one.":
            lambda: _span_scores(SPAN_TRUE, SPAN_PRED, key=lambda i, s: s),
        "An entity that starts with I- after O (as in 'O I-PER I-PER') was dropped: in IOB2 "
        "such a tag still begins an entity (read it as B-).":
            lambda: _span_scores(SPAN_TRUE, SPAN_PRED, strict=True),
        "'B-PER B-PER' was read as one entity: every B- starts a new entity, only I- continues one.":
            lambda: _span_scores(SPAN_TRUE, SPAN_PRED, merge_b=True),
        "This averages the scores of each sentence: count matches, predicted and true entities "
        "over all sentences, then compute precision, recall and F1 once.":
            lambda: _sentence_average(SPAN_TRUE, SPAN_PRED),
        "F1 is the harmonic mean of precision and recall, 2PR / (P + R), not their average.":
            (p, r, (p + r) / 2),
    })
    no_entities = [["O", "O", "O"], ["O"]]
    try:
        got = _as_scores(fn([list(s) for s in SPAN_TRUE[:2]], [["O"] * 4, ["O"] * 4]), name)
        empty = _as_scores(fn(no_entities, no_entities), name)
    except ZeroDivisionError:
        raise ExerciseError("`span_f1` divides by zero when there are no predicted (or no true) "
                            "entities: return 0.0 for a score whose denominator is 0.") from None
    except ExerciseError:
        raise
    except Exception as error:  # the learner's code may raise anything
        raise ExerciseError(f"`span_f1` raised {type(error).__name__}: {error} on sentences "
                            "without any predicted entity.") from None
    if not np.allclose(got, 0.0) or not np.allclose(empty, 0.0):
        raise ExerciseError("With no predicted entities (or none at all), precision, recall and F1 "
                            "should all be 0.0: a score whose denominator is 0 is 0.")
    n_true, n_pred = len(_all_spans(SPAN_TRUE)), len(_all_spans(SPAN_PRED))
    passed(f"span_f1 = ({p:.3f}, {r:.3f}, {f:.3f}): {round(p * n_pred)} exact matches, {n_pred} "
           f"predicted and {n_true} true entities, and 0.0 where there are none.")
