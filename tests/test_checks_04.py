"""Notebook 04's exercise checks: the right answers pass, each typical mistake gets its sentence."""

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError
from rnn_utils.checks import notebook04 as nb04


# ---------------------------------------------------------------------------
# Exercise 1: rnn_step_backward(dh, x, h_prev, h, W, U) -> dW, dU, db, dx, dh_prev
# ---------------------------------------------------------------------------
def step_backward(dh, x, h_prev, h, W, U, dz_of=lambda h, dh, h_prev: (1 - h ** 2) * dh, **wrong):
    """The right answer, with any gradient replaced by wrong[name](dz, x, h_prev, h, W, U)."""
    dz = dz_of(h, dh, h_prev)
    right = {"dW": lambda: np.outer(dz, x), "dU": lambda: np.outer(dz, h_prev), "db": lambda: dz,
             "dx": lambda: W.T @ dz, "dh_prev": lambda: U.T @ dz}
    return tuple(wrong[name](dz, x, h_prev, h, W, U) if name in wrong else right[name]()
                 for name in nb04.GRADIENTS)


def test_step_backward_right_answer_passes(capsys):
    nb04.rnn_step_backward(step_backward)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("dz_of, message", [
    (lambda h, dh, h_prev: dh, "the tanh is skipped"),
    (lambda h, dh, h_prev: (1 - h_prev ** 2) * dh, "wrong state"),
    (lambda h, dh, h_prev: (1 - np.tanh(h) ** 2) * dh, "tanh is applied twice"),
    (lambda h, dh, h_prev: (1 - h) * dh, r"written as 1 - h;"),
])
def test_step_backward_wrong_derivative_is_named(dz_of, message):
    with pytest.raises(ExerciseError, match=message) as info:
        nb04.rnn_step_backward(lambda *args: step_backward(*args, dz_of=dz_of))
    assert "dW, dU, db, dx and dh_prev are wrong" in str(info.value)


@pytest.mark.parametrize("name, wrong, message", [
    ("dU", lambda dz, x, h_prev, h, W, U: np.outer(dz, h), "dU uses the new state h"),
    ("dU", lambda dz, x, h_prev, h, W, U: np.outer(h_prev, dz), "dU is transposed"),
    ("dh_prev", lambda dz, x, h_prev, h, W, U: U @ dz, "not its transpose"),
    ("dW", lambda dz, x, h_prev, h, W, U: np.outer(x, dz), r"`dW` has shape \(4, 3\), expected "
                                                           r"\(3, 4\): the transpose"),
    ("dx", lambda dz, x, h_prev, h, W, U: W.T @ dz * 2, "`dx` has the right shape but different"),
    ("db", lambda dz, x, h_prev, h, W, U: None, "`db` is None"),
])
def test_step_backward_names_the_wrong_gradient(name, wrong, message):
    with pytest.raises(ExerciseError, match=message) as info:
        nb04.rnn_step_backward(lambda *args: step_backward(*args, **{name: wrong}))
    right = [other for other in nb04.GRADIENTS if other != name]
    assert f"Gradient check: {name} is wrong; {', '.join(right[:-1])} and {right[-1]} are right." \
        in str(info.value)


def test_step_backward_two_wrong_gradients_are_both_named():
    def two_wrong(*args):
        return step_backward(*args, dU=lambda dz, x, h_prev, h, W, U: np.outer(dz, h),
                             dh_prev=lambda dz, x, h_prev, h, W, U: U @ dz)

    with pytest.raises(ExerciseError, match="dU and dh_prev are wrong; dW, db and dx are right") as info:
        nb04.rnn_step_backward(two_wrong)
    assert "new state h" in str(info.value) and "not its transpose" in str(info.value)


def test_step_backward_shape_of_the_result():
    with pytest.raises(ExerciseError, match="five arrays"):
        nb04.rnn_step_backward(lambda *args: step_backward(*args)[:4])


def test_step_backward_in_place():
    def in_place(dh, x, h_prev, h, W, U):
        result = step_backward(dh, x, h_prev, h, W, U)
        x *= 2
        return result

    with pytest.raises(ExerciseError, match="changed its argument `x` in place"):
        nb04.rnn_step_backward(in_place)


def test_step_backward_stub_passes_not_implemented_through():
    def stub(*args):
        raise NotImplementedError

    with pytest.raises(NotImplementedError):
        nb04.rnn_step_backward(stub)


# ---------------------------------------------------------------------------
# Exercise 2: clip_by_global_norm(grads, max_norm) -> clipped, norm
# ---------------------------------------------------------------------------
def global_norm(grads):
    return np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))


def clip_right(grads, max_norm):
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: g * scale for name, g in grads.items()}, norm


def test_clip_right_answer_passes(capsys):
    nb04.clip_by_global_norm(clip_right)
    assert "Correct" in capsys.readouterr().out


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
    with np.errstate(divide="ignore", invalid="ignore"):
        return {n: g / norm * min(norm, max_norm) for n, g in grads.items()}, norm


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
    (lambda grads, max_norm: clip_right(grads, max_norm)[0], "return two things"),
    (lambda grads, max_norm: (list(clip_right(grads, max_norm)[0].values()), 1.0), "dict of gradients"),
    (lambda grads, max_norm: ({"W": grads["W"]}, global_norm(grads)), "same keys as grads"),
    (lambda grads, max_norm: (clip_right(grads, max_norm)[0], None), "one number"),
])
def test_clip_mistakes_are_named(fn, message):
    with pytest.raises(ExerciseError, match=message):
        nb04.clip_by_global_norm(fn)


# ---------------------------------------------------------------------------
# Exercise 3: with_spectral_radius(U, rho)
# ---------------------------------------------------------------------------
def radius(U):
    return np.abs(np.linalg.eigvals(U)).max()


def test_radius_right_answer_passes(capsys):
    nb04.with_spectral_radius(lambda U, rho: U * (rho / radius(U)))
    assert "Correct" in capsys.readouterr().out


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
        nb04.with_spectral_radius(fn)


def test_radius_complex_result_is_named():
    with pytest.raises(ExerciseError, match="complex"):
        nb04.with_spectral_radius(lambda U, rho: U * rho / np.linalg.eigvals(U)[0])
