"""Checks for the exercises of notebook 04 (backpropagation through time).

The model is the notebook's: h_t = tanh(W[:, x_t] + U h_{t-1} + b) for token ids x_t,
probabilities softmax(W_y h_t + b_y), and the summed cross-entropy as the loss. Parameters live
in a dict: W (units, vocab), U (units, units), b (units,), W_y (vocab, units), b_y (vocab,).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`,
so the notebook goes on with the learner's function when it passes and with the course's
reference (defined here, never shown in the notebook) otherwise:

    rnn_backward = check.rnn_backward(rnn_backward)
"""

import copy
import math
import numbers

import numpy as np

from . import ExerciseError, call, differs, exercise, expect_array, passed

PARAMS = ("W", "U", "b", "W_y", "b_y")
# The order in which wrong gradients are reported: the output layer first (a mistake there
# spoils every gradient), then the recurrent ones.
REPORT_ORDER = ("W_y", "b_y", "b", "U", "W")


# ---------------------------------------------------------------------------
# The course's references: what the notebook uses when an exercise does not pass yet
# ---------------------------------------------------------------------------
def _softmax(logits):
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


def _forward(inputs, targets, params, h0):
    """The notebook's rnn_loss: the summed cross-entropy and the cache (h, probs), h[-1] = h0."""
    W, U, b, W_y, b_y = (params[name] for name in PARAMS)
    h, probs = {-1: h0}, {}
    for t, x in enumerate(inputs):
        h[t] = np.tanh(W[:, x] + U @ h[t - 1] + b)
        probs[t] = _softmax(W_y @ h[t] + b_y)
    loss = -sum(np.log(probs[t][y]) for t, y in enumerate(targets))
    return loss, (h, probs)


def _rnn_backward(inputs, targets, params, cache):
    """Gradients of the summed loss for every parameter, from the last step to the first."""
    (h, probs), U, W_y = cache, params["U"], params["W_y"]
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    dh_next = np.zeros_like(h[-1])
    for t in reversed(range(len(inputs))):
        do = probs[t].copy()
        do[targets[t]] -= 1
        grads["W_y"] += np.outer(do, h[t])
        grads["b_y"] += do
        dz = (1 - h[t] ** 2) * (W_y.T @ do + dh_next)
        grads["W"][:, inputs[t]] += dz
        grads["U"] += np.outer(dz, h[t - 1])
        grads["b"] += dz
        dh_next = U.T @ dz
    return grads


def _clip_by_global_norm(grads, max_norm):
    """Every gradient scaled by min(1, max_norm / global norm); returns (clipped dict, norm before)."""
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads.values())))
    scale = max_norm / norm if norm > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}, norm


def _with_spectral_radius(U, rho):
    """U scaled so that its largest absolute eigenvalue is rho."""
    return U * (rho / np.abs(np.linalg.eigvals(U)).max())


# ---------------------------------------------------------------------------
# Exercise 1: the backward loop, checked against finite differences
# ---------------------------------------------------------------------------
def _problem(seed, vocab_size, units, inputs):
    """Every parameter non-zero (no term can hide behind a zero), a non-zero h0, random targets."""
    rng = np.random.default_rng(seed)
    shapes = {"W": (units, vocab_size), "U": (units, units), "b": (units,),
              "W_y": (vocab_size, units), "b_y": (vocab_size,)}
    params = {name: rng.normal(0, 0.5, shape) for name, shape in shapes.items()}
    inputs = np.array(inputs)
    targets = rng.integers(0, vocab_size, len(inputs))
    return inputs, targets, params, rng.normal(0, 0.5, units)


# Seven steps with repeated tokens (a column of W gets several terms), T, units and vocab
# all different (an axis mix-up shows as a shape), then a single step.
PROBLEMS = (dict(seed=4, vocab_size=5, units=3, inputs=[1, 4, 1, 2, 4, 0, 1]),
            dict(seed=11, vocab_size=4, units=2, inputs=[3]))


def _numerical_grads(inputs, targets, params, h0, eps=1e-5):
    """Central differences of the summed loss for every entry of every parameter."""
    params = {name: value.copy() for name, value in params.items()}
    grads = {}
    for name, value in params.items():
        grads[name] = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            original = value[index]
            value[index] = original + eps
            plus = _forward(inputs, targets, params, h0)[0]
            value[index] = original - eps
            minus = _forward(inputs, targets, params, h0)[0]
            value[index] = original
            grads[name][index] = (plus - minus) / (2 * eps)
    return grads


def _variant(inputs, targets, params, cache, output=None, slope=None, combine=None, back=None,
             forward_in_time=False):
    """The backward loop with one piece replaced, to recognise a typical mistake:
    output(probs, one_hot) -> do; slope(h_t, h_prev) -> tanh'; combine(slope, local, future)
    -> dz; back(U, dz, dh) -> dh_next; forward_in_time: the loop runs t = 0 .. T-1."""
    (h, probs), U, W_y = cache, params["U"], params["W_y"]
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    dh_next = np.zeros_like(h[-1])
    steps = range(len(inputs)) if forward_in_time else reversed(range(len(inputs)))
    for t in steps:
        one_hot = np.eye(len(probs[t]))[targets[t]]
        do = probs[t] - one_hot if output is None else output(probs[t], one_hot)
        grads["W_y"] += np.outer(do, h[t])
        grads["b_y"] += do
        tanh_slope = 1 - h[t] ** 2 if slope is None else slope(h[t], h[t - 1])
        local, dh = W_y.T @ do, W_y.T @ do + dh_next
        dz = tanh_slope * dh if combine is None else combine(tanh_slope, local, dh_next)
        grads["W"][:, inputs[t]] += dz
        grads["U"] += np.outer(dz, h[t - 1])
        grads["b"] += dz
        dh_next = U.T @ dz if back is None else back(U, dz, dh)
    return grads


# Mistakes of the whole loop: each spoils several gradients at once.
LOOP_MISTAKES = {
    "the gradient from the future is missing: at every step dh = W_y.T @ do + dh_next, where "
    "dh_next = U.T @ dz came back from step t+1, so without it each step hears only its own loss.":
        dict(combine=lambda slope, local, future: slope * local),
    "dh_next is added after the tanh derivative: it is a gradient with respect to h[t], so add it "
    "to W_y.T @ do first and multiply the sum by 1 - h[t] ** 2.":
        dict(combine=lambda slope, local, future: slope * local + future),
    "tanh' is written as h; the derivative of tanh is 1 - tanh**2, and h[t] is already tanh(z), "
    "so dz = (1 - h[t] ** 2) * dh.":
        dict(slope=lambda h, h_prev: h),
    "the tanh is skipped: multiply dh by tanh'(z) = 1 - h[t] ** 2 to get dz, and use dz for W, U, "
    "b and dh_next.":
        dict(slope=lambda h, h_prev: np.ones_like(h)),
    "tanh' is written as 1 - h; it is 1 - h[t] ** 2 (the derivative of tanh is 1 - tanh**2).":
        dict(slope=lambda h, h_prev: 1 - h),
    "tanh is applied twice: h[t] is already tanh(z), so tanh'(z) = 1 - h[t] ** 2, not "
    "1 - np.tanh(h[t]) ** 2.":
        dict(slope=lambda h, h_prev: 1 - np.tanh(h) ** 2),
    "tanh' is computed from the previous state: it is 1 - h[t] ** 2, from the output of step t, "
    "not from h[t - 1].":
        dict(slope=lambda h, h_prev: 1 - h_prev ** 2),
    "dh_next goes back through U, not its transpose: dh_next = U.T @ dz (U is square, so the "
    "shapes cannot tell you).":
        dict(back=lambda U, dz, dh: U @ dz),
    "dh_next skips the tanh of step t: it is U.T @ dz, with dz = (1 - h[t] ** 2) * dh, not U.T @ dh.":
        dict(back=lambda U, dz, dh: U.T @ dh),
    "the loop runs forward in time: BPTT walks from the last step to the first, "
    "reversed(range(len(inputs))), so that dh_next holds what step t+1 sent back.":
        dict(forward_in_time=True),
    "every gradient has the wrong sign: the output gradient is do = probs[t] - one_hot, the "
    "predicted probabilities minus the one-hot target, not the other way round.":
        dict(output=lambda probs, one_hot: one_hot - probs),
    "the target is never subtracted: the gradient of softmax with cross-entropy is "
    "do = probs[t] - one_hot(targets[t]), where one_hot has a 1 at the target's index.":
        dict(output=lambda probs, one_hot: probs),
}

_OVERWRITTEN = ('grads["{name}"] holds only one step\'s term: {name} is shared by every step, '
                "so add each step's term with += instead of replacing it with =.")


def _one_gradient_mistakes(inputs, targets, params, cache):
    """{gradient: {message: wrong value}} for mistakes that spoil one gradient only."""
    (h, probs), U, W_y = cache, params["U"], params["W_y"]
    dos, dzs, dh_next = {}, {}, np.zeros_like(h[-1])
    for t in reversed(range(len(inputs))):
        dos[t] = probs[t] - np.eye(len(probs[t]))[targets[t]]
        dzs[t] = (1 - h[t] ** 2) * (W_y.T @ dos[t] + dh_next)
        dh_next = U.T @ dzs[t]
    steps = range(len(inputs))
    first_seen = np.zeros_like(params["W"])   # `grads["W"][:, x] = dz`: the earliest step wins
    for t in reversed(steps):
        first_seen[:, inputs[t]] = dzs[t]
    return {
        "W_y": {_OVERWRITTEN.format(name="W_y"): np.outer(dos[0], h[0]),
              "dW_y reads the previous state: the output of step t is computed from h[t], so its "
              "term is np.outer(do, h[t]).": sum(np.outer(dos[t], h[t - 1]) for t in steps)},
        "b_y": {_OVERWRITTEN.format(name="b_y"): dos[0]},
        "b": {_OVERWRITTEN.format(name="b"): dzs[0],
              "db sums dz over the units, which gives every unit the same number: b has one "
              "entry per unit, and its gradient is summed over the time steps only, "
              'grads["b"] += dz.': np.full_like(params["b"], sum(dz.sum() for dz in dzs.values()))},
        "U": {_OVERWRITTEN.format(name="U"): np.outer(dzs[0], h[-1]),
              "dU uses the new state h[t]; U multiplies the previous state, so its term at step t "
              "is np.outer(dz, h[t - 1]).": sum(np.outer(dzs[t], h[t]) for t in steps),
              "dU is transposed: its term is np.outer(dz, h[t - 1]) (rows follow the units of the "
              "new state), not np.outer(h[t - 1], dz).": sum(np.outer(h[t - 1], dzs[t]) for t in steps)},
        "W": {_OVERWRITTEN.format(name="W"): first_seen,
              "W x_t with a one-hot x_t is the column W[:, x_t], so its gradient goes to that "
              'column only: grads["W"][:, inputs[t]] += dz.':
                  np.outer(sum(dzs[t] * inputs[t] for t in steps), np.ones(params["W"].shape[1]))},
    }


def _close(got, expected):
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    return got.shape == expected.shape and bool(np.allclose(got, expected, rtol=0, atol=1e-6))


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _verdict(wrong):
    right = [name for name in PARAMS if name not in wrong]
    text = f"{_join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong"
    if right:
        text += f" ({_join(right)} {'is' if len(right) == 1 else 'are'} right)"
    return text


def _check_result(grads, params):
    """A dict with the keys of params: the sentence for anything else."""
    if isinstance(grads, tuple) and len(grads) == 3:
        raise ExerciseError("rnn_backward returns three things, as rnn_loss_and_grads does; it "
                            "returns the gradients only, one dict: `return grads`.")
    if not isinstance(grads, dict):
        raise ExerciseError("rnn_backward should return a dict of gradients with the keys of params "
                            f"({', '.join(PARAMS)}); got a {type(grads).__name__}.")
    if set(grads) != set(params):
        raise ExerciseError(f"The gradients have the keys {sorted(grads)}; they should have the keys "
                            f"of params, {sorted(params)}.")


def _check_b_shape(db, steps, units):
    """The two shapes of a gradient of b that was not summed over time, or summed over units."""
    shape = np.shape(db)
    if shape == (steps, units):
        raise ExerciseError(f'grads["b"] has shape {shape}, one dz per step: b is shared by every '
                            "step, so add up the terms of all steps (one entry per unit).")
    if shape == (steps,) and steps != units:
        raise ExerciseError(f'grads["b"] has shape {shape}, one number per step: the sum ran over '
                            "the units instead of over time (add dz itself at every step, or sum the stacked "
                            "terms over axis 0).")


def _compare(got, expected, inputs, targets, params, cache):
    __tracebackhide__ = True
    wrong = [name for name in REPORT_ORDER if not _close(got[name], expected[name])]
    if not wrong:
        return
    for message, change in LOOP_MISTAKES.items():
        variant = _variant(inputs, targets, params, cache, **change)
        if all(_close(got[name], variant[name]) for name in wrong):
            raise ExerciseError(f"{_verdict(wrong)}: {message}")
    mistakes = _one_gradient_mistakes(inputs, targets, params, cache)
    try:
        if "b" in wrong:
            _check_b_shape(got["b"], len(inputs), len(params["b"]))
        for name in wrong:
            expect_array(got[name], expected[name], name=f'grads["{name}"]', mistakes=mistakes[name])
    except ExerciseError as error:
        raise ExerciseError(f"{_verdict(wrong)}: {error}") from None


@exercise(_rnn_backward)
def rnn_backward(fn):
    """rnn_backward(inputs, targets, params, cache) -> grads, checked by finite differences."""
    __tracebackhide__ = True
    for problem in PROBLEMS:
        inputs, targets, params, h0 = _problem(**problem)
        _, cache = _forward(inputs, targets, params, h0)
        originals = copy.deepcopy(params)
        got = call(fn, inputs.copy(), targets.copy(), params, copy.deepcopy(cache), name="rnn_backward")
        for name, value in originals.items():
            if not np.array_equal(params[name], value):
                raise ExerciseError(f'rnn_backward changed params["{name}"]: start every gradient '
                                    "from zeros (np.zeros_like) and leave the parameters as they are.")
        _check_result(got, params)
        expected = _numerical_grads(inputs, targets, params, h0)
        _compare(got, expected, inputs, targets, params, cache)
    passed("all five gradients agree with finite differences, on seven steps and on one: "
           "dh_next carries the gradient back from step t+1, and each shared weight adds up "
           "the terms of every step.")


# ---------------------------------------------------------------------------
# Exercise 2: predict, then measure (how much gradient survives 60 steps)
# ---------------------------------------------------------------------------
RADII = (0.5, 1.0, 1.5)
DISTANCE = 60


def _number(value):
    """5e-19, 0.0563, 585, 1000, 4e+10: short, and exact enough to compare orders of magnitude."""
    if 1e3 <= value < 1e4:
        return f"{value:.0f}"
    return f"{value:.3g}" if 1e-3 <= value < 1e3 else f"{value:.0e}"


def _as_prediction(prediction):
    """{0.5: x, 1.0: y, 1.5: z} with positive finite numbers, or one sentence on what to write."""
    example = "prediction = {0.5: ..., 1.0: ..., 1.5: ...}"
    if not isinstance(prediction, dict):
        raise ExerciseError(f"Write your prediction as a dict with one number per spectral radius, "
                            f"{example}; got a {type(prediction).__name__}.")
    missing = [rho for rho in RADII if rho not in prediction]
    if missing:
        raise ExerciseError(f"Your prediction has no entry for ρ = {_join([f'{r:g}' for r in missing])}: "
                            f"write one number per radius, {example}.")
    guess = {}
    for rho in RADII:
        value = prediction[rho]
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ExerciseError(f"Your prediction for ρ = {rho:g} should be a number, such as 1e-5 "
                                f"or 100; got a {type(value).__name__}.")
        value = float(value)
        if math.isnan(value) or math.isinf(value):
            raise ExerciseError(f"Your prediction for ρ = {rho:g} is {value}: write a finite "
                                "number, such as 1e-30 for almost nothing or 1e30 for a lot.")
        if value <= 0:
            raise ExerciseError(f"Your prediction for ρ = {rho:g} is {value:g}, but a norm is "
                                "positive: write a small number, such as 1e-30, for almost nothing.")
        guess[rho] = value
    return guess


def _decades(a, b):
    return abs(math.log10(a) - math.log10(b))


@exercise(None, name="prediction")
def predicted_survival(prediction, measured):
    """Compare predicted norms of dh_T/dh_(T-60) for U = rho Q (a dict by rho) with the
    measured ones (the same dict). Within a factor of 10 counts as right.

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not one positive number per radius.
    """
    guess = _as_prediction(prediction)
    said = (f"for ρ = 0.5, 1 and 1.5 you predicted {_join([_number(guess[r]) for r in RADII])}, "
            f"and {_join([_number(measured[r]) for r in RADII])} survive {DISTANCE} steps")
    off = [rho for rho in RADII if _decades(guess[rho], measured[rho]) > 1]
    if not off:
        passed(f"{said}: ρ sets the rate per step, and tanh' = 1 - h**2 ≤ 1 can only slow it, "
               "the more the larger the states.")
        return prediction
    reasons = []
    if 0.5 in off:
        reasons.append(f"with ρ = 0.5 the states stay small, tanh' is close to 1, and the gradient "
                       f"halves at every step, 0.5**{DISTANCE} = {_number(0.5 ** DISTANCE)}")
    if any(guess[rho] > measured[rho] for rho in off if rho >= 1):
        reasons.append(f"ρ**{DISTANCE} is only an upper bound, since each step multiplies by "
                       "tanh' = 1 - h**2 ≤ 1 as well, so with ρ = 1 the gradient still fades, and with "
                       f"ρ = 1.5 the states grow, tanh' shrinks and the growth stays far below "
                       f"1.5**{DISTANCE} = {_number(1.5 ** DISTANCE)}")
    if any(guess[rho] < measured[rho] for rho in off if rho >= 1):
        reasons.append("while the states stay moderate tanh' takes only a little off each step, "
                       "so with ρ = 1 a share of the gradient survives and with ρ = 1.5 it still grows")
    differs(f"Not quite: {said}; {'; '.join(reasons)}.")
    return prediction


# ---------------------------------------------------------------------------
# Exercise 3: with_spectral_radius
# ---------------------------------------------------------------------------
def _radius_matrices():
    """Non-normal matrices whose spectral radius, spectral norm and largest real eigenvalue differ."""
    rng = np.random.default_rng(3)
    rotation = np.array([[0.0, -2.0, 0.3], [2.0, 0.0, 0.1], [0.0, 0.0, 0.5]])  # eigenvalues +-2i, 0.5
    negative = np.array([[-3.0, 1.0], [0.0, 1.0]])  # eigenvalues -3 and 1
    return [rotation, negative, rng.normal(size=(6, 6))]


@exercise(_with_spectral_radius)
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
                "U was divided by its largest singular value (the spectral norm, np.linalg.norm(U, 2)), "
                "but the spectral radius is the largest absolute eigenvalue, "
                "np.abs(np.linalg.eigvals(U)).max(), and the two differ unless U is normal (e.g. "
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


# ---------------------------------------------------------------------------
# Exercise 4: clip_by_global_norm
# ---------------------------------------------------------------------------
_ZERO_NORM = ("With all-zero gradients the norm is 0 and max_norm / norm divides by zero: only "
              "scale when norm > max_norm, and return the gradients unchanged otherwise.")
_NO_CLIPPING = ("With max_norm = np.inf, which the notebook uses for 'no clipping', the gradients "
                "should come back unchanged, but yours hold NaN (inf / inf): only scale when "
                "norm > max_norm.")
# (global norm of the gradients, max_norm): above, above, below, all zeros, no clipping
CASES = ((10.0, 1.0), (10.0, 5.0), (2.0, 5.0), (0.0, 1.0), (10.0, math.inf))


def _grads(scale, seed=7):
    rng = np.random.default_rng(seed)
    shapes = {"W": (3, 4), "U": (3, 3), "b": (3,), "W_y": (4, 3), "b_y": (4,)}
    grads = {name: rng.normal(0, 1, shape) for name, shape in shapes.items()}
    norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
    return {name: g * (scale / norm) for name, g in grads.items()}


@exercise(_clip_by_global_norm)
def clip_by_global_norm(fn):
    """clip_by_global_norm(grads, max_norm) -> (clipped dict, global norm before clipping)."""
    __tracebackhide__ = True
    for norm, max_norm in CASES:
        grads = _grads(norm)
        originals = {name: g.copy() for name, g in grads.items()}
        try:
            with np.errstate(divide="ignore", invalid="ignore"):
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
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        own = {name: g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300)) for name, g in grads.items()}
        summed = sum(np.linalg.norm(g) for g in grads.values())
        by_sum = {name: g * min(1.0, max_norm / summed) for name, g in grads.items()} if summed else grads
        always = ({name: g * (max_norm / norm) for name, g in grads.items()} if norm > 0 else None)
        by_value = {name: np.clip(g, -max_norm, max_norm) for name, g in grads.items()}
    for name, g in grads.items():
        got = clipped[name]
        nan = np.asarray(got).dtype.kind == "f" and np.isnan(got).any()
        if nan and norm == 0:
            raise ExerciseError(_ZERO_NORM)
        if nan and math.isinf(max_norm):
            raise ExerciseError(_NO_CLIPPING)
        mistakes = {
            f"The gradients came back unchanged although their global norm, {norm:.3g}, is above "
            f"max_norm = {max_norm:g}: scale them all by max_norm / norm.": g if norm > max_norm else None,
            "Each gradient was clipped by its own norm, but global-norm clipping computes one norm "
            "over all gradients together and scales them all by the same factor, so that the "
            "direction of the whole update is kept.": own[name],
            "The global norm is the square root of the sum of all squared entries, not the sum of the "
            "separate norms.": by_sum[name],
            "np.clip clips each entry to [-max_norm, max_norm], which changes the direction of the "
            "update; scale all gradients by max_norm / norm instead.": by_value[name],
        }
        if always is not None and norm <= max_norm:
            mistakes["The gradients were rescaled although their norm was already at most max_norm: "
                     "clipping only shrinks, the factor is min(1, max_norm / norm)."] = always[name]
        mistakes = {m: v for m, v in mistakes.items() if v is not None and np.isfinite(v).all()
                    and not np.allclose(v, g * scale)}
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
