"""The conftest.py hooks, run for real: nbval on tiny notebooks in a scratch project."""

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for source, tags in cells:
        nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": tags}))
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)


STUB = 'def f():\n    # YOUR CODE HERE\n    raise NotImplementedError("stub")'
RAISES = ["raises-exception"]


def test_hooks_accept_stubs_and_reject_silent_checks(tmp_path):
    shutil.copy(ROOT / "conftest.py", tmp_path)
    _notebook(tmp_path / "notebooks" / "good.ipynb",
              ("import os\nassert os.environ['RNN_COURSE_FAST'] == '1'", []),
              (STUB, RAISES), ("f()", RAISES), ("lesson = 1", []))
    _notebook(tmp_path / "notebooks" / "silent_check.ipynb",
              (STUB, RAISES), ("print('no call to f')", RAISES))
    _notebook(tmp_path / "notebooks" / "broken_lesson.ipynb", ("1 / 0", []))
    _notebook(tmp_path / "solutions" / "full.ipynb",
              ("import os\nassert 'RNN_COURSE_FAST' not in os.environ", []))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
         "--nbval-current-env", "-o", "addopts=", "solutions", "notebooks"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300)
    out = run.stdout
    assert "2 failed" in out and "6 passed" in out, out
    assert "silent_check.ipynb::Cell 1" in out and "should raise NameError or NotImplementedError" in out
    assert "broken_lesson.ipynb::Cell 0" in out
