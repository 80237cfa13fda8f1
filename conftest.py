"""pytest hooks for the notebooks (nbval runs every cell of solutions/ and notebooks/).

- Notebooks run in FAST mode (smaller data, fewer epochs, same code): the learner
  notebooks always, the solutions too unless RNN_COURSE_TEST_FULL=1 (`make test-full`).
- In-flow exercises (the check cell assigns what the check returns, `f = check.f(f)`):
  in a learner notebook nothing may raise, and each such check cell must print the
  fallback notice (the stub is unsolved, so the notebook goes on with the course's
  version); no other cell may print it. In a solution notebook every check cell must
  pass (print "✅ Correct:") and none may fall back; in FAST mode a prediction check may
  instead say that the measurement differs ("📏 ...", rnn_utils.checks.differs).
One execution serves all of these checks.
"""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
# `make test` runs the solutions in FAST mode too (the same code on less data: every check
# must pass there); `make test-full` (RNN_COURSE_TEST_FULL=1) runs them as `make execute` does.
FULL_SOLUTIONS = os.environ.get("RNN_COURSE_TEST_FULL") == "1"
# Kept in step with rnn_utils.checks (PASSED, MEASURED, FALLBACK) and tools.learner (FALLBACK_CHECK);
# written out here so that this file works in a scratch project too (tests/test_nbval_hooks.py).
PASSED = "✅ Correct:"
MEASURED = "📏"
FALLBACK = "the rest of this notebook uses the course's version"
FALLBACK_CHECK = re.compile(r"^[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s*=\s*check\.\w+\(", re.M)
ANY_CHECK = re.compile(r"^([A-Za-z_][\w, ]*=\s*)?check\.\w+\(", re.M)


def _nbval_cell(item):
    return type(item).__name__ == "IPyNbCell"


def _folder(item):
    return Path(str(item.fspath)).resolve().parent.name


def _learner(item):
    return _folder(item) == "notebooks"



def _printed(item):
    return "".join(o.get("text", "") for o in item.test_outputs or [] if o.get("output_type") == "stream")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # The notebook's kernel starts in the setup of its first cell and inherits os.environ.
    if _nbval_cell(item):
        if _learner(item) or not FULL_SOLUTIONS:
            os.environ["RNN_COURSE_FAST"] = "1"
        else:
            os.environ.pop("RNN_COURSE_FAST", None)


def _fail(report, item, message):
    report.outcome = "failed"
    report.longrepr = f"{item.name}: {message}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or not report.passed or not _nbval_cell(item):
        return
    source, printed = item.cell.source, _printed(item)
    if _folder(item) == "solutions":
        # On FAST data a prediction may miss the measurement (its check says so with
        # MEASURED and goes on with the prediction); in full it must pass.
        verdicts = (PASSED,) if FULL_SOLUTIONS else (PASSED, MEASURED)
        if ANY_CHECK.search(source) and (not any(v in printed for v in verdicts) or FALLBACK in printed):
            _fail(report, item, "in a solution notebook every check must pass, but this check "
                                f"cell printed:\n{printed.strip() or '(nothing)'}")
        return
    if not _learner(item):
        return
    if FALLBACK_CHECK.search(source):
        if FALLBACK not in printed:
            _fail(report, item, "while its exercise is unsolved, this check cell should say that "
                                "the notebook goes on with the course's version, but it printed:\n"
                                f"{printed.strip() or '(nothing)'}")
    elif FALLBACK in printed:
        _fail(report, item, "only the check cell of an unsolved exercise may print the fallback "
                            "notice, but this cell did.")
