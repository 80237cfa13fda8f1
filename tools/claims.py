"""Claims drawn from training, checked over several seeds (`make claims`).

    python -m tools claims [NN ...] [--seeds 42 1 2]
    python -m tools claims NN --recheck     # re-judge NN's claims on the values of its last run
    python -m tools claims [NN ...] --fresh # run every seed again, even those that ran before

A claim is a sentence of a notebook's prose that rests on training results, with the
condition on the notebook's recorded metrics that makes it true. The claims are written in
benchmarks/claims.toml:

    [[claim]]
    id = "06-masking-helps"
    notebook = "06"
    sentence = "With the mask, the same LSTM is more accurate on validation"
    holds = "masked_val_accuracy > unmasked_val_accuracy"

`holds` is a Python expression over the names the notebook records with
`rnn_utils.record(name, value)` (and min, max, abs, all, any, len, sum).

For each notebook with claims, the whole notebook runs once per seed (RNN_COURSE_SEED; the
course's own seed, 42, first) in a fresh kernel, FAST mode off, through the runner that
`make execute` uses; solutions/ and results/ are left alone. benchmarks/claims.json gets,
per claim, the sentence, the condition, the metrics per seed and whether the claim held in
each seed. Notebooks not run this time keep their earlier entries. The prose may state a
claim only if it held in every seed; otherwise it states the spread.

A seed is not run again when a run of the same code with that seed finished before: each
finished run is kept in .cache/claims/ (so an interrupted `make claims` resumes where it
stopped), and the stored run of `make execute` (results/NN_topic.json, seed 42) counts too.
"The same code" is runner.fingerprint: the notebook's code cells, the rnn_utils sources, and
the versions of Python, Keras, TensorFlow and NumPy; the runs are deterministic, so the same
code and seed record the same metrics. `--fresh` runs every seed regardless.

Runs at once: `--jobs` (default 2, at most the CPU count) runs that many notebooks at the same
time, each in a process and kernel of its own; the metrics are the same as one at a time (the
runs are deterministic). On the course's 2-core VM a TensorFlow process often gets only one
vCPU's worth of time (CONTRIBUTING.md: machine speed), and two runs at once then take about as
long as one: the reference step took 501-516 ms in each of two processes at once, against
257-331 ms (fast) or 515 ms (one vCPU) alone. Notebook 02's three seeds took 102 s two at a
time and 136 s one at a time (2026-12-06). `--jobs 1` runs one at a time.

`--recheck` runs nothing: after a claim's sentence or condition changed, it judges the
notebook's claims again on the metric values its last claims run stored, per seed. A claim
that reads a metric that run did not store needs a real run.
"""

import argparse
import ast
import concurrent.futures
import datetime
import json
import multiprocessing
import os
import platform
import re
import statistics
import tomllib
from dataclasses import dataclass

from . import catalogue, runner

CLAIMS_TOML = catalogue.BENCHMARKS / "claims.toml"
CLAIMS_JSON = catalogue.BENCHMARKS / "claims.json"
SEEDS = (42, 1, 2)          # the course's own seed first, then two others
MIN_SEEDS = 3
JOBS = min(2, os.cpu_count() or 1)  # two runs at once: see "Runs at once" above
_FUNCTIONS = {"min": min, "max": max, "abs": abs, "all": all, "any": any, "len": len, "sum": sum}


@dataclass(frozen=True)
class Claim:
    id: str
    notebook: str
    sentence: str
    holds: str

    @property
    def names(self):
        """The metric names the condition reads."""
        tree = ast.parse(self.holds, mode="eval")
        return sorted({node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} - set(_FUNCTIONS))

    def check(self, metrics):
        """(held, the values it read); a metric the run did not record is a clear error."""
        missing = [name for name in self.names if name not in metrics]
        if missing:
            raise KeyError(f"claim {self.id}: the notebook recorded no {', '.join(missing)} "
                           f"(it records: {', '.join(sorted(metrics)) or 'nothing'}).")
        values = {name: metrics[name] for name in self.names}
        return bool(eval(self.holds, {"__builtins__": {}, **_FUNCTIONS}, dict(values))), values  # noqa: S307


def load(path=None):
    path = path or CLAIMS_TOML
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    claims = [Claim(**entry) for entry in data.get("claim", [])]
    seen = set()
    for claim in claims:
        if claim.id in seen:
            raise ValueError(f"{path.name}: the claim id {claim.id!r} appears twice.")
        seen.add(claim.id)
        ast.parse(claim.holds, mode="eval")  # a syntax error names itself here, not mid-run
    return claims


def _plain_text(text):
    """Markdown as it reads: no emphasis, code ticks or link targets; one space between words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def sentence_in(nb, sentence):
    """Whether the notebook's markdown says `sentence` (compared as plain text)."""
    prose = _plain_text(" ".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    return _plain_text(sentence) in prose


def runs_folder():
    """Where each finished seed's run is kept (not in git), so an interrupted `make claims` resumes."""
    return catalogue.ROOT / ".cache" / "claims"


def earlier_run(path, seed, code):
    """The metrics of a finished run of this notebook's current code with this seed, or None:
    a run kept by an earlier claims run, or the stored run of `make execute` (results/)."""
    candidates = [runs_folder() / f"{path.stem}-seed{seed}.json", catalogue.RESULTS / f"{path.stem}.json"]
    for candidate in candidates:
        run = json.loads(candidate.read_text()) if candidate.exists() else {}
        if run.get("fingerprint") == code and run.get("seed") == seed and run.get("metrics"):
            return run["metrics"], candidate
    return None


def _run_seed(path, seed):
    """One claims run: the notebook with this seed, in a fresh kernel (what a worker returns)."""
    row = runner.run(path, environment={"RNN_COURSE_SEED": str(seed)})
    return {key: row[key] for key in ("wall_s", "metrics", "fingerprint", "seed")}


def _runs(todo, jobs):
    """Run each (path, seed) of todo; yield ((path, seed), row) as the runs finish. With jobs > 1,
    that many run at once, each in a process of its own (the runner sets environment variables
    for its kernel); forked, so the workers see this process's set-up."""
    if jobs <= 1:
        for path, seed in todo:
            print(f"{path.name}: seed {seed} ...", flush=True)
            yield (path, seed), _run_seed(path, seed)
        return
    print(f"{len(todo)} run(s), {jobs} at a time ...", flush=True)
    pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = {pool.submit(_run_seed, path, seed): (path, seed) for path, seed in todo}
        for future in concurrent.futures.as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(cancel_futures=True)


def measure(claims, paths, seeds=SEEDS, fresh=False, jobs=1):
    """Run each notebook once per seed and evaluate its claims: the entries of claims.json.
    A seed whose run of the same code finished before (see `earlier_run`) is not run again,
    unless `fresh`. jobs: how many runs at once."""
    plan, metrics, todo = [], {}, []
    for path in paths:
        mine = [c for c in claims if path.stem.startswith(c.notebook)]
        if not mine:
            continue
        code = runner.fingerprint(catalogue.read(path))
        plan.append((path, mine, code))
        for seed in seeds:
            found = None if fresh else earlier_run(path, seed, code)
            if found:
                metrics[path, seed], source = found
                print(f"{path.name}: seed {seed}: the same code ran before "
                      f"({source.relative_to(catalogue.ROOT)}); not run again", flush=True)
            else:
                todo.append((path, seed))
    mine_of, code_of = {path: mine for path, mine, _ in plan}, {path: code for path, _, code in plan}
    for (path, seed), row in _runs(todo, jobs):
        print(f"  {path.name}: seed {seed}: {row['wall_s']:.0f} s", flush=True)
        if row["fingerprint"] == code_of[path] and row["seed"] == seed:
            runs_folder().mkdir(parents=True, exist_ok=True)
            kept = {"fingerprint": row["fingerprint"], "seed": seed, "metrics": row["metrics"]}
            (runs_folder() / f"{path.stem}-seed{seed}.json").write_text(json.dumps(kept, indent=1) + "\n")
        metrics[path, seed] = row["metrics"]
        for claim in mine_of[path]:  # a metric the notebook does not record stops the runs at once
            claim.check(row["metrics"])
    entries = []
    for path, mine, _ in plan:
        metrics_by_seed = {str(seed): metrics[path, seed] for seed in seeds}
        entries += [judge(claim, path, metrics_by_seed) for claim in mine]
    return entries


def judge(claim, path, metrics_by_seed):
    """The claims.json entry of one claim: its values and verdict per seed."""
    held, values = {}, {}
    for seed, metrics in metrics_by_seed.items():
        held[seed], values[seed] = claim.check(metrics)
    return {"id": claim.id, "notebook": path.stem, "sentence": claim.sentence, "holds": claim.holds,
            "seeds": [int(s) for s in metrics_by_seed], "values": values, "held": held,
            "held_in_every_seed": bool(held) and all(held.values())}


def spread(entry):
    """{metric: (min, median, max)} over the seeds, for numeric metrics."""
    out = {}
    for name in sorted(next(iter(entry["values"].values()), {})):
        numbers = [v[name] for v in entry["values"].values() if isinstance(v.get(name), (int, float))]
        if numbers:
            out[name] = (min(numbers), statistics.median(numbers), max(numbers))
    return out


def table(entries):
    lines = ["| claim | seeds | metric: min / median / max | held |", "|---|---|---|---|"]
    for entry in entries:
        metrics = "<br>".join(f"{name}: {lo:.4g} / {mid:.4g} / {hi:.4g}"
                              for name, (lo, mid, hi) in spread(entry).items())
        verdict = "every seed" if entry["held_in_every_seed"] else "NOT in " + ", ".join(
            seed for seed, ok in entry["held"].items() if not ok)
        lines.append(f"| {entry['id']} | {len(entry['seeds'])} | {metrics} | {verdict} |")
    return "\n".join(lines)


def recheck(claims, paths):
    """The entries of `measure`, judged on the values the last claims run stored."""
    stored = json.loads(CLAIMS_JSON.read_text())["claims"] if CLAIMS_JSON.exists() else []
    entries = []
    for path in paths:
        metrics_by_seed = {}
        for entry in (e for e in stored if e["notebook"] == path.stem):
            for seed in entry["seeds"]:  # in the order the run took them
                metrics_by_seed.setdefault(str(seed), {}).update(entry["values"][str(seed)])
        entries += [judge(claim, path, metrics_by_seed)
                    for claim in claims if path.stem.startswith(claim.notebook)]
    return entries


def write(entries, path=None):
    """Merge new entries into claims.json: a notebook run now replaces its earlier entries."""
    path = path or CLAIMS_JSON
    old = json.loads(path.read_text()) if path.exists() else {"claims": []}
    notebooks = {e["notebook"] for e in entries}
    kept = [e for e in old["claims"] if e["notebook"] not in notebooks]
    data = {"machine": {"python": platform.python_version(), "processor": platform.machine(),
                        "date": datetime.date.today().isoformat()},
            "claims": sorted(kept + entries, key=lambda e: (e["notebook"], e["id"]))}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools claims", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="notebook prefixes, e.g. 05 06 (default: all with claims)")
    parser.add_argument("--seeds", nargs="+", type=int, default=list(SEEDS))
    parser.add_argument("--fresh", action="store_true",
                        help="run every seed, even one whose run of the same code finished before")
    parser.add_argument("--recheck", action="store_true",
                        help="judge the claims again on the values of the last run; run nothing")
    parser.add_argument("--jobs", type=int, default=JOBS,
                        help=f"how many notebook runs at once (default {JOBS})")
    args = parser.parse_args(argv)
    if len(args.seeds) < MIN_SEEDS:
        parser.error(f"a claim needs at least {MIN_SEEDS} seeds.")
    claims = load()
    if not claims:
        print(f"{CLAIMS_TOML.relative_to(catalogue.ROOT)} holds no claims yet.")
        return 0
    for claim in claims:
        nb = catalogue.read(catalogue.solution_paths([claim.notebook])[0])
        if not sentence_in(nb, claim.sentence):
            print(f"claim {claim.id}: notebook {claim.notebook} no longer says {claim.sentence!r}")
            return 1
    paths = catalogue.solution_paths(args.names)
    entries = (recheck(claims, paths) if args.recheck
               else measure(claims, paths, args.seeds, args.fresh, args.jobs))
    data = write(entries)
    print(table(data["claims"]))
    failed = [e["id"] for e in data["claims"] if not e["held_in_every_seed"]]
    if failed:
        print(f"{len(failed)} claim(s) did not hold in every seed: {', '.join(failed)}. "
              "Fix the experiment, or let the prose give the spread and drop the claim.")
    return 1 if failed else 0
