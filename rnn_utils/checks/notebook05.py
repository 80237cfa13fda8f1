"""Checks for the exercises of notebook 05 (LSTM and GRU).

Weights follow Keras' fused layout, one matrix product for every block at once:
- LSTM: kernel (n_x, 4n), recurrent_kernel (n, 4n), bias (4n,), blocks i, f, c, o;
- GRU (reset_after=True, Keras' default): kernel (n_x, 3n), recurrent_kernel (n, 3n),
  bias (2, 3n) with row 0 for the input part and row 1 for the recurrent part, blocks z, r, h,
  and h = z * h_prev + (1 - z) * h~.

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`,
so the notebook goes on with the learner's function when it passes and with the course's
reference (defined here, never shown in the notebook) otherwise:

    lstm_step = check.lstm_step(lstm_step)
"""

from itertools import permutations

import numpy as np

from . import (
    ExerciseError,
    call,
    exercise,
    expect_array,
    expect_fraction,
    expect_value,
    passed,
    percent,
    verdict,
)

LSTM_GATES = ("i", "f", "c", "o")  # Keras' order of the LSTM blocks in the kernel's columns
GRU_GATES = ("z", "r", "h")        # Keras' order of the GRU blocks
GATE_NAMES = {"i": "input gate i", "f": "forget gate f", "c": "candidate c~ (the 'c' block)",
              "o": "output gate o", "z": "update gate z", "r": "reset gate r",
              "h": "candidate h~ (the 'h' block)"}
SATURATED = 30.0  # a bias that drives a sigmoid gate to 0 or 1 within float64 precision
ATOL = 1e-6


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _close(a, b):
    return bool(np.shape(a) == np.shape(b) and np.allclose(a, b, atol=ATOL, rtol=0))


def _blocks_message(order, gates):
    """order[k]: the gate that the learner computes from column block k (Keras: `gates`)."""
    moved = [f"your {GATE_NAMES[gate]} reads block {k + 1}, which holds the {GATE_NAMES[gates[k]]}"
             for k, gate in enumerate(order) if gate != gates[k]]
    return (f"Your gates read the wrong column blocks of the kernel: Keras orders the "
            f"{len(gates)} blocks {', '.join(gates)}, but " + "; ".join(moved) + ".")


# ---------------------------------------------------------------------------
# Exercise 1: the LSTM step on Keras' fused weights
# ---------------------------------------------------------------------------
def _lstm_variant(x, h_prev, c_prev, kernel, recurrent_kernel, bias, order=LSTM_GATES,
                  activations=None, leave_out=(), squash=np.tanh, kept=None, forget_shift=0.0):
    """The Keras LSTM step; the keyword arguments build the typical mistakes.

    order: which gate each of the four column blocks is read as (Keras: i, f, c, o).
    activations: {gate: function} replacing a gate's activation.
    leave_out: gates replaced by 1.
    squash: the function of the new cell in h = o * squash(c) (Keras: tanh).
    kept: what the forget gate scales instead of c_prev (h_prev, or 0 for nothing).
    forget_shift: added to the forget gate's pre-activation (unit_forget_bias applied twice).
    """
    z = x @ kernel + h_prev @ recurrent_kernel + bias
    blocks = dict(zip(order, np.split(z, 4, axis=-1), strict=True))
    blocks["f"] = blocks["f"] + forget_shift
    act = {"i": _sigmoid, "f": _sigmoid, "c": np.tanh, "o": _sigmoid, **(activations or {})}
    gate = {name: act[name](blocks[name]) for name in LSTM_GATES}
    for name in leave_out:
        gate[name] = np.ones_like(gate[name])
    c = gate["f"] * (c_prev if kept is None else kept) + gate["i"] * gate["c"]
    h = gate["o"] * squash(c)
    return h, c


def _lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One step of Keras' LSTM for a batch: x (batch, n_x), h_prev, c_prev (batch, n) -> (h, c)."""
    return _lstm_variant(x, h_prev, c_prev, kernel, recurrent_kernel, bias)


def _lstm_case(seed, n_x=3, units=4, batch=5):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(batch, n_x)), rng.normal(size=(batch, units)) * 0.8,
            rng.normal(size=(batch, units)), rng.normal(size=(n_x, 4 * units)) * 0.8,
            rng.normal(size=(units, 4 * units)) * 0.8, rng.normal(size=4 * units) * 0.5)


def _probe(live, seed):
    """A case where only gate `live` computes; the others are pinned by saturated biases.

    Pinned: f = 0 (so c_prev drops out) except when f is probed, i = 1, o = 1; the
    candidate c~ is live too when i or o is probed (c~ is probed first).
    """
    x, h_prev, c_prev, kernel, recurrent_kernel, bias = _lstm_case(seed)
    units = h_prev.shape[1]
    pinned = {"i": SATURATED, "f": -SATURATED, "o": SATURATED}
    if live == "f":
        pinned["i"] = -SATURATED  # i = 0: the cell keeps f * c_prev only
    computing = {live} | ({"c"} if live in ("i", "o") else set())
    kernel, recurrent_kernel, bias = kernel.copy(), recurrent_kernel.copy(), bias.copy()
    for k, name in enumerate(LSTM_GATES):
        block = slice(k * units, (k + 1) * units)
        if name in computing:
            continue
        kernel[:, block] = 0.0
        recurrent_kernel[:, block] = 0.0
        bias[block] = pinned.get(name, 0.0)
    return x, h_prev, c_prev, kernel, recurrent_kernel, bias


def _lstm_mistakes(case):
    """{message: a function giving h and c stacked} for the typical mistakes, on one case."""
    x, h_prev, c_prev, kernel, recurrent_kernel, bias = case

    def stacked(**kwargs):
        return lambda: np.stack(_lstm_variant(*case, **kwargs))

    mistakes = {
        "Your (h, c) are the wrong way round: return h first, then c.":
            lambda: np.stack(_lstm_step(*case)[::-1]),
        "The previous cell state is missing: the new cell is f * c_prev + i * c~, and without "
        "f * c_prev it forgets everything at every step.": stacked(kept=0.0),
        "The forget gate scales h_prev, but what it keeps is the old cell state: "
        "f * c_prev, not f * h_prev.": stacked(kept=h_prev),
        "The forget gate f is missing: the new cell state is f * c_prev + i * c~, "
        "not c_prev + i * c~.": stacked(leave_out=("f",)),
        "The input gate i is missing: the new cell state is f * c_prev + i * c~, "
        "not f * c_prev + c~.": stacked(leave_out=("i",)),
        "The output gate o is missing: h = o * tanh(c), not tanh(c).": stacked(leave_out=("o",)),
        "The output is wrong: h = o * tanh(c), but you computed o * c "
        "(the tanh of the new cell state is missing).": stacked(squash=lambda c: c),
        "The output squashes the cell with a sigmoid: h = o * tanh(c).": stacked(squash=_sigmoid),
        "Your forget gate adds 1 to its pre-activation: unit_forget_bias=True only starts the "
        "forget block of `bias` at 1, and you already add `bias`.": stacked(forget_shift=1.0),
        "The bias is missing: every gate adds its block of `bias`.":
            lambda: np.stack(_lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel,
                                        np.zeros_like(bias))),
    }
    for gate in LSTM_GATES:
        right, used, wrong = (("tanh", "a sigmoid", _sigmoid) if gate == "c"
                              else ("a sigmoid", "tanh", np.tanh))
        mistakes[f"The {GATE_NAMES[gate]} uses {used}; it should use {right} (sigmoid for the "
                 "gates i, f, o, which scale something by 0 to 1; tanh for the candidate)."] = \
            stacked(activations={gate: wrong})
    for order in permutations(LSTM_GATES):
        if order != LSTM_GATES:
            mistakes[_blocks_message(order, LSTM_GATES)] = stacked(order=order)
    return mistakes


def _lstm_result(fn, case):
    """Call the learner's lstm_step on a case; (h, c) as float arrays of the right shape."""
    __tracebackhide__ = True
    result = call(fn, *case, name="lstm_step")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise ExerciseError("lstm_step should return two arrays, the new hidden state and the "
                            "new cell state: `return h, c`.")
    h, c = result
    h_ref, c_ref = _lstm_step(*case)
    for got, ref, name in ((h, h_ref, "h"), (c, c_ref, "c")):
        if got is None or np.shape(got) != ref.shape:
            expect_array(got, ref, name=f"{name} (the {'first' if name == 'h' else 'second'} "
                                        "value you return)")
    return np.asarray(h, dtype=float), np.asarray(c, dtype=float)


@exercise(_lstm_step)
def lstm_step(fn):
    """lstm_step(x, h_prev, c_prev, kernel, recurrent_kernel, bias) -> (h, c), Keras' LSTM."""
    __tracebackhide__ = True
    case = _lstm_case(0)
    got = np.stack(_lstm_result(fn, case))
    expected = np.stack(_lstm_step(*case))
    if not _close(got, expected):
        # A known mistake gets its own sentence; otherwise the probes below name the gate.
        for message, wrong in _lstm_mistakes(case).items():
            if _close(got, wrong()):
                raise ExerciseError(message)
    # One gate at a time, the others pinned: which gate gives a different result?
    wrong = []
    for gate in ("c", "f", "i", "o"):
        probe = _probe(gate, seed=1)
        if not _close(np.stack(_lstm_result(fn, probe)), np.stack(_lstm_step(*probe))):
            wrong.append(gate)
    if len(wrong) == 4:  # every part differs: no single gate to blame
        wrong = ["all"]
    elif "c" in wrong:  # the probes of i and o use the candidate too: blame it alone
        wrong = [gate for gate in wrong if gate in ("c", "f")]
    if wrong and wrong != ["all"]:
        names = " and the ".join(GATE_NAMES[g] for g in wrong)
        raise ExerciseError(
            f"The {names} {'is' if len(wrong) == 1 else 'are'} wrong: with the other gates held "
            "fixed, only this part gives a different result. Check its block of columns (Keras "
            "order i, f, c, o), its activation (sigmoid for i, f, o; tanh for c~) and where it "
            "enters c = f * c_prev + i * c~ and h = o * tanh(c).")
    if wrong or not _close(got, expected):
        expect_array(got, expected, name="(h, c)")  # says how far off
        raise ExerciseError("lstm_step gives the right result on random weights but not when "
                            "gates are pinned open or shut: do not special-case any values.")
    passed("lstm_step matches Keras' LSTM: one product for all four blocks, read in the order "
           "i, f, c, o.")


# ---------------------------------------------------------------------------
# Exercise 2: the GRU step (Keras' reset_after=True)
# ---------------------------------------------------------------------------
def _gru_variant(x, h_prev, kernel, recurrent_kernel, bias, order=GRU_GATES, reset="after",
                 keep_with="z", activations=None, input_row=0, recurrent_row=1,
                 returns="h"):
    """The Keras GRU step (reset_after=True); the keyword arguments build the typical mistakes.

    order: which gate each of the three column blocks is read as (Keras: z, r, h).
    reset: "after" (Keras: r * (h_prev @ U_h + b'_h)), "before" (r * h_prev, then @ U_h,
        + b'_h), "before, one bias" (the same without b'_h), "none", "everything"
        (r * the whole pre-activation of the candidate).
    keep_with: "z" (Keras: h = z * h_prev + (1 - z) * h~) or "1 - z" (the other convention).
    input_row, recurrent_row: the row of `bias` added to x @ kernel and h_prev @
        recurrent_kernel (None: no bias there).
    returns: "h", or "candidate" (h~).
    """
    units = h_prev.shape[-1]
    b_in = 0.0 if input_row is None else bias[input_row]
    b_rec = np.zeros(3 * units) if recurrent_row is None else bias[recurrent_row]
    x_part = dict(zip(order, np.split(x @ kernel + b_in, 3, axis=-1), strict=True))
    h_part = dict(zip(order, np.split(h_prev @ recurrent_kernel + b_rec, 3, axis=-1), strict=True))
    act = {"z": _sigmoid, "r": _sigmoid, "h": np.tanh, **(activations or {})}
    z = act["z"](x_part["z"] + h_part["z"])
    r = act["r"](x_part["r"] + h_part["r"])
    k = order.index("h")
    block = slice(k * units, (k + 1) * units)
    pre = {
        "after": lambda: x_part["h"] + r * h_part["h"],
        "before": lambda: x_part["h"] + (r * h_prev) @ recurrent_kernel[:, block] + b_rec[block],
        "before, one bias": lambda: x_part["h"] + (r * h_prev) @ recurrent_kernel[:, block],
        "none": lambda: x_part["h"] + h_part["h"],
        "everything": lambda: r * (x_part["h"] + h_part["h"]),
    }[reset]()
    candidate = act["h"](pre)
    if returns == "candidate":
        return candidate
    if keep_with == "z":
        return z * h_prev + (1 - z) * candidate
    return (1 - z) * h_prev + z * candidate


def _gru_step(x, h_prev, kernel, recurrent_kernel, bias):
    """One step of Keras' GRU (reset_after=True) for a batch: x (batch, n_x), h_prev (batch, n)."""
    return _gru_variant(x, h_prev, kernel, recurrent_kernel, bias)


def _gru_case(seed, n_x=3, units=4, batch=5):
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(batch, n_x)), np.tanh(rng.normal(size=(batch, units))),
            rng.normal(size=(n_x, 3 * units)) * 0.8, rng.normal(size=(units, 3 * units)) * 0.8,
            rng.normal(size=(2, 3 * units)) * 0.5)


def _gru_mistakes(case):
    """{message: a function giving the wrong h} for the typical mistakes, on one case."""
    def variant(**kwargs):
        return lambda: _gru_variant(*case, **kwargs)

    reset_before = ("You apply the reset gate before the recurrent product, (r * h_prev) @ U_h: "
                    "that is reset_after=False. Keras' default, reset_after=True, applies it ")
    mistakes = {
        reset_before + "after: r * (h_prev @ U_h + b'_h), with b'_h from row 1 of `bias`.":
            variant(reset="before"),
        reset_before + "to the recurrent product and its own bias, row 1 of `bias`: "
        "r * (h_prev @ U_h + b'_h).": variant(reset="before, one bias"),
        "Your z and r are swapped: Keras' blocks are z, r, h, the update gate z first, then "
        "the reset gate r.": variant(order=("r", "z", "h")),
        "Your update gate keeps the old state with 1 - z (the convention of Chung et al. and "
        "Andrew Ng's course); Keras keeps it with z: h = z * h_prev + (1 - z) * h~.":
            variant(keep_with="1 - z"),
        "You return the candidate h~; the new state mixes it with the old one, "
        "h = z * h_prev + (1 - z) * h~.": variant(returns="candidate"),
        "The reset gate is missing: it scales the recurrent part of the candidate, "
        "r * (h_prev @ U_h + b'_h).": variant(reset="none"),
        "The reset gate scales the whole pre-activation of the candidate; it scales only its "
        "recurrent part, r * (h_prev @ U_h + b'_h).": variant(reset="everything"),
        "The recurrent bias is missing: row 1 of `bias` (b') is added to h_prev @ "
        "recurrent_kernel, row 0 (b) to x @ kernel.": variant(recurrent_row=None),
        "The input bias is missing: row 0 of `bias` (b) is added to x @ kernel, row 1 (b') to "
        "h_prev @ recurrent_kernel.": variant(input_row=None),
        "The bias is missing: add row 0 of `bias` to x @ kernel and row 1 to "
        "h_prev @ recurrent_kernel.": variant(input_row=None, recurrent_row=None),
        "The two rows of `bias` are swapped: row 0 (b) goes with x @ kernel, row 1 (b') with "
        "h_prev @ recurrent_kernel, inside the reset gate's product.":
            variant(input_row=1, recurrent_row=0),
    }
    for gate in GRU_GATES:
        right, used, wrong = (("tanh", "a sigmoid", _sigmoid) if gate == "h"
                              else ("a sigmoid", "tanh", np.tanh))
        mistakes[f"The {GATE_NAMES[gate]} uses {used}; it should use {right} (sigmoid for the "
                 "gates z and r, tanh for the candidate)."] = variant(activations={gate: wrong})
    for order in permutations(GRU_GATES):
        if order not in (GRU_GATES, ("r", "z", "h")):
            mistakes[_blocks_message(order, GRU_GATES)] = variant(order=order)
    return mistakes


def _gru_result(fn, case):
    """Call the learner's gru_step; the new state, or one sentence on what it returned."""
    __tracebackhide__ = True
    try:
        got = call(fn, *case, name="gru_step")
    except ExerciseError as error:
        message = str(error)
        if "broadcast" in message and "(2," in message:
            raise ExerciseError(f"{message.rstrip('.')}: `bias` has two rows, shape (2, 3 * units): "
                                "row 0 goes with x @ kernel and row 1 with h_prev @ "
                                "recurrent_kernel.") from None
        raise
    if isinstance(got, (tuple, list)):
        raise ExerciseError("gru_step should return one array, the new state h: the GRU has no "
                            "separate cell state.")
    return got


@exercise(_gru_step)
def gru_step(fn):
    """gru_step(x, h_prev, kernel, recurrent_kernel, bias) -> h, Keras' GRU (reset_after=True)."""
    __tracebackhide__ = True
    for seed in (0, 1):
        case = _gru_case(seed)
        got = _gru_result(fn, case)
        expect_array(got, _gru_step(*case), name="gru_step(x, h_prev, kernel, recurrent_kernel, bias)",
                     atol=ATOL, mistakes=_gru_mistakes(case))
    passed("gru_step matches Keras' GRU: blocks z, r, h, the reset gate after the recurrent "
           "product, and h = z * h_prev + (1 - z) * h~.")


# ---------------------------------------------------------------------------
# Exercise 3: the GRU's parameter count
# ---------------------------------------------------------------------------
def _gru_params(n_x, units, reset_after=True):
    """Number of weights of keras.layers.GRU(units, reset_after=reset_after) on n_x features."""
    return 3 * units * (n_x + units + (2 if reset_after else 1))


@exercise(_gru_params)
def gru_params(fn):
    """gru_params(n_x, units, reset_after=True) -> number of weights of keras.layers.GRU."""
    __tracebackhide__ = True
    for n_x, units in ((5, 32), (100, 64), (1, 1)):
        for reset_after in (True, False):
            got = call(fn, n_x, units, reset_after=reset_after, name="gru_params")
            expected = _gru_params(n_x, units, reset_after)
            mistakes = {
                "With reset_after=True (Keras' default) the GRU has two bias vectors per block, "
                "one for the input part and one for the recurrent part: bias shape (2, 3*units).":
                    _gru_params(n_x, units, reset_after=False),
                "With reset_after=False the GRU has one bias vector per block, bias shape "
                "(3*units,); the second one exists only with reset_after=True.":
                    _gru_params(n_x, units, reset_after=True),
                "That is the LSTM's count (four blocks); the GRU has three: z, r and h~.":
                    4 * units * (n_x + units + 1),
                "That is a SimpleRNN's count: the GRU has three blocks of weights (z, r, h~).":
                    units * (n_x + units + 1),
                "The biases are missing: each of the three blocks has a bias per unit "
                "(two with reset_after=True).": 3 * units * (n_x + units),
                "The recurrent kernel is missing: each block also has a (units, units) matrix "
                "acting on the previous state.": 3 * units * (n_x + (2 if reset_after else 1)),
            }
            if isinstance(got, float) and float(got).is_integer():
                got = int(got)
            expect_value(got, expected, name=f"gru_params({n_x}, {units}, reset_after={reset_after})",
                         mistakes={m: v for m, v in mistakes.items() if v != expected})
    passed("gru_params gives 3 * units * (n_x + units + 2) with reset_after=True "
           "and + 1 without, as Keras counts.")


# ---------------------------------------------------------------------------
# Exercise 4: accuracy by distance
# ---------------------------------------------------------------------------
def _accuracy_by_distance(correct, distance, edges):
    """Accuracy of the sequences whose distance is in [edges[k], edges[k+1]), NaN if none."""
    correct, distance = np.asarray(correct, dtype=float), np.asarray(distance)
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (distance >= low) & (distance < high)
        out.append(correct[inside].mean() if inside.any() else np.nan)
    return np.array(out)


@exercise(_accuracy_by_distance)
def accuracy_by_distance(fn):
    """accuracy_by_distance(correct, distance, edges) -> accuracy in each [edges[k], edges[k+1])."""
    __tracebackhide__ = True
    rng = np.random.default_rng(5)
    distance = rng.integers(1, 21, size=400)
    distance[:4] = [1, 5, 10, 20]  # values on the bucket edges
    correct = rng.random(400) < np.where(distance < 10, 0.9, 0.4)
    edges = [1, 5, 10, 21]
    got = call(fn, correct, distance, edges, name="accuracy_by_distance")
    expected = _accuracy_by_distance(correct, distance, edges)

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
    passed("accuracy_by_distance averages correctness inside each [low, high) bucket, "
           "NaN where a bucket is empty.")


# ---------------------------------------------------------------------------
# Exercise 5: predict, then measure (the SimpleRNN trained at T = 10, on the farthest marks of
# longer sequences)
# ---------------------------------------------------------------------------
_CLOSE = 0.15  # fifteen accuracy points: a validation bucket holds about 250 sequences


@exercise(None, name="prediction")
def far_marks(prediction, by_distance):
    """Compare a predicted accuracy of the SimpleRNN trained on sequences of length 10, reading
    longer sequences, on those whose mark is farthest from the end, with the measurement:
    `by_distance` is the table of accuracies (rows: distance buckets such as "38-50", closest
    first; a column per cell).

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not a share.
    """
    prediction = expect_fraction(prediction, half="half of them", none="it gets none right",
                                 all_="it gets them all right", noun="share")
    bucket = by_distance.index[-1]
    accuracy = float(by_distance["SimpleRNN"].iloc[-1])
    closest = float(by_distance["SimpleRNN"].iloc[0])
    said = (f"you predicted {percent(prediction)}, and the SimpleRNN is right on "
            f"{percent(accuracy)} of the sequences whose mark lies {bucket} steps from the end "
            f"({percent(closest)} on the closest ones).")
    if accuracy < 0.5 <= closest:
        why = ("Trained on sequences of 10, it learned to keep a mark for about as long as its "
               "training asked: far beyond that, it is not much better than chance. Here "
               "accuracy falls with the distance.")
    elif accuracy >= 0.9:
        why = "It keeps even the far marks: its memory reaches beyond the lengths it trained on."
    else:
        why = ("It keeps some of the far marks, fewer than the close ones: its memory fades "
               "with the distance.")
    verdict(prediction, accuracy, _CLOSE, said, why)
    return prediction
