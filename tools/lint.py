"""Notebook lint: the anatomy every course notebook follows (CONTRIBUTING.md).

    python -m tools lint [NOTEBOOK...]     # default: solutions/ and notebooks/ (`make lint`)

Each problem names the notebook, the cell index and what to do.
"""

import re
from pathlib import Path
from types import SimpleNamespace

from . import catalogue
from .learner import exercise_pairs, is_exercise, is_fallback_check, is_stub

SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
TF_NOISE = re.compile(r"oneDNN|TF_ENABLE_ONEDNN_OPTS|cuda|absl::|WARNING: All log messages|"
                      r"^[IWE]\d{4} \d\d:\d\d|tensorflow/core|computation placer", re.M | re.I)
REQUIRED_TEXT = {
    "a title (# NN · Topic)": re.compile(r"^# \d\d · ", re.M),
    "learning objectives (**You will learn to**)": re.compile(r"\*\*You will learn to\*\*"),
    "an estimated time (**Estimated time:**)": re.compile(r"\*\*Estimated time:\*\*"),
    "a run-time marker (<!-- run-time -->)": re.compile(r"<!-- run-time -->"),
}


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type")


def lint(path):
    path = Path(path)
    nb = catalogue.read(path)
    learner = path.parent.name == catalogue.NOTEBOOKS.name
    problems = []

    def problem(index, message):
        problems.append(f"{path.parent.name}/{path.name} cell {index}: {message}")

    cells = nb.cells
    title = cells[0].source if cells and cells[0].cell_type == "markdown" else ""
    for what, pattern in REQUIRED_TEXT.items():
        if not pattern.search(title):
            problem(0, f"the first cell (markdown) needs {what}.")
    folder = "notebooks" if learner else "solutions"
    badge = catalogue.colab_url(folder, path.name)
    if badge not in title:
        problem(0, f"add the Colab badge linking to {badge} (`make sync` writes its address).")

    setup = [i for i, c in enumerate(cells) if c.cell_type == "code" and "rnn_utils.setup(" in c.source]
    if not setup or setup[0] > 3:
        problem(0, "a setup cell calling rnn_utils.setup(...) must come within the first 4 cells.")
    elif slide_type(cells[setup[0]]) != "skip" or catalogue.clone_url() not in cells[setup[0]].source:
        problem(setup[0], "the setup cell must be a 'skip' slide and clone the course in Colab.")

    for i, cell in enumerate(cells):
        if slide_type(cell) not in SLIDE_TYPES:
            problem(i, "set a slide type (View > Property Inspector > Slide Type).")
    starts = [i for i, c in enumerate(cells) if slide_type(c) in ("slide", "subslide")]
    for start, end in zip(starts, starts[1:] + [len(cells)], strict=True):
        if not any(slide_type(c) == "notes" for c in cells[start:end]):
            problem(start, "this slide has no speaker-notes cell (a markdown cell, slide type 'notes').")
    for i, cell in enumerate(cells):
        if slide_type(cell) == "notes" and cell.cell_type != "markdown":
            problem(i, "speaker notes must be a markdown cell.")

    pairs = exercise_pairs(nb, is_stub if learner else is_exercise)
    if not 2 <= len(pairs) <= 6:
        problem(0, f"a notebook has 2 to 6 exercises; found {len(pairs)}.")
    for exercise, check in pairs:
        if check is None or not is_fallback_check(cells[check]):
            problem(exercise, "an exercise cell must be followed by its check cell, "
                              "`name = check.name(name)` (an in-flow exercise, CONTRIBUTING.md).")
    if not any(c.cell_type == "markdown" and re.search(r"^## Recap", c.source, re.M) for c in cells):
        problem(len(cells) - 1, "add a '## Recap' slide near the end.")
    if not any("rnn_utils.finish()" in c.source for c in cells[-2:]):
        problem(len(cells) - 1, "end with a cell calling rnn_utils.finish() (records the run time).")

    problems += _lint_outputs(path, cells, learner)
    return problems


def _lint_outputs(path, cells, learner):
    problems = []
    where = f"{path.parent.name}/{path.name}"
    expected_count = 1
    cleared = set()
    if learner:  # exercise and check cells of a learner notebook carry no outputs
        for exercise, check in exercise_pairs(SimpleNamespace(cells=cells), is_stub):
            cleared |= {exercise, check}
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        if learner and i in cleared:
            if cell.outputs or cell.execution_count is not None:
                problems.append(f"{where} cell {i}: exercise and check cells must have no outputs "
                                "in learner notebooks (run `make notebooks`).")
            expected_count += 1
            continue
        if cell.execution_count != expected_count:
            problems.append(f"{where} cell {i}: execution count {cell.execution_count}, expected "
                            f"{expected_count}: stored outputs must come from one top-to-bottom "
                            "run (`make execute`).")
            expected_count = (cell.execution_count or expected_count) + 1
        else:
            expected_count += 1
        for output in cell.outputs:
            if output.output_type == "error":
                problems.append(f"{where} cell {i}: stored output is an error ({output.ename}).")
            text = output.get("text", "")
            if TF_NOISE.search(text):
                problems.append(f"{where} cell {i}: TensorFlow log noise in the output; "
                                "call rnn_utils.setup() before importing keras/tensorflow.")
    return problems


def notebook_paths():
    """Every solution notebook and its learner notebook."""
    solutions = catalogue.solution_paths()
    return solutions + [catalogue.NOTEBOOKS / p.name for p in solutions]


def main(paths):
    paths = [Path(p) for p in paths] or notebook_paths()
    problems = [p for path in paths for p in lint(path)]
    print("\n".join(problems) or f"{len(paths)} notebook(s): no problems")
    return 1 if problems else 0

