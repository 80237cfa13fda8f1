"""The machine's speed on one fixed piece of the course's own work, so that benchmarks taken on
different days (or different machines) can be told apart from changes to the course.

    python -m tools.speed [--steps N]     # prints: <ms> ms per step

The work is notebook 07's training step: a 256-unit GRU language model on a batch of
128 windows of 50 characters (65 symbols), set up as every notebook is (rnn_utils.setup:
the same threads and op determinism). It runs in a fresh process; `make bench` measures it
before and after the notebooks. Timings on a shared 2-core virtual machine move by a factor
of two between runs of the same code: this number says which state the machine was in.
"""

import argparse
import re
import subprocess
import sys
import time

STEPS = 20
BATCH, WINDOW, SYMBOLS, UNITS = 128, 50, 65, 256


def ms_per_step(steps=STEPS):
    """Run the reference work in a fresh Python process; its milliseconds per training step."""
    done = subprocess.run([sys.executable, "-m", "tools.speed", "--steps", str(steps)],
                          capture_output=True, text=True, check=True)
    found = re.search(r"([\d.]+) ms per step", done.stdout)
    if not found:
        raise RuntimeError(f"tools.speed printed no timing: {done.stdout[-300:]!r} {done.stderr[-300:]!r}")
    return float(found[1])


def _run(steps):
    import rnn_utils

    rnn_utils.setup()
    import keras
    import numpy as np

    rng = np.random.default_rng(0)
    ids = rng.integers(0, SYMBOLS, ((steps + 2) * BATCH, WINDOW + 1)).astype("int32")
    inputs = keras.Input(shape=(None,), dtype="int32")
    hidden = keras.layers.GRU(UNITS, return_sequences=True)(keras.layers.Embedding(SYMBOLS, 32)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(SYMBOLS)(hidden))
    model.compile(optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    warm_up = 2 * BATCH  # the first steps build the graph
    model.fit(ids[:warm_up, :-1], ids[:warm_up, 1:], batch_size=BATCH, verbose=0)
    start = time.perf_counter()
    model.fit(ids[warm_up:, :-1], ids[warm_up:, 1:], batch_size=BATCH, verbose=0)
    return 1000 * (time.perf_counter() - start) / steps


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    args = parser.parse_args(argv)
    print(f"{_run(args.steps):.0f} ms per step")
    return 0


if __name__ == "__main__":
    sys.exit(main())
