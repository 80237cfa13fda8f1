"""Notebook 04's exercise checks: the right answers pass, each typical mistake gets its sentence.

The raw checks (`check.NAME.__wrapped__`) raise ExerciseError; the decorated ones, as the
notebook calls them, return the learner's answer when it passes and the course's reference
(with one line saying so) otherwise. Every wrong answer below is written out as a learner
would write it, independently of the check's own mistake generators.
"""

import math

import numpy as np
import pytest

from rnn_utils.checks import FALLBACK, PASSED, ExerciseError
from rnn_utils.checks import notebook04 as nb04
from tests.exercise_support import goes_on_with_the_answer_or_the_reference, stub

backward_check = nb04.rnn_backward.__wrapped__
prediction_check = nb04.predicted_survival.__wrapped__
radius_check = nb04.with_spectral_radius.__wrapped__
clip_check = nb04.clip_by_global_norm.__wrapped__


# ---------------------------------------------------------------------------
# Exercise 1: rnn_backward(inputs, targets, params, cache) -> grads
# ---------------------------------------------------------------------------
def right_backward(inputs, targets, params, cache):
    """The exercise as the notebook scaffolds it: the loop is the learner's."""
    (h, probs), U, W_y = cache, params["U"], params["W_y"]
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    dh_next = np.zeros_like(h[-1])
    for t in reversed(range(len(inputs))):
        do = probs[t] - np.eye(len(probs[t]))[targets[t]]
        grads["W_y"] += np.outer(do, h[t])
        grads["b_y"] += do
        dh = W_y.T @ do + dh_next
        dz = (1 - h[t] ** 2) * dh
        grads["W"][:, inputs[t]] += dz
        grads["U"] += np.outer(dz, h[t - 1])
        grads["b"] += dz
        dh_next = U.T @ dz
    return grads


def min_char_rnn_style(inputs, targets, params, cache):
    """Karpathy's min-char-rnn: dy = probs - one-hot in place, a one-hot x, separate arrays."""
    hs, ps = cache
    Wxh, Whh, Why = params["W"], params["U"], params["W_y"]
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(params["b"]), np.zeros_like(params["b_y"])
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = ps[t]   # no copy: the cache changes, the gradients are still right
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].reshape(1, -1)) if dy.ndim == 2 else np.outer(dy, hs[t])
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        x = np.zeros(Wxh.shape[1])
        x[inputs[t]] = 1
        dWxh += np.outer(dhraw, x)
        dWhh += np.outer(dhraw, hs[t - 1])
        dbh += dhraw
        dhnext = np.dot(Whh.T, dhraw)
    return {"W": dWxh, "U": dWhh, "b": dbh, "W_y": dWhy, "b_y": dby}


def test_backward_right_answers_pass(capsys):
    backward_check(right_backward)
    backward_check(min_char_rnn_style)
    out = capsys.readouterr().out
    assert out.count(PASSED) == 2 and "finite differences" in out


def test_the_reference_passes_its_own_check_and_has_the_learners_name(capsys):
    backward_check(nb04.rnn_backward.reference)
    assert nb04.rnn_backward.reference.__name__ == "rnn_backward"
    assert PASSED in capsys.readouterr().out


def learner(**replace):
    """right_backward with one line written as a learner might: replace[name](locals) -> value."""
    def backward(inputs, targets, params, cache):
        (h, probs), U, W_y = cache, params["U"], params["W_y"]
        grads = {name: np.zeros_like(value) for name, value in params.items()}
        dh_next = np.zeros_like(h[-1])
        steps = replace.get("steps", lambda T: reversed(range(T)))(len(inputs))
        for t in steps:
            one_hot = np.eye(len(probs[t]))[targets[t]]
            do = replace.get("do", lambda p, y: p - y)(probs[t], one_hot)
            grads["W_y"] += np.outer(do, h[t])
            grads["b_y"] += do
            dh = replace.get("dh", lambda local, future: local + future)(W_y.T @ do, dh_next)
            dz = replace.get("dz", lambda h_t, h_prev, dh: (1 - h_t ** 2) * dh)(h[t], h[t - 1], dh)
            if "future_after_tanh" in replace:
                dz = dz + dh_next
            grads["W"][:, inputs[t]] += dz
            grads["U"] += np.outer(dz, h[t - 1])
            grads["b"] += dz
            dh_next = replace.get("dh_next", lambda U, dz, dh: U.T @ dz)(U, dz, dh)
        return grads
    return backward


@pytest.mark.parametrize("wrong, message", [
    (learner(dh=lambda local, future: local), "the gradient from the future is missing"),
    (learner(dh=lambda local, future: local, future_after_tanh=True), "added after the tanh derivative"),
    (learner(dz=lambda h, h_prev, dh: h * dh), "tanh' is written as h;"),
    (learner(dz=lambda h, h_prev, dh: dh), "the tanh is skipped"),
    (learner(dz=lambda h, h_prev, dh: (1 - h) * dh), "written as 1 - h;"),
    (learner(dz=lambda h, h_prev, dh: (1 - np.tanh(h) ** 2) * dh), "tanh is applied twice"),
    (learner(dz=lambda h, h_prev, dh: (1 - h_prev ** 2) * dh), "from the previous state"),
    (learner(dh_next=lambda U, dz, dh: U @ dz), "through U, not its transpose"),
    (learner(dh_next=lambda U, dz, dh: U.T @ dh), "skips the tanh of step t"),
    (learner(steps=range), "runs forward in time"),
])
def test_backward_loop_mistakes_are_named_with_the_recurrent_gradients(wrong, message):
    with pytest.raises(ExerciseError, match=message) as info:
        backward_check(wrong)
    assert str(info.value).startswith("b, U and W are wrong (W_y and b_y are right): ")


@pytest.mark.parametrize("wrong, message", [
    (learner(do=lambda p, y: y - p), "every gradient has the wrong sign"),
    (learner(do=lambda p, y: p), "the target is never subtracted"),
])
def test_backward_output_mistakes_spoil_every_gradient(wrong, message):
    with pytest.raises(ExerciseError, match=message) as info:
        backward_check(wrong)
    assert str(info.value).startswith("W_y, b_y, b, U and W are wrong: ")


def overwrites(*names):
    """`grads[name] = ...` instead of `+=` for the given gradients."""
    def backward(inputs, targets, params, cache):
        (h, probs), U, W_y = cache, params["U"], params["W_y"]
        grads = {name: np.zeros_like(value) for name, value in params.items()}
        dh_next = np.zeros_like(h[-1])
        for t in reversed(range(len(inputs))):
            do = probs[t] - np.eye(len(probs[t]))[targets[t]]
            dz = (1 - h[t] ** 2) * (W_y.T @ do + dh_next)
            terms = {"W_y": np.outer(do, h[t]), "b_y": do, "U": np.outer(dz, h[t - 1]), "b": dz}
            for name, term in terms.items():
                if name in names:
                    grads[name] = term
                else:
                    grads[name] += term
            if "W" in names:
                grads["W"][:, inputs[t]] = dz
            else:
                grads["W"][:, inputs[t]] += dz
            dh_next = U.T @ dz
        return grads
    return backward


@pytest.mark.parametrize("name", ["W_y", "b_y", "b", "U", "W"])
def test_backward_an_overwritten_gradient_is_named(name):
    with pytest.raises(ExerciseError, match=rf'grads\["{name}"\] holds only one step\'s term') as info:
        backward_check(overwrites(name))
    assert str(info.value).startswith(f"{name} is wrong (")


def one_line(name, term):
    """right_backward with the term of one gradient written differently: term(t, dz, do, h, inputs)."""
    def backward(inputs, targets, params, cache):
        (h, probs), U, W_y = cache, params["U"], params["W_y"]
        grads = {key: np.zeros_like(value) for key, value in params.items()}
        dh_next = np.zeros_like(h[-1])
        for t in reversed(range(len(inputs))):
            do = probs[t] - np.eye(len(probs[t]))[targets[t]]
            dz = (1 - h[t] ** 2) * (W_y.T @ do + dh_next)
            right = {"W_y": np.outer(do, h[t]), "b_y": do, "U": np.outer(dz, h[t - 1]), "b": dz}
            for key in ("W_y", "b_y", "U", "b"):
                grads[key] = grads[key] + (term(t, dz, do, h, inputs) if key == name else right[key])
            if name == "W":
                grads["W"] += term(t, dz, do, h, inputs)
            else:
                grads["W"][:, inputs[t]] += dz
            dh_next = U.T @ dz
        return grads
    return backward


@pytest.mark.parametrize("wrong, message", [
    (one_line("U", lambda t, dz, do, h, x: np.outer(dz, h[t])), "dU uses the new state h"),
    (one_line("U", lambda t, dz, do, h, x: np.outer(h[t - 1], dz)), "dU is transposed"),
    (one_line("W_y", lambda t, dz, do, h, x: np.outer(do, h[t - 1])), "dW_y reads the previous state"),
    (one_line("b", lambda t, dz, do, h, x: np.sum(dz)), "db sums dz over the units"),
    (one_line("W", lambda t, dz, do, h, x: np.outer(dz, x[t])), "its gradient goes to that column"),
    (one_line("W_y", lambda t, dz, do, h, x: np.outer(h[t], do)),
     r"raised ValueError: operands could not be broadcast .* \(tests/test_checks_04.py, line \d+"),
])
def test_backward_one_wrong_gradient_is_named(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        backward_check(wrong)


def b_per_step(sum_axis):
    """dz of every step stacked into one array, then summed over `sum_axis` (None: not summed)."""
    def backward(inputs, targets, params, cache):
        (h, probs), U, W_y = cache, params["U"], params["W_y"]
        grads = {name: np.zeros_like(value) for name, value in params.items()}
        dh_next, dzs = np.zeros_like(h[-1]), []
        for t in reversed(range(len(inputs))):
            do = probs[t] - np.eye(len(probs[t]))[targets[t]]
            grads["W_y"] += np.outer(do, h[t])
            grads["b_y"] += do
            dz = (1 - h[t] ** 2) * (W_y.T @ do + dh_next)
            grads["W"][:, inputs[t]] += dz
            grads["U"] += np.outer(dz, h[t - 1])
            dzs.append(dz)
            dh_next = U.T @ dz
        grads["b"] = np.array(dzs) if sum_axis is None else np.sum(dzs, axis=sum_axis)
        return grads
    return backward


def test_backward_b_summed_over_the_wrong_axis_is_named():
    with pytest.raises(ExerciseError, match=r"^b is wrong \(W, U, W_y and b_y are right\): .* the sum "
                                            r"ran over the units instead of over time"):
        backward_check(b_per_step(sum_axis=1))


def test_backward_b_not_summed_is_named():
    with pytest.raises(ExerciseError, match=r"one dz per step: b is shared by every step, so add up "
                                            r"the terms of all steps"):
        backward_check(b_per_step(sum_axis=None))


def test_backward_b_summed_over_time_passes(capsys):
    backward_check(b_per_step(sum_axis=0))
    assert PASSED in capsys.readouterr().out


def test_backward_unrecognised_mistake_gets_the_largest_difference():
    def half_of_dU(inputs, targets, params, cache):
        grads = right_backward(inputs, targets, params, cache)
        grads["U"] = grads["U"] * 0.5
        return grads

    with pytest.raises(ExerciseError, match=r"U is wrong \(W, b, W_y and b_y are right\): `grads\[\"U\"\]` "
                                            r"has the right shape but different values: the largest "
                                            r"difference is .* at index"):
        backward_check(half_of_dU)


@pytest.mark.parametrize("wrong, message", [
    (lambda inputs, targets, params, cache: None, "got a NoneType"),
    (lambda inputs, targets, params, cache: (0.0, right_backward(inputs, targets, params, cache), None),
     "returns three things"),
    (lambda inputs, targets, params, cache: list(right_backward(inputs, targets, params, cache).values()),
     "should return a dict"),
    (lambda inputs, targets, params, cache: {k: v for k, v in right_backward(inputs, targets, params,
                                                                          cache).items() if k != "b_y"},
     "should have the keys of params"),
])
def test_backward_result_of_the_wrong_kind_is_named(wrong, message):
    with pytest.raises(ExerciseError, match=message):
        backward_check(wrong)


def test_backward_changing_the_parameters_is_named():
    def accumulates_into_params(inputs, targets, params, cache):
        grads = dict(params)   # the arrays of params themselves, not zeros
        for name, g in right_backward(inputs, targets, params, cache).items():
            grads[name] += g
        return grads

    with pytest.raises(ExerciseError, match=r'changed params\["W"\]: start every gradient from zeros'):
        backward_check(accumulates_into_params)


def test_backward_crash_names_the_learners_line():
    def counts_the_states(inputs, targets, params, cache):
        h, probs = cache
        for t in reversed(range(len(h))):   # h also holds h[-1]: one key too many
            probs[t]
        return {}

    with pytest.raises(ExerciseError, match="raised KeyError"):
        backward_check(counts_the_states)


# ---------------------------------------------------------------------------
# Exercise 2: predict, then measure
# ---------------------------------------------------------------------------
MEASURED = {0.5: 4.96799e-19, 1.0: 0.0563452, 1.5: 585.013}   # the notebook's measurement


@pytest.mark.parametrize("prediction", [{0.5: 0.5 ** 60, 1.0: 0.1, 1.5: 1e3},
                                        {0.5: 1e-18, 1: 0.01, 1.5: 100}])
def test_a_close_prediction_is_confirmed_with_the_reason(prediction, capsys):
    assert prediction_check(prediction, MEASURED) is prediction
    out = capsys.readouterr().out
    assert out.startswith(f"{PASSED} for ρ = 0.5, 1 and 1.5 you predicted ")
    assert "5e-19, 0.0563 and 585 survive 60 steps" in out and "tanh'" in out


def test_the_linear_prediction_is_not_wrong_the_check_explains_the_measurement(capsys):
    prediction = {0.5: 0.5 ** 60, 1.0: 1.0, 1.5: 1.5 ** 60}
    assert nb04.predicted_survival(prediction, measured=MEASURED) is prediction
    out = capsys.readouterr().out
    assert out.startswith("📏 Not quite: for ρ = 0.5, 1 and 1.5 you predicted 9e-19, 1 and 4e+10")
    assert "only an upper bound" in out and FALLBACK not in out and out.count("\n") == 1


def test_a_prediction_too_small_is_explained(capsys):
    nb04.predicted_survival({0.5: 1e-3, 1.0: 1e-20, 1.5: 1e-5}, measured=MEASURED)
    out = capsys.readouterr().out
    assert out.startswith("📏 Not quite") and "halves at every step" in out and "still grows" in out


@pytest.mark.parametrize("prediction, message", [
    (1e-5, "as a dict with one number per spectral radius"),
    ([1e-18, 0.1, 1e3], "as a dict"),
    ({0.5: 1e-18, 1.5: 1e3}, "no entry for ρ = 1"),
    ({0.5: 1e-18, 1.0: "small", 1.5: 1e3}, "should be a number"),
    ({0.5: 0, 1.0: 0.1, 1.5: 1e3}, "a norm is positive"),
    ({0.5: 1e-18, 1.0: -0.1, 1.5: 1e3}, "a norm is positive"),
    ({0.5: 1e-18, 1.0: 0.1, 1.5: math.inf}, "write a finite number"),
    ({0.5: 1e-18, 1.0: True, 1.5: 1e3}, "should be a number"),
])
def test_a_prediction_that_is_not_one_norm_per_radius_is_named(prediction, message):
    with pytest.raises(ExerciseError, match=message):
        prediction_check(prediction, MEASURED)


def test_an_unwritten_prediction_falls_back_without_an_error(capsys):
    assert nb04.predicted_survival(None, measured=MEASURED) is None
    out = capsys.readouterr().out
    assert "`prediction` is not written yet" in out and FALLBACK in out
    assert nb04.predicted_survival("small", measured=MEASURED) is None
    out = capsys.readouterr().out
    assert out.startswith("❌") and FALLBACK in out


# ---------------------------------------------------------------------------
# Exercise 3: with_spectral_radius(U, rho)
# ---------------------------------------------------------------------------
def radius(U):
    return np.abs(np.linalg.eigvals(U)).max()


def right_radius(U, rho):
    return U * (rho / radius(U))


def test_radius_right_answer_passes(capsys):
    radius_check(right_radius)
    radius_check(lambda U, rho: rho * U / max(abs(np.linalg.eigvals(U))))
    assert capsys.readouterr().out.count(PASSED) == 2


def in_place_radius(U, rho):
    U *= rho / radius(U)
    return U


@pytest.mark.parametrize("fn, message", [
    (lambda U, rho: U * rho / np.linalg.norm(U, 2), "largest singular value"),
    (lambda U, rho: U * rho / np.linalg.norm(U), "Frobenius norm"),
    (lambda U, rho: U * rho / np.linalg.eigvals(U).real.max(), "largest real part"),
    (lambda U, rho: U * rho / np.linalg.eigvals(U).max(), "complex|largest real part"),
    (lambda U, rho: U * radius(U) / rho, "upside down"),
    (lambda U, rho: U / radius(U), "multiply by rho as well"),
    (in_place_radius, "changed U in place"),
    (lambda U, rho: None, "is None"),
    (lambda U, rho: np.abs(np.linalg.eigvals(U)) * rho / radius(U), "has shape"),
])
def test_radius_mistakes_are_named(fn, message):
    with pytest.raises(ExerciseError, match=message):
        radius_check(fn)


def test_radius_complex_result_is_named():
    with pytest.raises(ExerciseError, match="complex"):
        radius_check(lambda U, rho: U * rho / np.linalg.eigvals(U)[0])


def test_radius_unrecognised_mistake_gets_the_largest_difference():
    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        radius_check(lambda U, rho: U * rho / (radius(U) + 0.1))


# ---------------------------------------------------------------------------
# Exercise 4: clip_by_global_norm(grads, max_norm) -> clipped, norm
# ---------------------------------------------------------------------------
def global_norm(grads):
    return np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))


def clip_right(grads, max_norm):
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: g * scale for name, g in grads.items()}, norm


def clip_with_if(grads, max_norm):
    norm = float(np.sqrt(sum((g ** 2).sum() for g in grads.values())))
    if norm > max_norm:
        return {name: g * (max_norm / norm) for name, g in grads.items()}, norm
    return dict(grads), norm


def test_clip_right_answers_pass(capsys):
    clip_check(clip_right)
    clip_check(clip_with_if)
    assert capsys.readouterr().out.count(PASSED) == 2


def clip_own_norm(grads, max_norm):
    return {n: g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-12)) for n, g in grads.items()}, \
        global_norm(grads)


def clip_sum_of_norms(grads, max_norm):
    total = sum(np.linalg.norm(g) for g in grads.values())
    return {n: g * min(1.0, max_norm / total) if total else g for n, g in grads.items()}, \
        global_norm(grads)


def clip_always(grads, max_norm):
    norm = global_norm(grads)
    return {n: g * (max_norm / norm) if norm else g for n, g in grads.items()}, norm


def clip_by_value(grads, max_norm):
    return {n: np.clip(g, -max_norm, max_norm) for n, g in grads.items()}, global_norm(grads)


def clip_after_norm(grads, max_norm):
    clipped, _ = clip_right(grads, max_norm)
    return clipped, global_norm(clipped)


def clip_squared_norm(grads, max_norm):
    clipped, norm = clip_right(grads, max_norm)
    return clipped, norm ** 2


def clip_in_place(grads, max_norm):
    norm = global_norm(grads)
    for g in grads.values():
        g *= min(1.0, max_norm / norm) if norm else 1.0
    return grads, norm


def clip_divides_by_zero(grads, max_norm):
    norm = float(global_norm(grads))
    return {n: g * min(1.0, max_norm / norm) for n, g in grads.items()}, norm


def clip_nan_at_zero(grads, max_norm):
    norm = global_norm(grads)
    return {n: g / norm * min(norm, max_norm) for n, g in grads.items()}, norm


def clip_nan_without_limit(grads, max_norm):
    norm = float(global_norm(grads))
    scale = max_norm / max(norm, max_norm) if norm else 1.0   # inf / inf when max_norm is np.inf
    return {n: g * scale for n, g in grads.items()}, norm


def clip_unchanged(grads, max_norm):
    return dict(grads), global_norm(grads)


@pytest.mark.parametrize("fn, message", [
    (clip_unchanged, "came back unchanged"),
    (clip_own_norm, "clipped by its own norm"),
    (clip_sum_of_norms, "not the sum of the separate norms"),
    (clip_always, "already at most max_norm"),
    (clip_by_value, "np.clip clips each entry"),
    (clip_after_norm, "the one after clipping"),
    (clip_squared_norm, "take its square root"),
    (clip_in_place, "changed the gradients you passed in"),
    (clip_divides_by_zero, "divides by zero"),
    (clip_nan_at_zero, "divides by zero"),
    (clip_nan_without_limit, "max_norm = np.inf"),
    (lambda grads, max_norm: clip_right(grads, max_norm)[0], "return two things"),
    (lambda grads, max_norm: (list(clip_right(grads, max_norm)[0].values()), 1.0), "dict of gradients"),
    (lambda grads, max_norm: ({"W": grads["W"]}, global_norm(grads)), "same keys as grads"),
    (lambda grads, max_norm: (clip_right(grads, max_norm)[0], None), "one number"),
])
def test_clip_mistakes_are_named(fn, message):
    with pytest.raises(ExerciseError, match=message):
        clip_check(fn)


def test_clip_unrecognised_mistake_gets_the_largest_difference():
    def clip_to_half(grads, max_norm):
        norm = global_norm(grads)
        scale = min(1.0, max_norm / norm / 2) if norm else 1.0
        return {n: g * scale for n, g in grads.items()}, norm

    with pytest.raises(ExerciseError, match="largest difference is .* at index"):
        clip_check(clip_to_half)


# ---------------------------------------------------------------------------
# Every in-flow check, decorated: the learner's function or the course's reference
# ---------------------------------------------------------------------------
DECORATED = [
    (nb04.rnn_backward, right_backward, learner(dh=lambda local, future: local)),
    (nb04.with_spectral_radius, right_radius, lambda U, rho: U * rho / np.linalg.norm(U, 2)),
    (nb04.clip_by_global_norm, clip_right, clip_own_norm),
]


@pytest.mark.parametrize("check, right, wrong", DECORATED, ids=[c[0].__name__ for c in DECORATED])
def test_the_notebook_goes_on_with_the_learners_function_or_the_reference(check, right, wrong, capsys):
    goes_on_with_the_answer_or_the_reference(check, right, wrong, capsys)
    check.__wrapped__(check.reference)
    assert check.reference.__name__ == check.__name__
    assert PASSED in capsys.readouterr().out


@pytest.mark.parametrize("check", [backward_check, radius_check, clip_check])
def test_a_stub_raises_not_implemented(check):
    with pytest.raises(NotImplementedError):
        check(stub)
