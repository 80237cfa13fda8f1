"""Slides for instructors: reveal.js decks from the solution notebooks, and the slide budget.

    python -m tools.slides build [NOTEBOOK...]   # `make slides`: build/slides/NN_topic.slides.html,
                                                 # NN_topic.contact.png and index.html
    python -m tools.slides budget [NOTEBOOK...]  # the slide-budget lint (exit 1 on any problem)

(The session plan in INSTRUCTORS.md, built from the same slide plan, is written by `make sync`.)

Decks work offline. reveal.js 4.0.2 (the version nbconvert's reveal template is written
for), require.js, jQuery, MathJax 2 and the Jupyter widgets renderer are fetched once from
the npm registry (`npm pack`: 28 MB of tarballs, about 16 s; 60 MB unpacked into
build/slides/assets/, reused while PACKAGES is unchanged) and every deck points at them by
relative paths, so build/slides/ can be copied, opened from disk or served as a folder.
Without npm (or without the registry) the decks fall back to nbconvert's CDN defaults and
the build says so: they then need internet when opened.

A deck holds every cell that is not `skip` (outputs included), the speaker notes of each
slide in one `<aside class="notes">` (press S in the deck), a 1280x720 slide area and a
projector stylesheet (PROJECTOR_CSS: text 22 px, code 18 px, outputs 16 px). Remote images
in markdown (the Colab badge) become text links; mermaid is not loaded (no CDN module).

`build` also writes a contact sheet per deck (NN_topic.contact.png: a numbered thumbnail of
every slide, all fragments shown) and build/slides/index.html (each deck with its sheet), for
instructors to preview. The thumbnails are taken in headless Chromium (/usr/bin/chromium, driven
by playwright), each once MathJax has typeset the slide and its fonts have loaded (settle(), as
the browser test measures); without Chromium the build prints a note and writes no sheets.

The slide budget (budget_problems): a slide (a `slide` or `subslide` cell and the cells
after it up to the next one, fragments included, since they all end up on screen) shows at
most CODE_LINES (18) lines of code, OUTPUT_LINES (18) lines of output and SLIDE_LINES (24)
of both, and has exactly one speaker-notes cell (reveal's speaker view shows the first
only). A figure counts as its height on the slide in lines of output: LINE_PX (21) px a
line, at most IMAGE_MAX_PX (378) px, i.e. 18 lines, since the stylesheet caps figures there.
The browser test (tests/test_slides.py) measures what really fits, markdown included; the
budget says early, in lines, what to split.
"""

import argparse
import base64
import contextlib
import functools
import html
import http.server
import importlib.util
import io
import json
import math
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import nbformat

from . import catalogue

ROOT, SOLUTIONS = catalogue.ROOT, catalogue.SOLUTIONS
OUT = catalogue.BUILD / "slides"
ASSETS = OUT / "assets"

# npm packages (exact versions) -> folder under assets/. Only dist files are used, so
# `npm pack` (the package tarball alone, no dependency tree) is all that is needed.
PACKAGES = {
    "reveal.js@4.0.2": "reveal.js",
    "requirejs@2.3.7": "requirejs",
    "jquery@2.2.4": "jquery",
    "mathjax@2.7.9": "mathjax",
    "@jupyter-widgets/html-manager@1.0.15": "html-manager",
}
SKIP_IN_PACKAGES = re.compile(r"^(unpacked|test|docs?)/|\.map$")  # not needed by the decks
# SlidesExporter options -> paths relative to the deck (assets/ sits beside the decks).
LOCAL_URLS = {
    "reveal_url_prefix": "assets/reveal.js",
    "require_js_url": "assets/requirejs/require.js",
    "jquery_url": "assets/jquery/dist/jquery.min.js",
    "mathjax_url": "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    "widget_renderer_url": "assets/html-manager/dist/embed-amd.js",
}

WIDTH, HEIGHT = 1280, 720   # the slide area in CSS pixels (a 720p projector; scaled up on 1080p)
TEXT_PX, CODE_PX, OUTPUT_PX = 22, 18, 16   # font sizes of markdown, code and outputs
CODE_LINE_PX, LINE_PX = 23, 21             # the height of a line of code and of output
# The slide budget, in lines. A 720 px slide holds about 24 lines of code and output beside a
# heading and a sentence; code and output each get at most 18 of them.
CODE_LINES, OUTPUT_LINES, SLIDE_LINES = 18, 18, 24
IMAGE_MAX_PX = OUTPUT_LINES * LINE_PX      # the stylesheet caps images at this height (378 px)

PROJECTOR_CSS = f"""
<style type="text/css">
/* Projector sizes: the slide area is {WIDTH}x{HEIGHT}; text {TEXT_PX}px, code {CODE_PX}px,
   outputs {OUTPUT_PX}px, images at most {IMAGE_MAX_PX}px high. */
.reveal .slides {{ text-align: left; }}
.reveal .slides .jp-Cell {{ padding: 0; }}
.reveal .slides .jp-RenderedHTMLCommon {{ font-size: {TEXT_PX}px; line-height: 1.3; padding-right: 0; }}
.reveal .slides .jp-RenderedHTMLCommon p,
.reveal .slides .jp-RenderedHTMLCommon ul,
.reveal .slides .jp-RenderedHTMLCommon ol {{ margin: 0.35em 0; }}
.reveal .slides .jp-RenderedHTMLCommon h1,
.reveal .slides .jp-RenderedHTMLCommon h2,
.reveal .slides .jp-RenderedHTMLCommon h3 {{ text-transform: none; margin: 0.2em 0 0.3em 0; }}
.reveal .slides .jp-RenderedHTMLCommon h1 {{ font-size: 42px; }}
.reveal .slides .jp-RenderedHTMLCommon h2 {{ font-size: 34px; }}
.reveal .slides .jp-RenderedHTMLCommon h3 {{ font-size: 28px; }}
.reveal .slides div.highlight > pre,
.reveal .slides div.jp-OutputArea-output > pre {{ box-sizing: border-box; width: 100%; }}
.reveal .slides div.highlight > pre {{ font-size: {CODE_PX}px; line-height: {CODE_LINE_PX}px;
  padding: 0.3em 0.5em; }}
.reveal .slides div.jp-OutputArea-output > pre {{ font-size: {OUTPUT_PX}px;
  line-height: {LINE_PX}px; padding: 0.1em 0.6em; }}
.reveal .slides .jp-OutputArea-output img {{ max-height: {IMAGE_MAX_PX}px; width: auto;
  max-width: 100%; margin: 0; }}
.reveal .slides .jp-OutputArea-output table {{ font-size: {OUTPUT_PX}px; }}
</style>
"""

# The reveal template of nbconvert, with the projector stylesheet, and without the mermaid
# module script (it imports mermaid from a CDN on every page; the course draws its diagrams
# with matplotlib into img/).
TEMPLATE = ("{%- extends 'index.html.j2' -%}\n"
            "{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}\n"
            "{%- block html_head_css -%}" + PROJECTOR_CSS + "{%- endblock html_head_css -%}\n")

REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\((https?://[^)\s]+)[^)]*\)")


def slide_type(cell):
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


# --------------------------------------------------------------------------- assets

def assets_ready(out=OUT):
    """Whether out/assets holds exactly the packages the decks point at."""
    stamp = out / "assets" / "packages.json"
    return stamp.exists() and json.loads(stamp.read_text()) == PACKAGES


def install_assets(out=OUT, quiet=False):
    """Fetch the JavaScript packages into out/assets once. True when they are there."""
    assets = out / "assets"
    stamp = assets / "packages.json"
    if assets_ready(out):
        return True
    npm = shutil.which("npm")
    if npm is None:
        return False
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run([npm, "pack", "--silent", *PACKAGES], cwd=tmp, check=True,
                           capture_output=True, text=True, timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            print(f"npm pack failed: {getattr(error, 'stderr', '') or error}".strip(), file=sys.stderr)
            return False
        if assets.exists():
            shutil.rmtree(assets)
        for spec, folder in PACKAGES.items():
            name, version = spec.rsplit("@", 1)
            tgz = Path(tmp) / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
            _unpack(tgz, assets / folder)
    stamp.write_text(json.dumps(PACKAGES, indent=1) + "\n")
    if not quiet:
        size = sum(f.stat().st_size for f in assets.rglob("*") if f.is_file())
        print(f"slide assets: {len(PACKAGES)} npm packages, {size / 1e6:.0f} MB in "
              f"{assets.relative_to(ROOT) if assets.is_relative_to(ROOT) else assets}, "
              f"{time.perf_counter() - start:.0f} s")
    return True


def _unpack(tgz, folder):
    """Unpack an npm tarball (files under package/) into folder, minus what decks never load."""
    with tarfile.open(tgz) as tar:
        members = []
        for member in tar.getmembers():
            relative = member.name.split("/", 1)[-1]
            if not (member.isfile() or member.isdir()) or SKIP_IN_PACKAGES.search(relative):
                continue
            member.name = relative
            members.append(member)
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python >= 3.11.4
        tar.extractall(folder, members=members, **safe)


# --------------------------------------------------------------------------- decks

def slide_notebook(nb):
    """The notebook as it goes on slides: remote markdown images become text links, and the
    speaker notes of a slide go into one cell (reveal's speaker view shows only the first)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = REMOTE_IMAGE.sub(lambda m: m.group(1), cell.source)
    drop = set()
    for _, cells in _slides(nb):
        notes = [i for i in cells if slide_type(nb.cells[i]) == "notes"]
        for i in notes[1:]:
            nb.cells[notes[0]].source += "\n\n" + nb.cells[i].source
            drop.add(i)
    nb.cells = [cell for i, cell in enumerate(nb.cells) if i not in drop]
    return nb


def exporter(local=True):
    from nbconvert import SlidesExporter

    options = dict(LOCAL_URLS) if local else {}
    return SlidesExporter(raw_template=TEMPLATE, embed_images=True, exclude_input_prompt=True,
                          exclude_output_prompt=True, reveal_width=str(WIDTH),
                          reveal_height=str(HEIGHT), reveal_number="c/t",
                          reveal_transition="fade", reveal_theme="white", **options)


def build(paths=(), out=OUT, quiet=False):
    """Write one deck per notebook into out/; returns the deck paths."""
    paths = [Path(p) for p in paths] or catalogue.solution_paths()
    out.mkdir(parents=True, exist_ok=True)
    local = install_assets(out, quiet=quiet)
    if not local:
        print("note: npm or the npm registry is not available, so the decks load reveal.js, "
              "require.js, jQuery and MathJax from CDNs: they need internet when opened.",
              file=sys.stderr)
    slides = exporter(local)
    decks = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        html, _ = slides.from_notebook_node(slide_notebook(nb), resources={"metadata": {
            "name": path.stem, "path": str(path.parent)}})
        deck = out / f"{path.stem}.slides.html"
        deck.write_text(html, encoding="utf-8")
        decks.append(deck)
        if not quiet:
            print(f"{deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck}: "
                  f"{len(slide_plan(nb))} slides")
    return decks


def slide_plan(nb):
    """What a deck must show, one dict per slide in reveal's order.

    h, v: reveal's indices (h for each `slide`, v for each `subslide` below it); cell: the
    index of the first cell; notes: whether the slide has a speaker-notes cell; code:
    whether it shows a code cell. Mirrors nbconvert's reveal preprocessor: the first
    visible cell always starts a slide.
    """
    plan, h, v = [], -1, 0
    for i, cell in enumerate(nb.cells):
        kind = slide_type(cell)
        if not plan and kind in ("notes", "skip"):
            continue
        if not plan or kind == "slide":
            h, v = h + 1, 0
            plan.append({"h": h, "v": v, "cell": i, "notes": False, "code": False})
        elif kind == "subslide":
            v += 1
            plan.append({"h": h, "v": v, "cell": i, "notes": False, "code": False})
        if kind == "notes":
            plan[-1]["notes"] = True
        elif kind != "skip" and cell.cell_type == "code":
            plan[-1]["code"] = True
    return plan


# --------------------------------------------------------------------------- budget

def _lines(text):
    text = "".join(text) if isinstance(text, list) else text
    return len(text.rstrip("\n").splitlines()) if text.strip() else 0


def _png_height(data):
    """The height an image takes on a slide, in pixels (capped by the stylesheet)."""
    raw = base64.b64decode(data)
    width, height = struct.unpack(">II", raw[16:24]) if raw[:8] == b"\x89PNG\r\n\x1a\n" else (0, 0)
    if not width:
        return IMAGE_MAX_PX
    scale = min(1.0, WIDTH / width, IMAGE_MAX_PX / height)
    return min(height * scale, IMAGE_MAX_PX)  # 378 * (378 / 378) can come out as 378.00000000000006


def output_lines(output):
    """Lines of output a cell output takes on a slide (images: their height in lines)."""
    kind = output.get("output_type")
    if kind == "stream":
        return _lines(output.get("text", ""))
    if kind == "error":
        return len(output.get("traceback", [])) + 1
    data = output.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return 1
    if "image/png" in data:
        return math.ceil(_png_height(data["image/png"]) / LINE_PX)
    if any(k.startswith("image/") for k in data):
        return math.ceil(IMAGE_MAX_PX / LINE_PX)
    if "text/html" in data:
        html = "".join(data["text/html"])
        rows = len(re.findall(r"<tr[\s>]", html))
        if rows:
            return rows + 1
    return _lines(data.get("text/plain", ""))


def budget_problems(path):
    """The slide-budget problems of a notebook: a list of sentences (empty: all fine).

    Each names the notebook, the cell that starts the slide and what to do.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    where = f"{path.parent.name}/{path.name}"
    problems = []
    for start, cells in _slides(nb):
        code_cells = [nb.cells[i] for i in cells if nb.cells[i].cell_type == "code"]
        code = sum(_lines(cell.source) for cell in code_cells)
        output = sum(output_lines(o) for cell in code_cells for o in cell.get("outputs", []))
        notes = sum(slide_type(nb.cells[i]) == "notes" for i in cells)

        def problem(text, start=start):
            problems.append(f"{where} cell {start}: {text}")

        if code > CODE_LINES:
            problem(f"this slide shows {code} lines of code (at most {CODE_LINES}): split the code "
                    "over two subslides, or move set-up lines into a 'skip' cell.")
        if output > OUTPUT_LINES:
            problem(f"this slide shows {output} lines of output (at most {OUTPUT_LINES}; a figure "
                    f"counts as its height, up to {OUTPUT_LINES}): print less, or put the rest "
                    "on a new subslide.")
        if code <= CODE_LINES and output <= OUTPUT_LINES and code + output > SLIDE_LINES:
            problem(f"this slide shows {code} lines of code and {output} of output, {code + output} "
                    f"in all (a 1280x720 slide holds about {SLIDE_LINES}): move a code cell and "
                    "its output to a new subslide.")
        if notes == 0:
            problem("this slide has no speaker notes: add a markdown cell with slide type 'notes' "
                    "to it.")
        elif notes > 1:
            problem(f"this slide has {notes} speaker-notes cells and the speaker view shows only "
                    "the first: merge them into one.")
    return problems


def _slides(nb):
    """[(first cell index, [cell indices on that slide, notes included, skip excluded])]."""
    plan = slide_plan(nb)
    starts = [s["cell"] for s in plan] + [len(nb.cells)]
    return [(start, [i for i in range(start, end) if slide_type(nb.cells[i]) != "skip"])
            for start, end in zip(starts, starts[1:], strict=False)]


# --------------------------------------------------------------------------- in the browser

CHROMIUM = Path(shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Run once in a freshly loaded deck: window.Reveal (an AMD module, loaded by require.js), no
# transitions, and window.settle(), which resolves once what the current slide shows is laid out
# for good: MathJax has finished every typesetting (the deck re-renders a slide's math when it is
# shown, with MathJax.Hub.Rerender called directly, outside MathJax's queue, so the Begin/End
# messages of its actions are counted), the web fonts have loaded and two frames have passed.
PREPARE_DECK = """() => new Promise(ready => {
  const css = document.querySelector('link[href$="/dist/reveal.css"]').getAttribute('href');
  require([css.replace(/\\.css$/, '.js')], Reveal => {
    window.Reveal = Reveal;
    Reveal.configure({transition: 'none', backgroundTransition: 'none'});
    const style = document.createElement('style');
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.append(style);
    const hub = window.MathJax && MathJax.Hub;
    let busy = 0;
    const frames = () => new Promise(next => requestAnimationFrame(() => requestAnimationFrame(next)));
    const idle = () => new Promise((next, fail) => {
      const start = Date.now();
      const poll = () => !busy ? next() : Date.now() - start > 30000
        ? fail(new Error(`MathJax is still typesetting after 30 s (${busy} actions)`)) : setTimeout(poll, 10);
      poll();
    });
    window.settle = async () => {
      await frames();
      if (hub) { await idle(); await new Promise(next => hub.Queue(next)); }
      await document.fonts.ready;
      await frames();
    };
    if (!hub) return ready();
    hub.Register.StartupHook('End', () => {
      hub.processSectionDelay = 0;   // no pause between MathJax's steps: the same result, sooner
      const actions = /^(Begin|End) (Typeset|Rerender|Reprocess|Process|Update)$/;
      hub.signal.Interest(message => {
        const action = actions.exec([].concat(message)[0]);
        // Never below 0: an action that began before this listener ends without being counted.
        if (action) busy = Math.max(0, busy + (action[1] === 'Begin' ? 1 : -1));
      }, true);
      hub.Queue(ready);              // after the deck's first typesetting
    });
  });
})"""


@contextlib.contextmanager
def serve(folder):
    """folder over HTTP on 127.0.0.1 (a free port) while in the block; yields its URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def open_deck(browser, url):
    """A 1280x720 page showing the deck at url, ready (PREPARE_DECK), that may reach 127.0.0.1
    only. Returns (page, errors, blocked): JavaScript errors and the requests it refused."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    errors, blocked = [], []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.on("console", lambda message: errors.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)

    def route(request_route):
        if request_route.request.url.startswith("http://127.0.0.1:"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_selector(".reveal.ready", state="attached", timeout=30_000)
    page.evaluate(PREPARE_DECK)
    return page, errors, blocked


def show(page, h, v, fragment=-1):
    """Go to slide (h, v) with its fragments up to `fragment` shown (-1: all), and let it settle."""
    page.evaluate("""async ([h, v, fragment]) => {
      Reveal.slide(h, v, fragment < 0 ? Reveal.getSlide(h, v).querySelectorAll('.fragment').length - 1
                                      : fragment);
      await settle();
    }""", [h, v, fragment])


# --------------------------------------------------------------------------- contact sheets

THUMB_W, THUMB_H = WIDTH // 4, HEIGHT // 4    # a slide on the contact sheet: 320x180
COLUMNS, GAP, LABEL_PX = 6, 12, 24            # thumbnails a row, space around them, label height


def sheet_size(slide_count):
    """The size in pixels of the contact sheet of a deck with slide_count slides."""
    columns = min(COLUMNS, slide_count)
    rows = math.ceil(slide_count / COLUMNS)
    return GAP + columns * (THUMB_W + GAP), GAP + rows * (LABEL_PX + THUMB_H + GAP)


def contact_sheets(decks, browser=None):
    """Write NN_topic.contact.png beside each deck: every slide, numbered as the deck numbers it,
    in order. Decks lie in one folder (served over HTTP, as in the tests). Returns the sheets;
    [] with a note when Chromium, playwright or Pillow is missing."""
    decks = [Path(deck) for deck in decks]
    missing = [what for what, absent in (
        ("Chromium (apt-get install chromium)", not CHROMIUM.exists()),
        ("playwright (pip install -r requirements.txt)", importlib.util.find_spec("playwright") is None),
        ("Pillow", importlib.util.find_spec("PIL") is None)) if absent]
    if missing:
        print(f"note: no contact sheets: {' and '.join(missing)} not installed", file=sys.stderr)
    if missing or not decks:
        return []
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return contact_sheets(decks, chromium)
            finally:
                chromium.close()
    sheets = []
    with serve(decks[0].parent) as url:
        for deck in decks:
            page, _, _ = open_deck(browser, url + deck.name)
            try:
                shots = []
                for h, v in page.evaluate("Reveal.getSlides().map(s => Reveal.getIndices(s))"
                                          ".map(({h, v}) => [h, v])"):
                    show(page, h, v)
                    shots.append(page.screenshot(type="jpeg", quality=90))
            finally:
                page.context.close()
            sheets.append(sheet_path(deck))
            _sheet(shots).save(sheets[-1], optimize=True)
    return sheets


def _sheet(shots):
    """The thumbnails of the screenshots in a grid, each under its slide number."""
    from PIL import Image, ImageDraw, ImageFont

    sheet = Image.new("RGB", sheet_size(len(shots)), "#e8eaef")
    draw, font = ImageDraw.Draw(sheet), ImageFont.load_default(size=LABEL_PX - 6)
    for number, shot in enumerate(shots, 1):
        row, column = divmod(number - 1, COLUMNS)
        x, y = GAP + column * (THUMB_W + GAP), GAP + row * (LABEL_PX + THUMB_H + GAP)
        draw.text((x, y), str(number), fill="#333333", font=font)
        thumb = Image.open(io.BytesIO(shot)).convert("RGB").resize((THUMB_W, THUMB_H), Image.LANCZOS)
        sheet.paste(thumb, (x, y + LABEL_PX))
        draw.rectangle((x - 1, y + LABEL_PX - 1, x + THUMB_W, y + LABEL_PX + THUMB_H), outline="#9aa3b5")
    return sheet


def write_index(out=OUT):
    """out/index.html: every deck in out/, linked, with its contact sheet where there is one."""
    entries = []
    for deck in sorted(out.glob("*.slides.html")):
        name, sheet = html.escape(deck.name.removesuffix(".slides.html")), sheet_path(deck)
        link = f'<a href="{html.escape(deck.name)}">'
        entries.append(f"<h2>{link}{name}</a></h2>\n" + (
            f'{link}<img src="{html.escape(sheet.name)}" alt="every slide of {name}"></a>'
            if sheet.exists() else "<p>(no contact sheet: the build found no Chromium)</p>"))
    index = out / "index.html"
    index.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Slide decks</title>\n'
        "<style>body { font-family: sans-serif; margin: 2em; } img { max-width: 100%; }</style>"
        "</head>\n<body><h1>Slide decks</h1>\n<p>Open a deck and press S for the speaker view, "
        "F for full screen, Esc for the overview.</p>\n" + "\n".join(entries) + "\n</body></html>\n",
        encoding="utf-8")
    return index


def sheet_path(deck):
    """NN_topic.contact.png beside NN_topic.slides.html."""
    return deck.with_name(deck.name.replace(".slides.html", ".contact.png"))


# --------------------------------------------------------------------------- command line

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("build", "build the decks into build/slides/"),
                       ("budget", "check the slide budget of notebooks")):
        command = sub.add_parser(name, help=text)
        command.add_argument("notebooks", nargs="*", help="default: solutions/*.ipynb")
    args = parser.parse_args(argv)
    if args.command == "build":
        start = time.perf_counter()
        decks = build(args.notebooks)
        sheets = contact_sheets(decks)
        index = write_index()
        print(f"{len(decks)} deck(s) and {len(sheets)} contact sheet(s) in "
              f"{time.perf_counter() - start:.0f} s; open {index.relative_to(ROOT)} to preview them, "
              "a deck and press S for the speaker view")
        return 0
    if args.command == "budget":
        paths = args.notebooks or catalogue.solution_paths()
        problems = [p for path in paths for p in budget_problems(path)]
        print("\n".join(problems) or f"{len(paths)} notebook(s) within the slide budget")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
