"""Checks for the exercises of notebook 05 (LSTM and GRU)."""

from itertools import permutations

import numpy as np

from . import ExerciseError, call, expect_array, expect_value, passed

GATES = ("i", "f", "c", "o")  # Keras' order of the LSTM gates in the kernel's columns
GATE_NAMES = {"i": "input gate i", "f": "forget gate f", "c": "candidate c~ (the 'c' block)",
              "o": "output gate o"}
SATURATED = 30.0  # a bias that drives a sigmoid gate to 0 or 1 within float64 precision


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step_reference(x, h_prev, c_prev, kernel, recurrent_kernel, bias, order=GATES,
                        activations=None, leave_out=(), cell_tanh=True):
    """The Keras LSTM step; the keyword arguments build the typical mistakes.

    order: which gate each of the four column blocks is read as (Keras: i, f, c, o).
    activations: {gate: function} replacing a gate's activation.
    leave_out: gates replaced by 1 (i, f, o) or left out of the cell update.
    cell_tanh: False computes h = o * c instead of o * tanh(c).
    """
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    blocks = dict(zip(order, np.split(z, 4, axis=-1), strict=True))
    act = {"i": _sigmoid, "f": _sigmoid, "c": np.tanh, "o": _sigmoid, **(activations or {})}
    gate = {name: act[name](blocks[name]) for name in GATES}
    for name in leave_out:
        gate[name] = np.ones_like(gate[name])
    c = gate["f"] * c_prev + gate["i"] * gate["c"]
    h = gate["o"] * (np.tanh(c) if cell_tanh else c)
    return h, c


def _random_case(seed, n_x=3, units=4, batch=5):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(batch, n_x)), rng.normal(size=(batch, units)) * 0.8,
            rng.normal(size=(batch, units)), rng.normal(size=(n_x, 4 * units)) * 0.8,
            rng.normal(size=(units, 4 * units)) * 0.8, rng.normal(size=4 * units) * 0.5)


def _probe(live, seed):
    """A case where only gate `live` computes; the others are pinned by saturated biases.

    Pinned: f = 0 (so c_prev drops out) except when f is probed, i = 1, o = 1; the
    candidate c~ is live too when i or o is probed (c~ is probed first).
    """
    x, h_prev, c_prev, kernel, recurrent_kernel, bias = _random_case(seed)
    units = h_prev.shape[1]
    pinned = {"i": SATURATED, "f": -SATURATED, "o": SATURATED}
    if live == "f":
        pinned["i"] = -SATURATED  # i = 0: the cell keeps f * c_prev only
    computing = {live} | ({"c"} if live in ("i", "o") else set())
    kernel, recurrent_kernel, bias = kernel.copy(), recurrent_kernel.copy(), bias.copy()
    for k, name in enumerate(GATES):
        block = slice(k * units, (k + 1) * units)
        if name in computing:
            continue
        kernel[:, block] = 0.0
        recurrent_kernel[:, block] = 0.0
        bias[block] = pinned.get(name, 0.0)
    return x, h_prev, c_prev, kernel, recurrent_kernel, bias


def _unpack(result, name="lstm_step"):
    __tracebackhide__ = True
    if not isinstance(result, tuple) or len(result) != 2:
        raise ExerciseError(f"{name} should return two arrays: `return h, c`.")
    return result


def _permutation_message(order):
    """order[k]: the gate that the learner computes from column block k."""
    moved = [f"your {GATE_NAMES[gate]} reads block {k + 1}, which holds the {GATE_NAMES[GATES[k]]}"
             for k, gate in enumerate(order) if gate != GATES[k]]
    return ("Your gates read the wrong column blocks of the kernel. Keras orders the four blocks "
            "i, f, c, o (input, forget, candidate, output), but " + "; ".join(moved) + ".")


def _mistakes(case):
    """{message: h-and-c stacked} for the typical mistakes, on one random case."""
    x, h_prev, c_prev, kernel, recurrent_kernel, bias = case

    def stacked(**kwargs):
        return lambda: np.stack(lstm_step_reference(*case, **kwargs))

    sigmoid_or_tanh = {"i": np.tanh, "f": np.tanh, "c": _sigmoid, "o": np.tanh}
    mistakes = {
        "Your (h, c) are the wrong way round: return h first, then c.":
            lambda: np.stack(lstm_step_reference(*case)[::-1]),
        "The output gate o is wrong: h = o * tanh(c), but you computed o * c "
        "(the tanh of the new cell state is missing).": stacked(cell_tanh=False),
        "The forget gate f is missing: the new cell state is f * c_prev + i * c~, "
        "not c_prev + i * c~.": stacked(leave_out=("f",)),
        "The input gate i is missing: the new cell state is f * c_prev + i * c~, "
        "not f * c_prev + c~.": stacked(leave_out=("i",)),
        "The output gate o is missing: h = o * tanh(c), not tanh(c).": stacked(leave_out=("o",)),
        "The bias is missing: every gate adds its block of `bias`.":
            lambda: np.stack(lstm_step_reference(x, h_prev, c_prev, kernel, recurrent_kernel,
                                                 np.zeros_like(bias))),
    }
    for gate, wrong in sigmoid_or_tanh.items():
        right = "tanh" if gate == "c" else "a sigmoid"
        used = "a sigmoid" if gate == "c" else "tanh"
        mistakes[f"The {GATE_NAMES[gate]} uses {used}; it should use {right}."] = \
            stacked(activations={gate: wrong})
    for order in permutations(GATES):
        if order != GATES:
            mistakes[_permutation_message(order)] = stacked(order=order)
    return mistakes


def _lstm_result(fn, case):
    """Call the learner's lstm_step on a case; return (h, c) as float arrays of the right shape."""
    __tracebackhide__ = True
    h, c = _unpack(call(fn, *case, name="lstm_step"))
    h_ref, c_ref = lstm_step_reference(*case)
    for got, ref, name in ((h, h_ref, "h"), (c, c_ref, "c")):
        if got is None or np.shape(got) != ref.shape:
            expect_array(got, ref, name=f"{name} (the {'first' if name == 'h' else 'second'} "
                                        "value you return)")
    return np.asarray(h, dtype=float), np.asarray(c, dtype=float)


def _close(a, b):
    return bool(np.allclose(a, b, atol=1e-6, rtol=0))


def lstm_step(fn):
    """lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias) -> (h, c), Keras' LSTM."""
    __tracebackhide__ = True
    case = _random_case(0)
    h, c = _lstm_result(fn, case)
    expected = np.stack(lstm_step_reference(*case))
    if not _close(np.stack([h, c]), expected):
        # A known mistake gets its own sentence; otherwise the probes below name the gate.
        for message, wrong in _mistakes(case).items():
            if _close(np.stack([h, c]), wrong()):
                raise ExerciseError(message)
    # One gate at a time, the others pinned: which gate gives a different result?
    wrong = []
    for gate in ("c", "f", "i", "o"):
        probe = _probe(gate, seed=1)
        h_probe, c_probe = _lstm_result(fn, probe)
        h_ref, c_ref = lstm_step_reference(*probe)
        if not (_close(h_probe, h_ref) and _close(c_probe, c_ref)):
            wrong.append(gate)
    if "c" in wrong:  # the probes of i and o use the candidate too: blame it alone
        wrong = [gate for gate in wrong if gate in ("c", "f")]
    if wrong and len(wrong) < 4:
        names = " and the ".join(GATE_NAMES[g] for g in wrong)
        raise ExerciseError(
            f"The {names} {'is' if len(wrong) == 1 else 'are'} wrong: with the other gates held "
            "fixed, only this part gives a different result. Check its block of columns (Keras "
            "order i, f, c, o), its activation (sigmoid for i, f, o; tanh for c~) and where it "
            "enters c = f * c_prev + i * c~ and h = o * tanh(c).")
    if wrong or not _close(np.stack([h, c]), expected):
        expect_array(np.stack([h, c]), expected, name="(h, c)")  # says how far off
        raise ExerciseError("lstm_step gives the right result on random weights but not when "
                            "gates are pinned open or shut: do not special-case any values.")
    passed("lstm_step matches Keras' LSTM: gates i, f, c~, o in Keras' column order.")


def gru_params_reference(input_dim, units, reset_after=True):
    return 3 * units * (input_dim + units + (2 if reset_after else 1))


def gru_params(fn):
    """gru_params(input_dim, units, reset_after=True) -> number of weights of keras.layers.GRU."""
    __tracebackhide__ = True
    for input_dim, units in ((5, 32), (100, 64), (1, 1)):
        for reset_after in (True, False):
            got = call(fn, input_dim, units, reset_after=reset_after, name="gru_params")
            expected = gru_params_reference(input_dim, units, reset_after)
            one_bias = gru_params_reference(input_dim, units, reset_after=False)
            two_biases = gru_params_reference(input_dim, units, reset_after=True)
            mistakes = {
                "With reset_after=True (Keras' default) the GRU has two bias vectors per gate, "
                "one for the input part and one for the recurrent part: bias shape (2, 3*units).":
                    one_bias,
                "With reset_after=False the GRU has one bias vector per gate, bias shape "
                "(3*units,); the second one exists only with reset_after=True.": two_biases,
                "That is the LSTM's count (four blocks); the GRU has three: z, r and h~.":
                    4 * units * (input_dim + units + 1),
                "That is a SimpleRNN's count: the GRU has three blocks of weights (z, r, h~).":
                    units * (input_dim + units + 1),
                "The biases are missing: each of the three blocks has a bias per unit "
                "(two with reset_after=True).": 3 * units * (input_dim + units),
                "The recurrent kernel is missing: each block also has a (units, units) matrix "
                "acting on the previous state.": 3 * units * (input_dim + (2 if reset_after else 1)),
            }
            if isinstance(got, float) and float(got).is_integer():
                got = int(got)
            expect_value(got, expected,
                         name=f"gru_params({input_dim}, {units}, reset_after={reset_after})",
                         mistakes={m: v for m, v in mistakes.items() if v != expected})
    passed("gru_params gives 3 * units * (n_x + units + 2) with reset_after=True "
           "and + 1 without.")


def accuracy_by_distance_reference(correct, distance, edges):
    correct, distance = np.asarray(correct, dtype=float), np.asarray(distance)
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (distance >= low) & (distance < high)
        out.append(correct[inside].mean() if inside.any() else np.nan)
    return np.array(out)


def accuracy_by_distance(fn):
    """accuracy_by_distance(correct, distance, edges) -> accuracy in each [edges[k], edges[k+1])."""
    __tracebackhide__ = True
    rng = np.random.default_rng(5)
    distance = rng.integers(1, 21, size=400)
    distance[:4] = [1, 5, 10, 20]  # values on the bucket edges
    correct = rng.random(400) < np.where(distance < 10, 0.9, 0.4)
    edges = [1, 5, 10, 21]
    got = call(fn, correct, distance, edges, name="accuracy_by_distance")
    expected = accuracy_by_distance_reference(correct, distance, edges)

    def counts():
        return np.array([correct[(distance >= a) & (distance < b)].sum()
                         for a, b in zip(edges[:-1], edges[1:], strict=True)], dtype=float)

    def closed_right():
        return np.array([correct[(distance > a - 1) & (distance <= b)].mean()
                         for a, b in zip(edges[:-1], edges[1:], strict=True)])

    def left_open():
        return np.array([correct[(distance > a) & (distance <= b)].mean()
                         for a, b in zip(edges[:-1], edges[1:], strict=True)])

    expect_array(got, expected, name="accuracy_by_distance(correct, distance, [1, 5, 10, 21])",
                 atol=1e-9, mistakes={
                     "These are error rates: accuracy is the share of correct predictions, "
                     "not of wrong ones.": 1 - expected,
                     "These are counts of correct predictions; divide by the number of "
                     "examples in each bucket (take the mean).": counts,
                     "Your buckets include their upper edge: bucket k holds "
                     "edges[k] <= distance < edges[k+1].": closed_right,
                     "Your buckets leave out their lower edge: bucket k holds "
                     "edges[k] <= distance < edges[k+1].": left_open,
                     "Every bucket has the overall accuracy: select the examples whose "
                     "distance falls in the bucket before averaging.":
                         np.full(len(edges) - 1, correct.mean()),
                     "These are percentages; return fractions between 0 and 1.": 100 * expected,
                 })
    empty = call(fn, correct, distance, [1, 5, 10, 21, 30], name="accuracy_by_distance")
    empty = np.asarray(empty, dtype=float)
    if empty.shape != (4,) or not np.isnan(empty[-1]):
        raise ExerciseError("A bucket with no examples has no accuracy: return NaN for it, not "
                            "a number (try edges [1, 5, 10, 21, 30], whose last bucket is empty).")
    passed("accuracy_by_distance averages correctness inside each [low, high) bucket.")
