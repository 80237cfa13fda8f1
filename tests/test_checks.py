import inspect
import re

import numpy as np
import pytest

from rnn_utils.checks import ExerciseError, call, expect_array, expect_value


def test_correct_answer_passes_silently():
    expect_array(np.ones((2, 3)), np.ones((2, 3)))


@pytest.mark.parametrize("got, message", [
    (None, "is None"),
    (np.ones((3, 2)), "transpose"),
    (np.ones(6), "wrong arrangement"),
    (np.ones((2, 3, 1)), "3 axes instead of 2"),
    (np.full((2, 3), np.nan), "NaN"),
    ([[1, 2], [3]], "cannot be turned into a NumPy array|Python objects"),
    (np.zeros((2, 3)), "largest difference is 1"),
])
def test_each_mistake_gets_its_own_sentence(got, message):
    with pytest.raises(ExerciseError, match=message):
        expect_array(got, np.ones((2, 3)), name="h")


def test_known_mistake_is_named():
    expected = np.array([1.0, 2.0])
    with pytest.raises(ExerciseError, match="forgot the bias"):
        expect_array(np.array([0.0, 1.0]), expected,
                     mistakes={"You forgot the bias.": lambda: expected - 1})


def test_dtype_kind():
    with pytest.raises(ExerciseError, match="bool"):
        expect_array(np.array([1, 0]), np.array([True, False]), dtype_kind="bool")


def test_call_passes_not_implemented_and_wraps_other_errors():
    def stub():
        raise NotImplementedError

    def broken():
        return 1 / 0

    with pytest.raises(NotImplementedError):
        call(stub)
    with pytest.raises(ExerciseError, match="raised ZeroDivisionError"):
        call(broken)
    with pytest.raises(ExerciseError, match="should be a function"):
        call(3, name="f")


def _line_of(fn, text):
    """(line number in this file, stripped text) of the line of fn that contains text."""
    lines, first = inspect.getsourcelines(fn)
    number = next(first + i for i, line in enumerate(lines) if text in line)
    return number, lines[number - first].strip()


def test_call_names_the_learners_failing_line():
    def rnn_step(x, h):
        z = x @ np.ones((3, 4))
        return np.tanh(z + h)

    number, text = _line_of(rnn_step, "np.tanh(z + h)")  # (2, 4) + (5,): NumPy raises
    with pytest.raises(ExerciseError) as err:
        call(rnn_step, np.ones((2, 3)), np.ones(5))
    msg = str(err.value)
    assert msg.startswith("`rnn_step` raised ValueError: operands could not be broadcast")
    assert f"test_checks.py, line {number}: `{text}`" in msg
    assert "Traceback" not in msg and "\n" not in msg and "rnn_utils" not in msg
    assert err.value.__cause__ is None and err.value.__suppress_context__


def test_call_names_the_deepest_learner_line_not_a_library_or_a_helper():
    def helper(h):
        return h.reshape(7)

    def step(x):
        return np.sum(helper(x), axis=0)

    number, text = _line_of(helper, "h.reshape(7)")  # the deepest line of learner code
    with pytest.raises(ExerciseError, match=rf"line {number}: `{re.escape(text)}`\)\.$"):
        call(step, np.ones(3), name="step")


def test_call_names_the_notebook_cell():
    """In Jupyter the learner's code is a cell: the message says which, as IPython does."""
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactiveshell.InteractiveShell.instance()
    try:
        result = shell.run_cell("import numpy as np\n\ndef lengths(mask):\n"
                                "    total = mask.sum(axis=1)\n    return total[mask]\n",
                                store_history=True)
        assert result.success
        count = shell.execution_count - 1
        with pytest.raises(ExerciseError) as err:
            call(shell.user_ns["lengths"], np.ones((2, 3), dtype=bool))
    finally:
        interactiveshell.InteractiveShell.clear_instance()
    msg = str(err.value)
    assert msg.startswith("`lengths` raised IndexError:")
    assert msg.endswith(f"(Cell In[{count}], line 5: `return total[mask]`).")


def test_call_without_learner_code_in_the_traceback():
    with pytest.raises(ExerciseError) as err:
        call(np.linalg.inv, np.zeros((2, 2)), name="inverse")
    msg = str(err.value)
    assert msg.startswith("`inverse` raised LinAlgError: Singular matrix")
    assert "line" not in msg and "Traceback" not in msg


def test_call_keeps_a_long_failing_line_short():
    def f(x):
        return x + "a very long string that goes on and on and on, far past what one sentence needs to show the line"  # noqa: E501

    with pytest.raises(ExerciseError) as err:
        call(f, 1)
    line = str(err.value).split(": `", 1)[1]
    assert len(line) < 100 and "…" in line


def test_expect_value():
    expect_value(200_000, 200_000)
    with pytest.raises(ExerciseError, match="20k"):
        expect_value(20_000, 200_000, mistakes={"20k is the blog's number": 20_000})
    with pytest.raises(ExerciseError, match="should be a number"):
        expect_value("200000", 200_000)

