"""Checks for the exercises of notebook 09 (encoder-decoder: an RNN that learns to sort).

In-flow exercises (CONTRIBUTING.md): each check is decorated with `@exercise(reference)`,
so the notebook goes on with the learner's answer when it passes and with the course's
reference (defined here, never shown in the notebook) otherwise:

    greedy_decode = check.greedy_decode(greedy_decode)
    prediction = check.exact_match_longer(prediction, measured=...)
    teacher_forcing_pair = check.teacher_forcing_pair(teacher_forcing_pair)
    right_length_by_length = check.right_length_by_length(right_length_by_length)

Token ids as in the notebook: 0 padding, 1 start (<s>), 2 end (</s>), 3 to 12 the digits.
No message states the answer's code: a message names the mistake and what to look at.
"""

import re
import types

import numpy as np
import pandas as pd

from . import ExerciseError, call, exercise, expect_array, expect_fraction, passed, percent, verdict

PAD, START, END = 0, 1, 2
VOCAB_SIZE = 13




# --- Exercise 1 (in the flow): greedy decoding with explicit state ---------------------------

def _greedy_decode(encoder_model, decoder_model, source, max_steps):
    """Greedy decoding of a batch: (batch, steps) ids, 0 after each </s>, at most max_steps steps."""
    state = encoder_model.predict_on_batch(source)
    token = np.full((len(source), 1), START, dtype="int32")
    finished = np.zeros(len(source), dtype=bool)
    predicted = []
    for _ in range(max_steps):
        probs, state = decoder_model.predict_on_batch([token, state])
        token = probs.argmax(axis=-1).astype("int32")
        predicted.append(np.where(finished, PAD, token[:, 0]))
        finished |= token[:, 0] == END
        if finished.all():
            break
    return np.stack(predicted, axis=1)


class _Misuse(Exception):
    """The learner's loop called a stand-in model in a way a real one would not accept."""


def _truth_names(fn):
    """Global arrays that fn reads whose names say they hold the truth (decoder_input, ...)."""
    scope = getattr(fn, "__globals__", None) or {}
    names, codes = set(), [getattr(fn, "__code__", None)]
    while codes:
        code = codes.pop()
        if code is not None:
            names.update(code.co_names)
            codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    return sorted(n for n in names if re.search(r"decoder_input|target|truth", n, re.I)
                  and isinstance(scope.get(n), np.ndarray))


def _teacher_forcing(read):
    return (f"Your loop reads {read}, the true previous tokens, which exist only in training "
            "(teacher forcing): at inference the decoder must read the token it wrote itself at "
            "the previous step.")


class _Models:
    """Stand-ins for encoder_model and decoder_model that know what a greedy loop must do.

    The encoder's state for row i is [i + 1, 0]; the decoder, given the state [i + 1, s],
    writes script[i, s] (with probability 0.88) and returns the state [i + 1, s + 1]. Every
    call is checked as it comes: the first misuse is kept as one sentence in `problem` (and
    `kind`, "tokens" or "state"), and the call raises, which ends the learner's loop.
    """

    def __init__(self, source, script, truth, max_steps, truth_names):
        self.source, self.script, self.truth = source, script, truth
        self.max_steps, self.truth_names = max_steps, truth_names
        self.batch = len(source)
        self.problem = self.kind = None
        self.decoder_calls = 0
        self.encoder = _Encoder(self)
        self.decoder = _Decoder(self)

    def refuse(self, sentence, kind="call"):
        if self.problem is None:
            self.problem, self.kind = sentence, kind
        raise _Misuse(sentence)

    def encode(self, source):
        source = np.asarray(source)
        if source.shape != self.source.shape:
            self.refuse(f"encoder_model takes the source ids, shape (batch, T) = {self.source.shape}, "
                        f"but got shape {source.shape}: pass `source` as it is.")
        rows = np.arange(1, self.batch + 1)
        return np.stack([rows, np.zeros(self.batch)], axis=1).astype("float32")

    def step(self, inputs):
        batch, call_index = self.batch, self.decoder_calls
        step = call_index + 1  # as a learner counts: the first step is step 1
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            self.refuse("decoder_model takes a list of two arrays, [tokens, state]: the token each "
                        "sequence reads, shape (batch, 1), and the state to start this step from.")
        self.decoder_calls += 1
        if self.decoder_calls > self.max_steps:
            self.refuse(f"Your loop called the decoder more than max_steps={self.max_steps} times: "
                        "stop after max_steps steps even when a sequence never writes </s>, or a "
                        "model that never writes it makes the loop run forever.", "steps")
        tokens, state = inputs
        try:
            tokens = np.asarray(tokens)
            state = np.asarray(state, dtype=float)
        except (TypeError, ValueError):
            self.refuse("decoder_model takes two arrays, [tokens, state]: tokens of shape (batch, 1) "
                        "and the state as the encoder or the decoder returned it.")
        self._check_state(state, step)
        self._check_tokens(tokens, step)
        rows, steps = np.arange(batch), call_index
        written = self.script[rows, min(steps, self.script.shape[1] - 1)]
        probs = np.full((batch, 1, VOCAB_SIZE), 0.01, dtype="float32")
        probs[rows, 0, written] = 0.88
        new_state = np.stack([rows + 1, np.full(batch, steps + 1)], axis=1).astype("float32")
        return [probs, new_state]

    def _check_state(self, state, step):
        batch = self.batch
        if state.shape != (batch, 2):
            self.refuse(f"At step {step} the decoder got a state of shape {state.shape}, but it takes "
                        f"the state as the models return it, here ({batch}, 2): pass "
                        "encoder_model's state to the first step, then each state the decoder "
                        "returns.", "state")
        if not state.any():
            if step == 1:
                self.refuse("The decoder's first step started from a state of zeros: start it from "
                            "the state encoder_model returns for `source`, the only way the decoder "
                            "learns what the input was.", "state")
            self.refuse(f"At step {step} you passed a state of zeros: pass the state the decoder "
                        f"returned at step {step - 1}, so that it remembers what it has written.",
                        "state")
        rows, steps = state[:, 0], state[:, 1]
        if not np.array_equal(rows, np.arange(1, batch + 1)):
            self.refuse(f"At step {step} the state is not one the models returned for these "
                        "sequences: pass encoder_model's state to the first step, then each state "
                        "the decoder returns, without changing it.", "state")
        if np.all(steps == step - 1):
            return
        if np.all(steps == 0):
            self.refuse(f"At step {step} you passed the encoder's state again: pass the state the "
                        f"decoder returned at step {step - 1}, so that it remembers what it has "
                        "written.", "state")
        self.refuse(f"At step {step} the state is not the one the decoder returned at step "
                    f"{step - 1}: feed each step the state returned by the step before.", "state")

    def _check_tokens(self, tokens, step):
        batch = self.batch
        if tokens.shape != (batch, 1):
            if tokens.shape == (batch,):
                hint = "feed a column of ids, e.g. `ids[:, None]`."
            elif tokens.shape == (batch, 1, VOCAB_SIZE) or tokens.shape == (batch, VOCAB_SIZE):
                hint = ("you fed probabilities: feed the id of the most probable token, the "
                        "argmax over the last axis.")
            else:
                hint = "one token id per sequence, the one it wrote at the previous step."
            self.refuse(f"At step {step} the decoder got tokens of shape {tokens.shape}, but it takes "
                        f"tokens of shape (batch, 1) = ({batch}, 1): {hint}", "tokens")
        if tokens.dtype.kind not in "iuf" or not np.array_equal(tokens, np.round(tokens)):
            self.refuse(f"At step {step} the decoder got {tokens.dtype} tokens: feed token ids, "
                        "whole numbers such as those argmax returns.", "tokens")
        fed = tokens[:, 0].astype(int)
        if step == 1:
            if np.all(fed == START):
                return
            if np.all(fed == PAD):
                why = ("The first decoder step read padding (0): start every sequence with <s> "
                       "(START), the token the decoder learned to read first.")
            elif np.array_equal(fed, self.source[:, 0]):
                why = ("The first decoder step read the first input digit: the decoder sees the input "
                       "only through the encoder's state, and its first token is <s> (START).")
            else:
                why = (f"The first decoder step must read <s> (START) for every sequence; yours read "
                       f"{fed.tolist()}.")
            self.refuse(why, "tokens")
        written = self.script[:, step - 2]
        running = np.array([END not in row[:step - 1] for row in self.script])  # finished: any token
        if np.array_equal(fed[running], written[running]):
            return
        if self.truth_names:
            self.refuse(_teacher_forcing(" and ".join(f"`{n}`" for n in self.truth_names)), "tokens")
        if np.array_equal(fed[running], self.truth[running, step - 2]):
            self.refuse(_teacher_forcing("the right answer (the sorted input)"), "tokens")
        if np.all(fed[running] == START):
            self.refuse(f"At step {step} you fed <s> again: greedy decoding feeds back the token the "
                        "decoder wrote at the previous step.", "tokens")
        for column in (step - 1, step - 2):
            if column < self.source.shape[1] and np.array_equal(fed[running], self.source[running, column]):
                self.refuse(f"At step {step} the decoder read a digit of the input: the input reaches "
                            "the decoder only through the encoder's state, and the decoder reads the "
                            "token it wrote at the previous step.", "tokens")
        self.refuse(f"At step {step} the decoder read {fed[running].tolist()} instead of the tokens it "
                    f"wrote at step {step - 1} ({written[running].tolist()}): feed back the most "
                    "probable token (the argmax over the last axis).", "tokens")


class _Encoder:
    def __init__(self, models):
        self._models = models

    def predict_on_batch(self, source):
        return self._models.encode(source)

    def predict(self, source, verbose="auto", **kwargs):
        return self._models.encode(source)

    def __call__(self, *args, **kwargs):
        self._models.refuse("Call encoder_model.predict_on_batch(source), which returns a NumPy "
                            "array; calling the model directly returns a tensor.")


class _Decoder:
    def __init__(self, models):
        self._models = models

    def predict_on_batch(self, inputs):
        return self._models.step(inputs)

    def predict(self, inputs, verbose="auto", **kwargs):
        return self._models.step(inputs)

    def __call__(self, *args, **kwargs):
        self._models.refuse("Call decoder_model.predict_on_batch([tokens, state]), which returns "
                            "NumPy arrays; calling the model directly returns tensors.")


def _truth(source, width):
    """The right outputs: each row's digits sorted, then </s>, then padding."""
    rows = [sorted(row[row != PAD].tolist()) + [END] for row in source]
    return np.array([row + [PAD] * (width - len(row)) for row in rows])


# Sources (digit ids, right-padded) and the stand-in decoder's greedy writes for each row: the
# first </s> ends a row; later tokens are what a finished row keeps writing. It makes mistakes
# (row 0 writes 7 where the truth is 9, row 2 drops an 8), so the truth differs from its writes.
_SOURCE = np.array([[9, 4, 7, 0, 0, 0],
                    [5, 0, 0, 0, 0, 0],
                    [12, 3, 8, 8, 6, 0],
                    [11, 10, 0, 0, 0, 0]])
_SCRIPT = np.array([[4, 7, 7, END, 9, 4, 4, 5],
                    [5, END, 5, END, 6, 6, 7, 8],
                    [3, 6, 8, 12, END, 3, 3, 3],
                    [10, 11, END, END, 8, 8, 8, 8]])
_LONG_SOURCE = np.array([[12, 5, 11, 6, 10, 7, 9, 8],
                         [3, 0, 0, 0, 0, 0, 0, 0]])
_NEVER_ENDS = np.array([[5, 6, 7, 8, 9, 10, 11, 12],
                        [3, END, 3, 3, 3, 3, 3, 3]])
_CASES = [(_SOURCE, _SCRIPT, 8), (_SOURCE, _SCRIPT, 3), (_LONG_SOURCE, _NEVER_ENDS, 6)]


def _expected_greedy(script, max_steps):
    ends = [list(row).index(END) if END in row else len(row) for row in script]
    steps = min(max(ends) + 1, max_steps)
    out = script[:, :steps].copy()
    for row, end in enumerate(ends):
        out[row, end + 1:] = PAD
    return out


@exercise(_greedy_decode, name="greedy_decode")
def greedy_decode(fn):
    """greedy_decode(encoder_model, decoder_model, source, max_steps) -> (batch, steps) ids."""
    name = "greedy_decode"
    truth_names = _truth_names(fn)
    for source, script, max_steps in _CASES:
        models = _Models(source, script, _truth(source, script.shape[1] + 1), max_steps, truth_names)
        try:
            got = call(fn, models.encoder, models.decoder, source.copy(), max_steps, name=name)
        except ExerciseError:
            if models.kind in (None, "tokens") and truth_names:
                raise ExerciseError(_teacher_forcing(" and ".join(f"`{n}`" for n in truth_names))) from None
            if models.problem:
                raise ExerciseError(models.problem) from None
            raise
        if models.problem:  # the learner's code caught our exception and went on
            raise ExerciseError(models.problem)
        calls = models.decoder_calls
        if not calls:
            raise ExerciseError(f"{name} never called decoder_model.predict_on_batch: run the decoder "
                                "one step at a time, from <s> and the encoder's state.")
        expected = _expected_greedy(script, max_steps)
        got = np.asarray(got) if isinstance(got, (np.ndarray, list, tuple)) else got
        if isinstance(got, np.ndarray) and got.ndim == 2 and got.shape[0] == len(script):
            steps, expected_steps = got.shape[1], expected.shape[1]
            if steps and np.all(got[:, 0] == START):
                if steps == expected_steps + 1:
                    raise ExerciseError("Leave <s> out of the result: it is the decoder's first input, "
                                        "not something it wrote.")
                raise ExerciseError("Your output starts with <s>, the token the decoder reads first: "
                                    "collect the token it writes at each step, not the one it reads.")
            if steps > expected_steps and calls > expected_steps:
                raise ExerciseError(f"Stop the loop once every sequence has written </s>: with "
                                    f"max_steps={max_steps} your loop ran {calls} steps, but all "
                                    f"sequences had ended after {expected_steps}.")
            if steps < expected_steps:
                raise ExerciseError(f"Your loop stopped after {steps} step(s), but some sequences had not "
                                    "written </s> yet: keep going until *every* sequence has ended "
                                    "(or max_steps is reached).")
        full = script[:, :expected.shape[1]]
        expect_array(got, expected, name=f"{name}(..., max_steps={max_steps})", dtype_kind="integer",
                     mistakes={
            "After a sequence has written </s>, its later positions must hold 0 (padding): what a "
            "finished sequence keeps writing is not part of its output.": full,
            "Keep the </s> itself in the output (only the positions after it become 0): it shows "
            "where each sequence stopped.": np.where(expected == END, PAD, expected),
        })
    passed("greedy_decode starts from <s> and the encoder's state, feeds back its own tokens, "
           "carries the state, pads after </s> and stops when every sequence has ended.")


# --- Exercise 2 (predict, then measure): exact match beyond the training lengths -----------


_CLOSE = 0.15


@exercise(None, name="prediction")
def exact_match_longer(prediction, measured):
    """Compare a predicted exact-match share over the lengths never seen in training with the
    measurement: `measured` is the exact match per input length (a pandas Series indexed by
    length, the lengths beyond training only, each with as many sequences).

    A prediction far off is not wrong: the check says what the measurement shows and why.
    It raises only for an answer that is not a share.
    """
    prediction = expect_fraction(prediction, half="half of the sequences", none="it sorts none of them",
                                 all_="it sorts them all", noun="share")
    by_length = pd.Series(measured, dtype=float).sort_index()
    share = float(by_length.mean())
    first, last = by_length.index[0], by_length.index[-1]
    said = (f"you predicted {percent(prediction)}; over lengths {first} to {last} the model sorts "
            f"{percent(share)} exactly, {percent(by_length.iloc[0])} at length {first} and "
            f"{percent(by_length.iloc[-1])} at length {last}.")
    if share >= 0.9:
        why = "It sorts longer inputs almost as well as those it trained on."
    elif by_length.iloc[0] - by_length.iloc[-1] >= 0.3:
        why = ("It stretches a little beyond the lengths it was shown, then fails more with every "
               "extra digit: an output counts only if every digit and the </s> are right, and it "
               "never had to write this many.")
    else:
        why = ("An output counts only if every digit and the </s> are right, and the model never "
               "had to write this many: it learned to sort the lengths it was shown.")
    verdict(prediction, share, _CLOSE, said, why, lower="Fewer than you expected",
            higher="More than you expected")
    return prediction


# --- Exercise 3: the teacher-forcing shift ---------------------------------------------------

_SORTED = np.array([[3, 5, 5, 9, 0],
                    [4, 0, 0, 0, 0],
                    [3, 4, 6, 7, 12],
                    [8, 10, 0, 0, 0]], dtype="int32")


def _pair(sorted_ids):
    """(batch, T) right-padded target ids -> (decoder_input, decoder_target), each (batch, T + 1)."""
    batch, steps = sorted_ids.shape
    lengths = (sorted_ids != PAD).sum(axis=1)
    decoder_input = np.zeros((batch, steps + 1), dtype=sorted_ids.dtype)
    decoder_input[:, 0] = START
    decoder_input[:, 1:] = sorted_ids
    decoder_target = np.zeros_like(decoder_input)
    decoder_target[:, :-1] = sorted_ids
    decoder_target[np.arange(batch), lengths] = END
    return decoder_input, decoder_target


def _padded(sorted_ids):
    return np.pad(sorted_ids, ((0, 0), (0, 1)))


@exercise(_pair, name="teacher_forcing_pair")
def teacher_forcing_pair(fn):
    """teacher_forcing_pair(sorted_ids) -> (<s> + sequence, sequence + </s>), each (batch, T + 1)."""
    name = "teacher_forcing_pair"
    given = _SORTED.copy()
    result = call(fn, given, name=name)
    if not np.array_equal(given, _SORTED):
        raise ExerciseError(f"{name} changed the array it was given: build new arrays instead of "
                            "modifying `sorted_ids` in place.")
    if not isinstance(result, tuple) or len(result) != 2:
        raise ExerciseError(f"{name} should return two arrays: `return decoder_input, decoder_target`.")
    decoder_input, decoder_target = result
    expected_input, expected_target = _pair(_SORTED)
    batch, steps = _SORTED.shape
    for got, label in ((decoder_input, "decoder_input"), (decoder_target, "decoder_target")):
        if np.shape(got) == (batch, steps):
            raise ExerciseError(f"`{label}` has shape {np.shape(got)}, the shape of `sorted_ids`: both "
                                "decoder arrays have T + 1 steps, <s> plus the T steps in the input, "
                                "the T steps plus </s> in the target.")
    if (np.shape(decoder_input) == expected_input.shape and np.array_equal(decoder_input, expected_target)
            and np.array_equal(decoder_target, expected_input)):
        raise ExerciseError("The pair is the wrong way round: return the decoder input (it starts with "
                            "<s>) first and the target (it ends with </s>) second.")
    end_in_last_column = _padded(_SORTED)
    end_in_last_column[:, -1] = END
    expect_array(decoder_input, expected_input, name="decoder_input", dtype_kind="integer", mistakes={
        "The decoder input must start with <s> (START) and then hold the sequence shifted right by one "
        "step: at step t the decoder reads the token before the one it must write.": _padded(_SORTED),
        "The decoder input is the sequence followed by </s>, which is the target: the input starts "
        "with <s> instead.": expected_target,
        "The decoder input should not contain </s>: it is <s> followed by the sequence, and padding "
        "stays 0.": lambda: np.where(np.arange(steps + 1) == np.c_[(_SORTED != PAD).sum(1)] + 1,
                                     END, expected_input),
    })
    expect_array(decoder_target, expected_target, name="decoder_target", dtype_kind="integer", mistakes={
        "The target needs </s> (END) right after the last real token: that is how the decoder learns "
        "to stop.": _padded(_SORTED),
        "</s> must come right after each row's last real token, not in the last column: in rows "
        "shorter than T it belongs earlier, and the padding after it stays 0.": end_in_last_column,
        "The target is the same as the decoder input: it must be the sequence shifted one step to "
        "the left (the next token), ending with </s>.": expected_input,
        "Put a single </s> after the last real token; the padding after it must stay 0 so that the "
        "loss ignores it.": lambda: np.where(_padded(_SORTED) == PAD, END, _padded(_SORTED)),
        "The target starts with <s>, but the decoder never has to write <s>, only read it: the target "
        "is the sequence followed by </s>.": lambda: np.c_[np.full(batch, START), expected_target[:, :-1]],
    })
    passed("the decoder reads <s> + sequence and must write sequence + </s>, one step ahead.")


# --- Exercise 4: output length by input length ------------------------------------------------

# Rows: right length; stops early; no </s> at all; right, with tokens after </s>; one too long;
# right; stops immediately.
_PREDICTED = np.array([[3, 4, END, 5, 5],
                       [3, END, 6, 6, 6],
                       [3, 4, 5, 6, 7],
                       [3, 3, 3, END, 9],
                       [4, 5, 6, END, PAD],
                       [9, END, END, END, END],
                       [END, 3, 3, 3, 3]])
_LENGTHS = np.array([2, 2, 3, 3, 2, 1, 1])


def _share_by_length(output_lengths):
    return pd.Series(output_lengths == _LENGTHS).groupby(_LENGTHS).mean()


def _output_lengths():
    is_end = _PREDICTED == END
    return np.where(is_end.any(axis=1), is_end.argmax(axis=1), _PREDICTED.shape[1])


def _right_length_by_length(predicted, source_lengths):
    """Share of outputs as long as their input, per input length (a pandas Series)."""
    is_end = predicted == END
    output_lengths = np.where(is_end.any(axis=1), is_end.argmax(axis=1), predicted.shape[1])
    return pd.Series(output_lengths == source_lengths).groupby(source_lengths).mean()


@exercise(_right_length_by_length, name="right_length_by_length")
def right_length_by_length(fn):
    """right_length_by_length(predicted, source_lengths) -> Series: share of right lengths per length."""
    name = "right_length_by_length"
    predicted, lengths = _PREDICTED.copy(), _LENGTHS.copy()
    got = call(fn, predicted, lengths, name=name)
    if not (np.array_equal(predicted, _PREDICTED) and np.array_equal(lengths, _LENGTHS)):
        raise ExerciseError(f"{name} changed the arrays it was given: compute new arrays instead.")
    expected = _share_by_length(_output_lengths())
    if np.ndim(got) == 0 and got is not None and not isinstance(got, (dict, pd.Series)):
        raise ExerciseError(f"{name} returned one number: return one share per input length, as a "
                            "pandas Series indexed by length.")
    if isinstance(got, dict):
        got = pd.Series(got)
    if not isinstance(got, pd.Series):
        raise ExerciseError(f"{name} should return a pandas Series indexed by input length; got a "
                            f"{type(got).__name__}.")
    if len(got) == len(_LENGTHS):
        raise ExerciseError(f"{name} returned one value per sequence: group by input length and take "
                            "the mean of each group.")
    if sorted(got.index.tolist()) != expected.index.tolist():
        raise ExerciseError(f"The index should be the input lengths {expected.index.tolist()}; yours is "
                            f"{got.index.tolist()}: group by `source_lengths`.")
    got = got.sort_index()
    counts = pd.Series(_output_lengths() == _LENGTHS).groupby(_LENGTHS).sum()
    is_end = _PREDICTED == END
    expect_array(got.to_numpy(dtype=float), expected.to_numpy(dtype=float), name=name, mistakes={
        "Return the share of right lengths (between 0 and 1), not their count: take the mean of "
        "each group.": counts.to_numpy(dtype=float),
        "The output length counts the tokens before </s>, not </s> itself.":
            _share_by_length(_output_lengths() + 1).to_numpy(dtype=float),
        "Count only the tokens before the first </s>: whatever a decoder writes after it is not part "
        "of the output.":
            _share_by_length((_PREDICTED != PAD).sum(axis=1)).to_numpy(dtype=float),
        "Count the tokens before the first </s>, not all tokens that are not </s> (nor padding): "
        "what comes after the first </s> is not part of the output.":
            _share_by_length(((_PREDICTED != PAD) & ~is_end).sum(axis=1)).to_numpy(dtype=float),
        "Use the position of the *first* </s>: later ones come after the output has ended.":
            _share_by_length(np.where(is_end.any(axis=1), _PREDICTED.shape[1] - 1
                                      - np.argmax(is_end[:, ::-1], axis=1),
                                      _PREDICTED.shape[1])).to_numpy(dtype=float),
    })
    passed("the output length is the number of tokens before the first </s>, compared per input length.")
