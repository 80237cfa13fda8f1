"""The one-source scheme: learner notebooks are generated from solutions/ and match them."""

import course
import lint
import nbformat
import pytest


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _code(source, outputs=True):
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    if outputs:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="out\n")]
    return cell


def test_stub_keeps_indentation_and_code_around_regions():
    source = ("def f(x):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n    return x + 1\n"
              "    ### END SOLUTION\n\ny = 2\n### BEGIN SOLUTION\nz = 3\n### END SOLUTION")
    stub = course.stub_source(source)
    assert "return x + 1" not in stub and "z = 3" not in stub
    assert "    # YOUR CODE HERE\n    raise NotImplementedError(" in stub
    assert stub.count("raise NotImplementedError") == 2
    assert "def f(x):" in stub and "y = 2" in stub
    compile(stub, "<stub>", "exec")


def test_unbalanced_markers_are_an_error():
    with pytest.raises(ValueError, match="unbalanced"):
        course.stub_source("### BEGIN SOLUTION\nx = 1\n")


def test_learner_version_clears_exercise_and_check_keeps_lessons():
    badge = "[b](https://colab.research.google.com/github/o/r/blob/main/solutions/01_x.ipynb)"
    nb = _nb(nbformat.v4.new_markdown_cell(badge), _code("lesson = 1"),
             _code("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION"),
             nbformat.v4.new_markdown_cell("between"), _code("check.answer(answer)"),
             _code("after = 2"))
    learner = course.learner_version(nb, "01_x")
    lesson, exercise, check, after = (learner.cells[i] for i in (1, 2, 4, 5))
    assert lesson.outputs and after.outputs and "raises-exception" not in lesson.metadata.get("tags", [])
    for cell in (exercise, check):
        assert cell.outputs == [] and cell.execution_count is None
        assert "raises-exception" in cell.metadata.tags
    assert "/notebooks/01_x.ipynb" in learner.cells[0].source
    assert "answer = 1" in nb.cells[2].source, "the solution notebook itself is unchanged"


def test_learner_notebooks_are_up_to_date():
    stale = course.generate(check=True)
    assert stale == [], f"run `make notebooks`: {stale}"


def test_every_solution_has_a_learner_notebook():
    solutions = {p.name for p in course.SOLUTIONS.glob("*.ipynb")}
    assert solutions, "no solution notebooks found"
    assert solutions == {p.name for p in course.NOTEBOOKS.glob("*.ipynb")}


def test_stamp_run_time():
    nb = _nb(nbformat.v4.new_markdown_cell("x <!-- run-time -->old<!-- /run-time --> y"))
    course.stamp_run_time(nb, 93.4)
    assert "**Run time:** 93 s on a" in nb.cells[0].source and nb.cells[0].source.endswith(" y")


NOTEBOOK_PATHS = sorted(course.SOLUTIONS.glob("*.ipynb")) + sorted(course.NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_lint(path):
    problems = lint.lint(path)
    assert not problems, "\n".join(problems)


def test_lint_catches_missing_notes_and_slide_types(tmp_path):
    nb = _nb(nbformat.v4.new_markdown_cell("# 01 · T"), _code("x = 1"))
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    path = tmp_path / "solutions" / "01_t.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    problems = "\n".join(lint.lint(path))
    for expected in ("speaker-notes", "set a slide type", "Colab badge", "learning objectives",
                     "rnn_utils.setup", "2 to 4 exercises", "Recap", "rnn_utils.finish"):
        assert expected in problems
