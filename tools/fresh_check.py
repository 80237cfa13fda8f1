"""Fresh-machine check: follow the README's quickstart in a clean clone and time it.

    python tools/fresh_check.py                  # clone, `make install`, then `make test`
    python tools/fresh_check.py --install-only   # clone and `make install` only
    python tools/fresh_check.py --keep           # keep the temporary clone (path printed)

It clones the committed state of this repository (`git clone` of the local checkout, so
uncommitted changes are not included) into a temporary folder, runs `make install` there
(which creates `.venv` and installs requirements.txt, as `make test` and `make lab` do
first) and then `make test`, and reports the time of each step and the size of `.venv`.
Not run by the tests: it needs the package index (or a warm pip cache) and minutes.
Exit status: 0 when every step passed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(step, cmd, cwd, log):
    print(f"--- {step}: {' '.join(cmd)}", flush=True)
    start = time.perf_counter()
    with open(log, "w") as out:
        rc = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - start
    print(f"    {'ok' if rc == 0 else f'FAILED (exit {rc})'} in {seconds:.0f} s; log: {log}",
          flush=True)
    if rc:
        print("    last lines of the log:\n" + "".join(
            "      " + line for line in Path(log).read_text(errors="replace").splitlines(True)[-15:]))
    return rc, seconds


def _size(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file() and not p.is_symlink())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install-only", action="store_true", help="stop after `make install`")
    parser.add_argument("--keep", action="store_true", help="keep the temporary clone")
    parser.add_argument("--source", default=str(ROOT), help="repository to clone (default: this one)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="rnn-course-fresh-"))
    clone = work / "rnn-course"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    os.environ.clear()
    os.environ.update(env)
    report, failed = [], False
    try:
        steps = [("clone", ["git", "clone", "--quiet", args.source, str(clone)], work),
                 ("install", ["make", "install"], clone)]
        if not args.install_only:
            steps.append(("test", ["make", "test"], clone))
        for step, cmd, cwd in steps:
            rc, seconds = _run(step, cmd, cwd, work / f"{step}.log")
            report.append((step, seconds, rc))
            if rc:
                failed = True
                break
        print("\nstep       time   result")
        for step, seconds, rc in report:
            print(f"{step:9} {seconds:6.0f} s  {'ok' if rc == 0 else f'exit {rc}'}")
        if (clone / ".venv").is_dir():
            print(f".venv size: {_size(clone / '.venv') / 2**20:.0f} MiB")
    finally:
        if args.keep or failed:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
