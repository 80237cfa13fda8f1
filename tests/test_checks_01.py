"""Notebook 01: each exercise check accepts the right answer and names each typical mistake.

The raw check (`check.NAME.__wrapped__`) raises ExerciseError; the decorated check, as the
notebook calls it, returns the learner's answer when it passes and the course's reference
otherwise. Every wrong answer below is written out as a learner would write it.
"""

import re

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook01 as nb01
from tests.exercise_support import falls_back, passes, stub


def fails(check, answer, match, *args, **kwargs):
    """The raw check raises one sentence that matches `match`."""
    with pytest.raises(ExerciseError, match=match) as error:
        check.__wrapped__(answer, *args, **kwargs)
    assert "\n" not in str(error.value)
    return str(error.value)


# --- Exercise 1: x_y_at ----------------------------------------------------------------------


def x_y_at_right(examples, i, t):
    sentence = examples[i - 1]
    x, y = sentence[t - 1]
    return x, y


def x_y_at_zero_based(examples, i, t):
    return examples[i][t]


def x_y_at_i_from_zero(examples, i, t):
    return examples[i][t - 1]


def x_y_at_t_from_zero(examples, i, t):
    return examples[i - 1][t]


def x_y_at_swapped(examples, i, t):
    return examples[t - 1][i - 1]


def x_y_at_tag_first(examples, i, t):
    token, tag = examples[i - 1][t - 1]
    return tag, token


def x_y_at_token_only(examples, i, t):
    token, tag = examples[i - 1][t - 1]
    return token


def x_y_at_whole_example(examples, i, t):
    return examples[i - 1]


def x_y_at_last_step(examples, i, t):
    return examples[i - 1][-1]


def test_x_y_at_right_answers_pass(capsys):
    passes(nb01.x_y_at, x_y_at_right, capsys)
    passes(nb01.x_y_at, lambda examples, i, t: examples[i - 1][t - 1], capsys)


@pytest.mark.parametrize("answer, message", [
    (x_y_at_zero_based, "as Python indices, but the notation counts from 1"),
    (x_y_at_i_from_zero, "counts i from 0"),
    (x_y_at_t_from_zero, "counts t from 0"),
    (x_y_at_swapped, "swaps the indices"),
    (x_y_at_tag_first, r"returned \(tag, token\)"),
    (x_y_at_token_only, "returned only the token"),
    (x_y_at_whole_example, "returned the whole example"),
])
def test_x_y_at_mistakes_are_named(answer, message):
    fails(nb01.x_y_at, answer, message)


def test_x_y_at_unrecognised_answer_gets_the_generic_sentence():
    msg = fails(nb01.x_y_at, x_y_at_last_step, r"returned \('today', 'O'\), which is not the token "
                                                "and tag at step 2 of example 1")
    assert "met" not in msg  # the expected token is never printed


def test_x_y_at_falls_back_on_a_stub_and_a_wrong_answer(capsys):
    assert "not written yet" in falls_back(nb01.x_y_at, stub, capsys)
    assert "counts from 1" in falls_back(nb01.x_y_at, x_y_at_zero_based, capsys)


# --- Exercise 2: encode_batch ----------------------------------------------------------------


def encode_right(tagged, vocab, tag_vocab):
    lengths = [len(sentence) for sentence in tagged]
    T = max(lengths)
    rows, tag_rows = [], []
    for sentence in tagged:
        words = [w for w, _ in sentence]
        tags = [t for _, t in sentence]
        rows.append(vocab.encode(words) + [0] * (T - len(words)))
        tag_rows.append(tag_vocab.encode(tags) + [0] * (T - len(tags)))
    token_ids = np.array(rows)
    return token_ids, np.array(tag_rows), token_ids != 0


def encode_left_padded(tagged, vocab, tag_vocab):
    T = max(len(s) for s in tagged)
    token_ids = np.array([[0] * (T - len(s)) + vocab.encode([w for w, _ in s]) for s in tagged])
    tag_ids = np.array([[0] * (T - len(s)) + tag_vocab.encode([t for _, t in s]) for s in tagged])
    return token_ids, tag_ids, token_ids != 0


def encode_padded_with_ones(tagged, vocab, tag_vocab):
    T = max(len(s) for s in tagged)
    token_ids = np.ones((len(tagged), T), dtype=int)
    tag_ids = np.zeros((len(tagged), T), dtype=int)
    for k, s in enumerate(tagged):
        token_ids[k, :len(s)] = vocab.encode([w for w, _ in s])
        tag_ids[k, :len(s)] = tag_vocab.encode([t for _, t in s])
    return token_ids, tag_ids, token_ids != 1


def encode_tags_with_token_vocab(tagged, vocab, tag_vocab):
    token_ids, _, mask = encode_right(tagged, vocab, tag_vocab)
    T = token_ids.shape[1]
    tag_ids = np.array([vocab.encode([t for _, t in s]) + [0] * (T - len(s)) for s in tagged])
    return token_ids, tag_ids, mask


def encode_tags_padded_with_o(tagged, vocab, tag_vocab):
    token_ids, _, mask = encode_right(tagged, vocab, tag_vocab)
    T = token_ids.shape[1]
    tag_ids = np.array([tag_vocab.encode([t for _, t in s] + ["O"] * (T - len(s))) for s in tagged])
    return token_ids, tag_ids, mask


def encode_tags_padded_on_the_left(tagged, vocab, tag_vocab):
    token_ids, _, mask = encode_right(tagged, vocab, tag_vocab)
    _, tag_ids, _ = encode_left_padded(tagged, vocab, tag_vocab)
    return token_ids, tag_ids, mask


def encode_tags_padded_with_ones(tagged, vocab, tag_vocab):
    token_ids, tag_ids, mask = encode_right(tagged, vocab, tag_vocab)
    tag_ids = np.where(mask, tag_ids, 1)
    return token_ids, tag_ids, mask


def encode_mask_inverted(tagged, vocab, tag_vocab):
    token_ids, tag_ids, _ = encode_right(tagged, vocab, tag_vocab)
    return token_ids, tag_ids, token_ids == 0


def encode_mask_drops_unknown(tagged, vocab, tag_vocab):
    token_ids, tag_ids, _ = encode_right(tagged, vocab, tag_vocab)
    return token_ids, tag_ids, token_ids > 1


def encode_mask_all_true(tagged, vocab, tag_vocab):
    token_ids, tag_ids, _ = encode_right(tagged, vocab, tag_vocab)
    return token_ids, tag_ids, np.full(token_ids.shape, True)


def encode_mask_as_ints(tagged, vocab, tag_vocab):
    token_ids, tag_ids, _ = encode_right(tagged, vocab, tag_vocab)
    return token_ids, tag_ids, (token_ids != 0).astype(int)


def encode_float_zeros(tagged, vocab, tag_vocab):
    T = max(len(s) for s in tagged)
    token_ids, tag_ids = np.zeros((len(tagged), T)), np.zeros((len(tagged), T))
    for k, s in enumerate(tagged):
        token_ids[k, :len(s)] = vocab.encode([w for w, _ in s])
        tag_ids[k, :len(s)] = tag_vocab.encode([t for _, t in s])
    return token_ids, tag_ids, token_ids != 0


def encode_tags_as_strings(tagged, vocab, tag_vocab):
    token_ids, _, mask = encode_right(tagged, vocab, tag_vocab)
    T = token_ids.shape[1]
    return token_ids, np.array([[t for _, t in s] + [""] * (T - len(s)) for s in tagged]), mask


def encode_one_extra_column(tagged, vocab, tag_vocab):
    token_ids, tag_ids, mask = encode_right(tagged, vocab, tag_vocab)
    extra = np.zeros((len(tagged), 1), dtype=int)
    return (np.hstack([token_ids, extra]), np.hstack([tag_ids, extra]),
            np.hstack([mask, extra.astype(bool)]))


def encode_mask_first(tagged, vocab, tag_vocab):
    token_ids, tag_ids, mask = encode_right(tagged, vocab, tag_vocab)
    return mask, token_ids, tag_ids


def encode_two_things(tagged, vocab, tag_vocab):
    token_ids, tag_ids, _ = encode_right(tagged, vocab, tag_vocab)
    return token_ids, tag_ids


def encode_unknown_as_zero(tagged, vocab, tag_vocab):
    T = max(len(s) for s in tagged)
    token_ids = np.array([[vocab.stoi.get(w, 0) for w, _ in s] + [0] * (T - len(s)) for s in tagged])
    _, tag_ids, mask = encode_right(tagged, vocab, tag_vocab)
    return token_ids, tag_ids, mask


def test_encode_batch_right_answers_pass(capsys):
    passes(nb01.encode_batch, encode_right, capsys)
    passes(nb01.encode_batch, nb01.encode_batch.reference, capsys)


@pytest.mark.parametrize("answer, message", [
    (encode_left_padded, "token ids are padded on the left"),
    (encode_padded_with_ones, "padded the token ids with 1"),
    (encode_tags_with_token_vocab, "encoded the tags with the token vocabulary"),
    (encode_tags_padded_with_o, "hold the id of the tag O"),
    (encode_tags_padded_on_the_left, "tag ids are padded on the left"),
    (encode_tags_padded_with_ones, "padded the tag ids with 1"),
    (encode_mask_inverted, "mask is inverted"),
    (encode_mask_drops_unknown, "False at unknown tokens"),
    (encode_mask_all_true, "mask is True everywhere"),
    (encode_mask_as_ints, "`mask` has dtype int64; expected a bool array"),
    (encode_float_zeros, "`token_ids` holds float64 values"),
    (encode_tags_as_strings, "`tag_ids` holds strings, not ids"),
    (encode_one_extra_column, "`token_ids` has 7 columns for sentences of at most 6 tokens"),
    (encode_mask_first, "right arrays in another order"),
    (encode_two_things, "should return three arrays"),
])
def test_encode_batch_mistakes_are_named(answer, message):
    fails(nb01.encode_batch, answer, message)


def test_encode_batch_unrecognised_answer_gets_the_generic_sentence():
    fails(nb01.encode_batch, encode_unknown_as_zero,
          r"`token_ids` has the right shape but different values: the largest difference is 1 "
          r"at index \(0, 4\)\.")


def test_encode_batch_falls_back_on_a_stub_and_a_wrong_answer(capsys):
    assert "not written yet" in falls_back(nb01.encode_batch, stub, capsys)
    assert "padded on the left" in falls_back(nb01.encode_batch, encode_left_padded, capsys)


# --- Exercise 3: one_hot_batch ---------------------------------------------------------------


def one_hot_right(ids, vocab_size):
    out = np.zeros(ids.shape + (vocab_size,), dtype=np.float32)
    for b in range(ids.shape[0]):
        for t in range(ids.shape[1]):
            if ids[b, t] != 0:
                out[b, t, ids[b, t]] = 1.0
    return out


def one_hot_padding_hot(ids, vocab_size):
    return np.eye(vocab_size, dtype="float32")[ids]


def one_hot_one_off(ids, vocab_size):
    out = np.zeros(ids.shape + (vocab_size,), dtype="float32")
    for (b, t), k in np.ndenumerate(ids):
        if k:
            out[b, t, k - 1] = 1
    return out


def one_hot_bool(ids, vocab_size):
    return (ids[..., None] == np.arange(vocab_size)) & (ids != 0)[..., None]


def one_hot_float64(ids, vocab_size):
    return np.eye(vocab_size)[ids] * (ids != 0)[..., None]


def one_hot_int(ids, vocab_size):
    return np.eye(vocab_size, dtype=int)[ids] * (ids != 0)[..., None]


def one_hot_sized_by_the_batch(ids, vocab_size):
    size = ids.max() + 1
    return np.eye(size, dtype="float32")[ids] * (ids != 0)[..., None]


def one_hot_time_first(ids, vocab_size):
    return one_hot_right(ids, vocab_size).transpose(1, 0, 2)


def one_hot_flat(ids, vocab_size):
    return one_hot_right(ids, vocab_size).reshape(-1, vocab_size)


def one_hot_doubled_repeat(ids, vocab_size):
    out = one_hot_right(ids, vocab_size)
    out[ids == 4] *= 2          # counted a repeated token twice
    return out


def test_one_hot_batch_right_answers_pass(capsys):
    passes(nb01.one_hot_batch, one_hot_right, capsys)
    passes(nb01.one_hot_batch, nb01.one_hot_batch.reference, capsys)


@pytest.mark.parametrize("answer, message", [
    (one_hot_padding_hot, "Padding positions"),
    (one_hot_one_off, "one position off"),
    (one_hot_bool, "holds True/False"),
    (one_hot_float64, "dtype float64; the task asks for float32"),
    (one_hot_int, "dtype int64; the task asks for float32"),
    (one_hot_sized_by_the_batch, "one per vocabulary entry, vocab_size = 8"),
    (one_hot_time_first, r"shape \(5, 3, 8\), expected \(3, 5, 8\)"),
    (one_hot_flat, "2 axes instead of 3"),
])
def test_one_hot_batch_mistakes_are_named(answer, message):
    fails(nb01.one_hot_batch, answer, message)


def test_one_hot_batch_unrecognised_answer_gets_the_generic_sentence():
    fails(nb01.one_hot_batch, one_hot_doubled_repeat,
          r"the largest difference is 1 at index \(1, 0, 4\)\.")


def test_one_hot_batch_falls_back_on_a_stub_and_a_wrong_answer(capsys):
    assert "not written yet" in falls_back(nb01.one_hot_batch, stub, capsys)
    assert "True/False" in falls_back(nb01.one_hot_batch, one_hot_bool, capsys)


# --- Exercise 4: predicted_padding (predict, then measure) -----------------------------------


@pytest.mark.parametrize("predicted, words", [
    (0.3, "you predicted 30% padding; the padded batches hold 66%, that is 2.9 cells for every "
          "real token. More than you expected"),
    (0.6, "Close"),
    (0.9, "Less than you expected"),
    (np.float64(0.0), "you predicted 0% padding"),
    (1 / 3, "you predicted 33% padding"),
])
def test_every_possible_prediction_passes_with_an_explanation(predicted, words, capsys):
    out = passes(nb01.padding_share, predicted, capsys, measured=0.657)
    assert words in out and out.count("\n") == 1


@pytest.mark.parametrize("predicted, message", [
    (None, "not written yet"),
    (30, r"fraction between 0 and 1 \(30% is 0.3\)"),
    (-0.2, "lies between 0 and 1"),
    (1.0, "lies between 0 and 1"),
    ("0.5", "one number"),
    (True, "one number"),
    ([0.5], "one number"),
    (float("nan"), "write a fraction between 0 and 1"),
])
def test_an_impossible_prediction_is_explained_and_gives_none(predicted, message, capsys):
    assert nb01.padding_share(predicted, measured=0.657) is None
    out = capsys.readouterr().out
    assert FALLBACK in out and "Correct" not in out
    assert re.search(message, out), out


# --- Exercise 5: the quiz on kinds of sequence problems --------------------------------------

RIGHT_KINDS = {
    "entities": ("many-to-many", 8, 8),
    "sentiment": ("many-to-one", 8, 1),
    "translation": ("encoder-decoder", 8, 11),
    "lm_training": ("many-to-many", 7, 7),
    "lm_writing": ("one-to-many", 1, 8),
}


def with_answer(key, answer):
    kinds = dict(RIGHT_KINDS)
    kinds[key] = answer
    return kinds


def test_the_quiz_right_answers_pass(capsys):
    passes(nb01.sequence_kinds, RIGHT_KINDS, capsys)
    spelled = with_answer("lm_writing", ["One to many", np.int64(1), 8.0])
    passes(nb01.sequence_kinds, spelled, capsys)


@pytest.mark.parametrize("key, answer, message", [
    ("lm_training", ("one-to-many", 1, 8), "that is how a language model writes"),
    ("lm_training", ("many-to-one", 7, 1), "not once at the end"),
    ("lm_training", ("many-to-many", 8, 8), "the last token has no next token to predict"),
    ("lm_training", ("many-to-many", 8, 7), "the last token is never read"),
    ("lm_training", ("many-to-many", 7, 8), "the first token is never a target"),
    ("lm_writing", ("many-to-many", 8, 8), "only the start token comes from outside"),
    ("lm_writing", ("one-to-many", 8, 8), "so T_x = 1"),
    ("lm_writing", ("encoder-decoder", 1, 8), "no input sentence to encode"),
    ("entities", ("encoder-decoder", 8, 8), "one tag per token"),
    ("entities", ("many-to-one", 8, 1), "not one answer for the sentence"),
    ("sentiment", ("many-to-many", 8, 8), "not one label per token"),
    ("sentiment", ("many-to-one", 8, 8), "so T_y = 1"),
    ("translation", ("many-to-many", 8, 11), "has its own length and word order"),
    ("translation", ("encoder-decoder", 8, 8), "T_y is the length of the output"),
    ("translation", ("encoder-decoder", 11, 8), "T_x is the length of what the model reads"),
    ("sentiment", ("many to won", 8, 1), "is not one of"),
    ("sentiment", ("many-to-one", 8, "one"), "write T_y as a whole number"),
    ("sentiment", ("many-to-one", 8.5, 1), "write T_x as a whole number"),
    ("sentiment", ("many-to-one", 8), "should be a triple"),
])
def test_the_quiz_mistakes_are_named(key, answer, message):
    msg = fails(nb01.sequence_kinds, with_answer(key, answer), message)
    assert msg.startswith(f"kinds[{key!r}]")


def test_the_quiz_unrecognised_answers_get_the_generic_sentences():
    fails(nb01.sequence_kinds, with_answer("entities", ("one-to-many", 1, 8)),
          r"'one-to-many' is not the kind of this task yet: count how many inputs")
    fails(nb01.sequence_kinds, with_answer("lm_writing", ("one-to-many", 1, 7)),
          "the kind is right, but T_x = 1 and T_y = 7 are not yet")


def test_the_quiz_needs_a_dict_with_every_task():
    fails(nb01.sequence_kinds, [("many-to-many", 8, 8)], "as a dict with one entry per task")
    partial = {k: v for k, v in RIGHT_KINDS.items() if not k.startswith("lm_")}
    fails(nb01.sequence_kinds, partial, "no entry for 'lm_training', 'lm_writing'")


def test_the_quiz_falls_back_on_a_stub_and_a_wrong_answer(capsys):
    assert "not written yet" in falls_back(nb01.sequence_kinds, None, capsys)
    wrong = with_answer("lm_training", ("one-to-many", 1, 8))
    assert "that is how a language model writes" in falls_back(nb01.sequence_kinds, wrong, capsys)
    assert nb01.sequence_kinds.reference == RIGHT_KINDS
