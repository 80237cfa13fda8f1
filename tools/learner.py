"""Learner notebooks from solution notebooks (the one-source scheme of CONTRIBUTING.md).

Solution code sits between `### BEGIN SOLUTION` and `### END SOLUTION`; in notebooks/ each
region becomes a stub that raises NotImplementedError, and the exercise cell and the check
cell after it get the `raises-exception` tag and lose their outputs. Lesson cells keep
their outputs. `learner_version` is a pure function: tools/sync.py writes the files.
"""

import copy
import re

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ('# YOUR CODE HERE\n'
        'raise NotImplementedError("Write your solution here, then run the check cell below.")')
RAISES = "raises-exception"

_REGION = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[^\n]*\n.*?^[ \t]*{re.escape(END)}[^\n]*$",
                     re.S | re.M)


def is_exercise(cell):
    return cell.cell_type == "code" and BEGIN in cell.source


def stub_source(source):
    """Replace every solution region by an indented stub."""
    if source.count(BEGIN) != source.count(END):
        raise ValueError("unbalanced BEGIN/END SOLUTION markers:\n" + source)

    def stub(match):
        indent = match.group(1)
        return "\n".join(indent + line for line in STUB.splitlines())

    return _REGION.sub(stub, source)


def is_stub(cell):
    """An exercise cell of a learner notebook."""
    return (cell.cell_type == "code" and RAISES in cell.metadata.get("tags", [])
            and "raise NotImplementedError" in cell.source)


def exercise_pairs(nb, is_exercise_cell=is_exercise):
    """[(exercise cell index, check cell index)]: the check is the next code cell."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if is_exercise_cell(cell):
            following = [j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"]
            pairs.append((i, following[0] if following else None))
    return pairs


def _clear(cell):
    cell.outputs = []
    cell.execution_count = None
    tags = cell.metadata.setdefault("tags", [])
    if RAISES not in tags:
        tags.append(RAISES)


def learner_version(nb, name):
    """The learner notebook made from a solution notebook (a new object)."""
    nb = copy.deepcopy(nb)
    for exercise, check in exercise_pairs(nb):
        nb.cells[exercise].source = stub_source(nb.cells[exercise].source)
        _clear(nb.cells[exercise])
        if check is not None:
            _clear(nb.cells[check])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(f"/solutions/{name}", f"/notebooks/{name}")
    return nb
