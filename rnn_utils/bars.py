"""Progress bars for long loops that read well live, in stored outputs and on slides.

    from rnn_utils import progress

    for step in progress(range(steps), desc="training"):
        ...
    bar = progress(total=n, desc="training", unit="step")   # or drive it by hand:
    bar.update(1); bar.set_postfix(loss="0.42"); bar.close()

`progress` takes tqdm's arguments and returns a tqdm bar (`tqdm.std`: text, no widget).
Where it draws depends on who is watching (`live()`):

- live, in a Jupyter kernel (JupyterLab, RISE, Colab, VS Code): tqdm's text bar in one
  plain-text output that is redrawn in place (a display updated by its id). The learner
  sees it move; RISE shows it like any output (widgets do not render there). Should a
  script store such a run anyway, what it stores is the bar's last state, never "0%".
- live, in a terminal: tqdm's usual bar on stdout.
- not live (`make execute` sets RNN_COURSE_RECORD=1; pytest/nbval; output to a file or
  pipe): nothing while the loop runs, then one line on stdout when the bar closes, the
  bar as a learner last saw it: `training: 100%|██████████| 12/12 [00:51<00:00, 4.27s/it]`.
  A loop that stops early says where (`37%| ... | 2960/8000`). With `leave=False` the bar
  leaves nothing behind, live or not.

RNN_COURSE_PROGRESS=live or =final forces one way (e.g. for a run by another script).
"""

import os
import sys

from tqdm import std

__all__ = ["progress", "live", "Progress", "MODE_ENV"]

MODE_ENV = "RNN_COURSE_PROGRESS"
RECORD_ENV = "RNN_COURSE_RECORD"  # set by `make execute` (tools/runner.py)


def _set(name):
    return os.environ.get(name, "") not in ("", "0")


def _kernel_shell():
    """The IPython shell of a Jupyter kernel, or None (plain Python, terminal IPython)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell if getattr(shell, "kernel", None) is not None else None


def live():
    """True when a person watches the output as it is made (a bar should move).

    False for scripted runs: RNN_COURSE_RECORD (`make execute`), pytest (nbval runs the
    notebooks under it; the kernel inherits PYTEST_CURRENT_TEST), and, outside a Jupyter
    kernel, output that is not a terminal. RNN_COURSE_PROGRESS=live/final overrides.
    """
    forced = os.environ.get(MODE_ENV, "").strip().lower()
    if forced in ("live", "final"):
        return forced == "live"
    if _set(RECORD_ENV) or "PYTEST_CURRENT_TEST" in os.environ:
        return False
    if _kernel_shell() is not None:
        return True
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


class _Sink:
    """Where tqdm writes when the bar is drawn elsewhere (or only at the end)."""

    encoding = "utf-8"  # tqdm draws its Unicode bar for a stream that can hold it

    def write(self, text):
        return len(text)

    def flush(self):
        pass


class Progress(std.tqdm):
    """tqdm's text bar, drawn live in place or written once when it closes (see module)."""

    monitor_interval = 0  # no tqdm monitor thread: every redraw comes from the loop itself

    def __init__(self, *args, **kwargs):
        self._live = live()
        self._handle = None
        self._out = kwargs.pop("file", None) or sys.stdout
        in_kernel = _kernel_shell() is not None and self._out is sys.stdout
        self._in_place = self._live and in_kernel
        terminal = self._live and not in_kernel
        super().__init__(*args, file=self._out if terminal else _Sink(), **kwargs)

    def display(self, msg=None, pos=None):
        if self._in_place:
            text = self.__str__() if msg is None else msg
            from IPython.display import display

            if self._handle is None:
                self._handle = display({"text/plain": text}, raw=True, display_id=True)
            else:
                self._handle.update({"text/plain": text}, raw=True)
            return True
        if self._live:
            return super().display(msg=msg, pos=pos)
        return True  # not live: nothing until close()

    def close(self):
        if self.disable:  # already closed, or disabled from the start
            return
        leave = self.pos == 0 if self.leave is None else self.leave
        line = None
        if not self._live and leave:
            self._ema_dt = lambda: None  # the overall rate, as tqdm shows on close
            line = self.__str__()
        super().close()
        if line is not None:
            self._out.write(line.rstrip() + "\n")
            self._out.flush()


def progress(iterable=None, desc=None, total=None, **kwargs):
    """A progress bar over `iterable` (or driven by `update`), like `tqdm.tqdm`.

    Takes tqdm's arguments (`desc`, `total`, `unit`, `leave`, `disable`, `mininterval`,
    ...) and returns the bar. Live, it moves; in a stored output (`make execute`) it is
    one final line with the count and the time. See the module's docstring.
    """
    return Progress(iterable, desc=desc, total=total, **kwargs)
