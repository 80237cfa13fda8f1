"""The catalogue: what the course is made of, in one place.

Paths, the course's home (where it is published), the limits every tool shares, and one
record per notebook with what its sources say: title, sections, estimated time, time target,
and the run time its last recorded run measured. Every other tool asks this module; none
globs the folders itself.
"""

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"      # the source of every notebook
NOTEBOOKS = ROOT / "notebooks"      # learner notebooks, generated from solutions/
RESULTS = ROOT / "results"          # metrics and run times recorded by `make execute`
BENCHMARKS = ROOT / "benchmarks"    # references.json (targets, published figures), bench results
BUILD = ROOT / "build"

# Limits shared by every tool (pyproject.toml's --nbval-cell-timeout must equal CELL_TIMEOUT_S;
# a test checks it).
CELL_TIMEOUT_S = 900        # one cell, in the tests and in scripted runs
KERNEL_STARTUP_S = 120
COURSE_BUDGET_S = 600       # the whole course on 2 cores

BRANCH = "main"
_REPOSITORY_URL = re.compile(r"^https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?$")


def home():
    """The GitHub owner/name the course is published under, e.g. "rnn-course/rnn-course".

    It is `[project.urls] Repository` in pyproject.toml: change it there and run `make sync`.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    url = project.get("urls", {}).get("Repository", "")
    match = _REPOSITORY_URL.match(url)
    if not match:
        raise ValueError("pyproject.toml: [project.urls] Repository must be a GitHub address "
                         f"like https://github.com/OWNER/NAME, not {url!r}")
    return match.group(1)


def clone_url():
    return f"https://github.com/{home()}"


def colab_url(folder, filename):
    """The 'Open in Colab' address of a notebook in `folder` ("solutions" or "notebooks")."""
    return f"https://colab.research.google.com/github/{home()}/blob/{BRANCH}/{folder}/{filename}"


def read(path):
    return nbformat.read(path, as_version=4)


def notebook_text(nb):
    """A notebook as the bytes it is stored with (nbformat's layout plus a final newline)."""
    return nbformat.writes(nb) + "\n"


def references():
    path = BENCHMARKS / "references.json"
    return json.loads(path.read_text()) if path.exists() else {}


def recorded(stem):
    """What the last recorded run of a notebook wrote (results/NN_topic.json), or {}."""
    path = RESULTS / f"{stem}.json"
    return json.loads(path.read_text()) if path.exists() else {}


_SECTION = re.compile(r"^## \d+\. (.+)$", re.M)
_ESTIMATED = re.compile(r"\*\*Estimated time:\*\*\s*(\d+)\s*min")


@dataclass
class Notebook:
    """One notebook of the course, as its sources describe it."""

    stem: str                           # "03_rnn_forward_numpy"
    title: str = ""
    sections: list = field(default_factory=list)
    estimated_min: int | None = None    # the learner's time, from the title cell
    target_s: float | None = None       # benchmarks/references.json
    run_time_s: float | None = None     # results/NN_topic.json
    cpus: int | None = None             # the CPUs of the machine that measured run_time_s

    @property
    def number(self):
        return self.stem[:2]

    @property
    def filename(self):
        return f"{self.stem}.ipynb"

    @property
    def solution(self):
        return SOLUTIONS / self.filename

    @property
    def learner(self):
        return NOTEBOOKS / self.filename


def describe(path, nb=None):
    """The catalogue record of one solution notebook."""
    path = Path(path)
    nb = nb or read(path)
    title_cell = nb.cells[0].source if nb.cells else ""
    title = title_cell.splitlines()[0].split("·", 1)[-1].strip() if title_cell else path.stem
    estimated = _ESTIMATED.search(title_cell)
    result = recorded(path.stem)
    return Notebook(
        stem=path.stem, title=title,
        sections=[m.group(1) for c in nb.cells if c.cell_type == "markdown"
                  for m in _SECTION.finditer(c.source)],
        estimated_min=int(estimated.group(1)) if estimated else None,
        target_s=references().get(path.stem, {}).get("target_s"),
        run_time_s=result.get("run_time_s"), cpus=result.get("cpus"))


def solution_paths(names=()):
    """The solution notebooks in course order; `names` are prefixes such as "03"."""
    paths = sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))
    if names:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in names)]
        if not paths:
            raise SystemExit(f"no solution notebook matches {', '.join(names)}")
    return paths


def notebooks(names=()):
    """[Notebook] in course order."""
    return [describe(path) for path in solution_paths(names)]
