"""Maintainer tools for the notebooks: generate learner versions, execute, stamp run times.

    python tools/course.py generate          # solutions/ -> notebooks/
    python tools/course.py generate --check  # exit 1 if notebooks/ is out of date
    python tools/course.py execute [NAME...] # re-run solutions in place, then generate
    python tools/course.py readme            # rewrite the course map in README.md
    python tools/course.py restamp           # titles and course map from results/ (no run)

The source of every notebook is solutions/NN_topic.ipynb. Solution code sits between
`### BEGIN SOLUTION` and `### END SOLUTION`; in notebooks/ each region becomes a stub
that raises NotImplementedError, and the exercise cell and the check cell after it get
the `raises-exception` tag and lose their outputs. Lesson cells keep their outputs.
"""

import argparse
import copy
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS, NOTEBOOKS, RESULTS = ROOT / "solutions", ROOT / "notebooks", ROOT / "results"

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = ('# YOUR CODE HERE\n'
        'raise NotImplementedError("Write your solution here, then run the check cell below.")')
RAISES = "raises-exception"
RUN_TIME = re.compile(r"<!-- run-time -->.*?<!-- /run-time -->", re.S)

_REGION = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[^\n]*\n.*?^[ \t]*{re.escape(END)}[^\n]*$",
                     re.S | re.M)


def is_exercise(cell):
    return cell.cell_type == "code" and BEGIN in cell.source


def stub_source(source):
    """Replace every solution region by an indented stub."""
    if source.count(BEGIN) != source.count(END):
        raise ValueError("unbalanced BEGIN/END SOLUTION markers:\n" + source)

    def stub(match):
        indent = match.group(1)
        return "\n".join(indent + line for line in STUB.splitlines())

    return _REGION.sub(stub, source)


def is_stub(cell):
    """An exercise cell of a learner notebook."""
    return (cell.cell_type == "code" and RAISES in cell.metadata.get("tags", [])
            and "raise NotImplementedError" in cell.source)


def exercise_pairs(nb, is_exercise_cell=is_exercise):
    """[(exercise cell index, check cell index)]: the check is the next code cell."""
    pairs = []
    for i, cell in enumerate(nb.cells):
        if is_exercise_cell(cell):
            following = [j for j in range(i + 1, len(nb.cells)) if nb.cells[j].cell_type == "code"]
            pairs.append((i, following[0] if following else None))
    return pairs


def _clear(cell):
    cell.outputs = []
    cell.execution_count = None
    tags = cell.metadata.setdefault("tags", [])
    if RAISES not in tags:
        tags.append(RAISES)


def learner_version(nb, name):
    """The learner notebook made from a solution notebook (a new object)."""
    nb = copy.deepcopy(nb)
    for exercise, check in exercise_pairs(nb):
        nb.cells[exercise].source = stub_source(nb.cells[exercise].source)
        _clear(nb.cells[exercise])
        if check is not None:
            _clear(nb.cells[check])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = cell.source.replace(f"/solutions/{name}", f"/notebooks/{name}")
    return nb


def read(path):
    return nbformat.read(path, as_version=4)


def write(nb, path):
    text = nbformat.writes(nb) + "\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        return True
    return False


def generate(check=False):
    """Write notebooks/ from solutions/; with check=True only report what is stale."""
    stale = []
    for source in sorted(SOLUTIONS.glob("*.ipynb")):
        target = NOTEBOOKS / source.name
        learner = learner_version(read(source), source.stem)
        text = nbformat.writes(learner) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            stale.append(target.name)
            if not check:
                target.parent.mkdir(exist_ok=True)
                target.write_text(text, encoding="utf-8")
    extra = {p.name for p in NOTEBOOKS.glob("*.ipynb")} - {p.name for p in SOLUTIONS.glob("*.ipynb")}
    for name in sorted(extra):
        stale.append(f"{name} (no solution notebook)")
    verb = "out of date" if check else "written"
    print(f"{len(stale)} learner notebook(s) {verb}" + (": " + ", ".join(stale) if stale else ""))
    return stale


def stamp_run_time(nb, seconds):
    """Write the measured run time into the title cell's <!-- run-time --> marker."""
    text = (f"<!-- run-time -->**Run time:** {seconds:.0f} s on a {os.cpu_count()}-core CPU "
            "(measured by `make execute` or `make bench`)<!-- /run-time -->")
    title = nb.cells[0]
    if not RUN_TIME.search(title.source):
        raise ValueError("the title cell has no <!-- run-time --><!-- /run-time --> marker")
    title.source = RUN_TIME.sub(lambda _: text, title.source)


def recorded_run_time(name):
    result = RESULTS / f"{name}.json"
    return json.loads(result.read_text()).get("run_time_s") if result.exists() else None


def restamp():
    """Stamp every solution's title with its recorded run time (no execution)."""
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        seconds = recorded_run_time(path.stem)
        if seconds is not None:
            nb = read(path)
            stamp_run_time(nb, seconds)
            write(nb, path)
    generate()
    update_readme()


def execute(names=()):
    """Execute solution notebooks in place (recording metrics), stamp run times, regenerate."""
    from nbclient import NotebookClient

    os.environ["RNN_COURSE_RECORD"] = "1"
    os.environ.pop("RNN_COURSE_FAST", None)
    paths = sorted(SOLUTIONS.glob("*.ipynb"))
    if names:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in names)]
        if not paths:
            sys.exit(f"no solution notebook matches {', '.join(names)}")
    for path in paths:
        nb = read(path)
        print(f"executing {path.name} ...", flush=True)
        start = time.perf_counter()
        NotebookClient(nb, timeout=1200, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(SOLUTIONS)}}).execute()
        wall = time.perf_counter() - start
        measured = recorded_run_time(path.stem)
        stamp_run_time(nb, measured or wall)
        write(nb, path)
        print(f"  {path.name}: {wall:.0f} s wall, {measured} s in the kernel")
        report_quoted_numbers(nb, path)
    generate()
    update_readme()


def report_quoted_numbers(nb, path):
    """Print the numbers the prose quotes that this run printed nowhere (tools/quoted_numbers.py)."""
    from quoted_numbers import unmatched

    for index, number, context in unmatched(nb):
        print(f"  check the text: {path.name} cell {index} quotes {number}, printed nowhere: ...{context}...")


COURSE_REPO = "rnn-course/rnn-course"
MAP = re.compile(r"<!-- course-map -->.*?<!-- /course-map -->", re.S)


def course_map():
    """The README's course map: one row per notebook, minutes from results/."""
    rows = ["| # | notebook | topics | run time | learner | solution |", "|---|---|---|---|---|---|"]
    for path in sorted(SOLUTIONS.glob("*.ipynb")):
        nb = read(path)
        title = nb.cells[0].source.splitlines()[0].split("·", 1)[-1].strip()
        sections = [m.group(1) for c in nb.cells if c.cell_type == "markdown"
                    for m in re.finditer(r"^## \d+\. (.+)$", c.source, re.M)]
        seconds = recorded_run_time(path.stem)
        run_time = f"{seconds:.0f} s" if seconds else "not measured"
        badge = ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
                 f"(https://colab.research.google.com/github/{COURSE_REPO}/blob/main/{{}}/{path.name})")
        rows.append(f"| {path.stem[:2]} | [{title}](notebooks/{path.name}) | {'; '.join(sections)} "
                    f"| {run_time} | {badge.format('notebooks')} | [solution](solutions/{path.name}) |")
    return "\n".join(rows)


def update_readme():
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = MAP.sub(lambda _: f"<!-- course-map -->\n{course_map()}\n<!-- /course-map -->", text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write notebooks/ from solutions/")
    gen.add_argument("--check", action="store_true", help="only report stale notebooks")
    run = sub.add_parser("execute", help="re-execute solution notebooks, then generate")
    run.add_argument("names", nargs="*", help="notebook name prefixes, e.g. 01 03")
    sub.add_parser("readme", help="rewrite the course map in README.md")
    sub.add_parser("restamp", help="stamp recorded run times into the titles, regenerate")
    args = parser.parse_args(argv)
    if args.command == "restamp":
        restamp()
        return 0
    if args.command == "readme":
        print("README.md course map " + ("updated" if update_readme() else "already up to date"))
        return 0
    if args.command == "generate":
        return 1 if generate(check=args.check) and args.check else 0
    execute(args.names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
