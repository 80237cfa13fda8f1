"""What the check tests share: a learner's stub, and the two outcomes of a decorated check.

`check.NAME` (decorated with `@exercise(reference)`) is what a notebook calls: it returns
the learner's answer when it passes, otherwise the course's reference with a notice.
"""

from rnn_utils.checks import FALLBACK, PASSED


def stub(*args, **kwargs):
    # YOUR CODE HERE
    raise NotImplementedError("Write your solution here, then run the check cell below.")


def passes(check, answer, capsys, *args, **kwargs):
    """The decorated check returns the learner's answer and prints the success line."""
    assert check(answer, *args, **kwargs) is answer
    out = capsys.readouterr().out
    assert out.startswith(PASSED) and FALLBACK not in out
    return out


def falls_back(check, answer, capsys, *args, **kwargs):
    """The decorated check returns the course's reference and says so, without a traceback."""
    assert check(answer, *args, **kwargs) is check.reference
    out = capsys.readouterr().out
    assert FALLBACK in out and PASSED not in out and "Traceback" not in out
    return out


def goes_on_with_the_answer_or_the_reference(check, right, wrong, capsys):
    """What a notebook's check cell does: the learner's function when it is right; the
    reference for a stub, None (✏️ not written yet) or a wrong answer (❌ one sentence).
    Returns [(answer, what was printed)] for the three that fall back."""
    passes(check, right, capsys)
    printed = []
    for answer, first in [(stub, "✏️"), (None, "✏️"), (wrong, "❌")]:
        out = falls_back(check, answer, capsys)
        assert out.startswith(first), out
        printed.append((answer, out))
    return printed
