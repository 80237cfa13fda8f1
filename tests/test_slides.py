"""The slides (tools/slides.py): the slide budget, and every deck opened in headless Chromium.

The browser tests build each deck once (build/slides/), serve them from 127.0.0.1, block every
other request, and walk every slide at 1280x720, measuring each once MathJax has typeset it and
the fonts have loaded (slides.open_deck, settle()): no JavaScript errors, the notebook's slides,
speaker notes where the notebook has them, nothing past the slide's edges. They skip where
Chromium or the playwright package is missing (CI installs both: .ci/run, requirements.txt).
tests/fixtures/05_lstm_table.ipynb keeps a slide that overflows only once MathJax has laid it
out (notebook 05's LSTM table before it was fixed): the fit check must see it.
"""

import base64
import math
import re
import struct
import zlib
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from tools import slides

SOLUTION_NOTEBOOKS = sorted(slides.SOLUTIONS.glob("*.ipynb"))
FIXTURES = Path(__file__).parent / "fixtures"
SCREENSHOTS = slides.OUT / "screenshots"


def cell(kind, source="", slide="-", outputs=()):
    made = new_code_cell(source, outputs=list(outputs)) if kind == "code" else new_markdown_cell(source)
    made.metadata["slideshow"] = {"slide_type": slide}
    return made


def png(width, height):
    """A valid PNG of the given size (one grey pixel row repeated)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)         # 8-bit greyscale
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))
    return base64.b64encode(data).decode()


def lines(n, prefix="x"):
    return "\n".join(f"{prefix}{i} = {i}" for i in range(n))


def printed(n):
    return new_output("stream", name="stdout", text="".join(f"line {i}\n" for i in range(n)))


# --------------------------------------------------------------------------- without a browser

def test_slide_plan_follows_nbconvert():
    nb = new_notebook(cells=[
        cell("code", "import rnn_utils", "skip"),
        cell("markdown", "# Title"),             # first visible cell: always a slide
        cell("markdown", "say this", "notes"),
        cell("markdown", "## A", "subslide"),
        cell("code", "x = 1"),
        cell("markdown", "## B", "slide"),
        cell("code", "y = 2", "fragment"),
        cell("markdown", "and this", "notes"),
    ])
    assert slides.slide_plan(nb) == [
        {"h": 0, "v": 0, "cell": 1, "notes": True, "code": False},
        {"h": 0, "v": 1, "cell": 3, "notes": False, "code": True},
        {"h": 1, "v": 0, "cell": 5, "notes": True, "code": True},
    ]


def test_output_lines_counts_text_tables_and_figures():
    assert slides.output_lines(printed(5)) == 5
    table = new_output("execute_result", data={"text/html": "<table>" + "<tr><td>1</td></tr>" * 4
                                               + "</table>", "text/plain": "..."})
    assert slides.output_lines(table) == 5                  # four rows and the header
    short = new_output("display_data", data={"image/png": png(640, 210), "text/plain": "<Figure>"})
    tall = new_output("display_data", data={"image/png": png(200, 2000), "text/plain": "<Figure>"})
    assert slides.output_lines(short) == 10                 # 210 px at 21 px a line
    assert slides.output_lines(tall) == slides.OUTPUT_LINES  # capped by the stylesheet
    for height in (562, 614, 699):                          # scaled to 378.00000000000006 px once
        capped = new_output("display_data", data={"image/png": png(1021, height), "text/plain": "<Figure>"})
        assert slides.output_lines(capped) == slides.OUTPUT_LINES


def tiny_notebook(tmp_path):
    nb = new_notebook(cells=[
        cell("markdown", "# 99 · Tiny\n\n[![Open In Colab](https://colab.research.google.com/assets/"
             "colab-badge.svg)](https://colab.research.google.com/github/x/y)", "slide"),   # 0
        cell("code", "import rnn_utils  # plumbing", "skip"),
        cell("markdown", "Welcome.", "notes"),
        cell("code", lines(19), "subslide"),                                               # 3: code
        cell("markdown", "Read the code.", "notes"),
        cell("code", "print(1)", "subslide", [printed(19)]),                               # 5: output
        cell("markdown", "Read the output.", "notes"),
        cell("code", lines(12), "subslide", [printed(13)]),                                # 7: both
        cell("markdown", "Too much at once.", "notes"),
        cell("markdown", "## No notes here", "slide"),                                     # 9: notes
        cell("markdown", "## Two notes cells", "subslide"),                                # 10: two
        cell("markdown", "First part.", "notes"),
        cell("code", "x = 1", "fragment", [printed(2)]),
        cell("markdown", "Second part.", "notes"),
        cell("code", "x", "subslide",                                                      # 14: fine
             [new_output("display_data", data={"image/png": png(64, 64), "text/plain": "<Figure>"})]),
        cell("markdown", "A figure.", "notes"),
    ])
    path = tmp_path / "99_tiny.ipynb"
    nbformat.write(nb, path)
    return path


def test_budget_names_the_cell_and_what_to_do(tmp_path):
    problems = slides.budget_problems(tiny_notebook(tmp_path))
    where = f"{tmp_path.name}/99_tiny.ipynb"
    assert [p.split(":")[0] for p in problems] == [f"{where} cell {i}" for i in (3, 5, 7, 9, 10)]
    code, output, both, no_notes, two_notes = problems
    assert "19 lines of code (at most 18)" in code and "split the code" in code
    assert "19 lines of output (at most 18" in output and "new subslide" in output
    assert "12 lines of code and 13 of output, 25 in all" in both
    assert "no speaker notes" in no_notes and "slide type 'notes'" in no_notes
    assert "2 speaker-notes cells" in two_notes and "merge them" in two_notes


def test_tiny_deck_has_notes_and_no_plumbing_and_no_cdn(tmp_path):
    nb = nbformat.read(tiny_notebook(tmp_path), as_version=4)
    html, _ = slides.exporter(local=True).from_notebook_node(slides.slide_notebook(nb))
    assert "# plumbing" not in html                                   # skip cells are left out
    assert html.count('<aside class="notes">') == 6                   # one per slide with notes
    assert "First part." in html and "Second part." in html           # merged into one aside
    assert "colab-badge.svg" not in html and "Open In Colab" in html  # a text link instead
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html.split("</head>")[0])
    assert "mermaid" not in html.split("</head>")[0]
    assert html.count("<section") == 2 + 7                           # 2 slides, 7 subslides


# Content fit (budget, overflow) is marked `slide_fit`, so that `pytest -m slide_fit` runs just these
# checks after editing a notebook's slides; `make test` and `make slides-test` run them too.
@pytest.mark.slide_fit
@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_within_the_slide_budget(path):
    problems = slides.budget_problems(path)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- in the browser

@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; skip the browser tests where it or playwright is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -r requirements.txt)")
    if not slides.CHROMIUM.exists():
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(slides.CHROMIUM),
                                              args=slides.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def offline_assets():
    """Fetch the decks' JavaScript once (build/slides/assets); skip where that cannot be done."""
    if not slides.install_assets(quiet=True):
        pytest.skip("the decks load reveal.js from a CDN (npm was not available): no offline test")


@pytest.fixture(scope="session")
def deck_url(browser):
    """deck_url(notebook): the URL of its deck in build/slides/, built on first use, served on
    127.0.0.1 for this session."""
    offline_assets()
    built = {}
    with slides.serve(slides.OUT) as url:
        def deck_url(path):
            if path not in built:
                built[path] = slides.build([path], quiet=True)[0]
            return url + built[path].name
        yield deck_url


def build_apart(notebooks, folder):
    """Decks of test notebooks in their own folder (beside a link to the shared assets)."""
    offline_assets()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "assets").symlink_to(slides.ASSETS.resolve(), target_is_directory=True)
    return slides.build(notebooks, out=folder, quiet=True)


# Visit every slide; measure the boxes of what it shows against the slide area (in slide pixels),
# once the slide has settled (MathJax, fonts, layout: slides.PREPARE_DECK).
WALK = """async () => {
  const area = document.querySelector('.reveal .slides');
  const result = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v);
    await settle();
    const box = area.getBoundingClientRect(), scale = Reveal.getScale();
    let bottom = 0, right = 0, cut = 0;
    const shown = slide.querySelectorAll(
      ':scope > *, :scope > .fragment > *, .jp-OutputArea-output, pre, img, table, .MathJax_CHTML');
    for (const el of shown) {
      if (el.closest('aside.notes')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      bottom = Math.max(bottom, (r.bottom - box.bottom) / scale, (box.top - r.top) / scale);
      right = Math.max(right, (r.right - box.right) / scale, (box.left - r.left) / scale);
      if (el.matches('pre, .jp-OutputArea-output')) cut = Math.max(cut, el.scrollWidth - el.clientWidth);
    }
    const notes = Reveal.getSlideNotes ? Reveal.getSlideNotes(slide)
                                       : (slide.querySelector('aside.notes') || {}).innerHTML;
    const text = document.createElement('div');
    text.innerHTML = notes || '';
    result.push({h, v, bottom: Math.round(bottom), right: Math.round(right), cut: Math.round(cut),
                 notes: text.textContent.trim().length});
  }
  Reveal.slide(0, 0);
  return result;
}"""

TOLERANCE_PX = 2


def screenshot(page, slide, path):
    slides.show(page, slide["h"], slide["v"])    # every fragment shown
    page.screenshot(path=str(path))


@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_in_the_browser(path, deck_url, browser):
    """No JavaScript errors, offline, one deck slide per notebook slide, notes where written."""
    problems, _ = _deck_problems(path, deck_url(path), browser)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


@pytest.mark.slide_fit
@pytest.mark.parametrize("path", SOLUTION_NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_fits_the_slides(path, deck_url, browser):
    _, fit = _deck_problems(path, deck_url(path), browser)
    assert not fit, f"{path.name}:\n" + "\n".join(fit)


@pytest.mark.slide_fit
def test_fit_check_waits_for_mathjax(browser, tmp_path):
    """The LSTM table of notebook 05 (cell 9, before it was fixed) fits the slide until MathJax has
    laid out its formulas, which then wrap and push c_t and h_t off the bottom."""
    path = FIXTURES / "05_lstm_table.ipynb"
    deck = build_apart([path], tmp_path)[0]
    with slides.serve(tmp_path) as url:
        problems, fit = _deck_problems(path, url + deck.name, browser)
    assert not problems, problems
    assert len(fit) == 1 and fit[0].startswith("cell 2 (slide 2.1): the content is "), fit
    assert int(fit[0].split(" px taller")[0].rsplit(" ", 1)[1]) > 50, fit   # by far, not by rounding


_WALKED = {}


def _deck_problems(path, url, browser):
    """(structural problems, content-fit problems) of one deck, walked once per session."""
    if path in _WALKED:
        return _WALKED[path]
    nb = nbformat.read(path, as_version=4)
    expected = slides.slide_plan(nb)
    page, errors, blocked = slides.open_deck(browser, url)
    try:
        total = page.evaluate("Reveal.getTotalSlides()")
        walked = page.evaluate(WALK)
        if path.parent == slides.SOLUTIONS:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            screenshot(page, walked[0], SCREENSHOTS / f"{path.stem}-title.png")
            code = next((w for w, e in zip(walked, expected, strict=False) if e["code"]), None)
            if code:
                screenshot(page, code, SCREENSHOTS / f"{path.stem}-code.png")
    finally:
        page.context.close()

    problems = [f"JavaScript: {error}" for error in errors]
    problems += [f"a request left 127.0.0.1 (the deck is not offline): {url}" for url in blocked]
    if total != len(expected) or [(w["h"], w["v"]) for w in walked] != [(e["h"], e["v"]) for e in expected]:
        problems.append(f"the deck has {total} slides, the notebook {len(expected)} (its slide and "
                        "subslide cells)")
    fit = []
    for slide, plan in zip(walked, expected, strict=False):
        where = f"cell {plan['cell']} (slide {slide['h'] + 1}.{slide['v'] + 1})"
        if plan["notes"] and not slide["notes"]:
            problems.append(f"{where}: the notebook has speaker notes here, the deck shows none")
        if slide["bottom"] > TOLERANCE_PX:
            fit.append(f"{where}: the content is {slide['bottom']} px taller than the 720 px slide: "
                       "move a cell to a new subslide, or shorten code or output")
        if slide["right"] > TOLERANCE_PX or slide["cut"] > TOLERANCE_PX:
            fit.append(f"{where}: a line is {max(slide['right'], slide['cut'])} px too wide for "
                       "the slide: break long code lines, print narrower output")
    _WALKED[path] = problems, fit
    return problems, fit


def test_speaker_view_shows_the_notes(deck_url, browser):
    """Press S in the shortest deck: the speaker window opens (offline) with the slide's notes."""
    path = min(SOLUTION_NOTEBOOKS, key=lambda p: len(slides.slide_plan(nbformat.read(p, as_version=4))))
    plan = slides.slide_plan(nbformat.read(path, as_version=4))
    target = next(s for s in plan if s["notes"])
    page, errors, blocked = slides.open_deck(browser, deck_url(path))
    try:
        page.evaluate(f"Reveal.slide({target['h']}, {target['v']})")
        expected = page.evaluate("() => { const d = document.createElement('div'); "
                                 "d.innerHTML = Reveal.getSlideNotes(); return d.textContent.trim(); }")
        with page.context.expect_page(timeout=30_000) as popup:
            page.keyboard.press("s")
        speaker = popup.value
        speaker.on("pageerror", lambda error: errors.append(f"speaker view: {error}"))
        speaker.wait_for_function(
            "t => { const n = document.querySelector('.speaker-controls-notes'); "
            "return n && n.textContent.includes(t); }", arg=expected[:60], timeout=60_000)
    finally:
        page.context.close()
    assert expected and not errors and not blocked, (errors, blocked)


def test_contact_sheet_shows_every_slide(browser, tmp_path):
    """A contact sheet per deck, a numbered thumbnail per slide, and an index linking them."""
    from PIL import Image

    deck = build_apart([tiny_notebook(tmp_path)], tmp_path / "slides")[0]   # 2 slides, 5 subslides
    sheets = slides.contact_sheets([deck], browser)
    assert sheets == [tmp_path / "slides" / "99_tiny.contact.png"]
    width, height = Image.open(sheets[0]).size
    columns = (width - slides.GAP) / (slides.THUMB_W + slides.GAP)
    rows = (height - slides.GAP) / (slides.LABEL_PX + slides.THUMB_H + slides.GAP)
    assert (columns, rows) == (slides.COLUMNS, math.ceil(7 / slides.COLUMNS)) == (6, 2)
    index = slides.write_index(deck.parent).read_text()
    assert 'href="99_tiny.slides.html"' in index and 'src="99_tiny.contact.png"' in index


def test_contact_sheets_skip_without_chromium(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(slides, "CHROMIUM", tmp_path / "no-chromium")
    assert slides.contact_sheets([tmp_path / "99_tiny.slides.html"]) == []
    assert "no contact sheets: Chromium" in capsys.readouterr().err
