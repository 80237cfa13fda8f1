"""Tests of rnn_utils.data, offline: sources are served by a local HTTP server on 127.0.0.1.

Test registry entries (the real ones with their URLs, checksums or sample sizes replaced)
go into data.DATASETS with monkeypatch; the cache and the mirror are tmp_path folders.
"""

import collections
import csv
import dataclasses
import functools
import gzip
import hashlib
import io
import os
import random
import re
import shutil
import socket
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rnn_utils import data

SEED = 1234
PROJECT = Path(__file__).resolve().parent.parent


def mirror_folder(project):
    """The data mirror for the tests: $RNN_COURSE_DATA, else ../shared/data beside the project
    (where CI keeps it, see .ci/run)."""
    return Path(os.environ.get("RNN_COURSE_DATA") or project.parent / "shared" / "data")


MIRROR = mirror_folder(PROJECT)
needs_mirror = pytest.mark.skipif(
    not (MIRROR / "pos" / "en_ewt_dev.tsv").is_file(),
    reason=f"no data mirror: {MIRROR} holds no prepared files (set RNN_COURSE_DATA to a "
           "folder that does, e.g. a data/ folder after `make data`)")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """An empty cache folder; no mirror; no proxy for the local server."""
    monkeypatch.setenv("RNN_COURSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("RNN_COURSE_DATA", raising=False)
    for var in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(var, "127.0.0.1,localhost")
    return tmp_path / "cache"


class Server:
    """Serves `routes` (path -> bytes); paths in `truncate` send half the promised body."""

    def __init__(self):
        self.routes, self.truncate, self.hits = {}, set(), collections.Counter()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5

            def do_GET(self):
                owner.hits[self.path] += 1
                body = owner.routes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                cut = self.path in owner.truncate
                self.wfile.write(body[: len(body) // 2] if cut else body)
                self.close_connection = True

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_port}"

    def serve(self, name, body):
        self.routes["/" + name] = body
        return f"{self.base}/{name}"


@pytest.fixture
def server():
    srv = Server()
    thread = threading.Thread(target=srv.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()
    thread.join(5)


def closed_port_url(name):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{name}"


def register(monkeypatch, name, url, sums, **changes):
    """Put a copy of DATASETS[name] with the given URL and checksums (file -> sha) in place."""
    ds = dataclasses.replace(data.DATASETS[name], files=sums, urls=dict.fromkeys(sums, url),
                             **changes)
    monkeypatch.setitem(data.DATASETS, name, ds)
    return ds


def sha(b):
    return hashlib.sha256(b).hexdigest()


def files_under(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


def tar_gz(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return buf.getvalue()


def csv_text(header, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------
# a tiny aclImdb archive
# ---------------------------------------------------------------------------
REVIEWS = [  # split, label, id, rating, text
    ("train", "pos", 1, 10, 'A great film.<br /><br />He said "wow", twice.'),
    ("train", "pos", 2, 8, "Loved it: café, naïve — fine."),
    ("train", "pos", 10, 9, "Superb cast."),
    ("train", "pos", 3, 9, "Seen this text twice."),       # also in test/pos: both dropped
    ("train", "neg", 4, 1, "Awful."),
    ("train", "neg", 5, 2, "Boring, long."),
    ("train", "neg", 13, 3, "Meh."),
    ("test", "pos", 6, 7, "Nice enough."),
    ("test", "pos", 7, 10, "Seen this text twice."),
    ("test", "pos", 12, 8, "Good."),
    ("test", "neg", 8, 3, "Dull."),
    ("test", "neg", 9, 4, "Bad."),                           # within-split duplicate: dropped
    ("test", "neg", 11, 2, "Bad."),
    ("test", "neg", 14, 1, "Dreadful."),
]
IMDB_TAR = tar_gz({
    **{f"aclImdb/{s}/{lab}/{i}_{r}.txt": t.encode() for s, lab, i, r, t in REVIEWS},
    "aclImdb/README": b"readme", "aclImdb/imdb.vocab": b"a\nb\n",
    "aclImdb/train/unsup/0_0.txt": b"unlabelled", "aclImdb/train/urls_pos.txt": b"http://x",
    "aclImdb/train/labeledBow.feat": b"0 0:1",
})


def expected_imdb(split, per_class):
    """The README's recipe: drop repeated texts, sample per label by id, shuffle."""
    copies = collections.Counter(t for *_, t in REVIEWS)
    rows = []
    for y, lab in enumerate(("neg", "pos")):
        pool = sorted((i, r, t, f"{s}/{lab}/{i}_{r}.txt") for s, lb, i, r, t in REVIEWS
                      if (s, lb) == (split, lab) and copies[t] == 1)
        rows += [(t, y, r, n) for _, r, t, n in random.Random(SEED).sample(pool, per_class)]
    random.Random(SEED).shuffle(rows)
    return csv_text(["text", "label", "rating", "orig_file"], rows)


@pytest.fixture
def imdb(server, monkeypatch):
    """The imdb entry pointing at the tiny archive, 2 reviews per label."""
    url = server.serve("aclImdb_v1.tar.gz", IMDB_TAR)
    sums = {f"sentiment/imdb_{s}.csv.gz": sha(expected_imdb(s, 2)) for s in ("train", "test")}
    return register(monkeypatch, "imdb", url, sums,
                    prepare=functools.partial(data.imdb_csv, per_class=2))


def test_download_prepare_verify_cache(imdb, server, cache, capsys):
    p = data.path("sentiment/imdb_train.csv.gz")
    assert p == cache / "sentiment" / "imdb_train.csv.gz"
    raw = p.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"                           # gzip mtime 0
    assert gzip.decompress(raw) == expected_imdb("train", 2)
    assert "100%" in capsys.readouterr().err                 # tqdm progress bar
    assert sum(server.hits.values()) == 1
    df = data.load_imdb("test")                              # same archive: no new request
    assert sum(server.hits.values()) == 1
    assert list(df.columns) == ["text", "label", "rating", "orig_file"]
    assert df["label"].dtype == "int64" and sorted(df["label"]) == [0, 0, 1, 1]
    assert "Seen this text twice." not in set(df["text"]) and "Bad." not in set(df["text"])
    expected = list(csv.reader(io.StringIO(expected_imdb("train", 2).decode())))[1:]
    assert data.load_imdb("train").astype(str).values.tolist() == expected
    assert sum(server.hits.values()) == 1
    assert [f.name for f in files_under(cache / "downloads")] == ["imdb-aclImdb_v1.tar.gz"]
    assert not [f for f in files_under(cache) if f.name.endswith(".part")]


# ---------------------------------------------------------------------------
# a tiny CoNLL-U file
# ---------------------------------------------------------------------------
CONLLU = """\
# newdoc id = toy
# sent_id = toy-1
# text = Don't panic.
1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_
1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_
2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_
3\tpanic\tpanic\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

# sent_id = toy-2
# text = # 1 : I went home and you to school.
1\t#\t#\tSYM\tNFP\t_\t3\tdep\t_\t_
2\t1\t1\tNUM\tCD\t_\t1\tnummod\t_\t_
3\t:\t:\tPUNCT\t:\t_\t0\troot\t_\t_
4\tI\tI\tPRON\tPRP\t_\t5\tnsubj\t_\t_
5\twent\tgo\tVERB\tVBD\t_\t3\tparataxis\t_\t_
6\thome\thome\tADV\tRB\t_\t5\tadvmod\t_\t_
7\tand\tand\tCCONJ\tCC\t_\t8.1\tcc\t_\t_
8\tyou\tyou\tPRON\tPRP\t_\t8.1\tnsubj\t_\t_
8.1\twent\tgo\tVERB\tVBD\t_\t_\t_\t5:conj\t_
9\tto\tto\tADP\tIN\t_\t10\tcase\t_\t_
10\tschool\tschool\tNOUN\tNN\t_\t8.1\tobl\t_\tSpaceAfter=No
11\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""
POS = [[("Do", "AUX"), ("n't", "PART"), ("panic", "VERB"), (".", "PUNCT")],
       [("#", "SYM"), ("1", "NUM"), (":", "PUNCT"), ("I", "PRON"), ("went", "VERB"),
        ("home", "ADV"), ("and", "CCONJ"), ("you", "PRON"), ("to", "ADP"), ("school", "NOUN"),
        (".", "PUNCT")]]
POS_TSV = b"Do\tAUX\nn't\tPART\npanic\tVERB\n.\tPUNCT\n\n#\tSYM\n1\tNUM\n:\tPUNCT\nI\tPRON\n" \
          b"went\tVERB\nhome\tADV\nand\tCCONJ\nyou\tPRON\nto\tADP\nschool\tNOUN\n.\tPUNCT\n\n"


@pytest.fixture
def ewt(server, monkeypatch):
    url = server.serve("en_ewt-ud-dev.conllu", CONLLU.encode())
    return register(monkeypatch, "ewt_pos", url, {"pos/en_ewt_dev.tsv": sha(POS_TSV)})


def test_conllu_to_pos(ewt, server, cache):
    assert data.conllu_to_tsv(CONLLU.encode()) == POS_TSV
    assert data.load_pos("dev") == POS
    assert (cache / "pos" / "en_ewt_dev.tsv").read_bytes() == POS_TSV
    assert data.load_pos("dev") == POS and sum(server.hits.values()) == 1


def test_other_prepare_steps():
    iob2 = b"# id = a\n# text = Ann met\n1\tAnn\tB-PER\t-\tx\n2\tmet\tO\t-\tx\n\n" \
           b"1\tNew\tB-LOC\t-\tx\n2\tYork\tI-LOC\t-\tx\n"
    assert data.iob2_to_tsv(iob2) == b"Ann\tB-PER\nmet\tO\n\nNew\tB-LOC\nYork\tI-LOC\n\n"
    alice = b"\r\n\r\nCHAPTER I.\r\n\r\n[Illustration]\r\n\r\n\r\n\r\nDown the hole.\r\n\r\n"
    assert data.clean_alice(alice) == b"CHAPTER I.\n\n\nDown the hole.\n"


def test_rt_polarity_is_decoded_as_latin1(tmp_path):
    archive = tmp_path / "rt-polaritydata.tar.gz"
    archive.write_bytes(tar_gz({  # the originals are Latin-1 with a space before each newline
        "rt-polaritydata/rt-polarity.neg": b"dull \x97 and \x91flat' . \n\nbad . \nworse . \n",
        "rt-polaritydata/rt-polarity.pos": b"caf\xe9 fun . \r\ngood . \ngreat . \n",
        "rt-polaritydata.README.1.0.txt": b"readme"}))
    rows = {s: list(csv.reader(io.StringIO(data.rt_polarity_csv(archive, s, 1).decode())))
            for s in ("train", "test")}
    assert rows["train"][0] == rows["test"][0] == ["text", "label"]
    texts = {t: y for s in rows for t, y in rows[s][1:]}
    assert texts == {"dull \x97 and \x91flat' .": "0", "bad .": "0", "worse .": "0",
                     "café fun .": "1", "good .": "1", "great .": "1"}
    assert len(rows["test"]) == 3 and len(rows["train"]) == 5


# ---------------------------------------------------------------------------
# failures
# ---------------------------------------------------------------------------
def test_checksum_mismatch_saves_nothing(server, monkeypatch, cache):
    url = server.serve("en_ewt-ud-dev.conllu", CONLLU.encode())
    register(monkeypatch, "ewt_pos", url, {"pos/en_ewt_dev.tsv": "0" * 64})
    with pytest.raises(data.DataError) as err:
        data.load_pos("dev")
    msg = str(err.value)
    assert "pos/en_ewt_dev.tsv" in msg and url in msg and "0" * 64 in msg and sha(POS_TSV) in msg
    assert files_under(cache) == []


def test_a_bug_in_a_preparation_step_is_reported_as_one_and_keeps_the_download(
        server, monkeypatch, cache):
    url = server.serve("en_ewt-ud-dev.conllu", CONLLU.encode())

    def conllu_to_tsv(source):  # a bug: this step forgets that it is given bytes
        return "".join(line.split("\t")[1] for line in source.split("\n"))

    register(monkeypatch, "ewt_pos", url, {"pos/en_ewt_dev.tsv": sha(POS_TSV)},
             prepare=data._bytes_step(conllu_to_tsv))
    with pytest.raises(data.DataError) as err:
        data.load_pos("dev")
    msg = str(err.value)
    download = cache / "downloads" / "ewt_pos-en_ewt-ud-dev.conllu"
    assert "checksum" not in msg and "could not be prepared" in msg
    assert "conllu_to_tsv" in msg and "pos/en_ewt_dev.tsv" in msg
    assert "TypeError: a bytes-like object is required, not 'str'" in msg
    assert download.read_bytes() == CONLLU.encode() and f"kept: {download}" in msg
    assert isinstance(err.value.__cause__, TypeError)        # the bug's traceback, for a report
    assert not (cache / "pos").exists()                      # nothing prepared was saved
    register(monkeypatch, "ewt_pos", url, {"pos/en_ewt_dev.tsv": sha(POS_TSV)},
             prepare=data._bytes_step(data.conllu_to_tsv))         # the bug fixed
    assert data.load_pos("dev") == POS
    assert server.hits["/en_ewt-ud-dev.conllu"] == 1         # the retry did not download again


def test_a_failing_step_is_named_through_partial(server, monkeypatch, cache):
    url = server.serve("aclImdb_v1.tar.gz", b"not a tar archive")
    register(monkeypatch, "imdb", url, {"sentiment/imdb_train.csv.gz": "0" * 64},
             prepare=functools.partial(data.imdb_csv, per_class=2))
    with pytest.raises(data.DataError, match=r"(?s)step imdb_csv.*ReadError") as err:
        data.load_imdb("train")
    assert "delete" in str(err.value).lower()                # a damaged download: how to retry
    assert (cache / "downloads" / "imdb-aclImdb_v1.tar.gz").is_file()


@pytest.mark.parametrize("failure", ["truncated", "not found"])
def test_failed_download_leaves_no_file(failure, ewt, server, cache):
    if failure == "truncated":
        server.truncate.add("/en_ewt-ud-dev.conllu")
    else:
        server.routes.clear()
    with pytest.raises(data.DataError) as err:
        data.path("pos/en_ewt_dev.tsv")
    assert "Downloading http://127.0.0.1" in str(err.value)
    assert server.hits["/en_ewt-ud-dev.conllu"] == 1
    assert files_under(cache) == []


def test_offline_without_mirror(monkeypatch, cache):
    url = closed_port_url("aclImdb_v1.tar.gz")
    register(monkeypatch, "imdb", url, {"sentiment/imdb_train.csv.gz": "0" * 64})
    with pytest.raises(data.DataError) as err:
        data.load_imdb()
    msg = str(err.value)
    for part in ("'imdb'", url, "RNN_COURSE_DATA is not set", "export RNN_COURSE_DATA=",
                 'os.environ["RNN_COURSE_DATA"]', "make data", "outages",
                 str(cache / "sentiment" / "imdb_train.csv.gz"), "Connection"):
        assert part in msg, part
    assert err.value.__cause__ is None and err.value.__suppress_context__
    assert files_under(cache) == []


def test_offline_names_the_mirror_checked(monkeypatch, tmp_path):
    register(monkeypatch, "tiny_shakespeare", closed_port_url("input.txt"),
             {"lm/tiny_shakespeare.txt": "0" * 64})
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path / "mirror"))
    with pytest.raises(data.DataError, match="not in the mirror: .*mirror/lm/tiny_shakespeare"):
        data.load_text("tiny_shakespeare")


def test_mirror_is_read_in_place(ewt, server, monkeypatch, tmp_path, cache):
    mirror = tmp_path / "mirror"
    (mirror / "pos").mkdir(parents=True)
    (mirror / "pos" / "en_ewt_dev.tsv").write_bytes(POS_TSV)
    monkeypatch.setenv("RNN_COURSE_DATA", str(mirror))
    assert data.path("pos/en_ewt_dev.tsv") == mirror / "pos" / "en_ewt_dev.tsv"
    assert data.load_pos("dev") == POS
    assert data.describe().set_index("file").loc["pos/en_ewt_dev.tsv", "where"] == "mirror"
    assert files_under(cache) == [] and not server.hits
    (mirror / "pos" / "en_ewt_dev.tsv").write_bytes(POS_TSV + b"x\tX\n\n")
    with pytest.raises(data.DataError, match="from the mirror(.|\n)*RNN_COURSE_DATA"):
        data.load_pos("dev")


def test_bad_cached_file_is_reported_not_used(ewt, server, cache):
    cached = cache / "pos" / "en_ewt_dev.tsv"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"junk\tX\n\n")
    with pytest.raises(data.DataError) as err:
        data.load_pos("dev")
    assert f"Delete {cached}" in str(err.value) and sha(POS_TSV) in str(err.value)
    assert cached.read_bytes() == b"junk\tX\n\n" and not server.hits
    cached.unlink()
    assert data.load_pos("dev") == POS                       # fetched again
    cached.write_bytes(POS_TSV[:-2])                          # changed after it was verified
    with pytest.raises(data.DataError, match="does not match"):
        data.path("pos/en_ewt_dev.tsv")


def test_bad_arguments():
    calls = [(data.load_imdb, "dev", "'train', 'test'"),
             (data.load_rt_polarity, "valid", "'train', 'test'"),
             (data.load_pos, "validation", "'train', 'dev', 'test'"),
             (data.load_ner, "train", "'dev', 'test'"),
             (data.load_text, "moby_dick", "tiny_shakespeare, alice"),
             (data.fetch, "mnist", "imdb, rt_polarity"),
             (data.path, "sentiment/sst.csv", "sentiment/imdb_train.csv.gz")]
    for func, arg, choices in calls:
        with pytest.raises(ValueError, match="choose one of|the files are") as err:
            func(arg)
        assert choices in str(err.value) and repr(arg) in str(err.value)


def test_describe_and_main_do_what_they_say(ewt, server, monkeypatch, capsys):
    monkeypatch.setattr(data, "DATASETS", {"ewt_pos": ewt})
    table = data.describe()
    assert list(table.columns) == ["dataset", "file", "licence", "url", "where", "path"]
    assert table["where"].tolist() == ["missing"] and not server.hits
    assert data.main() == 0
    assert "download" in capsys.readouterr().out
    assert data.describe()["where"].tolist() == ["cache"]
    assert data.fetch_all() == [data.cache_dir() / "pos" / "en_ewt_dev.tsv"]
    assert data.main() == 0 and "cache" in capsys.readouterr().out
    server.routes.clear()
    (data.cache_dir() / "pos" / "en_ewt_dev.tsv").unlink()
    assert data.main() == 0 and sum(server.hits.values()) == 1   # prepared from downloads/
    (data.cache_dir() / "pos" / "en_ewt_dev.tsv").unlink()
    shutil.rmtree(data.cache_dir() / "downloads")
    assert data.main() == 1 and "FAILED" in capsys.readouterr().out


def test_registry_is_complete():
    files = [f for ds in data.DATASETS.values() for f in ds.files]
    assert len(files) == len(set(files)) == 11
    for name, ds in data.DATASETS.items():
        assert ds.name == name and ds.licence and ds.citation and ds.description
        assert set(ds.urls) == set(ds.files)
        assert all(u.startswith("https://") for u in ds.urls.values())
        assert all(len(h) == 64 and int(h, 16) >= 0 for h in ds.files.values())


def test_the_mirror_is_found_without_a_machine_specific_path(monkeypatch, tmp_path):
    """RNN_COURSE_DATA, else ../shared/data beside the project, else the tests skip."""
    source = Path(__file__).read_text(encoding="utf-8")
    absolute = re.findall(r"""["'](/(?:work|home|Users|root|mnt|srv|opt|data)/[^"']*)["']""", source)
    assert not absolute, f"machine-specific paths: {absolute}"
    monkeypatch.setenv("RNN_COURSE_DATA", str(tmp_path / "mirror"))
    assert mirror_folder(PROJECT) == tmp_path / "mirror"
    monkeypatch.setenv("RNN_COURSE_DATA", "")
    assert mirror_folder(PROJECT) == PROJECT.parent / "shared" / "data"
    clone = tmp_path / "elsewhere" / "rnn-course"
    assert mirror_folder(clone) == tmp_path / "elsewhere" / "shared" / "data"


# ---------------------------------------------------------------------------
# the real data, through the mirror (skipped without one)
# ---------------------------------------------------------------------------
@needs_mirror
def test_real_data_through_the_mirror(monkeypatch, cache):
    monkeypatch.setenv("RNN_COURSE_DATA", str(MIRROR))
    for split, rows in (("train", 5000), ("test", 5000)):
        df = data.load_imdb(split)
        assert len(df) == rows and df["label"].value_counts().to_dict() == {0: 2500, 1: 2500}
    assert df["rating"].between(1, 10).all()
    assert data.load_imdb("train")["text"].str.len().sum() == 6_606_049
    for split, rows in (("train", 8662), ("test", 2000)):
        df = data.load_rt_polarity(split)
        assert len(df) == rows and df["label"].sum() == rows // 2
    for load, split, sents, tokens in [(data.load_pos, "train", 12544, 204577),
                                       (data.load_pos, "dev", 2001, 25147),
                                       (data.load_pos, "test", 2077, 25094),
                                       (data.load_ner, "dev", 2001, 25149),
                                       (data.load_ner, "test", 2077, 25097)]:
        s = load(split)
        assert (len(s), sum(map(len, s))) == (sents, tokens), (load.__name__, split)
    assert len(data.load_text("tiny_shakespeare")) == 1_115_394
    assert len(data.load_text("alice")) == 144_558
    assert set(data.describe()["where"]) == {"mirror"}
    assert files_under(cache) == []


def unshuffle(rows):
    """Undo random.Random(SEED).shuffle(rows)."""
    perm = list(range(len(rows)))
    random.Random(SEED).shuffle(perm)
    orig = [None] * len(rows)
    for k, i in enumerate(perm):
        orig[i] = rows[k]
    return orig


def rt_source(mirror, per_test=1000):
    """The two original rt-polarity files, rebuilt from the mirror's train/test split."""
    split = {s: unshuffle(list(csv.reader(open(mirror / f"sentiment/rt_polarity_{s}.csv",
                                                encoding="utf-8", newline="")))[1:])
             for s in ("train", "test")}
    members = {}
    for y, fname in enumerate(("rt-polarity.neg", "rt-polarity.pos")):
        part = {s: [t for t, label in rows if label == str(y)] for s, rows in split.items()}
        order = list(range(len(part["train"]) + len(part["test"])))
        random.Random(SEED).shuffle(order)
        lines = [None] * len(order)
        for s, idx in (("test", order[:per_test]), ("train", order[per_test:])):
            for i, text in zip(sorted(idx), part[s], strict=True):
                lines[i] = text
        members[f"rt-polaritydata/{fname}"] = "".join(t + " \n" for t in lines).encode("latin-1")
    return tar_gz(members)


def conllu_source(tsv):
    out = []
    for n, sent in enumerate(data._read_tagged(tsv)):
        out.append(f"# sent_id = s{n}\n# text = {' '.join(t for t, _ in sent)}\n")
        if len(sent) > 1:
            out.append(f"1-2\t{sent[0][0]}{sent[1][0]}\t_\t_\t_\t_\t_\t_\t_\t_\n")
        for i, (tok, tag) in enumerate(sent, 1):
            out.append(f"{i}\t{tok}\t_\t{tag}\t_\t_\t0\t_\t_\t_\n")
            if i == 1:
                out.append(f"1.1\t{tok}\t_\tX\t_\t_\t_\t_\t_\t_\n")
        out.append("\n")
    return "".join(out).encode()


def iob2_source(tsv):
    return "".join(f"# id = s{n}\n" + "".join(f"{i}\t{tok}\t{tag}\t-\tx\n"
                                              for i, (tok, tag) in enumerate(sent, 1)) + "\n"
                   for n, sent in enumerate(data._read_tagged(tsv))).encode()


def alice_source(text):
    text = text.replace("\n\n\n", "\n\n\n[Illustration]\n\n\n\n", 1)
    return ("\n\n[Illustration]\n\n" + text + "\n\n").replace("\n", "\r\n").encode()


@needs_mirror
def test_prepare_reproduces_the_mirror(server, monkeypatch, cache):
    """Sources rebuilt from the mirror, downloaded and prepared, match the real checksums."""
    sources = {
        "sentiment/rt_polarity_train.csv": rt_source(MIRROR),
        "pos/en_ewt_dev.tsv": conllu_source(MIRROR / "pos" / "en_ewt_dev.tsv"),
        "ner/uner_en_ewt_test.tsv": iob2_source(MIRROR / "ner" / "uner_en_ewt_test.tsv"),
        "lm/tiny_shakespeare.txt": (MIRROR / "lm" / "tiny_shakespeare.txt").read_bytes(),
        "lm/alice_in_wonderland.txt":
            alice_source((MIRROR / "lm" / "alice_in_wonderland.txt").read_text("utf-8")),
    }
    for relname, body in sources.items():
        ds = data._owner(relname)
        url = server.serve(Path(data.DATASETS[ds.name].urls[relname]).name, body)
        register(monkeypatch, ds.name, url, {relname: ds.files[relname]})
        assert data.path(relname).read_bytes() == (MIRROR / relname).read_bytes(), relname
    assert len(files_under(cache / "downloads")) == len(sources)
