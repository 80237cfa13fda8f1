"""Notebook 09: each exercise check accepts the right answer and names each typical mistake."""

import numpy as np
import pandas as pd
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook09 as nb09

PAD, START, END = 0, 1, 2

# --- Exercise 1: teacher_forcing_pair --------------------------------------------------------


def pair_right(sorted_ids):
    batch, steps = sorted_ids.shape
    lengths = (sorted_ids != PAD).sum(axis=1)
    decoder_input = np.full((batch, steps + 1), PAD, dtype=sorted_ids.dtype)
    decoder_input[:, 0] = START
    decoder_input[:, 1:] = sorted_ids
    decoder_target = np.full((batch, steps + 1), PAD, dtype=sorted_ids.dtype)
    decoder_target[:, :-1] = sorted_ids
    decoder_target[np.arange(batch), lengths] = END
    return decoder_input, decoder_target


def pair_end_in_last_column(sorted_ids):
    decoder_input, _ = pair_right(sorted_ids)
    decoder_target = np.pad(sorted_ids, ((0, 0), (0, 1)))
    decoder_target[:, -1] = END
    return decoder_input, decoder_target


def pair_no_end(sorted_ids):
    return pair_right(sorted_ids)[0], np.pad(sorted_ids, ((0, 0), (0, 1)))


def pair_no_start(sorted_ids):
    return np.pad(sorted_ids, ((0, 0), (0, 1))), pair_right(sorted_ids)[1]


def pair_swapped(sorted_ids):
    decoder_input, decoder_target = pair_right(sorted_ids)
    return decoder_target, decoder_input


def pair_target_is_input(sorted_ids):
    decoder_input, _ = pair_right(sorted_ids)
    return decoder_input, decoder_input.copy()


def pair_end_everywhere(sorted_ids):
    decoder_input, _ = pair_right(sorted_ids)
    padded = np.pad(sorted_ids, ((0, 0), (0, 1)))
    return decoder_input, np.where(padded == PAD, END, padded)


def pair_target_starts_with_start(sorted_ids):
    decoder_input, decoder_target = pair_right(sorted_ids)
    return decoder_input, np.c_[np.full(len(sorted_ids), START), decoder_target[:, :-1]]


def pair_input_ends_with_end(sorted_ids):
    decoder_input, decoder_target = pair_right(sorted_ids)
    lengths = (sorted_ids != PAD).sum(axis=1)
    with_end = decoder_input.copy()
    rows = np.flatnonzero(lengths < sorted_ids.shape[1])
    with_end[rows, lengths[rows] + 1] = END
    return with_end, decoder_target


def pair_too_short(sorted_ids):
    decoder_input, decoder_target = pair_right(sorted_ids)
    return decoder_input[:, :-1], decoder_target[:, :-1]


def pair_float(sorted_ids):
    decoder_input, decoder_target = pair_right(sorted_ids)
    return decoder_input.astype(float), decoder_target.astype(float)


def pair_in_place(sorted_ids):
    result = pair_right(sorted_ids.copy())
    sorted_ids[:] = 0
    return result


def test_teacher_forcing_pair_accepts_the_solution(capsys):
    nb09.teacher_forcing_pair(pair_right)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("wrong, message", [
    (pair_end_in_last_column, "not in the last column"),
    (pair_no_end, "needs </s>"),
    (pair_no_start, "must start with <s>"),
    (pair_swapped, "wrong way round"),
    (pair_target_is_input, "same as the decoder input"),
    (pair_end_everywhere, "single </s>"),
    (pair_target_starts_with_start, "never has to write <s>"),
    (pair_input_ends_with_end, "should not contain </s>"),
    (pair_too_short, "T \\+ 1 steps"),
    (pair_float, "integer"),
    (pair_in_place, "in place"),
    (lambda ids: pair_right(ids)[0], "two arrays"),
])
def test_teacher_forcing_pair_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb09.teacher_forcing_pair(wrong)


# --- Exercise 2: greedy_decode_until_end -----------------------------------------------------


def greedy_right(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START, dtype="int32")
    finished = np.zeros(len(source), dtype=bool)
    predicted = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1).astype("int32")
        predicted.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(predicted, axis=1)


def greedy_masking_fed_tokens(encoder_model, decoder_model, source, max_steps):
    """Also right: finished sequences read PAD instead of their own last token."""
    state = encoder_model(source)
    token = np.full((len(source), 1), START)
    finished = np.zeros(len(source), dtype=bool)
    predicted = []
    for _ in range(max_steps):
        probs, state = decoder_model([token, state])
        written = np.where(finished, PAD, np.argmax(probs[:, -1], axis=-1))
        predicted.append(written)
        finished |= written == END
        token = written[:, None]
        if finished.all():
            break
    return np.array(predicted).T


def greedy_with(encoder_model, decoder_model, source, max_steps, *, stale_state=False,
                feed_start=False, stop=True, stop_on_any=False, pad_after_end=True,
                keep_end=True, include_start=False, flat_tokens=False):
    encoder_state = encoder_model.predict_on_batch(source)
    state = encoder_state
    token = np.full((len(source), 1), START)
    finished = np.zeros(len(source), dtype=bool)
    predicted = [np.full(len(source), START)] if include_start else []
    for _ in range(max_steps):
        fed = token[:, 0] if flat_tokens else token
        probs, new_state = decoder_model.predict_on_batch([fed, state])
        state = encoder_state if stale_state else new_state
        written = probs.argmax(axis=-1)[:, 0]
        out = written.copy()
        if pad_after_end:
            out[finished] = PAD
        if not keep_end:
            out[out == END] = PAD
        predicted.append(out)
        finished |= written == END
        token = np.full((len(source), 1), START) if feed_start else written[:, None]
        if stop and (finished.any() if stop_on_any else finished.all()):
            break
    return np.stack(predicted, axis=1)


def greedy_wrong_token(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    predicted, finished = [], np.zeros(len(source), dtype=bool)
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        written = probs.argmax(axis=-1)[:, 0]
        predicted.append(np.where(finished, PAD, written))
        finished |= written == END
        token = np.full((len(source), 1), 12)  # always the digit 9, not what was written
        if finished.all():
            break
    return np.stack(predicted, axis=1)


def test_greedy_accepts_the_solution(capsys):
    nb09.greedy_decode_until_end(greedy_right)
    assert "Correct" in capsys.readouterr().out
    nb09.greedy_decode_until_end(greedy_masking_fed_tokens)
    nb09.greedy_decode_until_end(lambda *args: greedy_with(*args))


@pytest.mark.parametrize("options, message", [
    ({"stale_state": True}, "encoder's state again"),
    ({"feed_start": True}, "fed <s> again"),
    ({"stop": False}, "Stop the loop once every sequence"),
    ({"stop_on_any": True}, "keep going until \\*every\\*"),
    ({"pad_after_end": False}, "must hold 0 \\(padding\\)"),
    ({"keep_end": False}, "Keep the </s> itself"),
    ({"include_start": True}, "Leave <s> out"),
    ({"flat_tokens": True}, "tokens of shape \\(batch, 1\\)"),
])
def test_greedy_names_each_mistake(options, message):
    with pytest.raises(ExerciseError, match=message):
        nb09.greedy_decode_until_end(lambda *args: greedy_with(*args, **options))


def test_greedy_names_wrong_fed_tokens_and_bad_first_token():
    with pytest.raises(ExerciseError, match="instead of the tokens it wrote"):
        nb09.greedy_decode_until_end(greedy_wrong_token)

    def first_token_pad(encoder_model, decoder_model, source, max_steps):
        state = encoder_model.predict_on_batch(source)
        decoder_model.predict_on_batch([np.zeros((len(source), 1), dtype=int), state])
        return np.zeros((len(source), max_steps), dtype=int)

    with pytest.raises(ExerciseError, match="first decoder step must read <s>"):
        nb09.greedy_decode_until_end(first_token_pad)
    with pytest.raises(ExerciseError, match="never called"):
        nb09.greedy_decode_until_end(lambda enc, dec, source, max_steps: np.zeros((4, 5), dtype=int))


def test_greedy_stub_passes_not_implemented_through():
    def stub(*args):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb09.greedy_decode_until_end(stub)


# --- Exercise 3: right_length_by_length ------------------------------------------------------


def output_lengths_right(predicted):
    is_end = predicted == END
    return np.where(is_end.any(axis=1), is_end.argmax(axis=1), predicted.shape[1])


def right_length_right(predicted, source_lengths):
    right = output_lengths_right(predicted) == source_lengths
    return pd.Series(right).groupby(source_lengths).mean()


def by_length(output_lengths, source_lengths):
    return pd.Series(output_lengths == source_lengths).groupby(source_lengths).mean()


def test_right_length_accepts_the_solution(capsys):
    nb09.right_length_by_length(right_length_right)
    assert "Correct" in capsys.readouterr().out
    as_dict = right_length_right  # a dict {length: share} is accepted too
    nb09.right_length_by_length(lambda p, lengths: as_dict(p, lengths).to_dict())


@pytest.mark.parametrize("wrong, message", [
    (lambda p, lengths: by_length(output_lengths_right(p) + 1, lengths), "not </s> itself"),
    (lambda p, lengths: by_length((p != PAD).sum(axis=1), lengths), "greedy decoding keeps writing"),
    (lambda p, lengths: by_length(((p != PAD) & (p != END)).sum(axis=1), lengths),
     "not all tokens that are not </s>"),
    (lambda p, lengths: by_length(np.where((p == END).any(axis=1),
                                           p.shape[1] - 1 - np.argmax((p == END)[:, ::-1], axis=1),
                                           p.shape[1]), lengths), "\\*first\\* </s>"),
    (lambda p, lengths: pd.Series(output_lengths_right(p) == lengths).groupby(lengths).sum(),
     "not their count"),
    (lambda p, lengths: float(np.mean(output_lengths_right(p) == lengths)), "returned one number"),
    (lambda p, lengths: pd.Series(output_lengths_right(p) == lengths), "one value per sequence"),
    (lambda p, lengths: right_length_right(p, lengths).reset_index(drop=True), "index should be"),
    (lambda p, lengths: (output_lengths_right(p) == lengths).tolist(), "pandas Series"),
    (lambda p, lengths: right_length_right(p, lengths) if p.fill(0) is None else None, "changed the arrays"),
])
def test_right_length_names_each_mistake(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        nb09.right_length_by_length(wrong)
