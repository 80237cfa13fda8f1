"""Checks for the exercises of notebook 03 (the RNN forward pass in NumPy).

Weights follow the notebook's layout: W (units, features), U (units, units), b (units,),
and a step is h_t = tanh(W x_t + U h_{t-1} + b).
"""

import numpy as np

from . import ExerciseError, call, expect_array, expect_value, passed


def _weights(rng, features, units):
    W = rng.normal(0, 0.6, (units, features))
    U = rng.normal(0, 0.6, (units, units))
    b = rng.normal(0, 0.6, units)
    return W, U, b


def _step(x_t, h_prev, W, U, b):
    return np.tanh(x_t @ W.T + h_prev @ U.T + b)


def _forward_batch(x, W, U, b, h0=None):
    state = np.zeros((len(x), len(b))) if h0 is None else h0
    states = []
    for t in range(x.shape[1]):
        state = _step(x[:, t], state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


# (message, wrong answer, whether it can only be computed when W is square)
STEP_MISTAKES = [
    ("W is used transposed: with W of shape (units, features) the input term is W @ x_t "
     "(x_t @ W.T for a batch). Only a square W lets the shapes hide this.",
     lambda x, h, W, U, b: np.tanh(x @ W + h @ U.T + b), True),
    ("U is used transposed: the recurrent term is U @ h_prev (h_prev @ U.T for a batch). "
     "U is square, so NumPy never warns you.",
     lambda x, h, W, U, b: np.tanh(x @ W.T + h @ U + b), False),
    ("W and U are both used transposed: x_t @ W and h_prev @ U compute W.T x_t and U.T h_prev; "
     "use x_t @ W.T and h_prev @ U.T (or W @ x_t and U @ h_prev for one example).",
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


def rnn_step(fn):
    """rnn_step(x_t, h_prev, W, U, b) -> tanh(W x_t + U h_prev + b), for one example or a batch."""
    rng = np.random.default_rng(3)
    for features, units in [(4, 4), (3, 5)]:
        description = f"one example, {features} features, {units} units"
        W, U, b = _weights(rng, features, units)
        x_t, h_prev = rng.normal(size=features), np.tanh(rng.normal(size=units))
        got = call(fn, x_t, h_prev, W, U, b, name="rnn_step")
        expect_array(got, _step(x_t, h_prev, W, U, b), name=f"rnn_step ({description})",
                     mistakes=_step_mistakes(x_t, h_prev, W, U, b))
    batch, features, units = 2, 3, 5
    W, U, b = _weights(rng, features, units)
    x_t, h_prev = rng.normal(size=(batch, features)), np.tanh(rng.normal(size=(batch, units)))
    try:
        got = call(fn, x_t, h_prev, W, U, b, name="rnn_step")
    except ExerciseError:
        raise ExerciseError(
            "rnn_step works for one example but fails on a batch (x_t of shape (2, 3), h_prev "
            "(2, 5)): write the products as x_t @ W.T and h_prev @ U.T, which serve both cases."
            ) from None
    expect_array(got, _step(x_t, h_prev, W, U, b), name="rnn_step (a batch of 2)",
                 mistakes=_step_mistakes(x_t, h_prev, W, U, b))
    passed("rnn_step computes tanh(W x_t + U h_prev + b) for one example and for a batch.")


def rnn_forward_batch(fn):
    """rnn_forward_batch(x, W, U, b, h0=None): x (batch, T, features) -> (batch, T, units)."""
    rng = np.random.default_rng(4)
    features, units = 4, 5

    # A batch as long as the sequences: mixing up the two axes gives wrong values, not errors.
    batch = steps = 3
    W, U, b = _weights(rng, features, units)
    x = rng.normal(size=(batch, steps, features))
    expected = _forward_batch(x, W, U, b)
    zeros = np.zeros((batch, units))
    got = call(fn, x, W, U, b, name="rnn_forward_batch")
    _check_shape(got, batch, steps, units)
    expect_array(got, expected, name="rnn_forward_batch(x, W, U, b)", mistakes={
        "The states are stacked with time first, (T, batch, units): use np.stack(states, axis=1) "
        "to get (batch, T, units).": lambda: np.swapaxes(expected, 0, 1),
        "The loop walks over the examples (x[t] or `for x_t in x`): the time step t of every "
        "example is x[:, t].": lambda: _loop_over_examples(x, W, U, b),
        "The state is never updated: every step starts again from the initial state. Assign "
        "the new state (state = rnn_step(...)) inside the loop.":
            lambda: np.tanh(x @ W.T + b),
        "The outputs are one step late: the first one is h0. Append the state after computing "
        "the new one, not before.": lambda: np.concatenate(
            [zeros[:, None], expected[:, :-1]], axis=1),
    })

    # A given initial state, and sequences longer than the batch.
    batch, steps = 2, 4
    x = rng.normal(size=(batch, steps, features))
    h0 = np.tanh(rng.normal(size=(batch, units)))
    expected = _forward_batch(x, W, U, b, h0)
    try:
        got = call(fn, x, W, U, b, h0, name="rnn_forward_batch")
    except ExerciseError as error:
        if "truth value of an array" in str(error):
            raise ExerciseError("`h0 or ...` asks whether an array is true, which NumPy refuses: "
                                "test `if h0 is None:` instead.") from None
        raise
    _check_shape(got, batch, steps, units)
    expect_array(got, expected, name="rnn_forward_batch(x, W, U, b, h0)", mistakes={
        "h0 is ignored: start from h0 when it is given, and from zeros only when h0 is None.":
            lambda: _forward_batch(x, W, U, b),
        "The state is never updated: every step starts again from h0. Assign the new state "
        "inside the loop.": lambda: np.tanh(x @ W.T + (h0 @ U.T)[:, None] + b),
    })
    passed("rnn_forward_batch gives (batch, T, units), starting from h0 or from zeros.")


def _loop_over_examples(x, W, U, b):
    """What `for x_t in x:` computes: example i is fed as the i-th 'step'."""
    state = np.zeros((x.shape[1], len(b)))
    states = []
    for x_t in x:
        state = _step(x_t, state, W, U, b)
        states.append(state)
    return np.stack(states, axis=1)


def _check_shape(got, batch, steps, units):
    """Name the two shape mistakes that expect_array can only describe."""
    shape = getattr(got, "shape", None)
    if shape == (batch, units):
        raise ExerciseError(f"rnn_forward_batch returns shape {shape}, only the last state: "
                            "collect the state of every step and stack them with axis=1.")
    if shape is not None and len(shape) == 3 and shape[1] != steps and shape[1] == batch:
        raise ExerciseError(f"rnn_forward_batch returns {shape[1]} steps, but x has {steps}: "
                            "loop over the time axis, range(x.shape[1]), not over len(x).")


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
          "(features, batch, time) is the layout of section 9; Keras wants "
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


def _as_shape(value):
    if isinstance(value, (list, tuple)):
        return tuple(int(v) for v in value)
    return value


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
