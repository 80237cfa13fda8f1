"""rnn_utils.sorting is notebook 09's data code: notebook 10 trains and tests on 09's data.

The functions 09 teaches are read from 09's solution (its definitions, not its output) and
compared with rnn_utils.sorting on the same seed, so the two cannot drift apart silently.
"""

import ast

import nbformat
import numpy as np

from rnn_utils import sorting
from tools import catalogue

TAUGHT = ("random_sequences", "every_length", "as_text", "to_arrays", "exact_match", "padding_weights")


def _definitions_of_09():
    """The top-level functions and constants that 09's code cells define."""
    nb = nbformat.read(catalogue.SOLUTIONS / "09_encoder_decoder.ipynb", as_version=4)
    scope = {"np": np}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        keep = [node for node in tree.body if isinstance(node, ast.FunctionDef)
                or (isinstance(node, ast.Assign)
                    and all(isinstance(t, (ast.Name, ast.Tuple)) for t in node.targets)
                    and isinstance(node.value, (ast.Constant, ast.Tuple, ast.List, ast.BinOp)))]
        for node in keep:
            try:
                exec(compile(ast.Module([node], type_ignores=[]), "<09>", "exec"), scope)
            except NameError:
                pass  # a constant computed from something 09 defines elsewhere
    return scope


def test_09_defines_what_sorting_holds():
    scope = _definitions_of_09()
    for name in TAUGHT:
        assert name in scope, f"09 no longer defines {name}"
    for name in ("PAD", "START", "END", "FIRST_DIGIT", "TOKENS", "TRAIN_LENGTHS", "MAX_LENGTH"):
        assert scope[name] == getattr(sorting, name)


def test_same_data_as_09():
    scope = _definitions_of_09()
    rng = np.random.default_rng(42)
    train = scope["random_sequences"](50, 1, 8, rng)
    val = scope["random_sequences"](50 // 8, 1, 8, rng)
    sweep = scope["every_length"](3, 12, rng)
    test = scope["every_length"](3, 12, rng)
    assert [len(d) for d in sweep] == [length for length in range(1, 13) for _ in range(3)]
    ours = sorting.splits(42, 50, 3)
    for theirs, mine in zip((train, val, sweep, test), ours, strict=True):
        assert len(theirs) == len(mine)
        assert all(np.array_equal(a, b) for a, b in zip(theirs, mine, strict=True))
        for got, expected in zip(scope["to_arrays"](theirs, 12), sorting.to_arrays(mine, 12), strict=True):
            np.testing.assert_array_equal(got, expected)
    source = sorting.to_arrays(test, 12)[0]
    assert scope["as_text"](source[-1]) == sorting.as_text(source[-1])
    target = sorting.to_arrays(test, 12)[2]
    predicted = target.copy()
    predicted[::2, 0] = sorting.END
    np.testing.assert_array_equal(scope["exact_match"](predicted, target),
                                  sorting.exact_match(predicted, target))
    np.testing.assert_array_equal(scope["padding_weights"](target), sorting.padding_weights(target))
