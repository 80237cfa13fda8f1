"""Notebook 08's checks: the right answers pass, and each typical mistake gets its own sentence.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, return the learner's function when it passes and the course's
reference (with one line saying so) otherwise. Every wrong answer below is written out as
a learner would write it, independently of the check's own mistake generators.
"""

import math
from collections import Counter, defaultdict

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook08 as nb08
from tests.exercise_support import goes_on_with_the_answer_or_the_reference, stub

baseline_check = nb08.most_frequent_tags.__wrapped__
accuracy_check = nb08.masked_accuracy.__wrapped__
prediction_check = nb08.predicted_unknown_accuracy.__wrapped__
spans_check = nb08.entity_spans.__wrapped__
f1_check = nb08.span_f1.__wrapped__


# ---------------------------------------------------------------------------
# Right answers, as a learner writes them
# ---------------------------------------------------------------------------
def most_frequent_tags(sentences):
    counts = {}
    for sentence in sentences:
        for word, tag in sentence:
            counts.setdefault(word, Counter())[tag] += 1
    return {word: c.most_common(1)[0][0] for word, c in counts.items()}


def masked_accuracy(y_true, probs):
    mask = y_true != 0
    hits = (probs.argmax(axis=-1) == y_true) & mask
    return hits.sum() / mask.sum()


def entity_spans(tags):
    found, start, kind = [], None, None
    for t, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if kind is not None and prefix == "I" and label == kind:
            continue
        if kind is not None:
            found.append((start, t, kind))
            kind = None
        if prefix in ("B", "I"):
            start, kind = t, label
    return found


def entity_spans_with_a_while_loop(tags):
    """Also right: look ahead from each entity's first tag."""
    spans, t = [], 0
    while t < len(tags):
        if tags[t] == "O":
            t += 1
            continue
        kind, start = tags[t][2:], t
        t += 1
        while t < len(tags) and tags[t] == "I-" + kind:
            t += 1
        spans.append((start, t, kind))
    return spans


def span_f1(true_seqs, pred_seqs):
    true_spans = {(i, *s) for i, tags in enumerate(true_seqs) for s in entity_spans(tags)}
    pred_spans = {(i, *s) for i, tags in enumerate(pred_seqs) for s in entity_spans(tags)}
    hits = len(true_spans & pred_spans)
    precision = hits / len(pred_spans) if pred_spans else 0.0
    recall = hits / len(true_spans) if true_spans else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1


# ---------------------------------------------------------------------------
# Every in-flow check, decorated: the learner's function or the course's reference
# ---------------------------------------------------------------------------
DECORATED = [
    (nb08.most_frequent_tags, most_frequent_tags,
     lambda sentences: {w: t for s in sentences for w, t in s}),
    (nb08.masked_accuracy, masked_accuracy, lambda y, p: np.mean(p.argmax(-1) == y)),
    (nb08.entity_spans, entity_spans, lambda tags: [(t, t + 1, x[2:]) for t, x in enumerate(tags)
                                                    if x != "O"]),
    (nb08.span_f1, span_f1, lambda t, p: span_f1(t, p)[::-1]),
]


@pytest.mark.parametrize("check, right, wrong", DECORATED, ids=[c[0].__name__ for c in DECORATED])
def test_the_notebook_goes_on_with_the_learners_function_or_the_reference(check, right, wrong, capsys):
    goes_on_with_the_answer_or_the_reference(check, right, wrong, capsys)


@pytest.mark.parametrize("check", [c[0] for c in DECORATED], ids=[c[0].__name__ for c in DECORATED])
def test_the_references_pass_their_own_checks_under_the_exercise_name(check, capsys):
    check.__wrapped__(check.reference)
    assert check.reference.__name__ == check.__name__
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("check", [baseline_check, accuracy_check, spans_check, f1_check])
def test_a_stub_raises_not_implemented(check):
    with pytest.raises(NotImplementedError):
        check(stub)


def test_the_stub_falls_back_with_the_not_written_notice(capsys):
    assert nb08.masked_accuracy(stub) is nb08.masked_accuracy.reference
    out = capsys.readouterr().out
    assert "`masked_accuracy` is not written yet" in out and FALLBACK in out


# ---------------------------------------------------------------------------
# Exercise 1: the most-frequent-tag baseline
# ---------------------------------------------------------------------------
def test_most_frequent_tags_right_answers_pass(capsys):
    def with_pandas(sentences):
        import pandas as pd
        tokens = pd.DataFrame([pair for s in sentences for pair in s], columns=["word", "tag"])
        return tokens.groupby("word")["tag"].agg(lambda tags: tags.value_counts().index[0]).to_dict()

    baseline_check(most_frequent_tags)
    baseline_check(with_pandas)
    assert capsys.readouterr().out.count("Correct") == 2


def last_tag_seen(sentences):
    table = {}
    for sentence in sentences:
        for word, tag in sentence:
            table[word] = tag
    return table


def first_tag_seen(sentences):
    table = {}
    for sentence in sentences:
        for word, tag in sentence:
            if word not in table:
                table[word] = tag
    return table


def tag_counters(sentences):
    counts = defaultdict(Counter)
    for sentence in sentences:
        for word, tag in sentence:
            counts[word][tag] += 1
    return dict(counts)


def most_frequent_tag_overall(sentences):
    overall = Counter(tag for s in sentences for _, tag in s).most_common(1)[0][0]
    return {word: overall for s in sentences for word, _ in s}


def least_frequent(sentences):
    return {word: c.most_common()[-1][0] for word, c in tag_counters(sentences).items()}


def lowercased(sentences):
    counts = defaultdict(Counter)
    for sentence in sentences:
        for word, tag in sentence:
            counts[word.lower()][tag] += 1
    return {word: c.most_common(1)[0][0] for word, c in counts.items()}


def first_sentence_only(sentences):
    return most_frequent_tags(sentences[:1])


def with_an_unknown_entry(sentences):
    return {**most_frequent_tags(sentences), "<unk>": "NOUN"}


def counts_that_wrongly(sentences):
    """Counts 'that' as if each sentence had it once: a wrong tag for 'that' only."""
    table = most_frequent_tags(sentences)
    table["that"] = "SCONJ"
    return table


def pops_the_sentences(sentences):
    table = most_frequent_tags(sentences)
    sentences.pop()
    return table


@pytest.mark.parametrize("answer, message", [
    (last_tag_seen, "last tag seen"),
    (first_tag_seen, "first tag seen"),
    (most_frequent_tag_overall, "the same tag"),
    (least_frequent, "least frequent"),
    (tag_counters, "one tag"),
    (lowercased, "exactly as written"),
    (first_sentence_only, "missing"),
    (with_an_unknown_entry, "not words"),
    (lambda s: list(most_frequent_tags(s).items()), "should return a dict"),
    (lambda s: None, "returned None"),
    (pops_the_sentences, "changed the sentences"),
])
def test_most_frequent_tags_names_each_mistake(answer, message):
    with pytest.raises(ExerciseError, match=message):
        baseline_check(answer)


def test_most_frequent_tags_reports_an_unrecognised_mistake_by_the_word():
    with pytest.raises(ExerciseError, match="The tag of 'that' is 'SCONJ'"):
        baseline_check(counts_that_wrongly)


# ---------------------------------------------------------------------------
# Exercise 2: masked accuracy
# ---------------------------------------------------------------------------
def test_masked_accuracy_right_answers_pass(capsys):
    accuracy_check(masked_accuracy)
    accuracy_check(lambda y, p: float(masked_accuracy(y, p)))
    accuracy_check(lambda y, p: np.mean((p.argmax(-1) == y)[y != 0]))
    accuracy_check(lambda y, p: ((np.argmax(p, axis=2) == y) * (y > 0)).sum() / np.count_nonzero(y))
    assert capsys.readouterr().out.count("Correct") == 4


def mask_ignored(y_true, probs):
    return np.mean(probs.argmax(axis=-1) == y_true)


def divided_by_all_positions(y_true, probs):
    hits = (probs.argmax(axis=-1) == y_true) & (y_true != 0)
    return hits.sum() / y_true.size


def padding_hits_counted(y_true, probs):
    return (probs.argmax(axis=-1) == y_true).sum() / (y_true != 0).sum()


def max_probability_compared(y_true, probs):
    mask = y_true != 0
    return np.mean((probs.max(axis=-1) == y_true)[mask])


def probability_of_the_true_tag(y_true, probs):
    mask = y_true != 0
    p_true = np.take_along_axis(probs, y_true[..., None], axis=-1).squeeze(-1)
    return p_true[mask].mean()


def mean_of_sentence_accuracies(y_true, probs):
    pred = probs.argmax(axis=-1)
    return np.mean([np.mean(p[t != 0] == t[t != 0]) for p, t in zip(pred, y_true, strict=True)])


def mask_from_predictions(y_true, probs):
    pred = probs.argmax(axis=-1)
    return np.mean((pred == y_true)[pred != 0])


@pytest.mark.parametrize("answer, message", [
    (mask_ignored, "every position, padding included"),
    (divided_by_all_positions, "denominator is the number of positions"),
    (padding_hits_counted, "hits include the padding positions"),
    (max_probability_compared, "a probability never equals a tag id"),
    (probability_of_the_true_tag, "average probability given to the true tag"),
    (mean_of_sentence_accuracies, "accuracy of each sentence"),
    (mask_from_predictions, "mask comes from the predictions"),
    (lambda y, p: ((p.argmax(-1) == y) & (y != 0)).sum(), "number of correct tokens"),
    (lambda y, p: 1 - masked_accuracy(y, p), "error rate"),
    (lambda y, p: (p.argmax(-1) == y) & (y != 0), "one number"),
    (lambda y, p: None, "is None"),
    (lambda y, p: np.mean(p.argmax(1) == y), "raised ValueError"),
])
def test_masked_accuracy_names_each_mistake(answer, message):
    with pytest.raises(ExerciseError, match=message):
        accuracy_check(answer)


def test_masked_accuracy_reports_an_unrecognised_mistake_generically():
    def argmax_over_real_classes(y_true, probs):  # forgets to add 1 back after [..., 1:]
        mask = y_true != 0
        return np.mean((probs[..., 1:].argmax(axis=-1) == y_true)[mask])

    with pytest.raises(ExerciseError, match="which is not right yet"):
        accuracy_check(argmax_over_real_classes)


# ---------------------------------------------------------------------------
# Exercise 3: predict, then measure
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("prediction", [0.8, 0.78, 0.85, np.float64(0.82)])
def test_a_close_prediction_is_confirmed_with_the_reason(prediction, capsys):
    assert prediction_check(prediction, measured=0.81, words_only=0.6, rule=0.69) == prediction
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct:") and "81.0% of the unknown test words" in out
    assert "beats both" in out


def test_a_far_prediction_is_not_wrong_the_check_explains_the_measurement(capsys):
    assert nb08.predicted_unknown_accuracy(0.6, measured=0.81, words_only=0.6, rule=0.69) == 0.6
    out = capsys.readouterr().out
    assert out.startswith("📏 Higher than you expected: you predicted 60%")
    assert "beats both" in out and FALLBACK not in out and "Correct" not in out
    nb08.predicted_unknown_accuracy(0.95, measured=0.81, words_only=0.6, rule=0.69)
    assert capsys.readouterr().out.startswith("📏 Lower than you expected")


def test_the_explanation_follows_the_measurement_not_a_stored_answer(capsys):
    prediction_check(0.9, measured=0.65, words_only=0.6, rule=0.69)
    assert "not yet caught up with the hand-written rule" in capsys.readouterr().out
    prediction_check(0.9, measured=0.55, words_only=0.6, rule=0.69)
    assert "have not helped yet" in capsys.readouterr().out


@pytest.mark.parametrize("prediction, message", [
    (81, "looks like a percentage: write the fraction, 0.81"),
    (-0.2, "is not a accuracy|is not an accuracy"),
    ("about 80%", "should be a number between 0 and 1"),
    (True, "should be a number"),
    (math.nan, "is NaN"),
])
def test_a_prediction_that_is_not_an_accuracy_is_named(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        prediction_check(prediction, measured=0.81, words_only=0.6, rule=0.69)


def test_an_unwritten_prediction_falls_back_without_an_error(capsys):
    assert nb08.predicted_unknown_accuracy(None, measured=0.81, words_only=0.6, rule=0.69) is None
    out = capsys.readouterr().out
    assert "`prediction` is not written yet" in out and FALLBACK in out


# ---------------------------------------------------------------------------
# Exercise 4: entity spans
# ---------------------------------------------------------------------------
def test_entity_spans_right_answers_pass(capsys):
    spans_check(entity_spans)
    spans_check(entity_spans_with_a_while_loop)
    spans_check(lambda tags: [list(s) for s in entity_spans(tags)])
    assert capsys.readouterr().out.count("Correct") == 3


def drops_an_i_that_continues_nothing(tags):
    spans, start, kind = [], None, None
    for t, tag in enumerate([*tags, "O"]):
        if kind is not None and tag == "I-" + kind:
            continue
        if kind is not None:
            spans.append((start, t, kind))
            kind = None
        if tag.startswith("B-"):
            start, kind = t, tag[2:]
    return spans


def drops_an_i_after_o(tags):
    spans, start, kind = [], None, None
    for t, tag in enumerate([*tags, "O"]):
        if kind is not None and tag == "I-" + kind:
            continue
        if tag.startswith("I-") and kind is not None:  # another type: a new entity
            spans.append((start, t, kind))
            start, kind = t, tag[2:]
            continue
        if kind is not None:
            spans.append((start, t, kind))
            kind = None
        if tag.startswith("B-"):
            start, kind = t, tag[2:]
    return spans


def any_i_continues(tags):
    spans, start, kind = [], None, None
    for t, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and kind is not None:
            continue
        if kind is not None:
            spans.append((start, t, kind))
            kind = None
        if tag.startswith("B-"):
            start, kind = t, tag[2:]
    return spans


def any_i_continues_an_open_entity(tags):
    spans, start, kind = [], None, None
    for t, tag in enumerate([*tags, "O"]):
        if tag.startswith("I-") and kind is not None:
            continue
        if kind is not None:
            spans.append((start, t, kind))
            kind = None
        if tag != "O":
            start, kind = t, tag[2:]
    return spans


def b_continues_the_same_type(tags):
    spans, start, kind = [], None, None
    for t, tag in enumerate([*tags, "O"]):
        if kind is not None and tag[2:] == kind:
            continue
        if kind is not None:
            spans.append((start, t, kind))
            kind = None
        if tag != "O":
            start, kind = t, tag[2:]
    return spans


def one_entity_per_tag(tags):
    return [(t, t + 1, tag[2:]) for t, tag in enumerate(tags) if tag != "O"]


def forgets_the_last_entity(tags):
    spans, start, kind = [], None, None
    for t, tag in enumerate(tags):
        if kind is not None and tag == "I-" + kind:
            continue
        if kind is not None:
            spans.append((start, t, kind))
            kind = None
        if tag != "O":
            start, kind = t, tag[2:]
    return spans


def appends_o_in_place(tags):
    tags.append("O")
    return entity_spans(tags[:-1])


@pytest.mark.parametrize("answer, message", [
    (drops_an_i_that_continues_nothing, "was dropped: in IOB2 it starts a new entity"),
    (drops_an_i_after_o, "An I- right after O was dropped"),
    (any_i_continues, "continuing whatever entity was open, and dropped when none was"),
    (any_i_continues_an_open_entity, "An I- of another type"),
    (b_continues_the_same_type, "'B-ORG B-ORG' was read as one entity"),
    (one_entity_per_tag, "Every tag became an entity of its own"),
    (forgets_the_last_entity, "runs to the end of the sentence is lost"),
    (lambda tags: [(s, e - 1, k) for s, e, k in entity_spans(tags)], "The end is inclusive"),
    (lambda tags: [(s, e, tags[s]) for s, e, _ in entity_spans(tags)], "without its prefix"),
    (lambda tags: [(k, s, e) for s, e, k in entity_spans(tags)], r"\(start, end, type\), type last"),
    (lambda tags: [{"start": s, "end": e} for s, e, _ in entity_spans(tags)], "should be a tuple"),
    (lambda tags: (s for s in entity_spans(tags)), "should return a list"),
    (lambda tags: None, "returned None"),
    (appends_o_in_place, "changed the list of tags"),
    (lambda tags: [(0, 1, tag.split("-")[1]) for tag in tags[:1]], "raised IndexError"),
])
def test_entity_spans_names_each_mistake(answer, message):
    with pytest.raises(ExerciseError, match=message):
        spans_check(answer)


def test_entity_spans_reports_an_unrecognised_mistake_by_its_counts():
    def skips_the_first_tag(tags):
        return [span for span in entity_spans(tags) if span[0] > 0]

    with pytest.raises(ExerciseError, match=r"returns 1 entities, of which 1 are right; the tags hold 2"):
        spans_check(skips_the_first_tag)


def test_reference_spans_follow_iob2_as_seqeval_does():
    # seqeval's default (non-strict) get_entities, written out for these tags
    assert nb08._entity_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]
    assert nb08._entity_spans(["I-PER", "I-PER", "B-PER", "I-LOC"]) == [
        (0, 2, "PER"), (2, 3, "PER"), (3, 4, "LOC")]


def test_every_span_mistake_gives_its_own_spans():
    seen = {str([nb08._spans(tags) for tags in nb08.SPANS_TAGS])}
    for _, options in nb08._SPAN_MISTAKES:
        seen.add(str([nb08._spans(tags, **options) for tags in nb08.SPANS_TAGS]))
    assert len(seen) == len(nb08._SPAN_MISTAKES) + 1


# ---------------------------------------------------------------------------
# Exercise 5: span-level F1
# ---------------------------------------------------------------------------
def test_span_f1_right_answers_pass(capsys):
    f1_check(span_f1)
    f1_check(lambda t, p: list(span_f1(t, p)))
    f1_check(lambda t, p: np.array(span_f1(t, p)))
    out = capsys.readouterr().out
    assert out.count("Correct") == 3 and "3 exact matches, 10 predicted and 9 true entities" in out


def spans_of(seqs):
    return [(i, *s) for i, tags in enumerate(seqs) for s in entity_spans(tags)]


def swapped(true_seqs, pred_seqs):
    true, pred = set(spans_of(true_seqs)), set(spans_of(pred_seqs))
    hits = len(true & pred)
    precision, recall = hits / len(true), hits / len(pred)
    return precision, recall, 2 * precision * recall / (precision + recall)


def per_token(true_seqs, pred_seqs):
    pairs = [(t, p) for ts, ps in zip(true_seqs, pred_seqs, strict=True)
             for t, p in zip(ts, ps, strict=True)]
    hits = sum(t == p != "O" for t, p in pairs)
    precision = hits / sum(p != "O" for _, p in pairs)
    recall = hits / sum(t != "O" for t, _ in pairs)
    return precision, recall, 2 * precision * recall / (precision + recall)


def overlapping(true_seqs, pred_seqs):
    true, pred = spans_of(true_seqs), spans_of(pred_seqs)
    found = sum(any(i == j and k == m and s < f and r < e for j, r, f, m in true) for i, s, e, k in pred)
    precision, recall = found / len(pred), found / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def overlapping_both_ways(true_seqs, pred_seqs):
    true, pred = spans_of(true_seqs), spans_of(pred_seqs)

    def overlap(a, b):
        return a[0] == b[0] and a[3] == b[3] and a[1] < b[2] and b[1] < a[2]

    precision = sum(any(overlap(p, t) for t in true) for p in pred) / len(pred)
    recall = sum(any(overlap(t, p) for p in pred) for t in true) / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def type_ignored(true_seqs, pred_seqs):
    true = {(i, s, e) for i, s, e, _ in spans_of(true_seqs)}
    pred = {(i, s, e) for i, s, e, _ in spans_of(pred_seqs)}
    precision, recall = len(true & pred) / len(pred), len(true & pred) / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def no_sentence_number(true_seqs, pred_seqs):
    true = {s for tags in true_seqs for s in entity_spans(tags)}
    pred = {s for tags in pred_seqs for s in entity_spans(tags)}
    precision, recall = len(true & pred) / len(pred), len(true & pred) / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def strict_spans(true_seqs, pred_seqs):
    def spans(tags):
        return [s for s in entity_spans(tags) if tags[s[0]].startswith("B-")]

    true = {(i, *s) for i, tags in enumerate(true_seqs) for s in spans(tags)}
    pred = {(i, *s) for i, tags in enumerate(pred_seqs) for s in spans(tags)}
    precision, recall = len(true & pred) / len(pred), len(true & pred) / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def b_merged(true_seqs, pred_seqs):
    def spans(tags):
        merged = []
        for s, e, k in entity_spans(tags):
            if merged and merged[-1][1] == s and merged[-1][2] == k and tags[s].startswith("B-"):
                merged[-1] = (merged[-1][0], e, k)
            else:
                merged.append((s, e, k))
        return merged

    true = {(i, *s) for i, tags in enumerate(true_seqs) for s in spans(tags)}
    pred = {(i, *s) for i, tags in enumerate(pred_seqs) for s in spans(tags)}
    precision, recall = len(true & pred) / len(pred), len(true & pred) / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def averaged_per_sentence(true_seqs, pred_seqs):
    scores = [span_f1([t], [p]) for t, p in zip(true_seqs, pred_seqs, strict=True)]
    return tuple(np.mean(scores, axis=0))


def arithmetic_mean(true_seqs, pred_seqs):
    precision, recall, _ = span_f1(true_seqs, pred_seqs)
    return precision, recall, (precision + recall) / 2


def without_zero_guard(true_seqs, pred_seqs):
    true, pred = set(spans_of(true_seqs)), set(spans_of(pred_seqs))
    precision, recall = len(true & pred) / len(pred), len(true & pred) / len(true)
    return precision, recall, 2 * precision * recall / (precision + recall)


def nan_on_empty(true_seqs, pred_seqs):
    if not spans_of(pred_seqs):
        return float("nan"), 0.0, 0.0
    return span_f1(true_seqs, pred_seqs)


@pytest.mark.parametrize("answer, message", [
    (swapped, "Precision and recall are swapped"),
    (per_token, "token-level scores"),
    (overlapping, "only overlaps a true one counts as found"),
    (overlapping_both_ways, "only overlaps another counts as found"),
    (type_ignored, "different types"),
    (no_sentence_number, "Entities of different sentences are mixed up"),
    (strict_spans, "starts with I- after O"),
    (b_merged, "'B-PER B-PER' was read as one entity"),
    (averaged_per_sentence, "averages the scores of each sentence"),
    (arithmetic_mean, "harmonic mean"),
    (lambda t, p: {"precision": 1}, "three numbers"),
    (lambda t, p: ("high", "low", "medium"), "three numbers"),
    (lambda t, p: None, "returned None"),
    (without_zero_guard, "divides by zero"),
    (nan_on_empty, "should all be 0.0"),
])
def test_span_f1_names_each_mistake(answer, message):
    with pytest.raises(ExerciseError, match=message):
        f1_check(answer)


def test_span_f1_reports_an_unrecognised_mistake_by_its_largest_difference():
    def f1_of_counts(true_seqs, pred_seqs):  # F1 from the counts, with an off-by-one
        true, pred = set(spans_of(true_seqs)), set(spans_of(pred_seqs))
        hits = len(true & pred)
        precision = hits / len(pred) if pred else 0.0
        recall = hits / len(true) if true else 0.0
        return precision, recall, 2 * hits / (len(true) + len(pred) + 1) if hits else 0.0

    with pytest.raises(ExerciseError, match=r"largest difference is .* at index \(2,\)"):
        f1_check(f1_of_counts)
