"""Learner notebooks from solution notebooks (the one-source scheme of CONTRIBUTING.md).

Solution code sits between `### BEGIN SOLUTION` and `### END SOLUTION`. In notebooks/ each
region becomes a stub: inside a function, `raise NotImplementedError` (it raises only when
the function is called); at the top level of a cell, `name = None` for every name the
region assigns or defines, so the cell runs. Exercise and check cells lose their outputs;
lesson cells keep theirs.

In-flow exercises (CONTRIBUTING.md): the check cell assigns what the check returns,
`rnn_step = check.rnn_step(rnn_step)`: the learner's answer when it passes, otherwise the
course's reference, so a learner notebook runs to the end and nothing in it raises (the
tests hold every check cell to this shape). `learner_version` is a pure function:
tools/sync.py writes the files.
"""

import ast
import copy
import re

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ('# YOUR CODE HERE\n'
        'raise NotImplementedError("Write your solution here, then run the check cell below.")')
VALUE_STUB = "# YOUR CODE HERE: replace None by your answer"
# A check cell of an in-flow exercise: `name = check.name(name)` (also `a, b = check.x(...)`).
FALLBACK_CHECK = re.compile(r"^[A-Za-z_]\w*(\s*,\s*[A-Za-z_]\w*)*\s*=\s*check\.\w+\(", re.M)

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
        if indent:
            return "\n".join(indent + line for line in STUB.splitlines())
        names = assigned_names(match.group(0))
        return "\n".join([VALUE_STUB] + [f"{name} = None" for name in names]) if names else VALUE_STUB

    return _REGION.sub(stub, source)


def assigned_names(code):
    """The names a top-level piece of code assigns or defines, in order of first appearance."""
    names = []
    for node in ast.parse(code).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            targets = [ast.Name(node.name)]
        elif isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        else:
            continue
        for target in targets:
            for leaf in ast.walk(target):
                if isinstance(leaf, ast.Name) and leaf.id not in names:
                    names.append(leaf.id)
    return names


def is_fallback_check(cell):
    return cell.cell_type == "code" and bool(FALLBACK_CHECK.search(cell.source))


def is_stub(cell):
    """An exercise cell of a learner notebook."""
    return cell.cell_type == "code" and "# YOUR CODE HERE" in cell.source


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
