"""The exercise pattern (CONTRIBUTING.md, "Exercises: in the flow, with a fallback").

conftest.py holds the run-time half (nothing raises in a learner notebook, the fallback
notice exactly at unsolved checks, every check passes in a solution). This file holds
what can be read from the notebooks without running them.
"""

import importlib
import re
from types import SimpleNamespace

import nbformat
import pytest

from rnn_utils.checks import exercise as exercise_decorator
from tools import catalogue, learner

SOLUTIONS = catalogue.solution_paths()
REGION = re.compile(r"### BEGIN SOLUTION[^\n]*\n(.*?)^[ \t]*### END SOLUTION", re.S | re.M)


def _normalised(line):
    return re.sub(r"\s+", " ", line.strip())


def _answer_lines(source):
    """The non-blank, non-comment lines of every solution region of a cell."""
    return [_normalised(line) for region in REGION.findall(source) for line in region.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def shown_before(nb, name):
    """[(cell index, fraction)] of exercises whose answer mostly appears in an earlier cell
    of the learner notebook made from `nb`."""
    version = learner.learner_version(nb, name)
    found = []
    for exercise, _ in learner.exercise_pairs(nb):
        answer = _answer_lines(nb.cells[exercise].source)
        earlier = {_normalised(line) for cell in version.cells[:exercise]
                   for line in cell.source.splitlines()}
        shown = sum(line in earlier for line in answer)
        if answer and shown * 2 > len(answer):
            found.append((exercise, shown / len(answer)))
    return found


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_no_exercise_is_answered_before_it_is_asked(path):
    shown = shown_before(catalogue.read(path), path.stem)
    assert not shown, "\n".join(f"{path.name} cell {i}: {fraction:.0%} of the answer's lines appear in an "
                                "earlier cell of the learner notebook" for i, fraction in shown)


def test_the_answer_check_sees_a_copied_answer():
    def code(source):
        return nbformat.v4.new_code_cell(source)
    answer = "def f(x):\n    ### BEGIN SOLUTION\n    y = x * 2\n    return y + 1\n    ### END SOLUTION"
    shown_early = nbformat.v4.new_notebook(cells=[code("y = x * 2\nreturn y + 1"), code(answer)])
    rewritten = nbformat.v4.new_notebook(cells=[code("z = 2 * x"), code(answer)])
    assert shown_before(shown_early, "99_x") == [(1, 1.0)]
    assert shown_before(rewritten, "99_x") == []


IN_FLOW = re.compile(r"^(\w+) = check\.(\w+)\(\s*(\w+)\s*[,)]")


def not_in_flow(nb, module):
    """[(cell index, why)] of check cells that do not follow the in-flow pattern: the check
    cell assigns what a decorated check returns to the name it checks, `f = check.f(f)`."""
    found = []
    for exercise, check_cell in learner.exercise_pairs(nb):
        source = nb.cells[check_cell].source.strip() if check_cell is not None else ""
        match = IN_FLOW.match(source)
        if not match or match[1] != match[3]:
            found.append((exercise, f"the check cell should read `name = check.<check>(name, ...)`, "
                                    f"not {source.splitlines()[0] if source else 'nothing'!r}"))
        elif not hasattr(getattr(module, match[2], None), "reference"):
            found.append((exercise, f"check.{match[2]} should be decorated with @exercise(reference)"))
    return found


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_exercise_is_in_flow(path):
    module = importlib.import_module(f"rnn_utils.checks.notebook{path.stem[:2]}")
    found = not_in_flow(catalogue.read(path), module)
    assert not found, "\n".join(f"{path.name} cell {i}: {why}" for i, why in found)


def test_the_in_flow_rule_sees_an_old_style_check():
    def code(source):
        return nbformat.v4.new_code_cell(source)
    exercise = "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"
    checks = SimpleNamespace(f=exercise_decorator(lambda x: x)(lambda answer: None),
                             g=lambda answer: None)
    in_flow = nbformat.v4.new_notebook(cells=[code(exercise), code("f = check.f(f)")])
    old_style = nbformat.v4.new_notebook(cells=[code(exercise), code("check.f(f)")])
    undecorated = nbformat.v4.new_notebook(cells=[code(exercise), code("f = check.g(f)")])
    assert not_in_flow(in_flow, checks) == []
    assert "should read" in not_in_flow(old_style, checks)[0][1]
    assert "decorated" in not_in_flow(undecorated, checks)[0][1]
