"""The exercise pattern (CONTRIBUTING.md, "Exercises: in the flow, with a fallback").

conftest.py holds the run-time half (nothing raises in a learner notebook, the fallback
notice exactly at unsolved checks, every check passes in a solution). This file holds
what can be read from the notebooks without running them.
"""

import re

import nbformat
import pytest

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
