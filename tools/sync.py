"""Every derived file of the course, written from its sources in one place.

    python -m tools sync            # `make sync`: regenerate whatever is stale
    python -m tools sync --check    # `make sync-check`: exit 1, naming each stale file

| derived                                   | from                                                 |
|-------------------------------------------|------------------------------------------------------|
| run-time stamp in each solution's title    | results/NN_topic.json (run_time_s, cpus)             |
| Colab badge and setup cell's clone address | the course's home (pyproject.toml, catalogue.home)  |
| notebook-level RISE settings               | tools/rise.py                                        |
| notebooks/ (learner notebooks)             | solutions/ (tools/learner.py)                        |
| README.md: course map, quickstart, total   | solutions/, results/, the course's home              |
| INSTRUCTORS.md: session plan               | solutions/ (slides, notes, estimated time), results/ |
| benchmarks/RESULTS.md                      | benchmarks/results.json, benchmarks/references.json  |
| data/README.md: the table of data sets     | the registry, rnn_utils.data.DATASETS                |

Nothing else writes these blocks: `make execute` and `make bench --store` write the sources
(stored outputs, results/) and then call `sync()`.
"""

import json
import os
import re

from . import catalogue, learner, slides

# --------------------------------------------------------------------------- solution notebooks

RUN_TIME = re.compile(r"<!-- run-time -->.*?<!-- /run-time -->", re.S)
BADGE = re.compile(r"\(https://colab\.research\.google\.com/github/[^)\s]*?/(?:solutions|notebooks)/"
                   r"(\d\d_[\w-]+\.ipynb)\)")
CLONE = re.compile(r"https://github\.com/[\w.-]+/[\w.-]+?(?=[\"'\s])")


def run_time_stamp(notebook):
    """The text between the run-time markers of a title cell."""
    if notebook.run_time_s is None:
        return "**Run time:** not measured yet (`make execute`)"
    cpus = f"a {notebook.cpus}-core CPU" if notebook.cpus else "a CPU"
    return f"**Run time:** {notebook.run_time_s:.0f} s on {cpus} (measured by `make execute`)"


def _setup_cell(nb):
    return next((c for c in nb.cells if c.cell_type == "code" and "rnn_utils.setup(" in c.source), None)


def solution(nb, notebook):
    """The solution notebook with its derived parts brought up to date (changed in place)."""
    title = nb.cells[0]
    if not RUN_TIME.search(title.source):
        raise ValueError(f"{notebook.filename}: the title cell has no "
                         "<!-- run-time --><!-- /run-time --> marker")
    stamp = run_time_stamp(notebook)
    title.source = RUN_TIME.sub(lambda _: f"<!-- run-time -->{stamp}<!-- /run-time -->", title.source)
    title.source = BADGE.sub(lambda m: f"({catalogue.colab_url('solutions', m.group(1))})", title.source)
    setup = _setup_cell(nb)
    if setup is not None:
        setup.source = CLONE.sub(catalogue.clone_url(), setup.source)
    return nb


# --------------------------------------------------------------------------- README

def course_map(notebooks):
    """The README's course map: one row per notebook."""
    rows = ["| # | notebook | topics | run time | learner | solution |", "|---|---|---|---|---|---|"]
    for nb in notebooks:
        run_time = f"{nb.run_time_s:.0f} s" if nb.run_time_s is not None else "not measured"
        badge = ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
                 f"({catalogue.colab_url('notebooks', nb.filename)})")
        rows.append(f"| {nb.number} | [{nb.title}](notebooks/{nb.filename}) | {'; '.join(nb.sections)} "
                    f"| {run_time} | {badge} | [solution](solutions/{nb.filename}) |")
    return "\n".join(rows)


def quickstart():
    name = catalogue.home().split("/")[1]
    return "\n".join([
        "```bash",
        f"git clone {catalogue.clone_url()} && cd {name}",
        "make lab     # creates .venv, installs everything, opens JupyterLab on notebooks/",
        "make test    # the same set-up, then the whole test suite",
        "```"])


def course_total(notebooks):
    seconds = [nb.run_time_s for nb in notebooks]
    if None in seconds:
        return "(not every notebook has been measured yet)"
    return f"about {round(sum(seconds) / 60)} minutes"


# --------------------------------------------------------------------------- INSTRUCTORS.md

SESSION_MINUTES = 120   # a session: two hours of learner time
WORDS_PER_MINUTE = 130  # speaking pace for the speaker notes (a calm lecture pace)


def session_plan(notebooks, session_minutes=SESSION_MINUTES):
    """The notebooks in order, packed into sessions by learner time, as two tables."""
    lines = ["| session | notebook | slides | talk (notes) | live run | learner time |",
             "|---|---|---|---|---|---|"]
    totals, session, used = {}, 1, 0
    for nb in notebooks:
        cells = catalogue.read(nb.solution).cells
        words = sum(len(c.source.split()) for c in cells if slides.slide_type(c) == "notes")
        talk = words / WORDS_PER_MINUTE
        minutes = nb.estimated_min or 0
        if used and used + minutes > session_minutes:
            session, used = session + 1, 0
        used += minutes
        run = f"{nb.run_time_s / 60:.1f} min" if nb.run_time_s is not None else "not measured"
        learner_time = f"{nb.estimated_min} min" if nb.estimated_min else "not stated"
        count = len(slides.slide_plan(catalogue.read(nb.solution)))
        lines.append(f"| {session} | {nb.number} · {nb.title} | {count} | {talk:.0f} min | {run} "
                     f"| {learner_time} |")
        total = totals.setdefault(session, [[], 0, 0.0])
        total[0].append(nb.number)
        total[1] += minutes
        total[2] += talk + (nb.run_time_s or 0) / 60
    lines += ["", "| session | notebooks | learner time | talk, every cell run live |", "|---|---|---|---|"]
    lines += [f"| {s} | {', '.join(names)} | {learner_min} min | {talk:.0f} min |"
              for s, (names, learner_min, talk) in totals.items()]
    return "\n".join(lines)


# --------------------------------------------------------------------------- benchmarks/RESULTS.md

def _fmt(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    return str(value)


def _slowest_cell(row):
    cells = row.get("slowest_cells")
    return f"; its slowest cell, {cells[0]['cell']}, {cells[0]['s']:.0f} s" if cells else ""


def benchmark_page(results, refs):
    """benchmarks/RESULTS.md from benchmarks/results.json (what `make bench` measured)."""
    machine, rows = results.get("machine", {}), results.get("notebooks", {})
    lines = [
        "# Course benchmark", "",
        f"Measured by `make bench` on {machine.get('date', 'an unrecorded date')}: "
        f"{machine.get('cpus', '?')} CPUs, {machine.get('processor', 'x86_64')}, "
        f"Python {machine.get('python', '?')}. Each notebook ran in a fresh kernel, one after another. "
        "This page is written by `make sync` from `benchmarks/results.json`.", "",
        "| notebook | minutes | machine speed | peak memory | key results | baseline (same notebook) "
        "| published figure | flags |", "|---|---|---|---|---|---|---|---|"]
    for name, row in rows.items():
        ref = refs.get(name, {})
        metrics = row.get("metrics", {})
        key = "; ".join(f"{k} = {_fmt(metrics[k])}" for k in ref.get("key_metrics", []) if k in metrics)
        base = "; ".join(f"{k} = {_fmt(metrics[k])}" for k in ref.get("baseline_metrics", [])
                         if k in metrics)
        published = "; ".join(f"{p['figure']} ({p['source']})" for p in ref.get("published", []))
        reference = row.get("reference_ms_per_step")
        machine_speed = (f"{reference[0]} / {reference[1]} ms ({row.get('date', '?')})" if reference
                         else f"not measured ({row.get('date', '?')})")
        lines.append(f"| {name} | {row['wall_s'] / 60:.1f} | {machine_speed} | {row['peak_memory_mb']} MB "
                     f"| {key or '-'} "
                     f"| {base or '-'} | {published or '-'} | {'; '.join(row.get('flags', [])) or 'ok'} |")
    total = sum(r["wall_s"] for r in rows.values())
    budget = catalogue.COURSE_BUDGET_S
    verdict = "within" if total <= budget else "OVER"
    lines += ["", f"**Total: {total / 60:.1f} minutes** on {machine.get('cpus', '?')} CPUs, {verdict} the "
              f"{budget / 60:.0f}-minute budget.", "",
              "Machine speed: milliseconds per step of `tools/speed.py` (07's GRU training step), "
              "timed before / after that `make bench` run. The same code can run twice as fast or "
              "slow from one process to the next (CONTRIBUTING.md): compare minutes only between rows "
              "of similar machine speed.", "",
              "All recorded metrics are in `benchmarks/results.json`."]
    slowest = sorted(rows.items(), key=lambda kv: -kv[1]["wall_s"])[:3]
    if slowest:
        lines.append("Slowest: " + ", ".join(f"{n} ({r['wall_s']:.0f} s{_slowest_cell(r)})"
                                             for n, r in slowest) + ".")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- data/README.md

def _brace(names):
    """sentiment/imdb_train.csv.gz, sentiment/imdb_test.csv.gz -> sentiment/imdb_{train,test}.csv.gz"""
    if len(names) == 1:
        return names[0]
    prefix = os.path.commonprefix(names)
    prefix = prefix[:prefix.rfind("_") + 1] if "_" in prefix else prefix
    suffix = os.path.commonprefix([n[::-1] for n in names])[::-1]
    suffix = suffix[suffix.find("."):] if "." in suffix else suffix
    middles = [n[len(prefix):len(n) - len(suffix)] for n in names]
    return f"{prefix}{{{','.join(middles)}}}{suffix}"


def data_table():
    """The table of data sets in data/README.md, from the registry."""
    from rnn_utils import data

    rows = ["| loader | file(s) in this folder | content | licence |", "|---|---|---|---|"]
    for ds in data.DATASETS.values():
        licence = "none stated, see below" if ds.licence.startswith("none stated") else ds.licence
        rows.append(f"| {ds.loader} | `{_brace(list(ds.files))}` | {ds.summary} | {licence} |")
    return "\n".join(rows)


# --------------------------------------------------------------------------- the conductor

def _block(text, marker, content, where):
    pattern = re.compile(rf"<!-- {marker} -->.*?<!-- /{marker} -->", re.S)
    if not pattern.search(text):
        raise ValueError(f"{where} has no <!-- {marker} --> ... <!-- /{marker} --> block")
    inline = "\n" not in content
    body = content if inline else f"\n{content}\n"
    return pattern.sub(lambda _: f"<!-- {marker} -->{body}<!-- /{marker} -->", text)


def derived():
    """{path: text} of every derived file, computed from the sources; nothing is written."""
    files, records = {}, []
    for path in catalogue.solution_paths():
        nb = catalogue.read(path)
        record = catalogue.describe(path, nb)
        records.append(record)
        solution(nb, record)
        files[path] = catalogue.notebook_text(nb)
        files[record.learner] = catalogue.notebook_text(learner.learner_version(nb, path.stem))

    readme = catalogue.ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    text = _block(text, "course-map", course_map(records), "README.md")
    text = _block(text, "quickstart", quickstart(), "README.md")
    files[readme] = _block(text, "course-total", course_total(records), "README.md")

    instructors = catalogue.ROOT / "INSTRUCTORS.md"
    files[instructors] = _block(instructors.read_text(encoding="utf-8"), "session-plan",
                                session_plan(records), "INSTRUCTORS.md")

    data_readme = catalogue.ROOT / "data" / "README.md"
    files[data_readme] = _block(data_readme.read_text(encoding="utf-8"), "data-table", data_table(),
                                "data/README.md")

    results = catalogue.BENCHMARKS / "results.json"
    if results.exists():
        files[catalogue.BENCHMARKS / "RESULTS.md"] = benchmark_page(json.loads(results.read_text()),
                                                                     catalogue.references())
    return files


def orphans():
    """Learner notebooks without a solution notebook."""
    sources = {p.name for p in catalogue.solution_paths()}
    return sorted(p for p in catalogue.NOTEBOOKS.glob("*.ipynb") if p.name not in sources)


def sync(check=False, quiet=False):
    """Bring every derived file up to date (check=True: only report). Returns the stale paths."""
    stale = []
    for path, text in derived().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in orphans():
        stale.append(path)
        if not check:
            path.unlink()
    if not quiet:
        names = [str(p.relative_to(catalogue.ROOT)) for p in stale]
        if check:
            print("\n".join(f"stale: {n} (run `make sync`)" for n in names)
                  or "every derived file is up to date")
        else:
            print(f"{len(names)} derived file(s) written" + (": " + ", ".join(names) if names else ""))
    return stale
