"""Notebook 08: each exercise check accepts the right answer and names each typical mistake."""

from collections import Counter

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook08 as nb08


# ---------------------------------------------------------------------------
# Exercise 1: masked accuracy
# ---------------------------------------------------------------------------
def masked_accuracy(y_true, probs):
    mask = y_true != 0
    hits = (probs.argmax(axis=-1) == y_true) & mask
    return hits.sum() / mask.sum()


def test_masked_accuracy_right_answers_pass(capsys):
    nb08.masked_accuracy(masked_accuracy)
    nb08.masked_accuracy(lambda y, p: float(masked_accuracy(y, p)))
    nb08.masked_accuracy(lambda y, p: np.mean((p.argmax(-1) == y)[y != 0]))
    assert capsys.readouterr().out.count("Correct") == 3


@pytest.mark.parametrize("answer, message", [
    (lambda y, p: np.mean(p.argmax(-1) == y), "padding included"),
    (lambda y, p: ((p.argmax(-1) == y) & (y != 0)).sum() / y.size, "Padding counts as a hit"),
    (lambda y, p: np.mean([np.mean((p[i].argmax(-1) == y[i])[y[i] != 0]) for i in range(len(y))]),
     "accuracy of each sentence"),
    (lambda y, p: np.mean((p.argmax(-1) == y)[p.argmax(-1) != 0]), "mask comes from the predictions"),
    (lambda y, p: ((p.argmax(-1) == y) & (y != 0)).sum(), "number of correct tokens"),
    (lambda y, p: 1 - masked_accuracy(y, p), "error rate"),
    (lambda y, p: (p.argmax(-1) == y) & (y != 0), "one number"),
    (lambda y, p: None, "is None"),
    (lambda y, p: np.mean(p.argmax(1) == y), "raised ValueError"),
])
def test_masked_accuracy_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb08.masked_accuracy(answer)


def test_masked_accuracy_stub_is_not_an_exercise_error():
    def stub(y_true, probs):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb08.masked_accuracy(stub)


# ---------------------------------------------------------------------------
# Exercise 2: the most-frequent-tag baseline
# ---------------------------------------------------------------------------
def most_frequent_tags(sentences):
    counts = {}
    for sentence in sentences:
        for word, tag in sentence:
            counts.setdefault(word, Counter())[tag] += 1
    return {word: c.most_common(1)[0][0] for word, c in counts.items()}


def test_most_frequent_tags_right_answer_passes(capsys):
    nb08.most_frequent_tags(most_frequent_tags)
    assert "Correct" in capsys.readouterr().out


def _last(sentences):
    return {word: tag for sentence in sentences for word, tag in sentence}


def _first(sentences):
    table = {}
    for sentence in sentences:
        for word, tag in sentence:
            table.setdefault(word, tag)
    return table


def _counts(sentences):
    counts = {}
    for sentence in sentences:
        for word, tag in sentence:
            counts.setdefault(word, Counter())[tag] += 1
    return counts


@pytest.mark.parametrize("answer, message", [
    (_last, "last tag seen"),
    (_first, "first tag seen"),
    (lambda s: {w: "NOUN" for x in s for w, _ in x}, "the same tag"),
    (lambda s: {w: c.most_common()[-1][0] for w, c in _counts(s).items()}, "least frequent"),
    (_counts, "one tag"),
    (lambda s: {w.lower(): t for w, t in most_frequent_tags(s).items()}, "exactly as written"),
    (lambda s: {w: t for w, t in most_frequent_tags(s).items() if w != "way"}, "missing"),
    (lambda s: {**most_frequent_tags(s), "<unk>": "NOUN"}, "not words"),
    (lambda s: list(most_frequent_tags(s).items()), "should return a dict"),
    (lambda s: None, "returned None"),
    (lambda s: {**most_frequent_tags(s), "that": "SCONJ"}, "'that'"),
])
def test_most_frequent_tags_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb08.most_frequent_tags(answer)


def test_most_frequent_tags_must_not_change_its_input():
    def destructive(sentences):
        table = most_frequent_tags(sentences)
        sentences.pop()
        return table

    with pytest.raises(ExerciseError, match="changed the sentences"):
        nb08.most_frequent_tags(destructive)


# ---------------------------------------------------------------------------
# Exercise 3: span-level F1
# ---------------------------------------------------------------------------
def spans(tags):
    found, start, kind = [], None, None
    for t, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if kind is not None and prefix == "I" and label == kind:
            continue
        if kind is not None:
            found.append((start, t, kind))
            kind = None
        if prefix in ("B", "I"):
            start, kind = t, label
    return found


def span_f1(true_seqs, pred_seqs):
    true_spans = {(i, *s) for i, tags in enumerate(true_seqs) for s in spans(tags)}
    pred_spans = {(i, *s) for i, tags in enumerate(pred_seqs) for s in spans(tags)}
    hits = len(true_spans & pred_spans)
    precision = hits / len(pred_spans) if pred_spans else 0.0
    recall = hits / len(true_spans) if true_spans else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


def test_span_f1_right_answer_passes(capsys):
    nb08.span_f1(span_f1)
    nb08.span_f1(lambda t, p: list(span_f1(t, p)))
    assert capsys.readouterr().out.count("Correct") == 2


def _without_zero_guard(true_seqs, pred_seqs):
    true_spans = {(i, *s) for i, tags in enumerate(true_seqs) for s in spans(tags)}
    pred_spans = {(i, *s) for i, tags in enumerate(pred_seqs) for s in spans(tags)}
    hits = len(true_spans & pred_spans)
    precision, recall = hits / len(pred_spans), hits / len(true_spans)
    return precision, recall, 2 * precision * recall / (precision + recall)


def _none_on_empty(true_seqs, pred_seqs):
    if not any(s for tags in pred_seqs for s in spans(tags)):
        return float("nan"), 0.0, 0.0
    return span_f1(true_seqs, pred_seqs)


@pytest.mark.parametrize("answer, message", [
    (lambda t, p: span_f1(t, p)[1::-1] + span_f1(t, p)[2:], "swapped"),
    (lambda t, p: nb08._span_scores(t, p, key=lambda s: s[:2]), "different types"),
    (nb08._token_scores, "token-level"),
    (lambda t, p: nb08._span_scores(t, p, strict=True), "starts with I- after O"),
    (lambda t, p: nb08._span_scores(t, p, merge_b=True), "every B- starts a new entity"),
    (nb08._sentence_average, "averages the scores of each sentence"),
    (lambda t, p: (0.5, 0.5, 0.5), "expected"),
    (lambda t, p: {"precision": 1}, "three numbers"),
    (lambda t, p: None, "returned None"),
    (_without_zero_guard, "divides by zero"),
    (_none_on_empty, "should all be 0.0"),
])
def test_span_f1_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb08.span_f1(answer)


def test_reference_spans_follow_iob2():
    assert nb08._spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]
    assert nb08._spans(["O", "I-PER"], strict=True) == []
    assert nb08._spans(["B-PER", "B-PER"], merge_b=True) == [(0, 2, "PER")]
