"""Notebook 07: each exercise check accepts the right answer and names each typical mistake."""

import math

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook07 as nb07

# --- Exercise 1: apply_temperature ----------------------------------------------------------


def temperature_right(probs, temperature):
    logits = np.log(probs) / temperature
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def temperature_naive(probs, temperature):
    weights = probs ** (1 / temperature)
    return weights / weights.sum(axis=-1, keepdims=True)


def temperature_in_place(probs, temperature):
    probs **= 1 / temperature
    probs /= probs.sum(axis=-1, keepdims=True)
    return probs


def temperature_power_t(probs, temperature):
    weights = probs ** temperature
    return weights / weights.sum(axis=-1, keepdims=True)


def temperature_softmax_of_probs(probs, temperature):
    z = probs / temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_apply_temperature_right_answer_passes(capsys):
    nb07.apply_temperature(temperature_right)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (temperature_naive, "underflows"),
    (temperature_in_place, "in place"),
    (lambda p, t: p ** (1 / t), "not normalised"),
    (lambda p, t: p ** (1 / t) / (p ** (1 / t)).sum(), "each row|Each row"),
    (temperature_power_t, "power is 1/T"),
    (temperature_softmax_of_probs, "softmax to the probabilities"),
    (lambda p, t: p, "different values"),
    (lambda p, t: None, "None"),
    (lambda p, t: p[0], "shape"),
])
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the naive answer divides 0 by 0
def test_apply_temperature_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb07.apply_temperature(answer)


def test_apply_temperature_stub_raises_not_implemented():
    def stub(probs, temperature):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb07.apply_temperature(stub)


# --- Exercise 2: perplexity -----------------------------------------------------------------


def test_perplexity_right_answer_passes(capsys):
    nb07.perplexity(lambda losses: np.exp(np.mean(losses)))
    nb07.perplexity(lambda losses: math.exp(sum(losses) / len(losses)))
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
        nb07.perplexity(answer)


# --- Exercise 3: generate_line --------------------------------------------------------------


def generate_right(step, prompt_ids, state, pick, stop_id, max_new=200):
    probs, state = step(np.array([prompt_ids]), state)
    generated = []
    while len(generated) < max_new:
        next_id = pick(probs[0, -1])
        generated.append(next_id)
        if next_id == stop_id:
            break
        probs, state = step(np.array([[next_id]]), state)
    return generated


def generate_prompt_one_by_one(step, prompt_ids, state, pick, stop_id, max_new=200):
    for token in prompt_ids:
        probs, state = step(np.array([[token]]), state)
    generated = []
    for _ in range(max_new):
        generated.append(pick(probs[0, -1]))
        if generated[-1] == stop_id:
            break
        probs, state = step(np.array([[generated[-1]]]), state)
    return generated


def generate_forgets_state(step, prompt_ids, state, pick, stop_id, max_new=200):
    probs, first_state = step(np.array([prompt_ids]), state)
    generated = []
    while len(generated) < max_new:
        next_id = pick(probs[0, -1])
        generated.append(next_id)
        if next_id == stop_id:
            break
        probs, _ = step(np.array([[next_id]]), state)  # the bug: the new state is dropped
    return generated


def generate_keeps_prompt_state(step, prompt_ids, state, pick, stop_id, max_new=200):
    probs, prompt_state = step(np.array([prompt_ids]), state)
    generated = []
    while len(generated) < max_new:
        next_id = pick(probs[0, -1])
        generated.append(next_id)
        if next_id == stop_id:
            break
        probs, _ = step(np.array([[next_id]]), prompt_state)  # the bug: never updated
    return generated


def generate_last_prompt_char(step, prompt_ids, state, pick, stop_id, max_new=200):
    return generate_right(step, prompt_ids[-1:], state, pick, stop_id, max_new)


def generate_first_position(step, prompt_ids, state, pick, stop_id, max_new=200):
    probs, state = step(np.array([prompt_ids]), state)
    generated = []
    while len(generated) < max_new:
        next_id = pick(probs[0, 0])
        generated.append(next_id)
        if next_id == stop_id:
            break
        probs, state = step(np.array([[next_id]]), state)
    return generated


def generate_drops_stop(step, prompt_ids, state, pick, stop_id, max_new=200):
    out = generate_right(step, prompt_ids, state, pick, stop_id, max_new)
    return out[:-1] if out and out[-1] == stop_id else out


def generate_ignores_stop(step, prompt_ids, state, pick, stop_id, max_new=200):
    return generate_right(step, prompt_ids, state, pick, -1, max_new)


def generate_one_too_many(step, prompt_ids, state, pick, stop_id, max_new=200):
    return generate_right(step, prompt_ids, state, pick, stop_id, max_new + 1)


def generate_with_prompt(step, prompt_ids, state, pick, stop_id, max_new=200):
    return list(prompt_ids) + generate_right(step, prompt_ids, state, pick, stop_id, max_new)


def generate_flat_ids(step, prompt_ids, state, pick, stop_id, max_new=200):
    probs, state = step(np.array(prompt_ids), state)
    return [pick(probs[0, -1])]


def test_generate_line_right_answers_pass(capsys):
    nb07.generate_line(generate_right)
    nb07.generate_line(generate_prompt_one_by_one)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("answer, message", [
    (generate_forgets_state, "state is not carried"),
    (generate_keeps_prompt_state, "not carried forward"),
    (generate_last_prompt_char, "whole prompt"),
    (generate_first_position, "last"),
    (generate_drops_stop, "included"),
    (generate_ignores_stop, "stop right after"),
    (generate_one_too_many, "at most max_new"),
    (generate_with_prompt, "prompt as well"),
    (generate_flat_ids, "shape \\(1, T\\)"),
    (lambda *args: None, "None"),
])
def test_generate_line_mistakes(answer, message):
    with pytest.raises(ExerciseError, match=message):
        nb07.generate_line(answer)


def test_toy_cases_tell_the_mistakes_apart():
    """Each simulated mistake changes the output of at least one case of the check."""
    for option in ({"carry": "initial"}, {"carry": "prompt"}, {"feed_prompt": "last"}, {"use_last": False},
                   {"include_stop": False}, {"stop": False}):
        assert any(nb07._reference(p, np.array([[s]]), stop, n)
                   != nb07._reference(p, np.array([[s]]), stop, n, **option)
                   for p, s, stop, n in nb07._CASES), option
