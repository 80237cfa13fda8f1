"""Notebook 09: each exercise check accepts the right answer and names each typical mistake.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, print and return the learner's answer or the course's reference.
Every wrong answer below is written out as a learner might write it.
"""

import numpy as np
import pandas as pd
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook09 as nb09

PAD, START, END = 0, 1, 2


def fails(check, *args, match, **kwargs):
    with pytest.raises(ExerciseError, match=match) as error:
        check.__wrapped__(*args, **kwargs)
    return str(error.value)


# --- Exercise 1 (in the flow): greedy_decode --------------------------------------------------


def greedy_right(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START, dtype="int32")
    done = np.zeros(len(source), dtype=bool)
    written = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1).astype("int32")
        written.append(np.where(done, PAD, token[:, 0]))
        done = done | (token[:, 0] == END)
        if done.all():
            break
    return np.stack(written, axis=1)


def greedy_while_loop(encoder_model, decoder_model, source, max_steps):
    """Also right: a while loop, `predict`, and PAD fed to the sequences that have ended."""
    state = encoder_model.predict(source, verbose=0)
    token = np.full((len(source), 1), START)
    ended = np.zeros(len(source), dtype=bool)
    columns = []
    while len(columns) < max_steps and not ended.all():
        probs, state = decoder_model.predict([token, state], verbose=0)
        ids = np.where(ended, PAD, np.argmax(probs[:, -1], axis=-1))
        columns.append(ids)
        ended |= ids == END
        token = ids[:, None]
    return np.array(columns).T


def test_greedy_accepts_right_loops(capsys):
    nb09.greedy_decode.__wrapped__(greedy_right)
    assert "✅ Correct" in capsys.readouterr().out
    nb09.greedy_decode.__wrapped__(greedy_while_loop)
    nb09.greedy_decode.__wrapped__(nb09.greedy_decode.reference)


# Teacher forcing at test time. In the notebook, `decoder_input` holds the true previous tokens
# of 256 validation sequences (the cell that compares the step model with the training model).
decoder_input = np.ones((256, 9), dtype="int32")


def greedy_reads_decoder_input(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    written = []
    for t in range(max_steps):
        probs, state = decoder_model.predict_on_batch([decoder_input[:, t:t + 1], state])
        written.append(probs.argmax(axis=-1)[:, 0])
    return np.stack(written, axis=1)


# The same mistake with an array of the right batch size: every call is well formed.
test_decoder_input = np.array([[START, 4, 7, 9, END, 0, 0, 0, 0],
                               [START, 5, END, 0, 0, 0, 0, 0, 0],
                               [START, 3, 6, 8, 8, 12, END, 0, 0],
                               [START, 10, 11, END, 0, 0, 0, 0, 0]])


def greedy_reads_test_decoder_input(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    written, finished = [], np.zeros(len(source), dtype=bool)
    for t in range(max_steps):
        probs, state = decoder_model.predict_on_batch([test_decoder_input[:, t:t + 1], state])
        ids = probs.argmax(axis=-1)[:, 0]
        written.append(np.where(finished, PAD, ids))
        finished |= ids == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def greedy_feeds_the_sorted_input(encoder_model, decoder_model, source, max_steps):
    """Feeds the right answer: the sorted digits, as in training."""
    answer = np.zeros((len(source), max_steps + 1), dtype=int)
    for i, row in enumerate(source):
        digits = sorted(row[row != PAD])
        answer[i, :len(digits) + 1] = digits + [END]
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    written, finished = [], np.zeros(len(source), dtype=bool)
    for t in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        ids = probs.argmax(axis=-1)[:, 0]
        written.append(np.where(finished, PAD, ids))
        finished |= ids == END
        if finished.all():
            break
        token = answer[:, t:t + 1]
    return np.stack(written, axis=1)


def test_greedy_names_teacher_forcing_at_test_time():
    message = fails(nb09.greedy_decode, greedy_reads_decoder_input, match="teacher forcing")
    assert "`decoder_input`" in message
    message = fails(nb09.greedy_decode, greedy_reads_test_decoder_input, match="teacher forcing")
    assert "`test_decoder_input`" in message
    fails(nb09.greedy_decode, greedy_feeds_the_sorted_input,
          match=r"right answer \(the sorted input\), .*teacher forcing")


def loop(encoder_model, decoder_model, source, max_steps, first_token=None, next_state=None,
         next_token=None):
    """A learner's loop that is right except where one of the three hooks changes it."""
    encoder_state = encoder_model.predict_on_batch(source)
    state = encoder_state
    token = np.full((len(source), 1), START) if first_token is None else first_token(source)
    finished = np.zeros(len(source), dtype=bool)
    written = []
    for t in range(max_steps):
        probs, new_state = decoder_model.predict_on_batch([token, state])
        ids = probs.argmax(axis=-1)[:, 0]
        written.append(np.where(finished, PAD, ids))
        finished |= ids == END
        if finished.all():
            break
        state = new_state if next_state is None else next_state(new_state, encoder_state, t)
        token = ids[:, None] if next_token is None else next_token(ids, source, t)
    return np.stack(written, axis=1)


def greedy_keeps_encoder_state(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        probs, _ = decoder_model.predict_on_batch([token, state])  # the new state is dropped
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def greedy_encodes_every_step(encoder_model, decoder_model, source, max_steps):
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        state = encoder_model.predict_on_batch(source)
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def greedy_without_encoder(encoder_model, decoder_model, source, max_steps):
    state = np.zeros((len(source), 2))
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


@pytest.mark.parametrize("wrong, message", [
    (greedy_keeps_encoder_state, "At step 2 you passed the encoder's state again"),
    (greedy_encodes_every_step, "At step 2 you passed the encoder's state again"),
    (greedy_without_encoder, "first step started from a state of zeros"),
    (lambda e, d, s, m: loop(e, d, s, m, next_state=lambda new, enc, t: np.zeros_like(new)),
     "At step 2 you passed a state of zeros"),
    (lambda e, d, s, m: loop(e, d, s, m, next_state=lambda new, enc, t: new if t == 0 else enc + [0, 1]),
     "At step 3 the state is not the one the decoder returned at step 2"),
    (lambda e, d, s, m: loop(e, d, s, m, next_state=lambda new, enc, t: new[::-1]),
     "not one the models returned for these sequences"),
    (lambda e, d, s, m: loop(e, d, s, m, next_state=lambda new, enc, t: new[:, 0]),
     r"state of shape \(4,\)"),
], ids=["keeps the encoder's state", "encodes at every step", "no encoder", "zero state",
        "a stale state", "rows mixed up", "a state of the wrong shape"])
def test_greedy_names_each_state_mistake(wrong, message):
    fails(nb09.greedy_decode, wrong, match=message)


def greedy_start_from_padding(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.zeros((len(source), 1), dtype="int32")  # START forgotten
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


@pytest.mark.parametrize("wrong, message", [
    (greedy_start_from_padding, r"first decoder step read padding \(0\)"),
    (lambda e, d, s, m: loop(e, d, s, m, first_token=lambda source: source[:, :1]),
     "first decoder step read the first input digit"),
    (lambda e, d, s, m: loop(e, d, s, m, first_token=lambda source: np.full((len(source), 1), END)),
     r"must read <s> \(START\) for every sequence; yours read \[2, 2, 2, 2\]"),
    (lambda e, d, s, m: loop(e, d, s, m, next_token=lambda ids, source, t: np.full((len(ids), 1), START)),
     "At step 2 you fed <s> again"),
    (lambda e, d, s, m: loop(e, d, s, m, next_token=lambda ids, source, t: source[:, t:t + 1]),
     "At step 2 the decoder read a digit of the input"),
    (lambda e, d, s, m: loop(e, d, s, m, next_token=lambda ids, source, t: ids),
     r"tokens of shape \(4,\).*a column of ids"),
    (lambda e, d, s, m: loop(e, d, s, m, next_token=lambda ids, source, t: np.eye(13)[ids][:, None]),
     "you fed probabilities"),
    (lambda e, d, s, m: loop(e, d, s, m, next_token=lambda ids, source, t: (ids[:, None] + 1) % 13),
     r"At step 2 the decoder read \[5, 6, 4, 11\] instead of the tokens it wrote at step 1 \[?"),
    (lambda e, d, s, m: loop(e, d, s, m, next_token=lambda ids, source, t: ids[:, None] > 5),
     "bool tokens"),
], ids=["starts from padding", "starts from the first input digit", "starts from </s>",
        "feeds <s> at every step", "feeds the input digits", "flat tokens", "feeds probabilities",
        "feeds other tokens", "feeds booleans"])
def test_greedy_names_each_token_mistake(wrong, message):
    fails(nb09.greedy_decode, wrong, match=message)


def greedy_never_stops(encoder_model, decoder_model, source, max_steps):
    """Runs max_steps steps and keeps everything: the decoder's output after </s> included."""
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    written = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(token[:, 0])
    return np.stack(written, axis=1)


def greedy_pads_but_never_breaks(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    output = np.zeros((len(source), max_steps), dtype=int)
    finished = np.zeros(len(source), dtype=bool)
    for t in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        output[~finished, t] = token[~finished, 0]
        finished |= token[:, 0] == END
    return output


def greedy_until_all_end(encoder_model, decoder_model, source, max_steps):
    """Forgets max_steps: a model that never writes </s> would make it run forever."""
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    while not finished.all():
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
    return np.stack(written, axis=1)


def greedy_stops_at_first_end(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    written = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(token[:, 0])
        if (token == END).any():
            break
    return np.stack(written, axis=1)


def greedy_breaks_without_padding(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    seen_end = np.zeros(len(source), dtype=bool)
    written = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(token[:, 0])
        seen_end |= token[:, 0] == END
        if seen_end.all():
            break
    return np.stack(written, axis=1)


def greedy_drops_end(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        finished |= token[:, 0] == END
        written.append(np.where(finished, PAD, token[:, 0]))
        if finished.all():
            break
    return np.stack(written, axis=1)


def greedy_keeps_start(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    finished = np.zeros(len(source), dtype=bool)
    written = [token[:, 0]]
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def greedy_collects_what_it_reads(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        written.append(np.where(finished, PAD, token[:, 0]))
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def greedy_calls_the_model(encoder_model, decoder_model, source, max_steps):
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    written = []
    for _ in range(max_steps):
        probs, state = decoder_model([token, state])
        token = np.argmax(probs, axis=-1)
        written.append(token[:, 0])
    return np.stack(written, axis=1)


def greedy_forgets_the_state_input(encoder_model, decoder_model, source, max_steps):
    encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    written = []
    for _ in range(max_steps):
        probs = decoder_model.predict_on_batch(token)
        token = probs.argmax(axis=-1)
        written.append(token[:, 0])
    return np.stack(written, axis=1)


def greedy_float_output(encoder_model, decoder_model, source, max_steps):
    return greedy_right(encoder_model, decoder_model, source, max_steps).astype(float)


@pytest.mark.parametrize("wrong, message", [
    (greedy_never_stops, "Stop the loop once every sequence has written </s>"),
    (greedy_pads_but_never_breaks, "Stop the loop once every sequence has written </s>"),
    (greedy_until_all_end, "more than max_steps=3 times"),
    (greedy_stops_at_first_end, r"keep going until \*every\* sequence has ended"),
    (greedy_breaks_without_padding, r"later positions must hold 0 \(padding\)"),
    (greedy_drops_end, "Keep the </s> itself"),
    (greedy_keeps_start, "Leave <s> out"),
    (greedy_collects_what_it_reads, "collect the token it writes at each step, not the one it reads"),
    (greedy_calls_the_model, r"Call decoder_model.predict_on_batch\(\[tokens, state\]\)"),
    (greedy_forgets_the_state_input, r"a list of two arrays, \[tokens, state\]"),
    (greedy_float_output, "expected a integer array|integer"),
    (lambda e, d, s, m: np.zeros((4, 5), dtype=int), "never called decoder_model"),
])
def test_greedy_names_each_stopping_and_output_mistake(wrong, message):
    fails(nb09.greedy_decode, wrong, match=message)


def greedy_pads_with_end(encoder_model, decoder_model, source, max_steps):
    """Not a mistake the check knows: the ended sequences get </s> instead of 0."""
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START)
    finished, written = np.zeros(len(source), dtype=bool), []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1)
        written.append(np.where(finished, END, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(written, axis=1)


def test_greedy_reports_an_unrecognised_mistake_generically():
    fails(nb09.greedy_decode, greedy_pads_with_end, match="largest difference is 2 at index")


def test_greedy_check_is_fast():
    import time

    start = time.perf_counter()
    nb09.greedy_decode.__wrapped__(greedy_right)
    assert time.perf_counter() - start < 0.5


def test_greedy_in_the_notebook_returns_the_answer_or_the_reference(capsys):
    assert nb09.greedy_decode(greedy_right) is greedy_right
    assert "✅ Correct" in capsys.readouterr().out

    def stub(encoder_model, decoder_model, source, max_steps):
        raise NotImplementedError

    for unsolved in (stub, None, greedy_keeps_encoder_state):
        assert nb09.greedy_decode(unsolved) is nb09.greedy_decode.reference
        out = capsys.readouterr().out
        assert FALLBACK in out and "`greedy_decode`" in out and "Traceback" not in out


# --- Exercise 2 (predict, then measure): exact_match_longer ----------------------------------

MEASURED = pd.Series([0.976, 0.58, 0.02, 0.0], index=pd.Index([9, 10, 11, 12], name="length"))


def test_prediction_close_to_the_measurement_passes(capsys):
    nb09.exact_match_longer.__wrapped__(0.4, measured=MEASURED)
    out = capsys.readouterr().out
    assert out.startswith("✅ Correct: you predicted 40%")
    assert "sorts 39.4% exactly, 97.6% at length 9 and 0% at length 12" in out


@pytest.mark.parametrize("prediction, opening", [(0.9, "📏 Fewer than you expected"),
                                                 (0.05, "📏 More than you expected")])
def test_prediction_far_off_says_what_was_measured(prediction, opening, capsys):
    assert nb09.exact_match_longer.__wrapped__(prediction, measured=MEASURED) == prediction
    out = capsys.readouterr().out
    assert out.startswith(opening) and "39.4%" in out and "Correct" not in out
    assert "fails more with every extra digit" in out


def test_prediction_explains_a_model_that_sorts_nothing_longer(capsys):
    nb09.exact_match_longer.__wrapped__(0.0, measured=MEASURED * 0)
    assert "it learned to sort the lengths it was shown" in capsys.readouterr().out


@pytest.mark.parametrize("prediction, message", [
    ("half", "should be a number between 0 and 1"),
    (True, "should be a number between 0 and 1"),
    (float("nan"), "is NaN"),
    (40, "looks like a percentage: write the fraction, 0.4"),
    (-0.2, "is not a share"),
])
def test_prediction_that_is_not_a_share_is_named(prediction, message):
    fails(nb09.exact_match_longer, prediction, measured=MEASURED, match=message)


def test_prediction_in_the_notebook(capsys):
    assert nb09.exact_match_longer(0.4, measured=MEASURED) == 0.4
    assert nb09.exact_match_longer(None, measured=MEASURED) is None
    out = capsys.readouterr().out
    assert "✅ Correct" in out and "`prediction` is not written yet" in out and FALLBACK in out


# --- Exercise 3: teacher_forcing_pair --------------------------------------------------------


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
    nb09.teacher_forcing_pair.__wrapped__(pair_right)
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
        nb09.teacher_forcing_pair.__wrapped__(wrong)




def pair_end_one_too_late(sorted_ids):
    """Not a mistake the check knows: </s> one column after the last real token."""
    decoder_input, _ = pair_right(sorted_ids)
    lengths = (sorted_ids != PAD).sum(axis=1)
    decoder_target = np.pad(sorted_ids, ((0, 0), (0, 2)))
    decoder_target[np.arange(len(sorted_ids)), lengths + 1] = END
    return decoder_input, decoder_target[:, :-1]


def test_teacher_forcing_pair_reports_an_unrecognised_mistake_generically():
    fails(nb09.teacher_forcing_pair, pair_end_one_too_late, match="`decoder_target` .*at index")


def test_teacher_forcing_pair_in_the_notebook(capsys):
    assert nb09.teacher_forcing_pair(pair_right) is pair_right
    for unsolved in (None, pair_no_end):
        assert nb09.teacher_forcing_pair(unsolved) is nb09.teacher_forcing_pair.reference
    out = capsys.readouterr().out
    assert "✅ Correct" in out and out.count(FALLBACK) == 2 and "needs </s>" in out


# --- Exercise 4: right_length_by_length ------------------------------------------------------


def output_lengths_right(predicted):
    is_end = predicted == END
    return np.where(is_end.any(axis=1), is_end.argmax(axis=1), predicted.shape[1])


def right_length_right(predicted, source_lengths):
    right = output_lengths_right(predicted) == source_lengths
    return pd.Series(right).groupby(source_lengths).mean()


def by_length(output_lengths, source_lengths):
    return pd.Series(output_lengths == source_lengths).groupby(source_lengths).mean()


def test_right_length_accepts_the_solution(capsys):
    nb09.right_length_by_length.__wrapped__(right_length_right)
    assert "Correct" in capsys.readouterr().out
    as_dict = right_length_right  # a dict {length: share} is accepted too
    nb09.right_length_by_length.__wrapped__(lambda p, lengths: as_dict(p, lengths).to_dict())


@pytest.mark.parametrize("wrong, message", [
    (lambda p, lengths: by_length(output_lengths_right(p) + 1, lengths), "not </s> itself"),
    (lambda p, lengths: by_length((p != PAD).sum(axis=1), lengths), "whatever a decoder writes after it"),
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
        nb09.right_length_by_length.__wrapped__(wrong)


def test_right_length_reports_an_unrecognised_mistake_generically():
    def at_most_as_long(predicted, source_lengths):  # `<=` where the lengths must be equal
        return pd.Series(output_lengths_right(predicted) <= source_lengths).groupby(source_lengths).mean()

    fails(nb09.right_length_by_length, at_most_as_long, match="largest difference is .* at index")


def test_right_length_in_the_notebook(capsys):
    assert nb09.right_length_by_length(right_length_right) is right_length_right
    for unsolved in (None, lambda p, lengths: by_length((p != PAD).sum(axis=1), lengths)):
        assert nb09.right_length_by_length(unsolved) is nb09.right_length_by_length.reference
    out = capsys.readouterr().out
    assert "✅ Correct" in out and out.count(FALLBACK) == 2 and "first </s>" in out
