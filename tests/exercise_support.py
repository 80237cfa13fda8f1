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
