"""The Colab setup cell, simulated: clone, `pip install --no-deps` (not editable), import.

Colab keeps its own TensorFlow, Keras and spaCy; the setup cell of every notebook clones the
course and installs only rnn_utils, non-editable (an editable install is not importable
until the runtime restarts). Here the clone comes from this checkout (its committed state)
and the install goes into a --target folder that is already on sys.path of the process that
then imports it, as Colab's site-packages is.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tools import catalogue

ROOT = catalogue.ROOT
CLONE_URL = catalogue.clone_url()   # the course's home (pyproject.toml), written into the cells by make sync
SOLUTIONS = catalogue.solution_paths()


def _setup_cell(nb_path):
    nb = nbformat.read(nb_path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


def _colab_block(source):
    """The lines from `if "google.colab" in sys.modules:` to the end of its body."""
    lines = source.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('if "google.colab" in sys.modules'))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "\t"))):
        end += 1
    return "\n".join(lines[start:end]).strip()


REFERENCE = _colab_block(_setup_cell(ROOT / "solutions" / "01_sequences_and_notation.ipynb"))


def test_reference_block_installs_without_deps_and_not_editable():
    assert CLONE_URL in REFERENCE
    install = next(line for line in REFERENCE.splitlines() if '"install"' in line)
    assert '"--no-deps"' in install and '"-e"' not in install and "--editable" not in install
    for pkg in ("tensorflow", "keras", "spacy", "numpy", "pandas"):
        assert pkg not in REFERENCE.lower(), f"the setup cell must not (re)install {pkg}"
    assert f"]({CLONE_URL.replace('https://github.com/', 'https://colab.research.google.com/github/')}" \
        in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("nb_path", SOLUTIONS, ids=[p.stem for p in SOLUTIONS])
def test_every_setup_cell_has_the_same_colab_block(nb_path):
    source = _setup_cell(nb_path)
    assert _colab_block(source) == REFERENCE, f"{nb_path.name}: Colab block differs from notebook 01"
    number = nb_path.name[:2]
    assert f"from rnn_utils.checks import notebook{number} as check" in source
    assert re.search(rf'rnn_utils\.setup\("{re.escape(nb_path.stem)}"', source)


SCRIPT = r"""
import json, os, subprocess, sys
site, clone, isolation = sys.argv[1:4]
sys.path.insert(0, site)               # like Colab's site-packages: on sys.path before the install
cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, clone]
if isolation == "off":
    cmd[4:4] = ["--no-build-isolation", "--no-index"]
done = subprocess.run(cmd, capture_output=True, text=True) if isolation != "installed" else None
if done and done.returncode:
    print(json.dumps({"pip_failed": done.stdout + done.stderr}))
    sys.exit(0)
import rnn_utils, rnn_utils.data, rnn_utils.results
from rnn_utils.checks import notebook01
print(json.dumps({"file": rnn_utils.__file__, "checks": notebook01.__file__,
                  "cache_dir": str(rnn_utils.data.cache_dir()),
                  "project_root": str(rnn_utils.results.project_root()),
                  "editable": [p for p in os.listdir(site) if "editable" in p]}))
"""


def _setuptools_supports_license_string():
    try:
        import setuptools
    except ImportError:
        return False
    return tuple(int(x) for x in setuptools.__version__.split(".")[:2]) >= (77, 0)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Clone + install once; returns (tmp folder, clone, site)."""
    tmp = tmp_path_factory.mktemp("colab")
    clone, site = tmp / "rnn-course", tmp / "site"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", ROOT.as_uri(), str(clone)], check=True)
    return tmp, clone, site


def _import_from(installed, cwd, home, install=True):
    """Run the cell in a fresh Python at cwd: install (unless install=False), then import."""
    tmp, clone, site = installed
    # pyproject's `license = "MIT"` needs setuptools >= 77: offline when this env has it,
    # else pip's isolated build, which fetches setuptools from the package index as Colab does.
    isolation = ("off" if _setuptools_supports_license_string() else "on") if install else "installed"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PYTHONNOUSERSITE": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"}
    script = tmp / "colab_cell.py"
    script.write_text(SCRIPT)
    done = subprocess.run([sys.executable, str(script), str(site), str(clone), isolation],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "pip_failed" in result:
        if isolation == "on" and re.search(r"(?i)no matching distribution|connection|network|"
                                           r"could not find a version", result["pip_failed"]):
            pytest.skip("pip needs the package index for setuptools>=77 (build isolation); "
                        "offline here")
        pytest.fail(f"pip install --no-deps failed:\n{result['pip_failed'][-3000:]}")
    return result


def test_install_then_import_outside_any_checkout(installed, tmp_path):
    """cwd outside the repo: rnn_utils comes from the installed copy; data goes to ~/.cache."""
    _, clone, site = installed
    elsewhere, home = tmp_path / "elsewhere" / "work", tmp_path / "home"
    elsewhere.mkdir(parents=True)
    home.mkdir()
    got = _import_from(installed, elsewhere, home)
    assert Path(got["file"]) == site / "rnn_utils" / "__init__.py"
    assert Path(got["checks"]).parent == site / "rnn_utils" / "checks"
    assert got["editable"] == []
    assert ROOT.as_posix() not in got["file"] and clone.as_posix() not in got["file"]
    # Not inside a checkout: data is cached per user, not next to the installed package.
    assert Path(got["cache_dir"]) == home / ".cache" / "rnn-course" / "data"
    # Outside a checkout there is no results/ folder to record into.
    assert got["project_root"] == "None"


def test_install_then_import_from_the_clones_notebooks_folder(installed, tmp_path):
    """As in Colab (cwd = /content/rnn-course/notebooks): data and results go into the clone."""
    _, clone, site = installed
    home = tmp_path / "home"
    home.mkdir()
    if not (site / "rnn_utils").is_dir():
        _import_from(installed, tmp_path, home)
    got = _import_from(installed, clone / "notebooks", home, install=False)
    assert Path(got["file"]) == site / "rnn_utils" / "__init__.py"
    assert Path(got["cache_dir"]) == clone / "data"
    assert Path(got["project_root"]) == clone
