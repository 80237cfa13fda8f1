"""Notebook 07: each exercise check accepts the right answer and names each typical mistake.

The raw check (`check.NAME.__wrapped__`) raises ExerciseError; the decorated check, as the
notebook calls it, returns the learner's answer when it passes and the course's reference
otherwise. Every wrong answer below is written out as a learner would write it.
"""

import math

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, ExerciseError
from rnn_utils.checks import notebook07 as nb07
from tests.exercise_support import falls_back, stub

# --- Exercise 1: sample_next ----------------------------------------------------------------


def draw(p, rng):
    """One id per row of probabilities p, by inverse sampling (fast, for the wrong answers below)."""
    return (p.cumsum(axis=-1) < rng.random((len(p), 1))).sum(axis=-1).clip(max=p.shape[-1] - 1)


def sample_cumulative(logits, temperature, rng):
    scaled = logits / temperature
    weights = np.exp(scaled - scaled.max(axis=-1, keepdims=True))
    probs = weights / weights.sum(axis=-1, keepdims=True)
    u = rng.random((len(probs), 1))
    return (probs.cumsum(axis=-1) < u).sum(axis=-1)


def sample_choice(logits, temperature, rng):
    z = logits / temperature
    z = z - np.max(z, axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p])


def sample_gumbel(logits, temperature, rng):
    return np.argmax(logits / temperature + rng.gumbel(size=logits.shape), axis=-1)


def sample_argmax(logits, temperature, rng):
    return np.argmax(logits / temperature, axis=-1)


def sample_multiplied(logits, temperature, rng):
    z = logits * temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    return draw(p, rng)


def sample_power_t(logits, temperature, rng):
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    p = p ** temperature
    p = p / p.sum(axis=-1, keepdims=True)
    return draw(p, rng)


def sample_divides_probabilities(logits, temperature, rng):
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    p = p / temperature
    p = p / p.sum(axis=-1, keepdims=True)
    return draw(p, rng)


def sample_no_temperature(logits, temperature, rng):
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return draw(p / p.sum(axis=-1, keepdims=True), rng)


def sample_softmax_of_probabilities(logits, temperature, rng):
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    z = p / temperature
    q = np.exp(z - z.max(axis=-1, keepdims=True))
    q = q / q.sum(axis=-1, keepdims=True)
    return draw(q, rng)


def sample_global_random(logits, temperature, rng):
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    return (p.cumsum(axis=-1) < np.random.random((len(p), 1))).sum(axis=-1)


def sample_overflow_choice(logits, temperature, rng):
    e = np.exp(logits / temperature)
    p = e / e.sum(axis=-1, keepdims=True)
    return np.array([rng.choice(len(row), p=row) for row in p])


def sample_overflow_cumulative(logits, temperature, rng):
    e = np.exp(logits / temperature)
    p = e / e.sum(axis=-1, keepdims=True)
    return (p.cumsum(axis=-1) < rng.random((len(p), 1))).sum(axis=-1)


def sample_in_place(logits, temperature, rng):
    logits /= temperature
    logits -= logits.max(axis=-1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=-1, keepdims=True)
    return (p.cumsum(axis=-1) < rng.random((len(p), 1))).sum(axis=-1)


def sample_returns_probabilities(logits, temperature, rng):
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    return p / p.sum(axis=-1, keepdims=True)


def sample_column(logits, temperature, rng):
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=-1, keepdims=True)
    u = rng.random((len(p), 1))
    return (p.cumsum(axis=-1) < u).sum(axis=-1, keepdims=True)


def sample_float_ids(logits, temperature, rng):
    return sample_cumulative(logits, temperature, rng).astype(float)


def sample_normalised_over_batch(logits, temperature, rng):
    z = logits / temperature
    p = np.exp(z - z.max(axis=-1, keepdims=True))
    p = p / p.sum(axis=0, keepdims=True)
    u = rng.random((len(p), 1))
    return (p.cumsum(axis=-1) < u).sum(axis=-1).clip(max=p.shape[-1] - 1)


@pytest.mark.parametrize("answer", [sample_cumulative, sample_choice, sample_gumbel])
def test_sample_next_right_answers_pass(answer, capsys):
    nb07.sample_next.__wrapped__(answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (sample_argmax, "most likely character \\(argmax\\)"),
    (sample_multiplied, "multiplied the logits by T"),
    (sample_power_t, "multiplied the logits by T \\(or raised p to the power T\\)"),
    (sample_divides_probabilities, "temperature has no effect"),
    (sample_no_temperature, "temperature has no effect"),
    (sample_softmax_of_probabilities, "after the softmax, to the probabilities"),
    (sample_global_random, "the `rng` you are given"),
    (sample_overflow_choice, "overflows"),
    (sample_overflow_cumulative, "overflows"),
    (sample_in_place, "changed the logits"),
    (sample_returns_probabilities, "one row of probabilities per input row"),
    (sample_column, "drop the last axis"),
    (sample_float_ids, "return integer ids"),
    (sample_normalised_over_batch, "largest difference is .* at index"),
])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflowing answers
def test_sample_next_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb07.sample_next.__wrapped__(answer)


def test_sample_next_mistakes_are_far_from_the_right_frequencies():
    """Each typical mistake differs from the right distribution by more than twice the tolerance."""
    for _, temperature in nb07._TEMPERATURES:
        right = nb07._softmax(nb07._BASE / temperature)
        for wrong in nb07._sampling_mistakes(temperature).values():
            assert np.abs(wrong - right).max() > 2 * nb07._TOLERANCE


def test_sample_next_in_the_notebook(capsys):
    assert nb07.sample_next(sample_gumbel) is sample_gumbel
    assert "Correct" in capsys.readouterr().out
    assert "argmax" in falls_back(nb07.sample_next, sample_argmax, capsys)
    assert "not written yet" in falls_back(nb07.sample_next, stub, capsys)


# --- Exercise 2: generate_ids ---------------------------------------------------------------


def generate_right(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        next_ids = pick(logits[:, -1])
        out.append(next_ids)
        logits, state = step(next_ids[:, None], state)
    return np.stack(out, axis=1)


def generate_prompt_one_by_one(step, prompt_ids, state, pick, length):
    for t in range(prompt_ids.shape[1]):
        logits, state = step(prompt_ids[:, t:t + 1], state)
    generated = np.zeros((len(prompt_ids), length), dtype=int)
    for i in range(length):
        generated[:, i] = pick(logits[:, -1])
        if i < length - 1:
            logits, state = step(generated[:, i:i + 1], state)
    return generated


def generate_forgets_state(step, prompt_ids, state, pick, length):
    logits, _ = step(prompt_ids, state)
    out = []
    for _ in range(length):
        next_ids = pick(logits[:, -1])
        out.append(next_ids)
        logits, _ = step(next_ids[:, None], state)   # the bug: the new state is dropped
    return np.stack(out, axis=1)


def generate_keeps_prompt_state(step, prompt_ids, state, pick, length):
    logits, prompt_state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        next_ids = pick(logits[:, -1])
        out.append(next_ids)
        logits, new_state = step(next_ids[:, None], prompt_state)   # never updated
    return np.stack(out, axis=1)


def generate_last_prompt_char(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids[:, -1:], state)
    out = []
    for _ in range(length):
        out.append(pick(logits[:, -1]))
        logits, state = step(out[-1][:, None], state)
    return np.stack(out, axis=1)


def generate_first_position(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        out.append(pick(logits[:, 0]))
        logits, state = step(out[-1][:, None], state)
    return np.stack(out, axis=1)


def generate_argmax(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        out.append(logits[:, -1].argmax(axis=-1))
        logits, state = step(out[-1][:, None], state)
    return np.stack(out, axis=1)


def generate_refeeds_prefix(step, prompt_ids, state, pick, length):
    text = prompt_ids
    for _ in range(length):
        logits, _ = step(text, state)          # reads everything again from the start state
        text = np.concatenate([text, pick(logits[:, -1])[:, None]], axis=1)
    return text[:, prompt_ids.shape[1]:]


def generate_refeeds_prefix_with_state(step, prompt_ids, state, pick, length):
    text = prompt_ids
    for _ in range(length):
        logits, state = step(text, state)      # reads everything again, on top of the state
        text = np.concatenate([text, pick(logits[:, -1])[:, None]], axis=1)
    return text[:, prompt_ids.shape[1]:]


def generate_with_prompt(step, prompt_ids, state, pick, length):
    return np.concatenate([prompt_ids, generate_right(step, prompt_ids, state, pick, length)], axis=1)


def generate_one_too_many(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = [pick(logits[:, -1])]
    for _ in range(length):
        logits, state = step(out[-1][:, None], state)
        out.append(pick(logits[:, -1]))
    return np.stack(out, axis=1)


def generate_time_first(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        out.append(pick(logits[:, -1]))
        logits, state = step(out[-1][:, None], state)
    return np.array(out)


def generate_picks_all_positions(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        out.append(pick(logits)[:, -1])
        logits, state = step(out[-1][:, None], state)
    return np.stack(out, axis=1)


def generate_flat_ids(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    out = []
    for _ in range(length):
        out.append(pick(logits[:, -1]))
        logits, state = step(out[-1], state)
    return np.stack(out, axis=1)


def generate_no_start_state(step, prompt_ids, state, pick, length):
    return generate_right(step, prompt_ids, None, pick, length)


def generate_feeds_previous_id(step, prompt_ids, state, pick, length):
    logits, state = step(prompt_ids, state)
    previous = prompt_ids[:, -1]
    out = []
    for _ in range(length):
        next_ids = pick(logits[:, -1])
        out.append(next_ids)
        logits, state = step(previous[:, None], state)   # the id before, not the new one
        previous = next_ids
    return np.stack(out, axis=1)


@pytest.mark.parametrize("answer", [generate_right, generate_prompt_one_by_one])
def test_generate_ids_right_answers_pass(answer, capsys):
    nb07.generate_ids.__wrapped__(answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (generate_forgets_state, "restarts from the start state"),
    (generate_keeps_prompt_state, "not the state left by the prompt"),
    (generate_last_prompt_char, "feed the whole prompt"),
    (generate_first_position, "first position"),
    (generate_argmax, "argmax of the logits yourself"),
    (generate_refeeds_prefix, "fed the text again"),
    (generate_refeeds_prefix_with_state, "fed the text again"),
    (generate_with_prompt, "prompt as well"),
    (generate_one_too_many, "13 ids per row for length = 12"),
    (generate_time_first, "time comes first"),
    (generate_picks_all_positions, "pass logits\\[:, -1\\]"),
    (generate_flat_ids, "next_ids\\[:, None\\]"),
    (generate_no_start_state, "start from the `state` argument"),
    (generate_feeds_previous_id, "largest difference is .* at index"),
    (lambda *args: None, "returned None"),
])
def test_generate_ids_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb07.generate_ids.__wrapped__(answer)


def test_toy_cases_tell_the_mistakes_apart():
    """Each simulated mistake changes the output of at least one case of the check."""
    for option in nb07._LOOP_MISTAKES.values():
        assert any(not np.array_equal(nb07._reference(p, s, n), nb07._reference(p, s, n, **option))
                   for p, s, n in nb07._CASES), option


def test_generate_ids_in_the_notebook(capsys):
    assert nb07.generate_ids(generate_prompt_one_by_one) is generate_prompt_one_by_one
    assert "Correct" in capsys.readouterr().out
    assert "forgotten-state bug" in falls_back(nb07.generate_ids, generate_forgets_state, capsys)
    assert "not written yet" in falls_back(nb07.generate_ids, stub, capsys)


# --- Exercise 3: perplexity -----------------------------------------------------------------


def perplexity_numpy(char_losses):
    return float(np.exp(np.mean(char_losses)))


def perplexity_python(char_losses):
    return math.exp(sum(char_losses) / len(char_losses))


@pytest.mark.parametrize("answer", [perplexity_numpy, perplexity_python])
def test_perplexity_right_answers_pass(answer, capsys):
    nb07.perplexity.__wrapped__(answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (lambda losses: np.mean(np.exp(losses)), "averaged exp"),
    (lambda losses: 2 ** np.mean(losses), "in bits"),
    (lambda losses: np.exp(np.sum(losses)), "summed"),
    (lambda losses: np.mean(losses), "mean loss itself"),
    (lambda losses: np.mean(losses) / np.log(2), "bits per character"),
    (lambda losses: 1 / np.mean(losses), "1 / mean"),
    (lambda losses: np.exp(losses), "one number"),
    (lambda losses: None, "None"),
    (lambda losses: "12.3", "should be a number"),
    (lambda losses: np.exp(np.median(losses)), "not right yet"),
])
def test_perplexity_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb07.perplexity.__wrapped__(answer)


def test_perplexity_in_the_notebook(capsys):
    assert nb07.perplexity(perplexity_numpy) is perplexity_numpy
    assert "Correct" in capsys.readouterr().out
    assert "averaged exp" in falls_back(nb07.perplexity, lambda losses: np.mean(np.exp(losses)), capsys)
    assert "not written yet" in falls_back(nb07.perplexity, stub, capsys)


# --- Exercise 4: predict, then measure ------------------------------------------------------

MEASURED = {0.2: 1.2, 0.5: 1.8, 1.0: 4.5, 1.5: 14.0}


def predict(prediction):
    """The raw check; returns what it printed."""
    nb07.self_perplexity.__wrapped__(prediction, measured=MEASURED)


@pytest.mark.parametrize("prediction, explanation", [
    ({0.5: 2, 1.5: 10.0}, "Both within a factor 1.5"),
    ({0.5: 1.1, 1.5: 100}, "The direction is right"),
    ({0.5: 8.0, 1.5: 3.0}, "other way round"),
    ({0.5: np.float64(4.7), 1.5: 4.7}, "other way round"),
])
def test_any_possible_prediction_passes_and_is_explained(prediction, explanation, capsys):
    predict(prediction)
    out = capsys.readouterr().out
    assert "Correct" in out and explanation in out
    assert "the model measures 1.80 and 14.00" in out


@pytest.mark.parametrize("prediction, message", [
    (4.7, "as a dict"),
    ({0.5: 2.0}, "as a dict"),
    ({"0.5": 2.0, "1.5": 10.0}, "as a dict"),
    ({0.5: "2", 1.5: 10.0}, "should be a number"),
    ({0.5: 0.5, 1.5: 10.0}, "impossible: a perplexity is at least 1"),
    ({0.5: 2.0, 1.5: float("inf")}, "impossible"),
])
def test_impossible_predictions(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        predict(prediction)


def test_prediction_in_the_notebook(capsys):
    prediction = {0.5: 2.0, 1.5: 9.0}
    assert nb07.self_perplexity(prediction, measured=MEASURED) is prediction
    assert "Correct" in capsys.readouterr().out
    assert nb07.self_perplexity(None, measured=MEASURED) is None
    out = capsys.readouterr().out
    assert FALLBACK in out and "`predicted` is not written yet" in out
    assert nb07.self_perplexity({0.5: 0.1, 1.5: 2.0}, measured=MEASURED) is None
    assert "impossible" in capsys.readouterr().out
