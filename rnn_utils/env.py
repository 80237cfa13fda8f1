"""Notebook setup: quiet TensorFlow, seeds, threads, Colab detection, version checks.

`setup()` is the second line of every notebook. Running it twice is fine.
"""

import os
import random
import sys
import time

import numpy as np

FAST_ENV = "RNN_COURSE_FAST"
SEED_ENV = "RNN_COURSE_SEED"


def _seed_from_environment(default=42):
    """The course's seed: 42, or RNN_COURSE_SEED (`make claims` runs notebooks with others)."""
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ValueError(f"{SEED_ENV} must be a whole number such as 42, not {value!r}: "
                         f"unset it to use the course's seed.")
    return int(value)


SEED = _seed_from_environment()

# Set before TensorFlow is first imported: TF_CPP_MIN_LOG_LEVEL alone leaves the
# oneDNN start-up lines, TF_ENABLE_ONEDNN_OPTS=0 removes them.
_QUIET_TF = {"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"}

_state = {"notebook": None, "started": None}


def quiet_tensorflow():
    """Silence TensorFlow's C++ start-up logging (only works before `import tensorflow`)."""
    for key, value in _QUIET_TF.items():
        os.environ.setdefault(key, value)


def in_colab():
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def fast_mode():
    """True when the tests run a learner notebook with smaller data and fewer epochs.

    Notebooks use it as `epochs = 2 if FAST else 10`: the same code path, less work.
    """
    return os.environ.get(FAST_ENV, "") not in ("", "0")


def seed_everything(seed=SEED):
    """Seed Python, NumPy and Keras (which seeds TensorFlow) in one call."""
    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules or "tensorflow" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)


def _configure_tensorflow(threads):
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()
    for setter in (tf.config.threading.set_intra_op_parallelism_threads,
                   tf.config.threading.set_inter_op_parallelism_threads):
        try:
            setter(threads)
        except RuntimeError:
            pass  # already set once the runtime has started: keep the first value


def check_versions():
    """Stop with a clear message when Keras 2 is active instead of Keras 3."""
    if os.environ.get("TF_USE_LEGACY_KERAS") not in (None, "", "0"):
        raise RuntimeError(
            "TF_USE_LEGACY_KERAS is set, which switches TensorFlow to Keras 2. This course "
            "needs Keras 3: remove that variable and restart the kernel.")
    import keras

    if int(keras.__version__.split(".")[0]) < 3:
        raise RuntimeError(
            f"Keras {keras.__version__} is installed; this course needs Keras 3. "
            "Run `pip install -r requirements.txt` (or `make lab`) and restart the kernel.")


def setup(notebook=None, seed=SEED, tensorflow=True, threads=None):
    """Prepare a notebook: quiet logs, seeds, threads, version check, run timer.

    notebook: the notebook's file name without extension, e.g. "01_sequences_and_notation";
    `rnn_utils.record` files its metrics under that name.
    tensorflow: import and configure TensorFlow/Keras (False for NumPy-only notebooks).
    Prints one line describing the environment.
    """
    quiet_tensorflow()
    if notebook is not None and notebook != _state["notebook"]:
        _state.update(notebook=notebook, started=time.perf_counter())
    threads = threads or os.cpu_count() or 1
    if tensorflow:
        check_versions()
        _configure_tensorflow(threads)
    seed_everything(seed)
    import matplotlib

    matplotlib.rcParams.update({"figure.dpi": 100, "figure.figsize": (7, 3.6),
                                "axes.spines.top": False, "axes.spines.right": False})
    print(describe(tensorflow))


def describe(tensorflow=True):
    """One line: Python, NumPy, Keras/TensorFlow versions, CPU count, mode."""
    parts = [f"Python {sys.version.split()[0]}", f"NumPy {np.__version__}"]
    if tensorflow:
        import keras
        import tensorflow as tf

        parts += [f"Keras {keras.__version__}", f"TensorFlow {tf.__version__}"]
    parts.append(f"{os.cpu_count()} CPUs")
    if fast_mode():
        parts.append("FAST mode")
    if in_colab():
        parts.append("Colab")
    return ", ".join(parts)


def elapsed():
    """Seconds since `setup(notebook)` was first called in this kernel."""
    if _state["started"] is None:
        return None
    return time.perf_counter() - _state["started"]


def notebook_name():
    return _state["notebook"]
