"""Record a notebook's key metrics and run time into results/NN_topic.json.

`record("test_accuracy", 0.86)` returns the value, so it can wrap an expression.
Files are written only when RNN_COURSE_RECORD=1 (set by `make execute` and the
benchmark), so a learner's own runs and the test runs never change them. The course's
runner (tools/runner.py) points RNN_COURSE_RESULTS at a scratch folder and moves the file
into results/ only when the whole notebook has run.
"""

import json
import math
import os
from pathlib import Path

from . import env

RECORD_ENV = "RNN_COURSE_RECORD"
RESULTS_DIR_ENV = "RNN_COURSE_RESULTS"


def project_root():
    """The course checkout holding rnn_utils/ and solutions/ (None outside a checkout)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here, Path.cwd(), Path.cwd().parent):
        if (candidate / "rnn_utils").is_dir() and (candidate / "solutions").is_dir():
            return candidate
    return None


def results_path(notebook=None):
    notebook = notebook or env.notebook_name()
    if notebook is None:
        raise RuntimeError("Call rnn_utils.setup('NN_topic') before recording results.")
    if os.environ.get(RESULTS_DIR_ENV):
        return Path(os.environ[RESULTS_DIR_ENV]) / f"{notebook}.json"
    root = project_root()
    if root is None:
        raise RuntimeError("Recording results needs the course checkout (a folder with rnn_utils/ "
                           "and solutions/): run the notebook from its notebooks/ or solutions/ folder.")
    return root / "results" / f"{notebook}.json"


def recording():
    """True in `make execute` runs; never in FAST mode, whose numbers are not the course's."""
    return os.environ.get(RECORD_ENV, "") not in ("", "0") and not env.fast_mode()


def _plain(value):
    """Convert NumPy scalars and arrays to JSON-ready Python values."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot record a non-finite number ({value}).")
        return float(f"{value:.6g}")  # 6 significant digits: keeps 3.2e-07 as it is
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _update(**items):
    path = results_path()
    data = json.loads(path.read_text()) if path.exists() else {}
    data.setdefault("metrics", {})
    for key, value in items.items():
        if key in ("run_time_s", "cpus", "seed"):
            data[key] = value
        else:
            data["metrics"][key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def record(name, value):
    """Keep `value` as metric `name` of this notebook; returns `value` unchanged."""
    plain = _plain(value)
    if recording():
        _update(**{name: plain})
    return value


def finish():
    """Last cell of a notebook: record and print the total run time (and the CPUs it ran on)."""
    seconds = env.elapsed()
    if seconds is None:
        raise RuntimeError("Call rnn_utils.setup('NN_topic') at the top of the notebook first.")
    if recording():
        _update(run_time_s=round(seconds, 1), cpus=os.cpu_count(), seed=env.SEED)
    print(f"Notebook finished in {seconds:.0f} s.")


def seed_spread(notebook=None, metrics=None):
    """The spread over seeds of the metrics this notebook's claims read, from the last
    `make claims` (benchmarks/claims.json): a table with one row per metric, a column per seed,
    and min / median / max. `metrics` keeps only those names, in that order (a name no claims
    run has recorded yet gets an empty row and a note)."""
    import pandas as pd

    notebook = notebook or env.notebook_name()
    root = project_root()
    path = root / "benchmarks" / "claims.json" if root else None
    if path is None or not path.exists():
        raise FileNotFoundError("No benchmarks/claims.json in this checkout: `make claims` writes it.")
    values = {}
    for entry in json.loads(path.read_text())["claims"]:
        if entry["notebook"].startswith(notebook):
            for seed, metric_values in entry["values"].items():
                for name, value in metric_values.items():
                    values.setdefault(name, {})[int(seed)] = value
    if not values:
        raise LookupError(f"benchmarks/claims.json has no claims for {notebook}: "
                          f"run `make claims NB={notebook[:2]}`.")
    table = pd.DataFrame.from_dict(values, orient="index").sort_index(axis=1)
    if metrics is not None:
        missing = [name for name in metrics if name not in table.index]
        if missing:  # a new claim, before its first claims run (which runs this notebook)
            print(f"No claims run has recorded {', '.join(missing)} yet: `make claims NB={notebook[:2]}`.")
        table = table.reindex(list(metrics))
    seeds = table.columns
    table.columns = [f"seed {s}" for s in seeds]
    numbers = table.astype(float)
    return table.assign(min=numbers.min(axis=1), median=numbers.median(axis=1), max=numbers.max(axis=1))
