"""rnn_utils.progress: a moving bar for a person, one final line in stored outputs."""

import io
import re
import time

import pytest

from rnn_utils import bars, progress

FINAL = re.compile(r"^(?P<desc>[^:]*): +(?P<pct>\d+)%\|[^|]*\| (?P<n>\d+)/(?P<total>\d+) "
                   r"\[(?P<elapsed>\d\d:\d\d)<[^\]]*\]$")


@pytest.fixture
def scripted(monkeypatch):
    """A run by a script (what `make execute` does), whatever the test runner sets."""
    monkeypatch.delenv(bars.MODE_ENV, raising=False)
    monkeypatch.setenv("RNN_COURSE_RECORD", "1")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_who_is_watching(monkeypatch):
    for name in (bars.MODE_ENV, "RNN_COURSE_RECORD", "PYTEST_CURRENT_TEST"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.stdout", Terminal())
    assert bars.live()                                   # a person at a terminal
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert not bars.live()                               # output to a file or a pipe
    monkeypatch.setattr(bars, "_kernel_shell", lambda: object())
    assert bars.live()                                   # a Jupyter kernel: JupyterLab, Colab
    monkeypatch.setenv("RNN_COURSE_RECORD", "1")
    assert not bars.live()                               # make execute
    monkeypatch.setenv("RNN_COURSE_RECORD", "0")
    assert bars.live()
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/x.py::y (call)")
    assert not bars.live()                               # nbval (the kernel inherits it)
    monkeypatch.setenv(bars.MODE_ENV, "live")
    assert bars.live()
    monkeypatch.setenv(bars.MODE_ENV, "final")
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    assert not bars.live()


def test_stored_output_is_one_final_line(scripted, capsys):
    total = 0
    for i in progress(range(300), desc="training on Alice"):
        total += i
        time.sleep(0.0005)  # long enough for a live bar to redraw several times
    out, err = capsys.readouterr()
    assert total == sum(range(300)) and err == ""
    assert "0%|" not in out.replace("100%|", "") and "\r" not in out
    assert out.count("\n") == 1 and out.endswith("\n")
    line = FINAL.match(out.rstrip("\n"))
    assert line, out
    assert line["desc"] == "training on Alice" and line["pct"] == "100"
    assert line["n"] == line["total"] == "300"
    assert out.rstrip().endswith("it/s]") or out.rstrip().endswith("s/it]")


def test_stored_output_of_a_bar_driven_by_hand(scripted, capsys):
    bar = progress(total=40, desc="training", unit="step", mininterval=2)
    for i in range(40):
        bar.set_postfix(loss=f"{1 / (i + 1):.3f}", refresh=False)
        bar.update(1)
    assert capsys.readouterr().out == ""                 # nothing while the loop runs
    bar.close()
    bar.close()                                          # closing twice writes once
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert re.search(r"\| 40/40 \[\d\d:\d\d<00:00, .*step.*, loss=0\.025\]\n$", out), out


def test_a_loop_that_stops_early_says_where(scripted, capsys):
    for step in progress(range(1, 101), desc="training"):
        if step == 38:
            break  # e.g. the loss diverged: 37 steps done
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "| 37/100 [" in out and " 37%|" in out


def test_leave_false_and_disable_leave_nothing(scripted, capsys):
    assert list(progress(range(5), desc="word_tagger", leave=False)) == list(range(5))
    assert list(progress(range(5), desc=None, disable=True)) == list(range(5))
    assert capsys.readouterr().out == ""


def test_live_terminal_bar_moves(monkeypatch):
    monkeypatch.setenv(bars.MODE_ENV, "live")
    screen = Terminal()
    for _ in progress(range(50), desc="training", file=screen, mininterval=0, miniters=1):
        pass
    drawn = screen.getvalue()
    assert drawn.count("\r") > 10                        # redrawn in place as it runs
    assert " 0%|" in drawn and "50/50" in drawn.rsplit("\r", 1)[-1]


def test_live_in_a_kernel_redraws_one_text_output(monkeypatch):
    """Live in Jupyter: one plain-text display updated in place (no widget, no stream)."""
    shown = []

    class Handle:
        def update(self, data, raw):
            shown.append(("update", data))

    def display(data, raw, display_id):
        shown.append(("display", data))
        return Handle()

    monkeypatch.setenv(bars.MODE_ENV, "live")
    monkeypatch.setattr(bars, "_kernel_shell", lambda: object())
    monkeypatch.setattr("IPython.display.display", display)
    for _ in progress(range(30), desc="training", mininterval=0, miniters=1):
        pass
    assert [kind for kind, _ in shown].count("display") == 1 and len(shown) > 10
    assert all(set(data) == {"text/plain"} for _, data in shown)
    assert shown[0][1]["text/plain"].startswith("training:   0%|")
    assert FINAL.match(shown[-1][1]["text/plain"])["n"] == "30"


def test_stored_outputs_of_a_scripted_kernel_run(monkeypatch, tmp_path):
    """End to end in a real kernel (a two-cell notebook, not a course notebook): what nbclient
    stores for a recorded run, and for a run that no variable marks as scripted."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    loop = ("import os, time\nos.environ['RNN_COURSE_PROGRESS'] = {mode!r}\n"
            "from rnn_utils import progress\n"
            "for _ in progress(range(200), desc={mode!r}, mininterval=0, miniters=1):\n"
            "    time.sleep(0.001)\nprint('done')")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(loop.format(mode=mode))
                                         for mode in ("final", "live")])
    nbclient.NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    recorded, unmarked = ([(o.output_type, o.get("text") or o.data["text/plain"]) for o in c.outputs]
                          for c in nb.cells)
    # recorded: one stdout line with the final count, then the cell's own print
    text = "".join(t for kind, t in recorded)
    assert {kind for kind, _ in recorded} == {"stream"} and "\r" not in text
    assert FINAL.match(text.splitlines()[0])["n"] == "200" and text.splitlines()[1:] == ["done"]
    # unmarked (a live bar under a script): the stored display holds the bar's last state
    (kind, bar), (_, done) = unmarked
    assert kind == "display_data" and done == "done\n"
    assert FINAL.match(bar)["n"] == "200" and "0%|" not in bar.replace("100%|", "")
