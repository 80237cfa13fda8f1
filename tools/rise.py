"""RISE (jupyterlab-rise) for presenting live: the course's settings, and what they cannot fix.

    python -m tools.rise            # write the course's JupyterLab settings for RISE into .venv
    python -m tools.rise --check    # exit 1 if they are missing or out of date

Tested with JupyterLab 4.6.6 and jupyterlab-rise 0.43.1 (reveal.js 4.4.0 inside it). RISE runs as
its own small JupyterLab-like app at /rise/<notebook> (jupyterlab_rise/static, its source is in
the source map 3924.js.map: packages/application/lib/plugins/rise.js, "rise.js" below). It reads
the keyboard shortcuts from JupyterLab's settings, and its other options from the settings of
`jupyterlab-rise:plugin`, then from the notebook's `livereveal` and `rise` metadata (rise.js,
loadConfiguration). What issue 19 (item 5) found, and whose it is:

- `?` shows no key list (the course's to fix, here): jupyterlab-rise binds RISE:riseHelp to the
  key "?" (labextension schema plugin.json), which JupyterLab's key handling never produces: it
  names keys by key code, and `?` is "Shift /". On a real keyboard `?` therefore does nothing,
  and a `?` that arrives without Shift (some remote controls and remote desktops, browser
  automation) is the `/` key, reveal.js's black screen (reveal.esm.js: keyCode 191 ->
  togglePause). `overrides()` binds both "Shift /" and "/" to the key list, in the slideshow only.
- `T` mid-talk jumps back to the title slide (upstream): the notes window of reveal.js loads the
  slideshow twice more, as its current and next slide previews; each copy is a new RISE app that
  starts at notebook cell 0 (rise.js line 48: activeCellIndex from the address, else 0; line 583,
  setStartingSlide) instead of the slide in the address, and the preview reports that move to the
  notes window, which moves the slideshow there (reveal.js notes plugin: dispatchStateToMainWindow).
  No setting reaches this (rise.js passes only `inherited` options to reveal.js, line 755).
- every note twice in the notes window (upstream): RISE moves each whole `notes` cell into the
  slide's <aside class="notes"> (rise.js line 386), hidden editor included, and the notes plugin
  copies that HTML into its window, where JupyterLab's CSS does not hide the editor: the note's
  markdown source, then the note formatted.
- widgets do not render (upstream): the RISE app cannot load the ipywidgets 8 front end
  (@jupyter-widgets/jupyterlab-manager 5: "Shared module @jupyterlab/console doesn't exist in
  shared scope default", jupyterlab-rise issues #119 and #126), so a tqdm.auto bar or an
  ipywidget shows its one-line text form, live and in stored outputs.

INSTRUCTORS.md ("How to present") gives the workarounds; tests/test_rise.py checks all of this in
a real JupyterLab and Chromium.
"""

import argparse
import json
import os
import sys
from pathlib import Path

# The file this module owns in JupyterLab's settings folder. overrides.d/ holds one file per
# package and is read before a user's own overrides.json (jupyterlab_server, _get_overrides),
# so the course never overwrites a file it does not own.
OVERRIDES_FILE = Path("overrides.d") / "rnn-course-rise.json"

# Only inside the RISE slideshow, in command mode (the selector jupyterlab-rise uses for its keys).
IN_SLIDESHOW = ".lm-Widget.reveal .jp-mod-commandMode"

SHORTCUTS = [
    # `?` as a keyboard sends it, and as it arrives without Shift (otherwise the black screen).
    {"command": "RISE:riseHelp", "keys": ["Shift /"], "selector": IN_SLIDESHOW},
    {"command": "RISE:riseHelp", "keys": ["/"], "selector": IN_SLIDESHOW},
]

# Notebook-level RISE metadata the course sets: none. Nothing in issue 19 can be fixed there, and
# jupyterlab-rise merges a notebook's `livereveal`/`rise` metadata over the settings above.
NOTEBOOK_RISE = {}


def overrides():
    """The JupyterLab settings the course adds, as {plugin id: {setting: value}}."""
    return {"@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": SHORTCUTS}}


def settings_dir(prefix=None):
    """JupyterLab's application settings folder of an environment (default: this Python's).

    That is <app dir>/settings, the app dir being $JUPYTERLAB_DIR or <prefix>/share/jupyter/lab;
    both JupyterLab and the RISE app read their overrides from there.
    """
    if prefix is None and os.environ.get("JUPYTERLAB_DIR"):
        return Path(os.environ["JUPYTERLAB_DIR"]) / "settings"
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings"


def overrides_text():
    return json.dumps(overrides(), indent=2) + "\n"


def write_settings(directory=None, check=False):
    """Write the course's RISE settings into JupyterLab's settings folder `directory`.

    Returns True if the file was missing or different (and, unless `check`, now written);
    False if it was already up to date. Idempotent; touches no other file.
    """
    path = Path(directory or settings_dir()) / OVERRIDES_FILE
    text = overrides_text()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    if not check:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return True


def apply(nb):
    """Bring an nbformat notebook's notebook-level RISE metadata to the course's (in place).

    The course keeps its RISE settings in JupyterLab's settings (write_settings), the only place
    where keys can be set at all; a notebook's `livereveal` or `rise` metadata would override the
    other options per notebook, so the notebooks carry NOTEBOOK_RISE (nothing) and no
    `livereveal`. Returns True if anything changed. Idempotent.
    """
    metadata = nb.metadata
    changed = metadata.pop("livereveal", None) is not None
    if NOTEBOOK_RISE:
        if metadata.get("rise") != NOTEBOOK_RISE:
            metadata["rise"] = dict(NOTEBOOK_RISE)
            changed = True
    elif "rise" in metadata:
        del metadata["rise"]
        changed = True
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.rise", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if the settings are stale")
    parser.add_argument("--settings-dir", type=Path, default=None,
                        help="JupyterLab's application settings folder (default: this environment's)")
    args = parser.parse_args(argv)
    directory = args.settings_dir or settings_dir()
    stale = write_settings(directory, check=args.check)
    path = directory / OVERRIDES_FILE
    if args.check:
        print(f"{path}: {'out of date (python -m tools.rise)' if stale else 'up to date'}")
        return 1 if stale else 0
    print(f"{path}: {'written' if stale else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
