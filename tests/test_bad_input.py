"""Bad input meets a clear message: the data loader and every exercise check.

Fast and offline. The data loader is driven into each failure (no network and no mirror,
a corrupt cached file, a checksum mismatch, a read-only cache) with tmp_path folders; the
exercise checks of every rnn_utils/checks/notebookNN.py module are fed broken learner
functions (wrong shape, wrong dtype, None, NaN, a crash, a stub) and must answer with an
ExerciseError holding one clear sentence (NotImplementedError for a stub), never a raw
IndexError/TypeError/... from inside the check.
"""

import dataclasses
import gzip
import hashlib
import importlib
import importlib.util
import inspect
import os
import pkgutil
import re
import socket
from pathlib import Path

import numpy as np
import pytest

import rnn_utils.checks
from rnn_utils import data
from rnn_utils.checks import FALLBACK, ExerciseError


# ---------------------------------------------------------------------------
# the data loader
# ---------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """An empty cache folder and no mirror (as tests/test_data.py does)."""
    monkeypatch.setenv("RNN_COURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("RNN_COURSE_DATA", raising=False)
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    return tmp_path / "cache"


def _closed_port_url(name):
    """A URL on 127.0.0.1 where nothing listens: a download fails at once, offline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{name}"


def _offline(monkeypatch, name):
    """Point every URL of data set `name` at a closed port; returns that URL."""
    import dataclasses

    ds = data.DATASETS[name]
    url = _closed_port_url(Path(next(iter(ds.urls.values()))).name)
    monkeypatch.setitem(data.DATASETS, name,
                        dataclasses.replace(ds, urls=dict.fromkeys(ds.urls, url)))
    return url


def _snapshot(folder):
    """{relative path: bytes} of every file under folder."""
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_clear(msg):
    assert "Traceback" not in msg and msg.strip(), msg


LOADERS = [("imdb", lambda: data.load_imdb("train"), "sentiment/imdb_train.csv.gz"),
           ("ewt_pos", lambda: data.load_pos("dev"), "pos/en_ewt_dev.tsv"),
           ("uner", lambda: data.load_ner("dev"), "ner/uner_en_ewt_dev.tsv"),
           ("rt_polarity", lambda: data.load_rt_polarity("test"), "sentiment/rt_polarity_test.csv"),
           ("tiny_shakespeare", lambda: data.load_text("tiny_shakespeare"), "lm/tiny_shakespeare.txt"),
           ("alice", lambda: data.load_text("alice"), "lm/alice_in_wonderland.txt")]


@pytest.mark.parametrize("name, load, relname", LOADERS, ids=[x[0] for x in LOADERS])
def test_no_network_no_mirror(name, load, relname, monkeypatch, cache):
    url = _offline(monkeypatch, name)
    with pytest.raises(data.DataError) as err:
        load()
    msg = str(err.value)
    _assert_clear(msg)
    for part in (repr(name), relname, url, "RNN_COURSE_DATA", "make data"):
        assert part in msg, part
    assert err.value.__cause__ is None                       # no chained traceback
    assert not [p for p in cache.rglob("*") if p.is_file()]  # nothing half-written


@pytest.mark.parametrize("content", [b"not the file\n", b"", b"\x1f\x8b\x08truncated gzip"],
                         ids=["junk", "empty", "broken-gzip"])
@pytest.mark.parametrize("relname", ["pos/en_ewt_dev.tsv", "sentiment/imdb_test.csv.gz"])
def test_corrupt_cached_file_is_reported_and_kept(relname, content, monkeypatch, cache):
    for name in data.DATASETS:
        _offline(monkeypatch, name)
    cached = cache / relname
    cached.parent.mkdir(parents=True)
    cached.write_bytes(content)
    with pytest.raises(data.DataError) as err:
        data.path(relname)
    msg = str(err.value)
    _assert_clear(msg)
    assert "does not match its checksum" in msg and f"Delete {cached}" in msg
    assert data.DATASETS[data._owner(relname).name].files[relname] in msg
    assert cached.read_bytes() == content                    # reported, not replaced or deleted
    assert _snapshot(cache) == {relname: content}


def test_checksum_mismatch_in_the_mirror(monkeypatch, tmp_path, cache):
    _offline(monkeypatch, "tiny_shakespeare")
    mirror = tmp_path / "mirror"
    (mirror / "lm").mkdir(parents=True)
    (mirror / "lm" / "tiny_shakespeare.txt").write_bytes(b"First Citizen:\nnot quite\n")
    monkeypatch.setenv("RNN_COURSE_DATA", str(mirror))
    before = _snapshot(mirror)
    with pytest.raises(data.DataError) as err:
        data.load_text("tiny_shakespeare")
    msg = str(err.value)
    _assert_clear(msg)
    assert "from the mirror" in msg and "RNN_COURSE_DATA" in msg
    assert hashlib.sha256(b"First Citizen:\nnot quite\n").hexdigest() in msg
    assert _snapshot(mirror) == before and not cache.exists()


def test_checksum_mismatch_of_a_download_saves_nothing(monkeypatch, cache):
    """A prepared download that does not match: nothing reaches the cache, an earlier good
    copy elsewhere in the cache is untouched (the source is a local file read by `prepare`)."""
    import dataclasses

    import pooch

    keep = cache / "lm" / "alice_in_wonderland.txt"
    keep.parent.mkdir(parents=True)
    keep.write_bytes(b"an unrelated cached file\n")

    def fake_retrieve(url, known_hash, fname, path, progressbar):
        target = Path(path) / fname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"a changed source\n")
        return str(target)

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    ds = data.DATASETS["tiny_shakespeare"]
    monkeypatch.setitem(data.DATASETS, "tiny_shakespeare", dataclasses.replace(ds))
    with pytest.raises(data.DataError) as err:
        data.load_text("tiny_shakespeare")
    msg = str(err.value)
    _assert_clear(msg)
    assert "does not match its checksum" in msg and "Nothing was saved" in msg
    assert ds.urls["lm/tiny_shakespeare.txt"] in msg
    assert _snapshot(cache) == {"lm/alice_in_wonderland.txt": b"an unrelated cached file\n"}


def _read_only_cache(cache, tmp_path, monkeypatch):
    """A cache folder nobody can write to. root ignores permissions, so there the cache is put
    under a regular file, which no user (root included) can create folders in."""
    if os.geteuid() != 0:
        cache.mkdir(parents=True)
        cache.chmod(0o555)
        return cache
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("RNN_COURSE_CACHE", str(blocker / "cache"))
    return blocker / "cache"


def test_read_only_cache_without_mirror_says_why(monkeypatch, tmp_path, cache):
    url = _offline(monkeypatch, "alice")
    cache = _read_only_cache(cache, tmp_path, monkeypatch)
    try:
        with pytest.raises(data.DataError) as err:
            data.load_text("alice")
        msg = str(err.value)
        _assert_clear(msg)
        assert "'alice'" in msg and url in msg and "RNN_COURSE_DATA" in msg
    finally:
        if cache.exists():
            cache.chmod(0o755)


def test_read_only_cache_with_a_mirror_still_loads(monkeypatch, tmp_path, cache):
    text = b"Alice was beginning to get very tired.\n"
    ds = data.DATASETS["alice"]
    import dataclasses

    monkeypatch.setitem(data.DATASETS, "alice", dataclasses.replace(
        ds, files={"lm/alice_in_wonderland.txt": hashlib.sha256(text).hexdigest()}))
    mirror = tmp_path / "mirror"
    (mirror / "lm").mkdir(parents=True)
    (mirror / "lm" / "alice_in_wonderland.txt").write_bytes(text)
    monkeypatch.setenv("RNN_COURSE_DATA", str(mirror))
    cache = _read_only_cache(cache, tmp_path, monkeypatch)
    try:
        assert data.load_text("alice") == text.decode()
    finally:
        if cache.exists():
            cache.chmod(0o755)


def test_a_failed_run_overwrites_nothing_cached(monkeypatch, cache):
    """A good cached file stays byte for byte when a load of another file fails."""
    good = gzip.compress(b"text,label\n", mtime=0)
    cached = cache / "sentiment" / "imdb_test.csv.gz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(good)
    _offline(monkeypatch, "imdb")
    with pytest.raises(data.DataError):
        data.load_imdb("train")                              # not cached, offline
    with pytest.raises(data.DataError):
        data.load_imdb("test")                               # cached, wrong checksum
    assert _snapshot(cache) == {"sentiment/imdb_test.csv.gz": good}


PROJECT = Path(__file__).resolve().parent.parent


def _every_data_error(monkeypatch, tmp_path, cache):
    """The message of each kind of DataError: offline, bad cached file, bad mirror file,
    a prepared download that does not match, a preparation step that fails."""
    import pooch

    messages = []

    def message(load):
        with pytest.raises(data.DataError) as err:
            load()
        return str(err.value)

    for name in data.DATASETS:
        _offline(monkeypatch, name)
    messages.append(message(lambda: data.load_text("alice")))
    cached = cache / "pos" / "en_ewt_dev.tsv"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"junk\tX\n")
    messages.append(message(lambda: data.load_pos("dev")))
    mirror = tmp_path / "mirror"
    (mirror / "lm").mkdir(parents=True)
    (mirror / "lm" / "tiny_shakespeare.txt").write_bytes(b"junk\n")
    monkeypatch.setenv("RNN_COURSE_DATA", str(mirror))
    messages.append(message(lambda: data.load_text("tiny_shakespeare")))
    monkeypatch.delenv("RNN_COURSE_DATA")

    def fake_retrieve(url, known_hash, fname, path, progressbar):
        target = Path(path) / fname
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"a changed source\n")
        return str(target)

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    messages.append(message(lambda: data.load_ner("test")))
    ds = data.DATASETS["uner"]
    monkeypatch.setitem(data.DATASETS, "uner", dataclasses.replace(ds, prepare=lambda s, split: 1 / 0))
    messages.append(message(lambda: data.load_ner("test")))
    return messages


def _makefile_targets():
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:", (PROJECT / "Makefile").read_text(), re.M))


def test_what_the_data_messages_name_is_in_the_project(monkeypatch, tmp_path, cache):
    """Every make target, module, script or file that a data message (or data/README.md, or
    rnn_utils/data.py) names exists in the project; a mirror is something a learner can make."""
    messages = _every_data_error(monkeypatch, tmp_path, cache)
    texts = {f"message {i}": m for i, m in enumerate(messages)}
    texts["data/README.md"] = (PROJECT / "data" / "README.md").read_text(encoding="utf-8")
    texts["rnn_utils/data.py"] = Path(data.__file__).read_text(encoding="utf-8")
    project_files = {p.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*")
                     if ".venv" not in p.parts and ".git" not in p.parts}
    wrong = []
    for where, text in texts.items():
        text = re.sub(r"https?://\S+", "", text)  # a source's own file names are not ours
        for target in re.findall(r"\bmake ([a-z][\w-]*)", text):
            if target not in _makefile_targets():
                wrong.append(f"{where}: `make {target}` is not a Makefile target")
        for module in re.findall(r"python -m ([\w.]+)", text):
            if importlib.util.find_spec(module) is None:
                wrong.append(f"{where}: `python -m {module}` names no module")
        for name in re.findall(r"(?<![\w/.-])(\.?[\w./-]*[\w-]\.(?:py|md|cfg|toml|ipynb|sh)|"
                               r"\.gitignore)\b", text):
            if name not in project_files and not any(f.endswith("/" + name) for f in project_files):
                wrong.append(f"{where}: {name} is not in the project")
        if "course's data mirror" in " ".join(text.split()):
            wrong.append(f"{where}: speaks of the course's data mirror, which the project "
                         "does not have")
    for i, msg in enumerate(messages):
        if re.search(r"\b(use|copy)\b[^.]*\bmirror", msg, re.I) and "make data" not in msg:
            wrong.append(f"message {i}: suggests a mirror without saying how to make one "
                         f"(`make data`): {msg!r}")
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------------------
# the exercise checks
# ---------------------------------------------------------------------------
def _check_modules():
    return sorted(m.name for m in pkgutil.iter_modules(rnn_utils.checks.__path__)
                  if m.name.startswith("notebook"))


def _check_functions():
    """Every public function of a checks module that takes the learner's function `fn`."""
    found = []
    for modname in _check_modules():
        module = importlib.import_module(f"rnn_utils.checks.{modname}")
        for name, func in vars(module).items():
            if (inspect.isfunction(func) and not name.startswith("_")
                    and func.__module__ == module.__name__
                    and list(inspect.signature(func).parameters) == ["fn"]):
                found.append(pytest.param(func, id=f"{modname}.{name}"))
    return found


CHECKS = _check_functions()


def _raises(*args, **kwargs):
    raise ValueError("operands could not be broadcast together")


def _stub(*args, **kwargs):
    # YOUR CODE HERE
    raise NotImplementedError("Replace this line with your code.")


BAD_ANSWERS = {
    "returns None": lambda *a, **k: None,
    "wrong shape": lambda *a, **k: np.zeros((2, 3, 4, 5), dtype="float32"),
    "wrong shape (1-d)": lambda *a, **k: np.arange(7),
    "wrong dtype (strings)": lambda *a, **k: np.array([["a", "b"], ["c", "d"]]),
    "wrong dtype (a string)": lambda *a, **k: "42",
    "NaN array": lambda *a, **k: np.full((2, 3), np.nan),
    "NaN scalar": lambda *a, **k: float("nan"),
    "tuple of Nones": lambda *a, **k: (None, None),
    "empty list": lambda *a, **k: [],
    "dict": lambda *a, **k: {"a": 1},
    "raises": _raises,
    "not a function": "my answer",
}


def _one_sentence(msg):
    """True when msg reads as one clear message: not empty, no traceback, not a dump."""
    first = msg.strip().splitlines()[0] if msg.strip() else ""
    return (bool(first) and "Traceback" not in msg and len(msg) < 600
            and msg.rstrip()[-1] in ".?!)`:" and not first.startswith(("<", "array(")))


def test_every_checks_module_is_covered():
    assert len(CHECKS) >= len(_check_modules()) >= 1


def _raw(check):
    """The check itself, which raises; in-flow checks are wrapped by checks.exercise."""
    return getattr(check, "__wrapped__", check)


@pytest.mark.parametrize("check", CHECKS)
def test_a_stub_passes_not_implemented_through(check, capsys):
    with pytest.raises(NotImplementedError):
        _raw(check)(_stub)
    assert "Correct" not in capsys.readouterr().out


@pytest.mark.parametrize("check", [c for c in CHECKS if hasattr(c.values[0], "reference")])
def test_an_in_flow_check_falls_back_on_a_stub(check, capsys):
    assert check(_stub) is check.reference and check(None) is check.reference
    out = capsys.readouterr().out
    assert FALLBACK in out and "Correct" not in out and "Traceback" not in out


@pytest.mark.parametrize("answer", BAD_ANSWERS, ids=list(BAD_ANSWERS))
@pytest.mark.parametrize("check", CHECKS)
def test_bad_answers_get_one_clear_sentence(check, answer, capsys):
    fn = BAD_ANSWERS[answer]
    if callable(fn):
        fn.__name__ = check.__name__
    try:
        _raw(check)(fn)
    except ExerciseError as error:
        msg = str(error)
        assert _one_sentence(msg), f"unclear message for {answer!r}: {msg!r}"
        if answer == "raises":
            assert "ValueError" in msg and "operands could not be broadcast" in msg
    except Exception as error:  # noqa: BLE001 - that is what this test is looking for
        pytest.fail(f"{check.__module__}.{check.__name__} let {type(error).__name__} escape "
                    f"for a learner function that {answer}: {error}")
    else:
        pytest.fail(f"{check.__module__}.{check.__name__} accepted a learner function that "
                    f"{answer}: {capsys.readouterr().out.strip()!r}")
    if hasattr(check, "reference"):   # in the notebook: one sentence, the fallback, no exception
        assert check(fn) is check.reference
        out = capsys.readouterr().out
        assert out.startswith("❌") and FALLBACK in out and "Traceback" not in out
