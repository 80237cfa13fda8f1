"""Checks for the exercises of notebook 04 (backpropagation through time)."""

import numpy as np

from . import ExerciseError, call, expect_array, passed

GRADIENTS = ("dW", "dU", "db", "dx", "dh_prev")


# ---------------------------------------------------------------------------
# Exercise 1: the backward step of one timestep
# ---------------------------------------------------------------------------
def _step_problem(seed=4, units=3, features=4):
    """A cell h = tanh(W x + U h_prev + b) with units != features, and a gradient dh."""
    rng = np.random.default_rng(seed)
    W = rng.normal(0, 0.6, (units, features))
    U = rng.normal(0, 0.6, (units, units))
    b = rng.normal(0, 0.3, units)
    x = rng.normal(0, 1.0, features)
    h_prev = rng.uniform(-0.9, 0.9, units)
    h = np.tanh(W @ x + U @ h_prev + b)
    dh = rng.normal(0, 1.0, units)
    return {"W": W, "U": U, "b": b, "x": x, "h_prev": h_prev}, h, dh


def _numerical_step_grads(inputs, dh, eps=1e-6):
    """Central differences of L = dh . tanh(W x + U h_prev + b) for each of the five inputs."""
    def loss():
        z = inputs["W"] @ inputs["x"] + inputs["U"] @ inputs["h_prev"] + inputs["b"]
        return float(dh @ np.tanh(z))

    grads = {}
    for name, value in inputs.items():
        value = inputs[name] = value.copy()
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            old = value[index]
            value[index] = old + eps
            plus = loss()
            value[index] = old - eps
            minus = loss()
            value[index] = old
            grad[index] = (plus - minus) / (2 * eps)
        grads[name] = grad
    order = (grads["W"], grads["U"], grads["b"], grads["x"], grads["h_prev"])
    return dict(zip(GRADIENTS, order, strict=True))


def _from_dz(dz, inputs):
    """The five gradients computed correctly from a given dz (right or wrong)."""
    return dict(zip(GRADIENTS, (np.outer(dz, inputs["x"]), np.outer(dz, inputs["h_prev"]), dz,
                                inputs["W"].T @ dz, inputs["U"].T @ dz), strict=True))


_WRONG_DZ = {
    "the tanh is skipped. Multiply dh by tanh'(z) = 1 - h**2 first, dz = (1 - h**2) * dh, "
    "and use dz for every gradient.":
        lambda h, dh, h_prev: dh,
    "tanh' is computed from the wrong state: it is 1 - h**2 with h the output of this step, "
    "not h_prev.":
        lambda h, dh, h_prev: (1 - h_prev ** 2) * dh,
    "tanh is applied twice: h is already tanh(z), so tanh'(z) = 1 - h**2, "
    "not 1 - np.tanh(h)**2.":
        lambda h, dh, h_prev: (1 - np.tanh(h) ** 2) * dh,
    "tanh' is written as 1 - h; it is 1 - h**2 (the derivative of tanh is 1 - tanh**2).":
        lambda h, dh, h_prev: (1 - h) * dh,
}


def _step_mistakes(inputs, h, dz):
    """{gradient name: {message: wrong value}} for mistakes that touch one gradient."""
    U, h_prev = inputs["U"], inputs["h_prev"]
    return {
        "dW": {},
        "dU": {"dU uses the new state h; U multiplies the previous state, so "
               "dU = np.outer(dz, h_prev).": np.outer(dz, h),
               "dU is transposed: it should be np.outer(dz, h_prev) (rows follow the units of "
               "the new state), not np.outer(h_prev, dz).": np.outer(h_prev, dz)},
        "db": {},
        "dx": {},
        "dh_prev": {"dh_prev goes back through U, not its transpose: use U.T @ dz.": U @ dz},
    }


def rnn_step_backward(fn):
    """rnn_step_backward(dh, x, h_prev, h, W, U) -> (dW, dU, db, dx, dh_prev), by gradient check."""
    __tracebackhide__ = True
    for seed in (4, 11):
        inputs, h, dh = _step_problem(seed)
        originals = {name: value.copy() for name, value in inputs.items()}
        result = call(fn, dh.copy(), inputs["x"], inputs["h_prev"], h.copy(), inputs["W"],
                      inputs["U"], name="rnn_step_backward")
        for name, value in originals.items():
            if not np.array_equal(inputs[name], value):
                raise ExerciseError(f"rnn_step_backward changed its argument `{name}` in place: "
                                    "compute new arrays instead (avoid `+=` and `*=` on inputs).")
        if not isinstance(result, tuple | list) or len(result) != 5:
            raise ExerciseError("rnn_step_backward should return five arrays: "
                                "`return dW, dU, db, dx, dh_prev`.")
        got = dict(zip(GRADIENTS, result, strict=True))
        expected = _numerical_step_grads(inputs, dh)
        _compare_step(got, expected, inputs, h, dh)
    passed("all five gradients agree with finite differences: dz = (1 - h**2) * dh feeds "
           "dW, dU, db, and flows on to dx = W.T @ dz and dh_prev = U.T @ dz.")


def _close(got, expected):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=0, atol=1e-6))


def _compare_step(got, expected, inputs, h, dh):
    __tracebackhide__ = True
    wrong = [name for name in GRADIENTS if not _close(got[name], expected[name])]
    if not wrong:
        return
    for message, wrong_dz in _WRONG_DZ.items():
        dz = wrong_dz(h, dh, inputs["h_prev"])
        if all(_close(got[name], _from_dz(dz, inputs)[name]) for name in wrong):
            raise ExerciseError(f"Gradient check: {_verdict(wrong)} Likely cause: {message}")
    dz = (1 - h ** 2) * dh
    mistakes = _step_mistakes(inputs, h, dz)
    reasons = []
    for name in wrong:
        try:
            expect_array(got[name], expected[name], name=name, mistakes=mistakes[name])
            reasons.append(f"{name} differs from the finite-difference gradient.")
        except ExerciseError as error:
            reasons.append(str(error))
    raise ExerciseError(f"Gradient check: {_verdict(wrong)} " + " ".join(reasons))


def _verdict(wrong):
    right = [name for name in GRADIENTS if name not in wrong]
    text = f"{_join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong"
    if right:
        text += f"; {_join(right)} {'is' if len(right) == 1 else 'are'} right"
    return text + "."


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------------------
# Exercise 2: clip_by_global_norm
# ---------------------------------------------------------------------------
_ZERO_NORM = ("With all-zero gradients the norm is 0 and max_norm / norm divides by zero: only "
              "scale when norm > max_norm, and return the gradients unchanged otherwise.")


def _grads(scale, seed=7):
    rng = np.random.default_rng(seed)
    shapes = {"W": (3, 4), "U": (3, 3), "b": (3,), "V": (4, 3), "c": (4,)}
    grads = {name: rng.normal(0, 1, shape) for name, shape in shapes.items()}
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {name: g * (scale / norm) for name, g in grads.items()}


def _global_norm(grads):
    return float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))


def clip_by_global_norm(fn):
    """clip_by_global_norm(grads, max_norm) -> (clipped dict, global norm before clipping)."""
    __tracebackhide__ = True
    for norm, max_norm in ((10.0, 1.0), (10.0, 5.0), (2.0, 5.0), (0.0, 1.0)):
        grads = _grads(norm)
        originals = {name: g.copy() for name, g in grads.items()}
        try:
            result = call(fn, grads, max_norm, name="clip_by_global_norm")
        except ExerciseError as error:
            if norm == 0 and "ZeroDivisionError" in str(error):
                raise ExerciseError(_ZERO_NORM) from None
            raise
        if any(not np.array_equal(grads[name], g) for name, g in originals.items()):
            raise ExerciseError("clip_by_global_norm changed the gradients you passed in: build a "
                                "new dict, e.g. {name: g * scale for name, g in grads.items()}.")
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise ExerciseError("clip_by_global_norm should return two things: "
                                "`return clipped, norm` (the norm before clipping).")
        clipped, got_norm = result
        if not isinstance(clipped, dict):
            raise ExerciseError("The first thing returned should be a dict of gradients with the "
                                f"same keys as grads; got a {type(clipped).__name__}.")
        if set(clipped) != set(grads):
            raise ExerciseError(f"The clipped dict has keys {sorted(clipped)}; it should have the "
                                f"same keys as grads: {sorted(grads)}.")
        scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
        _check_clipped(clipped, originals, scale, max_norm, norm)
        _check_norm(got_norm, norm, max_norm)
    passed("all gradients are scaled by one factor, min(1, max_norm / norm), so their direction "
           "is kept, and the norm before clipping is returned.")


def _check_clipped(clipped, grads, scale, max_norm, norm):
    __tracebackhide__ = True
    own = {name: g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300)) for name, g in grads.items()}
    summed = sum(np.linalg.norm(g) for g in grads.values())
    by_sum = {name: g * min(1.0, max_norm / summed) for name, g in grads.items()} if summed else grads
    always = ({name: g * (max_norm / norm) for name, g in grads.items()} if norm > 0 else None)
    by_value = {name: np.clip(g, -max_norm, max_norm) for name, g in grads.items()}
    for name, g in grads.items():
        got = clipped[name]
        if np.asarray(got).dtype.kind == "f" and np.isnan(got).any() and norm == 0:
            raise ExerciseError(_ZERO_NORM)
        mistakes = {
            f"The gradients came back unchanged although their global norm, {norm:.3g}, is above "
            f"max_norm = {max_norm:g}: scale them all by max_norm / norm.": g if norm > max_norm else None,
            "Each gradient was clipped by its own norm. Global-norm clipping computes one norm over "
            "all gradients together and scales them all by the same factor, so the direction of the "
            "whole update is kept.": own[name],
            "The global norm is the square root of the sum of all squared entries, not the sum of the "
            "separate norms.": by_sum[name],
            "np.clip clips each entry to [-max_norm, max_norm], which changes the direction of the "
            "update; scale all gradients by max_norm / norm instead.": by_value[name],
        }
        if always is not None and norm <= max_norm:
            mistakes["The gradients were rescaled although their norm was already at most max_norm: "
                     "clipping only shrinks, the factor is min(1, max_norm / norm)."] = always[name]
        mistakes = {m: v for m, v in mistakes.items() if v is not None and not np.allclose(v, g * scale)}
        expect_array(got, g * scale, name=f"clipped[{name!r}]", atol=1e-9, mistakes=mistakes)


def _check_norm(got_norm, norm, max_norm):
    __tracebackhide__ = True
    try:
        value = float(got_norm)
    except (TypeError, ValueError):
        raise ExerciseError("The second thing returned should be the global norm, one number; "
                            f"got a {type(got_norm).__name__}.") from None
    if abs(value - norm) <= 1e-9 * max(1.0, norm):
        return
    if norm > max_norm and abs(value - max_norm) <= 1e-9 * max_norm:
        raise ExerciseError("The norm returned is the one after clipping (max_norm); return the norm "
                            "before clipping: it is the number worth monitoring during training.")
    if abs(value - norm ** 2) <= 1e-9 * max(1.0, norm ** 2):
        raise ExerciseError("The norm returned is the sum of squares; take its square root.")
    raise ExerciseError(f"The norm returned is {value:.6g}, but the global norm of these gradients "
                        f"is {norm:.6g}: the square root of the sum of all squared entries.")


# ---------------------------------------------------------------------------
# Exercise 3: with_spectral_radius
# ---------------------------------------------------------------------------
def _radius_matrices():
    """Non-normal matrices whose spectral radius, spectral norm and largest real eigenvalue differ."""
    rng = np.random.default_rng(3)
    rotation = np.array([[0.0, -2.0, 0.3], [2.0, 0.0, 0.1], [0.0, 0.0, 0.5]])  # eigenvalues +-2i, 0.5
    negative = np.array([[-3.0, 1.0], [0.0, 1.0]])  # eigenvalues -3 and 1
    return [rotation, negative, rng.normal(size=(6, 6))]


def with_spectral_radius(fn):
    """with_spectral_radius(U, rho) -> U scaled so that its largest |eigenvalue| is rho."""
    __tracebackhide__ = True
    for U in _radius_matrices():
        for rho in (0.5, 1.5):
            original = U.copy()
            got = call(fn, U, rho, name="with_spectral_radius")
            if not np.array_equal(U, original):
                raise ExerciseError("with_spectral_radius changed U in place: return a new matrix "
                                    "(U * factor, not U *= factor).")
            eigenvalues = np.linalg.eigvals(U)
            radius = np.abs(eigenvalues).max()
            if got is not None and np.iscomplexobj(np.asarray(got)):
                raise ExerciseError("The result is complex: np.linalg.eigvals returns complex numbers, "
                                    "so take np.abs(...) of them before the max.")
            mistakes = {
                "U was divided by its largest singular value (the spectral norm, np.linalg.norm(U, 2)); "
                "the spectral radius is the largest absolute eigenvalue, "
                "np.abs(np.linalg.eigvals(U)).max(). They differ unless U is normal (e.g. "
                "symmetric or orthogonal).": U * rho / np.linalg.norm(U, 2),
                "U was divided by its Frobenius norm (np.linalg.norm(U)); the spectral radius is the "
                "largest absolute eigenvalue.": U * rho / np.linalg.norm(U),
                "The largest real part was used; eigenvalues can be complex or negative, so take the "
                "largest absolute value, np.abs(eigenvalues).max().":
                    U * rho / eigenvalues.real.max() if eigenvalues.real.max() > 0 else None,
                "The factor is upside down: multiply U by rho / radius.": U * radius / rho,
                "The result has spectral radius 1: multiply by rho as well.": U / radius,
            }
            mistakes = {m: v for m, v in mistakes.items() if v is not None}
            expect_array(got, U * (rho / radius), name=f"with_spectral_radius(U, {rho})",
                         atol=1e-9, mistakes=mistakes)
    passed("the result is U times rho / max|eigenvalue|, so its spectral radius is rho.")
