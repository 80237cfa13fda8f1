import json
import os
import subprocess
import sys

import numpy as np
import pytest

from rnn_utils import env, results


def test_setup_is_quiet_idempotent_and_keras3():
    code = ("import rnn_utils\n"
            "rnn_utils.setup('00_probe'); rnn_utils.setup('00_probe')\n"
            "import keras, numpy as np\n"
            "a = keras.random.normal((3,), seed=None)\n"
            "rnn_utils.seed_everything(); b = np.random.rand(); rnn_utils.seed_everything()\n"
            "assert b == np.random.rand()\n")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "RNN_COURSE"))}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Keras 3." in run.stdout and run.stdout.count("Python") == 2
    assert "oneDNN" not in run.stderr and "cuda" not in run.stderr.lower(), run.stderr


def test_legacy_keras_is_refused(monkeypatch):
    monkeypatch.setenv("TF_USE_LEGACY_KERAS", "1")
    with pytest.raises(RuntimeError, match="Keras 3"):
        env.check_versions()


def test_fast_mode(monkeypatch):
    monkeypatch.delenv(env.FAST_ENV, raising=False)
    assert not env.fast_mode()
    monkeypatch.setenv(env.FAST_ENV, "1")
    assert env.fast_mode()


@pytest.fixture
def recorder(tmp_path, monkeypatch):
    monkeypatch.setattr(results, "project_root", lambda: tmp_path)
    monkeypatch.setitem(env._state, "notebook", "99_probe")
    monkeypatch.setitem(env._state, "started", 0.0)
    monkeypatch.delenv(env.FAST_ENV, raising=False)
    monkeypatch.delenv(results.RESULTS_DIR_ENV, raising=False)
    return tmp_path / "results" / "99_probe.json"


def test_record_writes_only_when_asked(recorder, monkeypatch):
    monkeypatch.delenv(results.RECORD_ENV, raising=False)
    assert results.record("accuracy", 0.5) == 0.5
    assert not recorder.exists()
    monkeypatch.setenv(results.RECORD_ENV, "1")
    results.record("accuracy", np.float32(0.8612345678))
    results.record("by_length", {10: np.array([0.5, 1.0])})
    results.record("max_abs_diff", 3.21987654e-7)
    data = json.loads(recorder.read_text())
    assert data["metrics"] == {"accuracy": 0.861235, "by_length": {"10": [0.5, 1.0]},
                               "max_abs_diff": 3.21988e-7}


def test_fast_mode_never_records(recorder, monkeypatch):
    monkeypatch.setenv(results.RECORD_ENV, "1")
    monkeypatch.setenv(env.FAST_ENV, "1")
    results.record("accuracy", 0.5)
    results.finish()
    assert not recorder.exists()


def test_finish_records_run_time_and_cpus(recorder, monkeypatch, capsys):
    monkeypatch.setenv(results.RECORD_ENV, "1")
    results.finish()
    data = json.loads(recorder.read_text())
    assert data["run_time_s"] > 0 and data["cpus"] == os.cpu_count() and "cpus" not in data["metrics"]
    assert data["seed"] == env.SEED and "seed" not in data["metrics"]
    assert "Notebook finished" in capsys.readouterr().out


def test_the_seed_comes_from_the_environment(monkeypatch):
    """`make claims` runs a notebook with other seeds through RNN_COURSE_SEED."""
    monkeypatch.delenv(env.SEED_ENV, raising=False)
    assert env._seed_from_environment() == 42
    monkeypatch.setenv(env.SEED_ENV, "7")
    assert env._seed_from_environment() == 7
    monkeypatch.setenv(env.SEED_ENV, "seven")
    with pytest.raises(ValueError, match="RNN_COURSE_SEED must be a whole number"):
        env._seed_from_environment()


def test_a_scratch_results_folder_takes_the_records(recorder, monkeypatch, tmp_path):
    """The runner's RNN_COURSE_RESULTS: records go there, results/ is not touched."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv(results.RECORD_ENV, "1")
    monkeypatch.setenv(results.RESULTS_DIR_ENV, str(scratch))
    results.record("accuracy", 0.5)
    assert json.loads((scratch / "99_probe.json").read_text())["metrics"] == {"accuracy": 0.5}
    assert not recorder.exists()


def test_non_finite_values_are_refused(recorder):
    with pytest.raises(ValueError, match="non-finite"):
        results.record("loss", float("nan"))
