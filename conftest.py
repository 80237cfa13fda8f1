"""pytest hooks for the notebooks (nbval runs every cell of solutions/ and notebooks/).

- Learner notebooks (notebooks/) run in FAST mode: smaller data, fewer epochs, same code.
- In a learner notebook, an exercise cell may raise NotImplementedError (or only define
  the stub function), and its check cell must raise NotImplementedError (or NameError when
  the exercise cell stopped before defining the answer). nbval itself fails any other
  cell that raises. One execution serves both checks.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
ALLOWED = {"exercise": {None, "NotImplementedError"},
           "check": {"NotImplementedError", "NameError"}}


def _nbval_cell(item):
    return type(item).__name__ == "IPyNbCell"


def _learner(item):
    return Path(str(item.fspath)).resolve().parent == ROOT / "notebooks"


def _role(item):
    if "raises-exception" not in item.cell.metadata.get("tags", []):
        return None
    return "exercise" if "raise NotImplementedError" in item.cell.source else "check"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # The notebook's kernel starts in the setup of its first cell and inherits os.environ.
    if _nbval_cell(item):
        if _learner(item):
            os.environ["RNN_COURSE_FAST"] = "1"
        else:
            os.environ.pop("RNN_COURSE_FAST", None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.when != "call" or not report.passed or not _nbval_cell(item) or not _learner(item):
        return
    role = _role(item)
    if role is None:
        return
    errors = [o["ename"] for o in item.test_outputs or [] if o.get("output_type") == "error"]
    raised = errors[0] if errors else None
    if raised not in ALLOWED[role]:
        allowed = " or ".join(sorted(e or "nothing" for e in ALLOWED[role]))
        report.outcome = "failed"
        report.longrepr = (f"{item.name}: while unsolved, this {role} cell of a learner "
                           f"notebook should raise {allowed}, but it raised {raised or 'nothing'}.")
