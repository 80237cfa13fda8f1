"""The conftest.py hooks, run for real: nbval on tiny notebooks in a scratch project."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def _pytest(project, **env):
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", "-o", "addopts=",
         *(folder for folder in ("solutions", "notebooks") if (project / folder).is_dir())],
        cwd=project, capture_output=True, text=True, timeout=300, env={**os.environ, **env})
    return run.stdout


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for source, tags in cells:
        nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)


def test_notebooks_run_in_fast_mode_and_a_raising_lesson_fails(tmp_path):
    shutil.copy(ROOT / "conftest.py", tmp_path)
    _notebook(tmp_path / "notebooks" / "good.ipynb",
              ("import os\nassert os.environ['RNN_COURSE_FAST'] == '1'", []), ("lesson = 1", []))
    _notebook(tmp_path / "notebooks" / "broken_lesson.ipynb", ("1 / 0", []))
    _notebook(tmp_path / "solutions" / "fast_too.ipynb",
              ("import os\nassert os.environ['RNN_COURSE_FAST'] == '1'", []))
    out = _pytest(tmp_path)
    assert "1 failed" in out and "3 passed" in out, out
    assert "broken_lesson.ipynb::Cell 0" in out


IN_FLOW_CHECKS = '''
from rnn_utils.checks import ExerciseError, exercise, passed

def reference(x):
    return x + 1

@exercise(reference)
def f(fn):
    if fn(1) != 2:
        raise ExerciseError("f(1) should be 2.")
    passed("f adds one.")

class check:
    f = staticmethod(f)
'''


def test_hooks_for_in_flow_exercises(tmp_path):
    """Learner: nothing raises, the fallback notice exactly at unsolved checks. Solution: all pass."""
    shutil.copy(ROOT / "conftest.py", tmp_path)
    stub = 'def answer(x):\n    # YOUR CODE HERE\n    raise NotImplementedError("stub")'
    _notebook(tmp_path / "notebooks" / "good.ipynb",
              (IN_FLOW_CHECKS, []), (stub, []), ("answer = check.f(answer)", []),
              ("assert answer(2) == 3", []))
    _notebook(tmp_path / "notebooks" / "silent_fallback.ipynb",
              (IN_FLOW_CHECKS, []), ("answer = lambda x: x + 1", []), ("answer = check.f(answer)", []))
    _notebook(tmp_path / "notebooks" / "notice_elsewhere.ipynb",
              ("print(\"the rest of this notebook uses the course's version\")", []))
    _notebook(tmp_path / "solutions" / "passes.ipynb",
              (IN_FLOW_CHECKS, []), ("answer = lambda x: x + 1", []), ("answer = check.f(answer)", []))
    _notebook(tmp_path / "solutions" / "wrong.ipynb",
              (IN_FLOW_CHECKS, []), ("answer = lambda x: x", []), ("answer = check.f(answer)", []))
    out = _pytest(tmp_path)
    assert "3 failed" in out and "11 passed" in out, out
    assert "silent_fallback.ipynb::Cell 2" in out and "should say that the notebook goes on" in out
    assert "notice_elsewhere.ipynb::Cell 0" in out and "only the check cell" in out
    assert "wrong.ipynb::Cell 2" in out and "every check must pass" in out


PREDICTION_CHECK = '''
from rnn_utils.checks import differs, exercise, passed

@exercise(None, name="prediction")
def predicted(prediction, measured_share):
    if abs(prediction - measured_share) < 0.1:
        passed("close to the measurement.")
    else:
        differs("the measurement says otherwise.")

class check:
    predicted = staticmethod(predicted)
'''


def test_solutions_run_fast_unless_full_is_asked_for(tmp_path):
    """make test: solutions in FAST mode, where a prediction may miss the FAST measurement;
    make test-full: solutions in full, where it must pass."""
    shutil.copy(ROOT / "conftest.py", tmp_path)
    _notebook(tmp_path / "solutions" / "mode.ipynb",
              ("import os\nassert os.environ['RNN_COURSE_FAST'] == '1'", []))
    _notebook(tmp_path / "solutions" / "prediction.ipynb",
              (PREDICTION_CHECK, []), ("prediction = check.predicted(0.5, measured_share=0.0)", []))
    fast = _pytest(tmp_path)
    assert "3 passed" in fast and "failed" not in fast, fast
    _notebook(tmp_path / "solutions" / "mode.ipynb",
              ("import os\nassert 'RNN_COURSE_FAST' not in os.environ", []))
    full = _pytest(tmp_path, RNN_COURSE_TEST_FULL="1")
    assert "1 failed" in full and "prediction.ipynb::Cell 1" in full, full
    assert "every check must pass" in full
