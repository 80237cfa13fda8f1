"""RISE in JupyterLab (INSTRUCTORS.md, "How to present"; issue 19, item 5), in a real browser.

One JupyterLab from this environment on 127.0.0.1 (a free port, a token, temporary config,
settings, data and runtime folders, the course's RISE settings from tools/rise.py), serving a
temporary copy of notebook 01. Headless Chromium opens it, starts RISE with Alt+R as an
instructor does, and checks the keys and the speaker notes. Every request that leaves 127.0.0.1
is blocked. Tested with JupyterLab 4.6.6 and jupyterlab-rise 0.43.1.

Three of the four defects are upstream (tools/rise.py explains each): for those the test asserts
the behaviour INSTRUCTORS.md documents, so that a jupyterlab-rise that fixes them fails here and
the workarounds get removed from INSTRUCTORS.md. Skips where Chromium, playwright or
jupyterlab-rise is missing.
"""

import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from tools import catalogue, rise

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NOTEBOOK = "01_sequences_and_notation.ipynb"
SERVER_START_S = 45
# Waits for a RISE app to load (a few seconds on a quiet 2-core machine; generous for a busy one).
LOADING_MS = 45_000

# The slide reveal.js shows: "slide-H-V" (RISE's section ids), then how many fragments are shown.
CURRENT = """() => {
  const shown = [...document.querySelectorAll('.reveal .slides section.present')].pop();
  return shown ? `${shown.id}/${shown.querySelectorAll('.fragment.visible').length}` : '';
}"""
FOCUS = "() => document.querySelector('.jp-Notebook').focus()"   # what a click on the slide does
NOTES = "() => (document.querySelector('.speaker-controls-notes .value') || {}).innerText || ''"


# --------------------------------------------------------------------------- without a browser

def test_apply_is_idempotent_and_keeps_notebooks_free_of_rise_metadata():
    nb = catalogue.read(catalogue.SOLUTIONS / NOTEBOOK)
    assert rise.apply(nb) is False                      # the course's notebooks are already right
    nb.metadata["rise"] = {"autolaunch": True}
    nb.metadata["livereveal"] = {}
    assert rise.apply(nb) is True
    assert "rise" not in nb.metadata and "livereveal" not in nb.metadata
    assert rise.apply(nb) is False


def test_write_settings_writes_one_file_once(tmp_path):
    assert rise.write_settings(tmp_path, check=True) is True and not any(tmp_path.iterdir())
    assert rise.write_settings(tmp_path) is True
    assert rise.write_settings(tmp_path) is False and rise.write_settings(tmp_path, check=True) is False
    written = json.loads((tmp_path / rise.OVERRIDES_FILE).read_text())
    keys = {tuple(s["keys"]) for s in written["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
            if s["command"] == "RISE:riseHelp"}
    assert keys == {("Shift /",), ("/",)}
    assert [p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()] == [rise.OVERRIDES_FILE]


# --------------------------------------------------------------------------- JupyterLab and Chromium

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url, timeout=2):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status


@pytest.fixture(scope="module")
def lab(tmp_path_factory, request):
    """`jupyter lab` from this environment, isolated in temporary folders; stopped at the end."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -r requirements.txt)")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    if importlib.util.find_spec("jupyterlab_rise") is None:
        pytest.skip("jupyterlab-rise is not installed (pip install -r requirements.txt)")

    tmp = tmp_path_factory.mktemp("rise")
    folders = {name: tmp / name for name in ("root", "config", "data", "runtime", "ipython",
                                             "user-settings", "workspaces", "app-settings")}
    for folder in folders.values():
        folder.mkdir()
    # No news or update checks: they would reach for the internet.
    (folders["config"] / "jupyter_server_config.json").write_text(json.dumps(
        {"LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}))
    rise.write_settings(folders["app-settings"])
    nb = catalogue.read(catalogue.SOLUTIONS / NOTEBOOK)
    rise.apply(nb)
    nbformat.write(nb, folders["root"] / NOTEBOOK)

    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(folders["config"]),
           "JUPYTER_DATA_DIR": str(folders["data"]), "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
           "IPYTHONDIR": str(folders["ipython"]),
           "JUPYTERLAB_SETTINGS_DIR": str(folders["user-settings"]),
           "JUPYTERLAB_WORKSPACES_DIR": str(folders["workspaces"])}
    env.pop("JUPYTERLAB_DIR", None)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={folders['root']}",
               # Both JupyterLab and the RISE app read their settings overrides from here.
               f"--LabApp.app_settings_dir={folders['app-settings']}",
               "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(tmp / "jupyter.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
    base = f"http://127.0.0.1:{port}"

    def stop():
        try:
            shutdown = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(shutdown, timeout=5).close()
        except OSError:
            pass
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=5)
        log.close()

    request.addfinalizer(stop)
    deadline = time.monotonic() + SERVER_START_S
    while True:
        if server.poll() is not None:
            pytest.fail(f"jupyter lab exited ({server.returncode}):\n"
                        + (tmp / "jupyter.log").read_text()[-3000:])
        try:
            if _get(f"{base}/api/status?token={token}") == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"jupyter lab did not answer within {SERVER_START_S} s:\n"
                        + (tmp / "jupyter.log").read_text()[-3000:])
        time.sleep(0.25)
    return {"base": base, "token": token, "notebook": nb}


@pytest.fixture(scope="module")
def context(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(20_000)
        local = lab["base"] + "/"

        def only_local(route):
            url = route.request.url
            if url.startswith(local) or url.startswith(("about:", "data:", "blob:")):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", only_local)
        yield context
        browser.close()


def _note_of_slide(nb, index):
    """A plain-text opening of the first speaker note of slide `index` (counting from 0)."""
    slide = -1
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        slide += kind == "slide"
        if slide == index and kind == "notes":
            opening = re.match(r"[\w ,.']{20,40}", cell.source)
            assert opening, f"the first note of slide {index} should start with plain words"
            return opening.group(0)
    raise AssertionError(f"no notes cell on slide {index}")


def _forward_to_slide(frame, index, presses=20):
    """Space, as the instructor does, until reveal.js shows slide `index`; every wait bounded."""
    for _ in range(presses):
        now = frame.evaluate(CURRENT)
        if now.startswith(f"slide-{index}-"):
            return now
        frame.evaluate(FOCUS)
        frame.page.keyboard.press("Space")
        frame.wait_for_function(f"() => ({CURRENT})() !== {json.dumps(now)}", timeout=10_000)
    raise AssertionError(f"slide {index} not reached with {presses} presses of Space: {now}")


def _settle(notes_window, frame, quiet_s=2.0, timeout_s=LOADING_MS / 1000):
    """Wait until the notes window's slide previews have started and the slideshow stays put."""
    deadline = time.monotonic() + timeout_s
    previews = []
    while len(previews) < 2:
        previews = [f for f in notes_window.frames if "/rise/" in f.url]
        assert time.monotonic() < deadline, "the notes window shows no slide previews"
        notes_window.wait_for_timeout(250)
    for preview in previews:   # RISE hides its buttons 2 s after its start, as above
        preview.wait_for_function("() => (document.querySelector('#help-b') || {style: {}})"
                                  ".style.visibility === 'hidden'",
                                  timeout=max(1000, 1000 * (deadline - time.monotonic())))
    shown, since = frame.evaluate(CURRENT), time.monotonic()
    while time.monotonic() - since < quiet_s:
        assert time.monotonic() < deadline, f"the slideshow does not settle: {shown}"
        frame.page.wait_for_timeout(200)
        now = frame.evaluate(CURRENT)
        if now != shown:
            shown, since = now, time.monotonic()


def _outcome(frame):
    """What a key did in the slideshow: the key list (a dialog), a black screen, or nothing."""
    from playwright.sync_api import TimeoutError

    try:
        frame.wait_for_function("() => document.querySelector('.jp-Dialog, .reveal.paused')",
                                timeout=5000)
    except TimeoutError:
        return "nothing"
    return "the key list" if frame.query_selector(".jp-Dialog") else "a black screen"


def test_rise_keys_and_speaker_notes(lab, context):
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{lab['base']}/lab/tree/{NOTEBOOK}?token={lab['token']}", timeout=45_000)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=45_000)
    page.locator(".jp-Notebook .jp-Cell").first.click()            # select the title cell
    page.keyboard.press("Escape")                                   # command mode
    page.keyboard.press("Alt+KeyR")                                 # RISE, beside the notebook

    frame = page.wait_for_selector("iframe[src*='/rise/']", timeout=20_000).content_frame()
    frame.wait_for_selector(".reveal.ready .slides section.present", timeout=LOADING_MS)
    # RISE hides its buttons 2 s after the start: from then on it is settled.
    frame.wait_for_function("() => (document.querySelector('#help-b') || {style: {}})"
                            ".style.visibility === 'hidden'", timeout=10_000)
    assert frame.evaluate(CURRENT).startswith("slide-0-0"), "RISE should start on the title slide"

    # (c) `?` lists the keys. Ours, fixed by tools/rise.py's shortcuts: without them a keyboard's
    # `?` (Shift+/) does nothing, and a `?` that arrives without Shift (playwright's "?") blacks
    # the screen (reveal.js's pause on the / key).
    for key in ("Shift+Slash", "?"):
        frame.evaluate(FOCUS)
        page.keyboard.press(key)
        outcome = _outcome(frame)
        assert outcome == "the key list", (f"{key} gave {outcome} instead of the key list: are the "
                                           "course's RISE settings written (python -m tools.rise)?")
        assert "open speaker notes window" in frame.inner_text(".jp-Dialog")
        page.keyboard.press("Escape")
        frame.wait_for_selector(".jp-Dialog", state="detached", timeout=5000)

    # Mid-talk: two slides on, open the speaker notes with T.
    _forward_to_slide(frame, 2)
    frame.evaluate(FOCUS)
    with context.expect_page(timeout=10_000) as opened:
        page.keyboard.press("t")
    notes_window = opened.value
    # The notes appear once the window's slide previews (two more RISE apps) have started.
    notes_window.wait_for_function(f"() => ({NOTES})().length > 0", timeout=LOADING_MS)

    # (a) UPSTREAM (jupyterlab-rise 0.43.1), documented in INSTRUCTORS.md: once the notes window
    # has loaded its slide previews, the slideshow jumps back to the title slide (and, depending
    # on timing, a moment later back again).
    frame.wait_for_function(f"() => ({CURRENT})().startsWith('slide-0-0')", timeout=LOADING_MS)
    _settle(notes_window, frame)

    # The documented workaround: with the notes window open, the slideshow keeps its place.
    if not frame.evaluate(CURRENT).startswith("slide-0-0"):
        frame.evaluate(FOCUS)
        page.keyboard.press("Home")
        frame.wait_for_function(f"() => ({CURRENT})().startsWith('slide-0-0')", timeout=5000)
    assert _forward_to_slide(frame, 2).startswith("slide-2-0/")
    note = _note_of_slide(lab["notebook"], 2)
    try:
        notes_window.wait_for_function(f"() => ({NOTES})().includes({json.dumps(note)})",
                                       timeout=10_000)
    except Exception:
        raise AssertionError(f"the notes window does not show slide 2's note; slideshow at "
                             f"{frame.evaluate(CURRENT)}, notes: {notes_window.evaluate(NOTES)[:200]!r}"
                             ) from None
    page.wait_for_timeout(3000)
    assert frame.evaluate(CURRENT).startswith("slide-2-"), "the slide index was reset"

    # (b) UPSTREAM, documented: every note shows twice in the notes window, as its markdown source
    # (RISE's hidden cell editor) and formatted.
    text = notes_window.evaluate(NOTES)
    assert text.count(note) == 2, text[:500]
    assert notes_window.locator(".speaker-controls-notes .value .cm-content").count() == 1

    # (d) UPSTREAM, documented: the RISE app cannot load the ipywidgets front end, so widgets
    # (tqdm.auto bars) show as one line of text.
    assert any("Failed to create module: package: @jupyter-widgets/jupyterlab-manager" in text
               for text in console), "the widget front end loaded in RISE: update INSTRUCTORS.md"
