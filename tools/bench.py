"""Course benchmark: run every solution notebook in a fresh kernel and measure it.

    python tools/bench.py [NAME...]      # `make bench`; NAME = notebook prefixes, e.g. 03 07
    python tools/bench.py --store [NAME...]  # also store the outputs (what `make execute` does)

For each notebook: wall time, peak memory (RSS) of the kernel process, and the metrics the
notebook recorded (results/NN_topic.json). Writes benchmarks/results.json (machine-readable)
and benchmarks/RESULTS.md (the readable table, with the baselines and the published figures
from benchmarks/references.json), stamps the run times into the notebook headers and the
README's course map. Budget checks live here, not in the tests: a notebook over its target,
or the course over TOTAL_BUDGET_S, is flagged, and so is a training notebook without a
start-of-training sanity check (a recorded `initial_loss` beside `initial_loss_expected`).

Without --store the notebooks run from a copy and solutions/ keeps its stored outputs;
with --store one run serves both the benchmark and the stored outputs.
"""

import datetime
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import course  # noqa: E402

BENCH = course.ROOT / "benchmarks"
TOTAL_BUDGET_S = 600  # the whole course on 2 cores
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


def references():
    path = BENCH / "references.json"
    return json.loads(path.read_text()) if path.exists() else {}


def is_training_notebook(nb):
    return any(marker in cell.source for cell in nb.cells if cell.cell_type == "code"
               for marker in TRAINING_MARKERS)


def run_one(path, store=False):
    from nbclient import NotebookClient

    nb = course.read(path)
    start = time.perf_counter()
    with PeakMemory() as memory:
        NotebookClient(nb, timeout=1800, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(course.SOLUTIONS)}}).execute()
    wall = time.perf_counter() - start
    recorded = json.loads((course.RESULTS / f"{path.stem}.json").read_text())
    if store:
        course.stamp_run_time(nb, recorded.get("run_time_s") or wall)
        course.write(nb, path)
        course.report_quoted_numbers(nb, path)
    return {"wall_s": round(wall, 1), "kernel_run_time_s": recorded.get("run_time_s"),
            "peak_memory_mb": round(memory.peak / 2**20), "metrics": recorded.get("metrics", {}),
            "training": is_training_notebook(nb)}


def flags(name, row, refs):
    target = refs.get(name, {}).get("target_s")
    out = []
    if target and row["wall_s"] > target:
        out.append(f"over its {target} s target")
    metrics = row["metrics"]
    if row["training"] and not {"initial_loss", "initial_loss_expected"} <= metrics.keys():
        out.append("no start-of-training sanity check (initial_loss vs initial_loss_expected)")
    return out


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    return str(value)


def write_tables(rows, refs):
    total = sum(r["wall_s"] for r in rows.values())
    cpus = os.cpu_count()
    lines = [
        "# Course benchmark", "",
        f"Measured by `make bench` on {datetime.date.today()}: {cpus} CPUs, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}. "
        "Each notebook ran in a fresh kernel, one after another.", "",
        "| notebook | minutes | peak memory | key results | baseline (same notebook) "
        "| published figure | flags |", "|---|---|---|---|---|---|---|"]
    for name, row in rows.items():
        ref = refs.get(name, {})
        keys = ref.get("key_metrics", [])
        baselines = ref.get("baseline_metrics", [])
        key = "; ".join(f"{k} = {_fmt(row['metrics'][k])}" for k in keys if k in row["metrics"])
        base = "; ".join(f"{k} = {_fmt(row['metrics'][k])}" for k in baselines if k in row["metrics"])
        published = "; ".join(f"{p['figure']} ({p['source']})" for p in ref.get("published", []))
        lines.append(f"| {name} | {row['wall_s'] / 60:.1f} | {row['peak_memory_mb']} MB | {key or '-'} "
                     f"| {base or '-'} | {published or '-'} | {'; '.join(row['flags']) or 'ok'} |")
    verdict = "within" if total <= TOTAL_BUDGET_S else "OVER"
    lines += ["", f"**Total: {total / 60:.1f} minutes** on {cpus} CPUs, {verdict} the "
              f"{TOTAL_BUDGET_S / 60:.0f}-minute budget.", "",
              "All recorded metrics are in `benchmarks/results.json`."]
    slowest = sorted(rows.items(), key=lambda kv: -kv[1]["wall_s"])[:3]
    lines.append("Slowest: " + ", ".join(f"{n} ({r['wall_s']:.0f} s)" for n, r in slowest) + ".")
    (BENCH / "RESULTS.md").write_text("\n".join(lines) + "\n")
    return total


def main(args):
    store = "--store" in args
    names = [a for a in args if a != "--store"]
    os.environ["RNN_COURSE_RECORD"] = "1"
    os.environ.pop("RNN_COURSE_FAST", None)
    BENCH.mkdir(exist_ok=True)
    paths = sorted(course.SOLUTIONS.glob("*.ipynb"))
    if names:
        paths = [p for p in paths if any(p.stem.startswith(n) for n in names)]
    results_file = BENCH / "results.json"
    previous = json.loads(results_file.read_text()) if results_file.exists() else {}
    rows = dict(previous.get("notebooks", {}))
    refs = references()
    for path in paths:
        print(f"{path.stem} ...", end=" ", flush=True)
        row = run_one(path, store)
        row["flags"] = flags(path.stem, row, refs)
        rows[path.stem] = row
        print(f"{row['wall_s']:.0f} s, {row['peak_memory_mb']} MB", flush=True)
    rows = dict(sorted(rows.items()))
    results_file.write_text(json.dumps({
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "notebooks": rows}, indent=2) + "\n")
    total = write_tables(rows, refs)
    for stem, row in rows.items():
        nb_path = course.SOLUTIONS / f"{stem}.ipynb"
        if nb_path.exists() and row.get("kernel_run_time_s"):
            nb = nbformat.read(nb_path, as_version=4)
            course.stamp_run_time(nb, row["kernel_run_time_s"])
            course.write(nb, nb_path)
    course.generate()
    course.update_readme()
    flagged = {n: r["flags"] for n, r in rows.items() if r["flags"]}
    for name, what in flagged.items():
        print(f"FLAG {name}: {'; '.join(what)}")
    print(f"total {total:.0f} s ({'within' if total <= TOTAL_BUDGET_S else 'over'} budget); "
          f"tables in {BENCH.relative_to(course.ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
