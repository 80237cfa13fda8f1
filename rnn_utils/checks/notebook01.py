"""Checks for the exercises of notebook 01 (sequences and notation).

In-flow exercises (CONTRIBUTING.md): each check returns what the rest of the notebook uses,
the learner's answer when it passes, otherwise the course's reference below.
"""

import itertools
import math
import numbers

import numpy as np

from ..text import Vocabulary
from . import ExerciseError, call, exercise, expect_array, passed

# A small tagged batch for the checks (not the notebook's sentences): (token, IOB2 tag) pairs.
_TAGGED = [
    [("Ada", "B-PER"), ("met", "O"), ("Alan", "B-PER"), ("in", "O"), ("London", "B-LOC"), ("today", "O")],
    [("Rain", "O"), ("again", "O"), (".", "O")],
    [("The", "O"), ("BBC", "B-ORG"), ("News", "I-ORG"), ("said", "O"), ("so", "O")],
]
TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]


def _short(value, width=60):
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


# --- Exercise 1: the notation in code ------------------------------------------------------

def _x_y_at(examples, i, t):
    """(x^(i)<t>, y^(i)<t>): the token and the tag at step t of example i, counted from 1."""
    token, tag = examples[i - 1][t - 1]
    return token, tag


def _entry(examples, i, t):
    """examples[i][t] in Python's 0-based sense, or None where it does not exist."""
    if 0 <= i < len(examples) and 0 <= t < len(examples[i]):
        return tuple(examples[i][t])
    return None


@exercise(_x_y_at, name="x_y_at")
def x_y_at(fn):
    """x_y_at(examples, i, t) -> (token, tag) of step t of example i, both counted from 1."""
    for i, t in [(1, 2), (3, 4), (2, 3), (1, 6)]:
        examples = [list(sentence) for sentence in _TAGGED]
        token, tag = expected = _x_y_at(examples, i, t)
        got = call(fn, examples, i, t, name="x_y_at")
        called = f"x_y_at(examples, {i}, {t})"
        if got is None:
            raise ExerciseError(f"{called} returned None: `return` the token and its tag.")
        if isinstance(got, str):
            if got == token:
                raise ExerciseError(f"{called} returned only the token x; return the pair "
                                    "(x, y): the token and its tag.")
            if got == tag:
                raise ExerciseError(f"{called} returned only the tag y; return the pair "
                                    "(x, y): the token and its tag.")
        if isinstance(got, list) and got == examples[i - 1]:
            raise ExerciseError(f"{called} returned the whole example x^({i}); pick its step "
                                f"{t} too.")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise ExerciseError(f"{called} should return a pair (token, tag), but returned a "
                                f"{type(got).__name__}.")
        got = tuple(got)
        if got == expected:
            continue
        mistakes = {
            "x_y_at returned (tag, token); return the token first: (x, y).": (tag, token),
            "x_y_at uses i and t as Python indices, but the notation counts from 1: "
            "x^(1)<1> is the first token of the first example.": _entry(examples, i, t),
            "x_y_at counts i from 0; the notation counts examples from 1.": _entry(examples, i, t - 1),
            "x_y_at counts t from 0; the notation counts time steps from 1.": _entry(examples, i - 1, t),
            "x_y_at swaps the indices: the example i comes first, then the time step t.":
                _entry(examples, t - 1, i - 1),
        }
        for message, wrong in mistakes.items():
            if wrong is not None and got == wrong:
                raise ExerciseError(message)
        raise ExerciseError(f"{called} returned {_short(got)}, which is not the token and tag at "
                            f"step {t} of example {i}.")
    passed("x_y_at picks example i, then step t, counting from 1 like the notation.")


# --- Exercise 2: a padded batch of token ids, tag ids and its mask -------------------------

def _encode_batch(tagged, vocab, tag_vocab):
    """Right-padded token ids and tag ids, (batch, T) int32, and the mask, True at real tokens."""
    longest = max(len(sentence) for sentence in tagged)
    token_ids = np.zeros((len(tagged), longest), dtype="int32")
    tag_ids = np.zeros((len(tagged), longest), dtype="int32")
    for row, sentence in enumerate(tagged):
        tokens = [token for token, _ in sentence]
        tags = [tag for _, tag in sentence]
        token_ids[row, : len(sentence)] = vocab.encode(tokens)
        tag_ids[row, : len(sentence)] = tag_vocab.encode(tags)
    return token_ids, tag_ids, token_ids != 0


def _check_vocabularies():
    """A vocabulary without 'London' and 'BBC' (so they are unknown), and the tag vocabulary."""
    known = sorted({token for sentence in _TAGGED for token, _ in sentence} - {"London", "BBC"})
    return Vocabulary(known), Vocabulary(TAGS)


def _padded(rows, value=0, left=False):
    """Rows of ids padded to the longest with `value`, on the right (or on the left)."""
    longest = max(len(row) for row in rows)
    out = np.full((len(rows), longest), value)
    for k, row in enumerate(rows):
        if left:
            out[k, longest - len(row):] = row
        else:
            out[k, : len(row)] = row
    return out


def _ids(value, name):
    """`value` as an array, with one sentence for strings in place of ids."""
    __tracebackhide__ = True
    if value is None:
        raise ExerciseError(f"`{name}` is None: return an array of ids.")
    try:
        array = np.asarray(value)
    except Exception:  # ragged lists and odd objects
        raise ExerciseError(f"`{name}` cannot be turned into one array: pad every row to the "
                            "same length.") from None
    if array.dtype.kind in "USO":
        what = "strings" if array.dtype.kind in "US" else "Python objects"
        raise ExerciseError(f"`{name}` holds {what}, not ids: turn each token or tag into its "
                            "index with its vocabulary's encode.")
    if array.dtype.kind in "fc" and name != "mask":
        raise ExerciseError(f"`{name}` holds {array.dtype} values; ids index a vocabulary, so "
                            "make the array an integer one (np.zeros gives floats unless you "
                            "pass a dtype).")
    return array


@exercise(_encode_batch, name="encode_batch")
def encode_batch(fn):
    """encode_batch(tagged, vocab, tag_vocab) -> (token_ids, tag_ids, mask), right-padded with 0."""
    vocab, tag_vocab = _check_vocabularies()
    tagged = [list(sentence) for sentence in _TAGGED]
    result = call(fn, tagged, vocab, tag_vocab, name="encode_batch")
    if result is None:
        raise ExerciseError("encode_batch returned None: end it with "
                            "`return token_ids, tag_ids, mask`.")
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise ExerciseError("encode_batch should return three arrays: "
                            "`return token_ids, tag_ids, mask`.")
    expected = _encode_batch(tagged, vocab, tag_vocab)
    got = [_ids(value, name) for value, name in zip(result, ("token_ids", "tag_ids", "mask"),
                                                    strict=True)]
    for order in itertools.permutations(range(3)):
        if order != (0, 1, 2) and all(
                got[k].shape == expected[j].shape and np.array_equal(got[k], expected[j])
                and (got[k].dtype == bool) == (expected[j].dtype == bool)
                for k, j in zip(order, range(3), strict=True)):
            raise ExerciseError("encode_batch returns the right arrays in another order: "
                                "`return token_ids, tag_ids, mask`.")
    token_ids, tag_ids, mask = got
    batch, longest = expected[0].shape
    for array, name in ((token_ids, "token_ids"), (tag_ids, "tag_ids"), (mask, "mask")):
        if array.ndim == 2 and array.shape[0] == batch and array.shape[1] != longest:
            raise ExerciseError(f"`{name}` has {array.shape[1]} columns for sentences of at most "
                                f"{longest} tokens: pad every row to the longest sentence of the "
                                "batch, no more and no less.")
    token_rows = [vocab.encode([token for token, _ in sentence]) for sentence in tagged]
    tag_rows = [tag_vocab.encode([tag for _, tag in sentence]) for sentence in tagged]
    expect_array(token_ids, expected[0], name="token_ids", dtype_kind="integer", mistakes={
        "Your token ids are padded on the left; this course pads on the right: the real tokens "
        "first, then zeros (Keras' pad_sequences pads on the left unless padding='post').":
            lambda: _padded(token_rows, left=True),
        "You padded the token ids with 1, the id of unknown tokens; padding is 0.":
            lambda: _padded(token_rows, value=1),
    })
    expect_array(tag_ids, expected[1], name="tag_ids", dtype_kind="integer", mistakes={
        "Your tag ids are padded on the left; pad on the right, like the tokens: the real tags "
        "first, then zeros.": lambda: _padded(tag_rows, left=True),
        "You encoded the tags with the token vocabulary `vocab`; tags have their own, "
        "`tag_vocab`.": lambda: _padded([vocab.encode([t for _, t in s]) for s in tagged]),
        "Your padding positions hold the id of the tag O; padding is 0, so that padding never "
        "looks like a real O tag.": lambda: _padded(tag_rows, value=tag_vocab.stoi["O"]),
        "You padded the tag ids with 1, the id of unknown tags; padding is 0.":
            lambda: _padded(tag_rows, value=1),
    })
    expect_array(mask, expected[2], name="mask", dtype_kind="bool", mistakes={
        "Your mask is inverted: it should be True at real tokens and False at padding.":
            lambda: ~expected[2],
        "Your mask is False at unknown tokens (id 1) too; they are real tokens: only padding "
        "(id 0) is False.": lambda: expected[0] > 1,
        "Your mask is True everywhere; it should be False at padding.":
            lambda: np.ones_like(expected[2]),
    })
    passed("encode_batch pads token ids and tag ids on the right with 0 and marks the real "
           "tokens True in the mask.")


# --- Exercise 3: one-hot vectors, zeros at padding -----------------------------------------

def _example_batch():
    """A padded batch of 3 sequences (0 is padding) over a vocabulary of 8: ids 6 and 7 unused."""
    ids = np.array([[2, 5, 3, 0, 0],
                    [4, 4, 0, 0, 0],
                    [3, 2, 5, 1, 4]])
    return ids, 8


def _one_hot_batch(ids, vocab_size):
    """(batch, T) padded ids -> (batch, T, vocab_size) float32 one-hot, all zeros at padding."""
    one_hot = np.eye(vocab_size, dtype="float32")[ids]
    return one_hot * (ids != 0)[..., None]


@exercise(_one_hot_batch, name="one_hot_batch")
def one_hot_batch(fn):
    """one_hot_batch(ids, vocab_size) -> (batch, T, vocab_size) float32, zeros at padding."""
    ids, vocab_size = _example_batch()
    got = call(fn, ids.copy(), vocab_size, name="one_hot_batch")
    expected = _one_hot_batch(ids, vocab_size)
    name = f"one_hot_batch(ids, {vocab_size})"
    array = np.asarray(got) if isinstance(got, np.ndarray) else None
    if array is not None and array.shape == ids.shape + (ids.max() + 1,):
        raise ExerciseError(f"The vectors of `{name}` have {array.shape[-1]} entries, one per id "
                            f"up to the largest in the batch; they need one per vocabulary entry, "
                            f"vocab_size = {vocab_size}.")
    expect_array(got, expected, name=name, mistakes={
        "Padding positions (id 0) should be all-zero vectors, but yours have a 1 at index 0: "
        "zero them, e.g. with the mask `ids != 0`.": lambda: np.eye(vocab_size)[ids],
        "The 1s are one position off: the vector for id k has its 1 at index k "
        "(id 0 is padding).": lambda: np.eye(vocab_size)[np.clip(ids - 1, 0, None)]
        * (ids != 0)[..., None],
    })
    dtype = np.asarray(got).dtype
    if dtype == np.bool_:
        raise ExerciseError(f"`{name}` holds True/False; a network multiplies these vectors by "
                            "its weights, so return float32 numbers.")
    if dtype != np.float32:
        raise ExerciseError(f"`{name}` has dtype {dtype}; the task asks for float32 (4 bytes a "
                            "value, the size Keras computes in), so set the dtype where you "
                            "create the array.")
    passed("one_hot_batch gives float32 (batch, T, V) with all-zero vectors at padding.")


# --- Exercise 4 (predict, then measure): the padding share of real batches -----------------

@exercise(None, name="predicted_padding")
def padding_share(predicted, measured):
    """Compare the predicted padding share (a fraction) with the share the notebook measured.

    There is no wrong prediction, only impossible ones: the check says what was measured and why.
    """
    if isinstance(predicted, bool) or not isinstance(predicted, numbers.Real):
        raise ExerciseError("Write your prediction as one number, the share of padding as a "
                            f"fraction between 0 and 1; got a {type(predicted).__name__}.")
    predicted = float(predicted)
    if not math.isfinite(predicted):
        raise ExerciseError(f"Your prediction is {predicted}: write a fraction between 0 and 1.")
    if 1 < predicted <= 100:
        raise ExerciseError(f"Write the share as a fraction between 0 and 1 ({predicted:g}% is "
                            f"{predicted / 100:g}).")
    if not 0 <= predicted < 1:
        raise ExerciseError(f"A share of padding lies between 0 and 1 (below 1, since every "
                            f"sentence has at least one token), but you wrote {predicted:g}.")
    said = (f"you predicted {predicted:.0%} padding; the padded batches hold {measured:.0%}, "
            f"that is {1 / (1 - measured):.1f} cells for every real token.")
    if abs(predicted - measured) <= 0.1:
        why = ("Close: you allowed for the long tail of sentence lengths, which puts a long "
               "sentence in almost every batch.")
    elif predicted < measured:
        why = ("More than you expected: sentence lengths have a long tail, so almost every batch "
               "of 32 holds one long sentence, and every other sentence is padded up to it.")
    else:
        why = ("Less than you expected: a batch is padded only to its own longest sentence, which "
               "is far shorter than the longest of the whole corpus.")
    passed(f"{said} {why}")


# --- Exercise 5: the quiz on kinds of sequence problems ------------------------------------

KINDS = ("one-to-many", "many-to-one", "many-to-many", "encoder-decoder")
_QUIZ = {
    "entities": ("many-to-many", 8, 8),
    "sentiment": ("many-to-one", 8, 1),
    "translation": ("encoder-decoder", 8, 11),
    "lm_training": ("many-to-many", 7, 7),
    "lm_writing": ("one-to-many", 1, 8),
}
_KIND_MISTAKES = {
    "entities": {
        "many-to-one": "An entity tagger gives every token a tag, not one answer for the sentence.",
        "encoder-decoder": "An entity tagger writes one tag per token, in step with the tokens it "
                           "reads, so T_y = T_x: an encoder-decoder is for outputs of their own "
                           "length.",
    },
    "sentiment": {
        "many-to-many": "The sentiment is one label for the whole sentence, given once the model "
                        "has read all of it, not one label per token.",
        "encoder-decoder": "The sentiment is one label, given once the model has read the whole "
                           "sentence: there is no output sequence to decode.",
    },
    "translation": {
        "many-to-many": "Many-to-many writes one output per input, in step; a translation has its "
                        "own length and word order, so a model must read the whole sentence "
                        "before it writes.",
    },
    "lm_training": {
        "one-to-many": "That is how a language model writes; in training it reads real text and "
                       "predicts the next token at every step, one output per input.",
        "many-to-one": "In training the model predicts the next token at every step, not once at "
                       "the end.",
        "encoder-decoder": "In training each prediction comes in step with the token just read, "
                           "one output per input, with no separate decoder.",
    },
    "lm_writing": {
        "many-to-many": "When the model writes, only the start token comes from outside; every "
                        "later input is its own previous output.",
        "encoder-decoder": "When the model writes, it reads nothing but the start token, then its "
                           "own outputs: there is no input sentence to encode.",
    },
}
_LENGTH_MISTAKES = {
    "sentiment": {(8, 8): "The sentiment is one label for the whole sentence, so T_y = 1."},
    "translation": {
        (8, 8): "T_y is the length of the output, the French sentence, which has its own length.",
        (11, 8): "T_x is the length of what the model reads (the English sentence) and T_y of "
                 "what it writes (the French one).",
    },
    "lm_training": {
        (8, 8): "The last token has no next token to predict, and the first is never a target: "
                "the model reads tokens 1 to 7 and predicts tokens 2 to 8.",
        (8, 7): "Every step that reads a token predicts the next one, so T_x = T_y; the last "
                "token is never read as an input, since nothing follows it.",
        (7, 8): "Every step that reads a token predicts the next one, so T_x = T_y; the first "
                "token is never a target, since nothing comes before it.",
    },
    "lm_writing": {
        (8, 8): "Only the start token comes from outside the model, so T_x = 1; the other inputs "
                "are its own outputs.",
    },
}


def _sentence_part(text):
    """A sentence that follows `kinds['key']: `, starting in lower case (T_x and T_y stay)."""
    return text if text.startswith("T_") else text[0].lower() + text[1:]


def _kind(value):
    return value.strip().lower().replace("_", "-").replace(" ", "-") if isinstance(value, str) else value


def _length(value, key, which):
    __tracebackhide__ = True
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value) or value != int(value)):
        raise ExerciseError(f"kinds[{key!r}]: write {which} as a whole number, the length for "
                            f"this sentence; got {_short(value, 20)}.")
    return int(value)


@exercise(dict(_QUIZ), name="kinds")
def sequence_kinds(answers):
    """answers = {task: (kind, T_x, T_y)} for the five tasks of the quiz."""
    if not isinstance(answers, dict):
        raise ExerciseError("Write `kinds` as a dict with one entry per task, "
                            "{'entities': (kind, T_x, T_y), ...}.")
    missing = [key for key in _QUIZ if key not in answers]
    if missing:
        raise ExerciseError(f"`kinds` has no entry for {', '.join(map(repr, missing))}.")
    for key, (kind, t_x, t_y) in _QUIZ.items():
        answer = answers[key]
        if not isinstance(answer, (tuple, list)) or len(answer) != 3:
            raise ExerciseError(f"kinds[{key!r}] should be a triple (kind, T_x, T_y): a string "
                                f"and two numbers; got {_short(answer, 40)}.")
        got_kind = _kind(answer[0])
        if got_kind not in KINDS:
            raise ExerciseError(f"kinds[{key!r}]: the kind {_short(answer[0], 30)} is not one of "
                                f"{', '.join(map(repr, KINDS))}.")
        if got_kind != kind:
            raise ExerciseError(f"kinds[{key!r}]: " + _sentence_part(_KIND_MISTAKES[key].get(
                got_kind, f"{got_kind!r} is not the kind of this task yet: count how many inputs "
                "the model reads and how many outputs it writes.")))
        lengths = (_length(answer[1], key, "T_x"), _length(answer[2], key, "T_y"))
        if lengths != (t_x, t_y):
            raise ExerciseError(f"kinds[{key!r}]: " + _sentence_part(_LENGTH_MISTAKES.get(key, {}).get(
                lengths, f"the kind is right, but T_x = {lengths[0]} and T_y = {lengths[1]} are "
                "not yet: T_x counts the inputs the model reads, T_y the outputs it writes.")))
    passed("every kind and length is right; note that a language model is trained many-to-many "
           "and writes one-to-many.")
