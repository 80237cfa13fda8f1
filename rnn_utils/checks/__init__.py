"""Machinery for exercise checks: one clear sentence per typical mistake.

A check compares the learner's answer with a reference (Keras or NumPy where
possible). Before saying "values differ", it recomputes each typical mistake
(transposed weights, missing bias, ...) and, when the answer matches one, names it.
A correct answer prints one short success line.

Per-notebook checks live in rnn_utils/checks/notebookNN.py and use these helpers.

In-flow exercises with a fallback: a check decorated with `@exercise(reference)` returns
what the rest of the notebook uses, the learner's function when it passes, otherwise the
course's reference with one line saying so, so a notebook always runs to the end:

    rnn_step = check.rnn_step(rnn_step)      # the check cell of a notebook
"""

import functools
import numbers
import os
import re
import sys
import sysconfig
import traceback
from pathlib import Path

import numpy as np

__all__ = ["ExerciseError", "passed", "call", "expect_array", "expect_value", "exercise",
           "expect_fraction", "percent", "differs", "verdict", "PASSED", "MEASURED", "FALLBACK"]

PASSED = "✅ Correct:"
MEASURED = "📏"
FALLBACK = "the rest of this notebook uses the course's version"


class ExerciseError(AssertionError):
    """Raised by a check: the message says what is wrong and what to try."""

    def _render_traceback_(self):
        # IPython shows this instead of a traceback (which would print the check's source).
        return [f"❌ {self}"]


class NotAnswered(Exception):
    """The exercise still holds its stub (None, or a function that raises NotImplementedError)."""


def exercise(reference, name=None):
    """Make a check return the learner's answer when it passes, else `reference`.

    The check itself raises ExerciseError with one sentence; this wrapper prints that
    sentence (no traceback) and one line saying the notebook goes on with the course's
    version. A stub (None, or NotImplementedError when called) gets a friendly notice.
    A function reference takes the exercise's name (`name`, or its own without the leading
    underscore), so a fallback reads as the learner's `rnn_step`, not `_rnn_step`.
    """
    label = name or getattr(reference, "__name__", "").lstrip("_") or None
    if callable(reference) and label:
        # The learner's name for it: fallback notices and later checks print this name.
        reference.__name__ = reference.__qualname__ = label

    def decorate(check):
        label_ = label or check.__name__

        @functools.wraps(check)
        def run(answer, *args, **kwargs):
            try:
                if answer is None:
                    raise NotAnswered
                check(answer, *args, **kwargs)
            except (NotAnswered, NotImplementedError):
                print(f"✏️ `{label_}` is not written yet: {FALLBACK} so you can go on. "
                      "Come back, write it, and run this cell again.")
                return reference
            except ExerciseError as error:
                print(f"❌ {error}")
            except Exception as error:  # noqa: BLE001 - an answer the check did not foresee
                print(f"❌ Checking `{label_}` stopped with {type(error).__name__}: {error}")
            else:
                return answer
            print(f"↪ Your `{label_}` does not pass yet: {FALLBACK} so you can go on.")
            return reference

        run.reference = reference
        return run

    return decorate


def passed(message):
    print(f"{PASSED} {message}")


def differs(message):
    """A prediction the measurement does not bear out: not wrong, and the notebook goes on
    with it; the message says what was measured and why."""
    print(f"{MEASURED} {message}")


def verdict(prediction, measured, close, said, why, lower="Lower than you expected",
            higher="Higher than you expected"):
    """Print the verdict on a prediction: passed within `close` of the measurement, else
    `lower`/`higher` (the measurement's side) with what was measured and why."""
    if abs(prediction - measured) <= close:
        passed(f"{said} {why}")
    else:
        differs(f"{lower if prediction > measured else higher}: {said} {why}")


def call(fn, *args, name=None, **kwargs):
    """Call the learner's function; turn its crash into one sentence.

    The sentence names the error and the line of the learner's code where it happened
    (the last frame of the traceback that is not in rnn_utils, the standard library or an
    installed package), as `Cell In[5], line 3: `code`` in Jupyter, without a traceback.
    NotImplementedError passes through unchanged: the stub has not been filled in yet.
    """
    __tracebackhide__ = True
    name = name or getattr(fn, "__name__", "your function")
    if not callable(fn):
        raise ExerciseError(f"`{name}` should be a function, but it is a {type(fn).__name__}.")
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise
    except Exception as error:  # the learner's code may raise anything
        what = f"`{name}` raised {type(error).__name__}: {str(error).rstrip()}"
        where = _learner_line(error.__traceback__)
        raise ExerciseError(f"{what} ({where})." if where else
                            f"{what}. Run it on a small example in a new cell to see where.") from None


# Code that is not the learner's: this package, the standard library, installed packages.
_NOT_LEARNER = tuple(sorted({str(Path(p).resolve()) + os.sep for p in
                             [Path(__file__).resolve().parent.parent,
                              *(sysconfig.get_paths().get(k) for k in
                                ("stdlib", "platstdlib", "purelib", "platlib"))] if p}))
_OLD_IPYTHON_CELL = re.compile(r"<ipython-input-(\d+)-[0-9a-f]+>")


def _is_learner_code(filename):
    if filename.startswith("<"):
        return not filename.startswith(("<frozen ", "<__array_function__"))
    return not str(Path(filename).resolve()).startswith(_NOT_LEARNER)


def _place(filename):
    """What a learner calls a place in their code: `Cell In[5]` (as IPython says), or a file."""
    shell = sys.modules.get("IPython") and sys.modules["IPython"].get_ipython()
    try:
        label = shell.compile.format_code_name(filename) if shell else None
    except Exception:  # noqa: BLE001 - an older or unusual IPython: fall back to the name
        label = None
    if label:
        return " ".join(label)
    if match := _OLD_IPYTHON_CELL.fullmatch(filename):
        return f"Cell In[{match[1]}]"
    if filename.startswith("<"):
        return filename
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _learner_line(tb, width=80):
    """`Cell In[5], line 3: `code`` for the last traceback frame in the learner's code."""
    frames = [f for f in traceback.extract_tb(tb) if _is_learner_code(f.filename)]
    if not frames:
        return None
    frame = frames[-1]
    text = (frame.line or "").strip()
    if len(text) > width:
        text = text[:width - 1].rstrip() + "…"
    return f"{_place(frame.filename)}, line {frame.lineno}" + (f": `{text}`" if text else "")


def _shape(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _as_array(got, name):
    __tracebackhide__ = True
    if got is None:
        raise ExerciseError(f"`{name}` is None: did you forget to `return` the result?")
    if callable(got):
        raise ExerciseError(f"`{name}` is a function: call it and check its result instead.")
    try:
        array = np.asarray(got)
    except Exception:  # ragged lists and odd objects
        raise ExerciseError(f"`{name}` cannot be turned into a NumPy array "
                            "(are the rows of different lengths?).") from None
    if array.dtype == object:
        raise ExerciseError(f"`{name}` should be a numeric NumPy array, but it holds "
                            "Python objects (a list of arrays of different lengths?).")
    return array


def _kind(dtype):
    if dtype == np.bool_:
        return "bool"
    if np.issubdtype(dtype, np.integer):
        return "integer"
    if np.issubdtype(dtype, np.floating):
        return "float"
    return str(dtype)


def _matches(got, candidate, atol):
    candidate = np.asarray(candidate)
    if got.shape != candidate.shape:
        return False
    if got.dtype == bool or candidate.dtype == bool:
        return bool(np.array_equal(got, candidate))
    return bool(np.allclose(got, candidate, atol=atol, rtol=0, equal_nan=False))


def expect_array(got, expected, name="your result", atol=1e-6, mistakes=None,
                 dtype_kind=None):
    """Raise ExerciseError with one sentence unless `got` equals `expected`.

    mistakes: {message: wrong_answer} (a wrong_answer may be a zero-argument function,
    computed only when needed); the first one that `got` matches is reported.
    dtype_kind: "bool", "integer" or "float" when the type itself matters.
    """
    __tracebackhide__ = True
    got = _as_array(got, name)
    expected = np.asarray(expected)
    if dtype_kind and _kind(got.dtype) != dtype_kind:
        raise ExerciseError(f"`{name}` has dtype {got.dtype}; expected a {dtype_kind} array"
                            + (" (use a comparison such as `!=` to get True/False)."
                               if dtype_kind == "bool" else "."))
    if got.dtype.kind in "fc" and np.isnan(got).any() and not np.isnan(expected).any():
        raise ExerciseError(f"`{name}` contains NaN: look for a division by zero or an "
                            "operation on an uninitialised array (np.empty).")
    if got.shape != expected.shape:
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            hint = "the transpose of what is expected: check the order of the axes."
        elif got.ndim != expected.ndim:
            hint = f"{got.ndim} axes instead of {expected.ndim}"
            hint += (": the right number of values in the wrong arrangement (np.concatenate "
                     "where np.stack was needed, or a reshape?)." if got.size == expected.size
                     else ".")
        elif got.size == expected.size:
            hint = "the right number of values in the wrong arrangement (a reshape?)."
        else:
            hint = "check which axis is which."
        raise ExerciseError(f"`{name}` has shape {_shape(got.shape)}, expected "
                            f"{_shape(expected.shape)}: {hint}")
    if _matches(got, expected, atol):
        return
    for message, wrong in (mistakes or {}).items():
        if callable(wrong):
            wrong = wrong()
        if _matches(got, wrong, atol):
            raise ExerciseError(message)
    if got.dtype == bool or expected.dtype == bool or got.ndim == 0:
        where = np.argwhere(got != expected)
        first = tuple(int(i) for i in where[0]) if len(where) else ()
        raise ExerciseError(f"`{name}` differs from the expected result at {len(where)} "
                            f"position(s), first at index {first}.")
    diff = np.abs(got.astype(float) - expected.astype(float))
    worst = tuple(int(i) for i in np.unravel_index(np.argmax(diff), diff.shape))
    raise ExerciseError(f"`{name}` has the right shape but different values: the largest "
                        f"difference is {diff.max():.3g} at index {worst}.")


def expect_value(got, expected, name="your answer", mistakes=None, rel=1e-9):
    """Like expect_array for one number (or string): exact, or within `rel` for floats."""
    __tracebackhide__ = True
    if got is None:
        raise ExerciseError(f"`{name}` is None: assign your answer to it.")
    if isinstance(expected, (int, float, np.number)) and not isinstance(got, (int, float, np.number)):
        raise ExerciseError(f"`{name}` should be a number, got a {type(got).__name__}.")
    def same(a, b):
        if isinstance(b, float) or isinstance(a, float):
            return abs(a - b) <= rel * max(1.0, abs(b))
        return a == b
    if same(got, expected):
        return
    for message, wrong in (mistakes or {}).items():
        if same(got, wrong):
            raise ExerciseError(message)
    raise ExerciseError(f"`{name}` is {got!r}, which is not right yet.")


def percent(fraction):
    """0.25 -> '25%', 0.125 -> '12.5%'."""
    return f"{fraction:.0%}" if round(fraction * 100, 6).is_integer() else f"{fraction:.1%}"


def expect_fraction(prediction, half, none, all_, name="prediction", noun="fraction"):
    """A predicted share as a float in [0, 1], or one sentence on what to write instead.

    `half`, `none` and `all_` say what 0.5, 0 and 1 mean in this exercise ("half of the
    values", "no value saturated", "all of them"). A percentage (1 < p <= 100) is named.
    """
    if isinstance(prediction, bool) or not isinstance(prediction, numbers.Real):
        raise ExerciseError(f"`{name}` should be a number between 0 and 1, such as 0.5 for "
                            f"{half}; got a {type(prediction).__name__}.")
    prediction = float(prediction)
    if np.isnan(prediction):
        raise ExerciseError(f"`{name}` is NaN: write a number between 0 and 1.")
    if 1 < prediction <= 100:
        raise ExerciseError(f"{prediction:g} looks like a percentage: write the fraction, "
                            f"{prediction / 100:g}.")
    if not 0 <= prediction <= 1:
        raise ExerciseError(f"{prediction:g} is not a {noun}: write a number between 0 "
                            f"({none}) and 1 ({all_}).")
    return prediction
