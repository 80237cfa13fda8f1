"""Course benchmark: run every solution notebook in a fresh kernel and measure it.

    python -m tools bench [NN ...]           # `make bench`: writes benchmarks/ only
    python -m tools bench --store [NN ...]   # also store outputs and results, then sync

For each notebook: wall time, peak memory (RSS) of the kernel process, the metrics the
notebook recorded, and its slowest cells (where the time goes). Writes
benchmarks/results.json (machine-readable); `make sync` turns it into benchmarks/RESULTS.md,
with the baselines and published figures of benchmarks/references.json. Budget checks live
here, not in the tests: a notebook over its target, or the course over
catalogue.COURSE_BUDGET_S, is flagged, and so is a training notebook without a
start-of-training sanity check (a recorded `initial_loss` beside `initial_loss_expected`).

Before and after the notebooks it times tools/speed.py's fixed training step, the machine's
speed at the time (a shared virtual machine's speed moves by a factor of two): each row
keeps the pair, so runs from different days can be compared.

Without --store, solutions/, results/ and every notebook header stay as they are; with
--store one run serves both the benchmark and the stored outputs (what `make execute` does).
"""

import datetime
import json
import os
import platform

from . import catalogue, quoted_numbers, runner, speed, sync


def flags(name, row, refs):
    target = refs.get(name, {}).get("target_s")
    out = []
    if target and row["wall_s"] > target:
        out.append(f"over its {target} s target")
    if row["training"] and not {"initial_loss", "initial_loss_expected"} <= row["metrics"].keys():
        out.append("no start-of-training sanity check (initial_loss vs initial_loss_expected)")
    return out


def main(args):
    store = "--store" in args
    names = [a for a in args if a != "--store"]
    paths = catalogue.solution_paths(names)
    results_file = catalogue.BENCHMARKS / "results.json"
    previous = json.loads(results_file.read_text()) if results_file.exists() else {}
    rows = dict(previous.get("notebooks", {}))
    refs = catalogue.references()
    print("machine speed (tools/speed.py) ...", end=" ", flush=True)
    before = speed.ms_per_step()
    print(f"{before:.0f} ms per step", flush=True)
    measured = []
    for path in paths:
        print(f"{path.stem} ...", end=" ", flush=True)
        row = runner.run(path, store=store)
        nb = row.pop("notebook")
        row["flags"] = flags(path.stem, row, refs)
        row["date"] = datetime.date.today().isoformat()
        rows[path.stem] = row
        measured.append(path.stem)
        print(f"{row['wall_s']:.0f} s, {row['peak_memory_mb']} MB", flush=True)
        for cell in row["slowest_cells"][:3]:
            print(f"    {cell['s']:6.1f} s  cell {cell['cell']}: {cell['code']}", flush=True)
        if store:
            quoted_numbers.report(nb, path)
    after = speed.ms_per_step()
    print(f"machine speed after the notebooks: {after:.0f} ms per step (before: {before:.0f})")
    for name in measured:
        rows[name]["reference_ms_per_step"] = [round(before), round(after)]
    machine = {"date": datetime.date.today().isoformat(), "cpus": os.cpu_count(),
               "processor": platform.processor() or platform.machine(),
               "python": platform.python_version(), "platform": platform.platform()}
    catalogue.BENCHMARKS.mkdir(exist_ok=True)
    results_file.write_text(json.dumps({"machine": machine, "notebooks": dict(sorted(rows.items()))},
                                       indent=2) + "\n")
    page = catalogue.BENCHMARKS / "RESULTS.md"
    page.write_text(sync.benchmark_page(json.loads(results_file.read_text()), refs))
    if store:
        sync.sync()
    total = sum(r["wall_s"] for r in rows.values())
    for name, row in rows.items():
        if row["flags"]:
            print(f"FLAG {name}: {'; '.join(row['flags'])}")
    within = "within" if total <= catalogue.COURSE_BUDGET_S else "over"
    print(f"total {total:.0f} s ({within} the {catalogue.COURSE_BUDGET_S} s budget); "
          f"tables in {catalogue.BENCHMARKS.relative_to(catalogue.ROOT)}/")
    return 0
