"""Checks for the exercises of notebook 09 (encoder-decoder: an RNN that learns to sort).

Token ids as in the notebook: 0 padding, 1 start (<s>), 2 end (</s>), 3 to 12 the digits.
"""

import numpy as np
import pandas as pd

from . import ExerciseError, call, expect_array, passed

PAD, START, END = 0, 1, 2
VOCAB_SIZE = 13

# --- Exercise 1: the teacher-forcing shift ---------------------------------------------------

_SORTED = np.array([[3, 5, 5, 9, 0],
                    [4, 0, 0, 0, 0],
                    [3, 4, 6, 7, 12],
                    [8, 10, 0, 0, 0]], dtype="int32")


def _pair(sorted_ids):
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
        raise ExerciseError("The pair is the wrong way round: the decoder input starts with <s>, the "
                            "target ends with </s>. Return `decoder_input, decoder_target` in that order.")
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
        "The target starts with <s>: the decoder never has to write <s>, only read it. The target is "
        "the sequence followed by </s>.": lambda: np.c_[np.full(batch, START), expected_target[:, :-1]],
    })
    passed("the decoder reads <s> + sequence and must write sequence + </s>, one step ahead.")


# --- Exercise 2: greedy decoding that stops ---------------------------------------------------

class _Encoder:
    """Stand-in for the encoder model: the state of row i is [i, 0] (row, steps taken)."""

    def __init__(self, log):
        self.log = log

    def predict_on_batch(self, source):
        source = np.asarray(source)
        if source.ndim != 2:
            raise ValueError(f"encoder_model expects a (batch, T) array of ids, got shape {source.shape}.")
        self.log.append(("encoder", source.copy()))
        return np.stack([np.arange(len(source)), np.zeros(len(source))], axis=1).astype("float32")

    def predict(self, source, verbose=None, **kwargs):
        return self.predict_on_batch(source)

    def __call__(self, source, training=False):
        return self.predict_on_batch(source)


class _Decoder:
    """Stand-in for the one-step decoder: row i writes script[i][step], state [i, step + 1]."""

    def __init__(self, script, log):
        self.script, self.log = script, log

    def predict_on_batch(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError("decoder_model expects a list [tokens, state].")
        tokens, state = (np.asarray(x) for x in inputs)
        if tokens.ndim != 2 or tokens.shape[1] != 1:
            raise ValueError(f"decoder_model expects tokens of shape (batch, 1), got {tokens.shape}.")
        if state.shape != (len(self.script), 2):
            raise ValueError(f"decoder_model expects a state of shape {(len(self.script), 2)}, "
                             f"got {state.shape}: pass the state the encoder or decoder returned.")
        self.log.append(("decoder", tokens.copy(), state.copy()))
        rows, steps = state[:, 0].astype(int), state[:, 1].astype(int)
        written = self.script[rows, np.minimum(steps, self.script.shape[1] - 1)]
        probs = np.full((len(rows), 1, VOCAB_SIZE), 0.01, dtype="float32")
        probs[np.arange(len(rows)), 0, written] = 0.88
        return [probs, np.stack([rows, steps + 1], axis=1).astype("float32")]

    def predict(self, inputs, verbose=None, **kwargs):
        return self.predict_on_batch(inputs)

    def __call__(self, inputs, training=False):
        return self.predict_on_batch(inputs)


# Each row's greedy output; the first END ends it, later tokens are what a finished row keeps writing.
_SCRIPT = np.array([[3, 7, END, 9, 4, 4, 5, 6],
                    [END, 5, 5, END, 6, 6, 7, 8],
                    [4, 4, 6, 11, END, 3, 3, 3],
                    [12, END, END, 8, 8, 8, 8, 8]])
_NEVER_ENDS = np.array([[5, 6, 7, 8, 9, 10, 11, 12],
                        [3, END, 3, 3, 3, 3, 3, 3]])


def _expected_greedy(script, max_steps):
    ends = [list(row).index(END) if END in row else len(row) for row in script]
    steps = min(max(ends) + 1, max_steps)
    out = script[:, :steps].copy()
    for row, end in enumerate(ends):
        out[row, end + 1:] = PAD
    return out


def _run_greedy(fn, script, max_steps):
    log = []
    source = np.full((len(script), 3), 5)
    got = call(fn, _Encoder(log), _Decoder(script, log), source, max_steps,
               name="greedy_decode_until_end")
    return got, [entry for entry in log if entry[0] == "decoder"]


def _check_calls(calls, script):
    """Tokens fed and states passed at each decoder call, compared with greedy decoding."""
    if not calls:
        raise ExerciseError("greedy_decode_until_end never called decoder_model.predict_on_batch.")
    _, first_tokens, first_state = calls[0]
    if not np.all(first_tokens == START):
        raise ExerciseError(f"The first decoder step must read <s> (START) for every sequence; yours read "
                            f"{first_tokens[:, 0].tolist()}.")
    for step, (_, tokens, state) in enumerate(calls[1:], start=1):
        if np.all(state[:, 1] == 0):
            raise ExerciseError(f"At step {step + 1} you passed the encoder's state again: pass the state "
                                "the decoder returned at the previous step, so that it remembers what it "
                                "has written.")
        if not np.all(state[:, 1] == step):
            raise ExerciseError(f"At step {step + 1} the state is not the one the decoder returned at step "
                                f"{step}: feed each step the state returned by the step before.")
        previous = script[:, step - 1]
        running = np.array([END not in row[:step] for row in script])  # finished rows may read anything
        if np.all(tokens[running, 0] == START) and not np.all(previous[running] == START):
            raise ExerciseError(f"At step {step + 1} you fed <s> again: greedy decoding feeds back the "
                                "token the decoder wrote at the previous step.")
        if not np.array_equal(tokens[running, 0], previous[running]):
            raise ExerciseError(f"At step {step + 1} the decoder read {tokens[running, 0].tolist()} instead "
                                f"of the tokens it wrote at step {step} ({previous[running].tolist()}): "
                                "feed back the most probable token (argmax over the last axis).")


def greedy_decode_until_end(fn):
    """greedy_decode_until_end(encoder, decoder, source, max_steps): stop at </s>, pad after it."""
    name = "greedy_decode_until_end"
    for script, max_steps in ((_SCRIPT, 8), (_SCRIPT, 3), (_NEVER_ENDS, 6)):
        got, calls = _run_greedy(fn, script, max_steps)
        _check_calls(calls, script)
        expected = _expected_greedy(script, max_steps)
        got = np.asarray(got) if got is not None else got
        if got is not None and got.ndim == 2 and got.shape[0] == len(script):
            steps, expected_steps = got.shape[1], expected.shape[1]
            if steps == expected_steps + 1 and np.all(got[:, 0] == START):
                raise ExerciseError("Leave <s> out of the result: it is the decoder's first input, not "
                                    "something it wrote.")
            if steps > expected_steps and len(calls) > expected_steps:
                raise ExerciseError(f"Stop the loop once every sequence has written </s>: with "
                                    f"max_steps={max_steps} your loop ran {len(calls)} steps, but all "
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
    passed("greedy decoding feeds back its own tokens, carries the state, pads after </s> and stops "
           "when every sequence has ended.")


# --- Exercise 3: output length by input length ------------------------------------------------

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


def right_length_by_length(fn):
    """right_length_by_length(predicted, source_lengths) -> Series: share of right lengths per length."""
    name = "right_length_by_length"
    predicted, lengths = _PREDICTED.copy(), _LENGTHS.copy()
    got = call(fn, predicted, lengths, name=name)
    if not (np.array_equal(predicted, _PREDICTED) and np.array_equal(lengths, _LENGTHS)):
        raise ExerciseError(f"{name} changed the arrays it was given: compute new arrays instead.")
    expected = _share_by_length(_output_lengths())
    if np.ndim(got) == 0 and got is not None and not isinstance(got, (dict, pd.Series)):
        raise ExerciseError(f"{name} returned one number: return one share per input length, e.g. "
                            "`pd.Series(right).groupby(source_lengths).mean()`.")
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
        "Count only the tokens before the first </s>: greedy decoding keeps writing after it, and "
        "those tokens are not part of the output.":
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
