"""Run a solution notebook top to bottom in a fresh kernel: the one runner every tool uses.

    python -m tools execute [NN ...]     # `make execute`: run, store outputs and results, sync

A run executes the notebook with RNN_COURSE_RECORD=1 (FAST mode off). The kernel records
its metrics, run time and CPU count into a scratch folder (RNN_COURSE_RESULTS); only a run
that finishes replaces results/NN_topic.json, whole, so no metric of an earlier run
survives. With store=True the executed notebook replaces the solution notebook (the stored
outputs); without it, solutions/ and results/ are left alone (what `make bench` does).
"""

import contextlib
import datetime
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import tempfile
import threading
import time
from pathlib import Path

import psutil

from . import catalogue, quoted_numbers, sync

TRAINING_MARKERS = (".fit(", "train_step", "optimizer")


class PeakMemory:
    """Poll the resident memory of this process's children (the kernel) in a thread."""

    def __init__(self, interval=0.2):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


@contextlib.contextmanager
def _environment(**values):
    """Set environment variables for the kernel this process starts (None removes one)."""
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def fingerprint(nb):
    """What a run's numbers depend on: the notebook's code, the rnn_utils sources, Python and the
    numeric libraries. Two runs with the same fingerprint and seed record the same metrics (the
    runs are deterministic: rnn_utils.setup seeds everything and enables op determinism)."""
    digest = hashlib.sha256()
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(cell.source.encode() + b"\0")
    package = Path(importlib.util.find_spec("rnn_utils").origin).parent  # found, not imported (1.3 s)
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    versions = [platform.python_version()]
    for name in ("keras", "tensorflow", "numpy"):
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    digest.update("; ".join(versions).encode())
    return digest.hexdigest()[:16]


def _seconds(cell):
    """How long nbclient's recorded timing says a code cell ran (0 when it did not record one)."""
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = datetime.datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def slowest_cells(nb, n=5):
    """The n slowest code cells of an executed notebook, and remove the timing it recorded, so a
    stored notebook does not change with the clock: [{"cell": id, "s": seconds, "code": first line}]."""
    rows = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            rows.append({"cell": cell.get("id", ""), "s": round(_seconds(cell), 1),
                         "code": cell.source.strip().splitlines()[0][:80] if cell.source.strip() else ""})
            cell.metadata.pop("execution", None)
    return sorted(rows, key=lambda row: -row["s"])[:n]


def is_training_notebook(nb):
    return any(marker in cell.source for cell in nb.cells if cell.cell_type == "code"
               for marker in TRAINING_MARKERS)


def run(path, store=False, environment=None):
    """Execute one solution notebook; returns what the run measured and recorded.

    environment: more variables for the kernel, e.g. {"RNN_COURSE_SEED": "1"} (`make claims`).
    """
    from nbclient import NotebookClient
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor

    nb = catalogue.read(path)
    nb.metadata.pop("widgets", None)  # widget state of an earlier run
    code = fingerprint(nb)
    with tempfile.TemporaryDirectory(prefix="rnn-course-results-") as scratch:
        with _environment(RNN_COURSE_RECORD="1", RNN_COURSE_FAST=None, RNN_COURSE_RESULTS=scratch,
                          **(environment or {})):
            start = time.perf_counter()
            with PeakMemory() as memory:
                NotebookClient(nb, timeout=catalogue.CELL_TIMEOUT_S,
                               startup_timeout=catalogue.KERNEL_STARTUP_S, kernel_name="python3",
                               record_timing=True,
                               resources={"metadata": {"path": str(path.parent)}}).execute()
            wall = time.perf_counter() - start
            slowest = slowest_cells(nb)
            CoalesceStreamsPreprocessor().preprocess(nb, {})  # one stream per cell, as a reader sees it
        produced = os.path.join(scratch, f"{path.stem}.json")
        recorded = json.loads(open(produced).read()) if os.path.exists(produced) else {}
        if recorded:
            recorded["fingerprint"] = code
    if store:
        path.write_text(catalogue.notebook_text(nb), encoding="utf-8")
        catalogue.RESULTS.mkdir(exist_ok=True)
        (catalogue.RESULTS / f"{path.stem}.json").write_text(json.dumps(recorded, indent=2, sort_keys=True)
                                                              + "\n")
    return {"wall_s": round(wall, 1), "kernel_run_time_s": recorded.get("run_time_s"),
            "cpus": recorded.get("cpus"), "peak_memory_mb": round(memory.peak / 2**20),
            "metrics": recorded.get("metrics", {}), "seed": recorded.get("seed"),
            "fingerprint": code, "slowest_cells": slowest, "training": is_training_notebook(nb),
            "notebook": nb}


def execute(names=()):
    """`make execute`: run solution notebooks in place (outputs, results), then sync."""
    for path in catalogue.solution_paths(names):
        print(f"executing {path.name} ...", flush=True)
        row = run(path, store=True)
        print(f"  {path.name}: {row['wall_s']:.0f} s wall, {row['kernel_run_time_s']} s in the kernel")
        quoted_numbers.report(row["notebook"], path)
    sync.sync()
