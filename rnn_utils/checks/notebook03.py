"""Checks for the exercises of notebook 03 (the RNN forward pass in NumPy).

Weights follow the notebook's layout: W (units, features), U (units, units), b (units,),
and a step is h_t = tanh(W x_t + U h_{t-1} + b).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`,
so the notebook goes on with the learner's function when it passes and with the course's
reference (defined here, never shown in the notebook) otherwise:

    rnn_step = check.rnn_step(rnn_step)
"""

import functools

import numpy as np

from . import (
    ExerciseError,
    call,
    differs,
    exercise,
    expect_array,
    expect_fraction,
    expect_value,
    passed,
    percent,
)


# ---------------------------------------------------------------------------
# The course's references: what the notebook uses when an exercise does not pass yet
# ---------------------------------------------------------------------------
def _rnn_step(x_t, h_prev, W, U, b):
    """One step, for one example (x_t (features,)) or a batch (x_t (batch, features))."""
    return np.tanh(x_t @ W.T + h_prev @ U.T + b)


def _rnn_forward(inputs, W, U, b, h0=None):
    """inputs (T, features) -> states (T, units); the state starts at h0 (zeros if None)."""
    state = np.zeros(len(b)) if h0 is None else h0
    states = []
    for x_t in inputs:
        state = _rnn_step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states)


def _rnn_forward_batch(x, W, U, b, h0=None):
    """x (batch, T, features) -> states (batch, T, units), starting from h0 (zeros if None)."""
    state = np.zeros((len(x), len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = _rnn_step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def _rnn_forward_masked(x, mask, W, U, b):
    """x (batch, T, features), mask (batch, T) True at real steps -> states (batch, T, units).

    At a padded step the state is carried over unchanged, as SimpleRNN does behind a mask.
    """
    state = np.zeros((len(x), len(b)))
    states = []
    for t in range(x.shape[1]):
        state = np.where(mask[:, t, None], _rnn_step(x[:, t], state, W, U, b), state)
        states.append(state)
    return np.stack(states, axis=1)


def _weights(rng, features, units):
    W = rng.normal(0, 0.6, (units, features))
    U = rng.normal(0, 0.6, (units, units))
    b = rng.normal(0, 0.6, units)
    return W, U, b


# The notebook's global sizes: a function that reads them instead of its arguments works in
# the notebook and fails on the check's smaller arrays.
NOTEBOOK_GLOBALS = ("units", "timesteps", "input_features", "batch_size")


def _global_names(code):
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _global_names(const)
    return names


def _blame_notebook_globals(check):
    """Run a check; when it fails and the learner's function reads one of the notebook's
    size variables, say that instead (the check's arrays have other sizes)."""
    @functools.wraps(check)
    def run(fn, *args, **kwargs):
        __tracebackhide__ = True
        try:
            return check(fn, *args, **kwargs)
        except ExerciseError:
            code = getattr(fn, "__code__", None)
            used = [n for n in NOTEBOOK_GLOBALS if code is not None and n in _global_names(code)]
            if used:
                raise ExerciseError(
                    f"`{check.__name__}` reads the notebook's `{used[0]}` instead of its "
                    "arguments, so it fails on the check's smaller arrays: take every size from "
                    "the arrays it is given (len(b), the shape of the input).") from None
            raise
    return run


# ---------------------------------------------------------------------------
# Exercise 1: one step, for one example
# ---------------------------------------------------------------------------
# (message, wrong answer, whether it can only be computed when W is square)
STEP_MISTAKES = [
    ("W is used transposed: with W of shape (units, features) the input term is W @ x_t. "
     "Only a square W lets the shapes hide this.",
     lambda x, h, W, U, b: np.tanh(x @ W + h @ U.T + b), True),
    ("U is used transposed: the recurrent term is U @ h_prev. U is square, so NumPy never "
     "warns you.",
     lambda x, h, W, U, b: np.tanh(x @ W.T + h @ U + b), False),
    ("W and U are both used transposed: x_t @ W and h_prev @ U compute W.T x_t and U.T h_prev; "
     "use W @ x_t and U @ h_prev.",
     lambda x, h, W, U, b: np.tanh(x @ W + h @ U + b), True),
    ("The bias is missing: add b inside the tanh.",
     lambda x, h, W, U, b: np.tanh(x @ W.T + h @ U.T), False),
    ("The tanh is missing: the new state is tanh(W x_t + U h_prev + b), not the "
     "pre-activation itself.",
     lambda x, h, W, U, b: x @ W.T + h @ U.T + b, False),
    ("This is the sigmoid; SimpleRNN's activation is np.tanh.",
     lambda x, h, W, U, b: 1 / (1 + np.exp(-(x @ W.T + h @ U.T + b))), False),
    ("The previous state has no effect: the term U h_prev is missing, so nothing is "
     "carried from one step to the next.",
     lambda x, h, W, U, b: np.tanh(x @ W.T + b), False),
    ("rnn_step returns h_prev unchanged: the state is never updated. Compute the new state "
     "and return it.",
     lambda x, h, W, U, b: h, False),
]


def _step_mistakes(x, h, W, U, b):
    square = W.shape[0] == W.shape[1]
    return {message: (lambda wrong=wrong: wrong(x, h, W, U, b))
            for message, wrong, needs_square in STEP_MISTAKES if square or not needs_square}


@exercise(_rnn_step)
def rnn_step(fn):
    """rnn_step(x_t, h_prev, W, U, b) -> tanh(W x_t + U h_prev + b) for one example."""
    rng = np.random.default_rng(3)
    for features, units in [(4, 4), (3, 5)]:
        description = f"one example, {features} features, {units} units"
        W, U, b = _weights(rng, features, units)
        x_t, h_prev = rng.normal(size=features), np.tanh(rng.normal(size=units))
        got = call(fn, x_t, h_prev, W, U, b, name="rnn_step")
        if (isinstance(got, np.ndarray) and got.shape == (units, units) == W.shape
                and np.allclose(got, np.tanh(W * x_t + U * h_prev + b))):   # `*` for `@`
            raise ExerciseError("`*` multiplies element by element and gives a matrix: "
                                "use `@`, the matrix-vector product, for W x_t and U h_prev.")
        expect_array(got, _rnn_step(x_t, h_prev, W, U, b), name=f"rnn_step ({description})",
                     mistakes=_step_mistakes(x_t, h_prev, W, U, b))
    passed("rnn_step computes tanh(W x_t + U h_prev + b), with a square and a rectangular W.")


# ---------------------------------------------------------------------------
# Exercise 2: the loop over one sequence
# ---------------------------------------------------------------------------
def _check_sequence_shape(got, steps, units):
    """Name the shape mistakes of rnn_forward, above all np.concatenate for np.stack."""
    if isinstance(got, (list, tuple)):
        raise ExerciseError(f"rnn_forward returns a Python {type(got).__name__} of {len(got)} "
                            f"items: turn the states into one array of shape (T, units), here "
                            f"({steps}, {units}), before you return it.")
    shape = getattr(got, "shape", None)
    if shape == (steps * units,):
        raise ExerciseError(f"rnn_forward returns one flat vector of {steps * units} values: "
                            "np.concatenate joins the states end to end, while np.stack puts "
                            f"them on a new time axis, ({steps}, {units}).")
    if shape == (units,):
        raise ExerciseError(f"rnn_forward returns shape ({units},), only the last state: "
                            "collect the state of every step and return them all.")
    if shape == (units, steps):
        raise ExerciseError(f"rnn_forward returns shape ({units}, {steps}), one column per "
                            f"step: for one sequence time is the first axis, ({steps}, {units}) "
                            "(np.stack with its default axis=0).")


@exercise(_rnn_forward)
@_blame_notebook_globals
def rnn_forward(fn):
    """rnn_forward(inputs, W, U, b, h0=None): inputs (T, features) -> states (T, units)."""
    rng = np.random.default_rng(5)
    steps, features, units = 6, 3, 4
    W, U, b = _weights(rng, features, units)
    inputs = rng.normal(size=(steps, features))
    expected = _rnn_forward(inputs, W, U, b)
    got = call(fn, inputs, W, U, b, name="rnn_forward")
    _check_sequence_shape(got, steps, units)
    expect_array(got, expected, name="rnn_forward(inputs, W, U, b)", mistakes={
        "The state is never updated, so every step starts again from zeros: make the new state "
        "the state that the next step reads (state = rnn_step(...)).":
            lambda: np.tanh(inputs @ W.T + b),
        "The states are one step late, the first one being h0: append the state after "
        "computing the new one, not before.":
            lambda: np.concatenate([np.zeros((1, units)), expected[:-1]]),
        "U is used transposed: the recurrent term is U @ state.":
            lambda: _rnn_forward(inputs, W, U.T, b),
    })

    h0 = np.tanh(rng.normal(size=units))
    expected = _rnn_forward(inputs, W, U, b, h0)
    try:
        got = call(fn, inputs, W, U, b, h0, name="rnn_forward")
    except ExerciseError as error:
        if "truth value of an array" in str(error):
            raise ExerciseError("`h0 or ...` asks whether an array is true, which NumPy refuses: "
                                "test `if h0 is None:` instead.") from None
        raise
    _check_sequence_shape(got, steps, units)
    expect_array(got, expected, name="rnn_forward(inputs, W, U, b, h0)", mistakes={
        "h0 is ignored: start from h0 when it is given, and from zeros only when h0 is None.":
            lambda: _rnn_forward(inputs, W, U, b),
        "The state is never updated, so every step starts again from h0: make the new state "
        "the state that the next step reads.": lambda: np.tanh(inputs @ W.T + U @ h0 + b),
    })
    passed(f"rnn_forward returns all {steps} states as one ({steps}, {units}) array, "
           "from h0 or from zeros.")


# ---------------------------------------------------------------------------
# Exercise 3: predict, then measure (the fraction of saturated state values)
# ---------------------------------------------------------------------------

@exercise(None, name="prediction")
def predicted_saturation(prediction, measured):
    """Compare a predicted fraction of saturated values (|h| > 0.999) with the measured one.

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not a fraction.
    """
    prediction = expect_fraction(prediction, half="half of the values", none="no value saturated",
                                 all_="all of them")
    said = f"you predicted {percent(prediction)}, and {percent(measured)} of the values are saturated"
    if measured > 0.9:
        why = ("every weight and every input is positive, so each pre-activation is a sum of "
               "dozens of positive terms, far out where tanh is flat; the next slides measure "
               "those sums.")
    elif measured < 0.1:
        why = "the pre-activations stay small, where tanh is still steep."
    else:
        why = "some pre-activations land where tanh is flat, others where it is still steep."
    if abs(prediction - measured) <= 0.1:
        passed(f"{said}: {why}")
    else:
        differs(f"Not quite: {said}: {why}")
    return prediction


# ---------------------------------------------------------------------------
# Exercise 4: the batched loop
# ---------------------------------------------------------------------------
def _loop_over_examples(x, W, U, b):
    """What `for x_t in x:` computes: example i is fed as the i-th 'step'."""
    state = np.zeros((x.shape[1], len(b)))
    states = []
    for x_t in x:
        state = _rnn_step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def _check_batch_shape(got, batch, steps, units, name):
    """Name the two shape mistakes that expect_array can only describe."""
    shape = getattr(got, "shape", None)
    if shape == (batch, units):
        raise ExerciseError(f"{name} returns shape {shape}, only the last state: "
                            "collect the state of every step and stack them with axis=1.")
    if shape == (steps, batch, units) and steps != batch:
        raise ExerciseError(f"{name} returns shape {shape}, time first: use "
                            "np.stack(states, axis=1) to get (batch, T, units).")
    if shape is not None and len(shape) == 3 and shape[1] != steps and shape[1] == batch:
        raise ExerciseError(f"{name} returns {shape[1]} steps, but x has {steps}: "
                            "loop over the time axis, range(x.shape[1]), not over len(x).")


def _call_on_a_batch(fn, *args, name):
    """Call the learner's batched function; a step written for one example gets a hint."""
    try:
        return call(fn, *args, name=name)
    except ExerciseError as error:
        message = str(error)
        if "matmul" in message or "not aligned" in message:
            raise ExerciseError(f"{message.rstrip('.')}; a product written for one example, "
                                "W @ x_t, does not fit a batch whose rows are examples: use "
                                "the row layout of section 6.") from None
        raise


@exercise(_rnn_forward_batch)
@_blame_notebook_globals
def rnn_forward_batch(fn):
    """rnn_forward_batch(x, W, U, b, h0=None): x (batch, T, features) -> (batch, T, units)."""
    rng = np.random.default_rng(4)
    features, units = 4, 5
    name = "rnn_forward_batch"

    # A batch as long as the sequences: mixing up the two axes gives wrong values, not errors.
    batch = steps = 3
    W, U, b = _weights(rng, features, units)
    x = rng.normal(size=(batch, steps, features))
    expected = _rnn_forward_batch(x, W, U, b)
    zeros = np.zeros((batch, units))
    got = _call_on_a_batch(fn, x, W, U, b, name=name)
    _check_batch_shape(got, batch, steps, units, name)
    expect_array(got, expected, name="rnn_forward_batch(x, W, U, b)", mistakes={
        "The states are stacked with time first, (T, batch, units): use np.stack(states, axis=1) "
        "to get (batch, T, units).": lambda: np.swapaxes(expected, 0, 1),
        "The loop walks over the examples (x[t] or `for x_t in x`): the time step t of every "
        "example is x[:, t].": lambda: _loop_over_examples(x, W, U, b),
        "The state is never updated: every step starts again from the initial state. Assign "
        "the new state (state = ...) inside the loop.":
            lambda: np.tanh(x @ W.T + b),
        "The outputs are one step late: the first one is h0. Append the state after computing "
        "the new one, not before.": lambda: np.concatenate(
            [zeros[:, None], expected[:, :-1]], axis=1),
        "U is used transposed: with the batch in rows, the recurrent term is state @ U.T.":
            lambda: _rnn_forward_batch(x, W, U.T, b),
    })

    # A given initial state, and sequences longer than the batch.
    batch, steps = 2, 4
    x = rng.normal(size=(batch, steps, features))
    h0 = np.tanh(rng.normal(size=(batch, units)))
    expected = _rnn_forward_batch(x, W, U, b, h0)
    try:
        got = _call_on_a_batch(fn, x, W, U, b, h0, name=name)
    except ExerciseError as error:
        if "truth value of an array" in str(error):
            raise ExerciseError("`h0 or ...` asks whether an array is true, which NumPy refuses: "
                                "test `if h0 is None:` instead.") from None
        raise
    _check_batch_shape(got, batch, steps, units, name)
    expect_array(got, expected, name="rnn_forward_batch(x, W, U, b, h0)", mistakes={
        "h0 is ignored: start from h0 when it is given, and from zeros only when h0 is None.":
            lambda: _rnn_forward_batch(x, W, U, b),
        "The state is never updated: every step starts again from h0. Assign the new state "
        "inside the loop.": lambda: np.tanh(x @ W.T + (h0 @ U.T)[:, None] + b),
    })
    passed("rnn_forward_batch gives (batch, T, units), starting from h0 or from zeros.")


# ---------------------------------------------------------------------------
# Exercise 5: the masked loop, checked against Keras
# ---------------------------------------------------------------------------
# Three sequences of 5 steps: right padding, no padding, and a gap followed by a real step
# (only a real step after padding tells "carry the state" from "reset it" or "zero the output").
MASK = np.array([[1, 1, 1, 0, 0],
                 [1, 1, 1, 1, 1],
                 [1, 0, 1, 1, 0]], dtype=bool)


@functools.cache
def _masked_problem():
    """x (3, 5, 2) with zero vectors at padding, MASK, weights, and Keras' states for them."""
    rng = np.random.default_rng(6)
    features, units = 2, 4
    W, U, b = _weights(rng, features, units)
    x = rng.normal(size=(*MASK.shape, features)) * MASK[..., None]
    return x, MASK.copy(), W, U, b, _keras_masked_states(x, W, U, b)


def _keras_masked_states(x, W, U, b):
    """What keras.layers.SimpleRNN returns behind a Masking layer (padding: all-zero steps)."""
    import keras

    model = keras.Sequential([
        keras.Input(x.shape[1:]),
        keras.layers.Masking(mask_value=0.0, name="masking"),
        keras.layers.SimpleRNN(len(b), return_sequences=True, name="simple_rnn"),
    ], name="masked_rnn")
    model.get_layer("simple_rnn").set_weights([W.T, U.T, b])
    return keras.ops.convert_to_numpy(model(x.astype("float32"))).astype(float)


def _masked_variant(x, mask, W, U, b, update):
    """A masked loop with `update(new, state, keep, t) -> (state, output)` at every step."""
    state = np.zeros((len(x), len(b)))
    outputs = []
    for t in range(x.shape[1]):
        new = _rnn_step(x[:, t], state, W, U, b)
        state, output = update(new, state, mask[:, t, None], t)
        outputs.append(output)
    return np.stack(outputs, axis=1)


def _masked_mistakes(x, mask, W, U, b):
    def variant(update):
        return lambda: _masked_variant(x, mask, W, U, b, update)

    def late(first):
        """The mask of step t - 1 at step t (`first` at t = 0)."""
        def update(new, state, keep, t):
            keep = first if t == 0 else mask[:, t - 1, None]
            state = np.where(keep, new, state)
            return state, state
        return update

    def carried(new, state, keep, t):
        state = np.where(keep, new, state)
        return state, state

    return {
        "The mask is ignored, so the padded steps (zero vectors) still update the state: where "
        "mask[:, t] is False, keep the previous state.":
            lambda: _rnn_forward_batch(x, W, U, b),
        "At a padded step the state is reset to zeros, so a real step after the padding starts "
        "from scratch: SimpleRNN carries the last real state over the padding instead.":
            variant(lambda new, state, keep, t: (np.where(keep, new, 0.0),) * 2),
        "The state is carried, but the outputs at padded steps are zeros: SimpleRNN outputs the "
        "carried state there (it repeats the last real state).":
            variant(lambda new, state, keep, t: (carried(new, state, keep, t)[0],
                                                 np.where(keep, new, 0.0))),
        "The outputs at padded steps are zeros and the state runs on through the padding: at a "
        "padded step keep the previous state, and output it.":
            variant(lambda new, state, keep, t: (new, np.where(keep, new, 0.0))),
        "The mask is applied one step late (the mask of step t - 1 at step t), so the first "
        "padded step still updates the state: use mask[:, t] at step t.":
            variant(late(True)),
        "The mask is applied one step late, mask[:, t - 1] at step t (at t = 0 that is the last "
        "step's): use mask[:, t] at step t.":
            variant(late(mask[:, -1, None])),
        "At a padded step you output the updated state but carry the old one: apply the mask "
        "first, and append the state you carry.":
            variant(lambda new, state, keep, t: (np.where(keep, new, state), new)),
        "The mask is reversed: True marks the real steps, which update the state; where it is "
        "False (padding) the state stays.":
            variant(lambda new, state, keep, t: (np.where(keep, state, new),) * 2),
    }


def _call_masked(fn, *args, batch):
    try:
        return _call_on_a_batch(fn, *args, name="rnn_forward_masked")
    except ExerciseError as error:
        message = str(error).rstrip(".")
        if "could not be broadcast" in message and f"({batch},)" in message:
            raise ExerciseError(f"{message}: mask[:, t] has shape ({batch},), which NumPy lines "
                                "up with the last axis of a (batch, units) state; give it a "
                                "unit axis, mask[:, t, None].") from None
        raise


@exercise(_rnn_forward_masked)
@_blame_notebook_globals
def rnn_forward_masked(fn):
    """rnn_forward_masked(x, mask, W, U, b) -> (batch, T, units), the state carried at padding."""
    x, mask, W, U, b, expected = _masked_problem()
    batch, steps = mask.shape
    got = _call_masked(fn, x.copy(), mask.copy(), W, U, b, batch=batch)
    _check_batch_shape(got, batch, steps, len(b), "rnn_forward_masked")
    expect_array(got, expected, name="rnn_forward_masked", mistakes={
        "The states are stacked with time first, (T, batch, units): use np.stack(states, axis=1) "
        "to get (batch, T, units).": lambda: np.swapaxes(expected, 0, 1),
        **_masked_mistakes(x, mask, W, U, b),
    })
    passed("rnn_forward_masked matches Keras' SimpleRNN behind a Masking layer: at padded "
           "steps the state stays the last real one.")


# ---------------------------------------------------------------------------
# Exercise 6: the dimension quiz
# ---------------------------------------------------------------------------
QUIZ = {"W": (7, 3), "U": (7, 7), "b": (7,), "W_y": (1, 7), "b_y": (1,),
        "x": (64, 10, 3), "h_t": (64, 7), "y_t": (64, 1), "params": 85}

QUIZ_MISTAKES = {
    "W": {"(3, 7) is Keras' kernel, W.T. In W x_t, W has one row per unit and one column per "
          "input feature: (units, features).": (3, 7)},
    "U": {"U takes the previous state (7 values) to 7 new values: it is square, (units, units).":
          (7, 3),
          "U multiplies the state, not the input: (units, units).": (3, 3)},
    "b": {"The bias is one number per unit, a vector: write (7,).": (7, 1),
          "The bias is one vector, (7,): write it without the 1.": (1, 7),
          "The bias is shared by every example of the batch: it has no batch axis.": (64, 7)},
    "W_y": {"(7, 1) is Keras' Dense kernel. In W_y h_t, W_y has one row per output unit and one "
            "column per hidden unit: (1, 7).": (7, 1)},
    "b_y": {"b_y belongs to the output layer: one number per output unit, (1,).": (7,),
            "b_y is a vector with one entry per output unit: (1,).": ()},
    "x": {"Keras puts the batch first: (batch, time, features).": (10, 64, 3),
          "(features, batch, time) is the layout of section 10; Keras wants "
          "(batch, time, features).": (3, 64, 10),
          "Time comes before features: (batch, time, features).": (64, 3, 10)},
    "h_t": {"With a batch, the state has one row per example: (batch, units).": (7,),
            "Keras puts the batch first: (batch, units).": (7, 64),
            "That is every state of the sequence; h_t is the state at one step.": (64, 10, 7)},
    "y_t": {"That is the whole output sequence; y_t is the output at one step.": (64, 10, 1),
            "With a batch, the output has one row per example: (batch, output units).": (1,),
            "Dense keeps its last axis even for one unit: (batch, 1).": (64,)},
    "params": {
        "84 leaves out the output bias b_y.": 84,
        "78 leaves out the recurrent bias b.": 78,
        "77 is only part of the network: the recurrent layer without the output layer, or the "
        "weights without any bias.": 77,
        "The weights are shared by all time steps: do not multiply by T.": 850,
        "The batch size does not change the number of parameters.": 85 * 64,
        "70 counts only W and U.": 70,
    },
}


def _dimension_quiz():
    """The quiz's answers."""
    return dict(QUIZ)


def _as_shape(value):
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return value


@exercise(_dimension_quiz)
def dimension_quiz(fn):
    """dimension_quiz() -> dict of shapes (tuples) and the parameter count."""
    answers = call(fn, name="dimension_quiz")
    if not isinstance(answers, dict):
        raise ExerciseError("dimension_quiz should return a dict such as "
                            "{'W': (7, 3), ...}, one entry per question.")
    missing = [key for key in QUIZ if key not in answers]
    if missing:
        raise ExerciseError(f"Your answers have no entry for {', '.join(map(repr, missing))}.")
    for key, expected in QUIZ.items():
        got = answers[key] if key == "params" else _as_shape(answers[key])
        if key != "params" and not isinstance(got, tuple):
            raise ExerciseError(f"answers[{key!r}] should be a shape, a tuple such as (7, 3); "
                                f"got {got!r}.")
        expect_value(got, expected, name=f"answers[{key!r}]", mistakes=QUIZ_MISTAKES[key])
    keras_count = _keras_parameter_count()
    if keras_count != QUIZ["params"]:
        raise ExerciseError(f"Keras counts {keras_count} parameters; please report this.")
    passed(f"every shape is right, and Keras' count_params() gives {keras_count} too.")


def _keras_parameter_count():
    import keras

    model = keras.Sequential([
        keras.Input((10, 3)),
        keras.layers.SimpleRNN(7, return_sequences=True, name="rnn"),
        keras.layers.Dense(1, activation="softmax", name="output"),
    ], name="quiz_network")
    return model.count_params()
