"""The course's data sets: a registry, checksums and loaders.

Each file resolves, in this order, to
1. the cache: `cache_dir()/<file>` (env RNN_COURSE_CACHE, else the project's data/ folder);
2. a mirror: the folder named by env RNN_COURSE_DATA, read in place;
3. a download of the official source (into `cache_dir()/downloads/`), prepared with the
   steps below (data/README.md, "Prepared"), checked and written to the cache.
Whatever is used must match its SHA-256 (of the content, decompressed for .gz files).
data/README.md describes the sources, licences, citations and preparation steps.
`python -m rnn_utils.data` (`make data`) fetches every file; a folder it filled (the
project's data/) is a mirror for other machines.
"""

import collections
import csv
import functools
import gzip
import hashlib
import io
import os
import random
import re
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pooch

SEED = 1234
IMDB_PER_CLASS = 2500  # reviews per label and split
RT_TEST_PER_CLASS = 1000  # Rotten Tomatoes snippets held out per label
CACHE_ENV, MIRROR_ENV = "RNN_COURSE_CACHE", "RNN_COURSE_DATA"
# What a mirror is and where one comes from, for the messages (as data/README.md says).
_MIRROR_HOWTO = (f"a mirror is a folder of prepared files named by {MIRROR_ENV}, such as the "
                "data/ folder of a course folder where `make data` ran")


class DataError(Exception):
    """A data file could not be found, downloaded or verified; the message says what to do."""


@dataclass(frozen=True)
class Dataset:
    """One data set. `files` maps each file (relative path) to the SHA-256 of its content,
    `urls` maps it to its official source; `prepare(source, split)` turns the downloaded
    source into the file's bytes (split: the file name's last `_` part, e.g. "train")."""

    name: str
    files: dict[str, str]
    urls: dict[str, str]
    prepare: Callable[[Path, str], bytes]
    licence: str
    citation: str
    description: str
    note: str = ""  # added to the message when a download fails
    loader: str = ""   # how a notebook loads it (the table in data/README.md, written by `make sync`)
    summary: str = ""  # what it holds, in a few words (the same table)


# ---------------------------------------------------------------------------
# preparation: the steps that made the prepared files (data/README.md, "Prepared"),
# as pure functions
# ---------------------------------------------------------------------------
def _csv(header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _tsv(sentences):
    return "".join("".join(f"{tok}\t{tag}\n" for tok, tag in s) + "\n"
                   for s in sentences).encode("utf-8")


def _tagged(text, pick):
    """Sentences of (token, tag) from tab-separated lines; pick(columns) -> pair or None."""
    sentences, current = [], []
    for line in text.split("\n"):
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
        elif pair := pick(line.split("\t")):
            current.append(pair)
    return sentences + [current] if current else sentences


def conllu_to_tsv(data: bytes) -> bytes:
    """CoNLL-U -> `FORM<TAB>UPOS` lines; skips comments, ranges (1-2) and empty nodes (8.1)."""
    return _tsv(_tagged(data.decode("utf-8"), lambda c: (c[1], c[3]) if c[0].isdigit() else None))


def iob2_to_tsv(data: bytes) -> bytes:
    """UNER .iob2 (id, token, tag, -, annotator) -> `token<TAB>tag` lines."""
    return _tsv(_tagged(data.decode("utf-8"), lambda c: (c[1], c[2]) if c[0].isdigit() else None))


def clean_alice(data: bytes) -> bytes:
    """Drop "[Illustration]" lines, collapse 4+ newlines to 3, end with one newline."""
    text = data.decode("utf-8").replace("\r\n", "\n")
    lines = [line for line in text.split("\n") if line.strip() != "[Illustration]"]
    text = re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n") + "\n"
    return text.encode("utf-8")


def imdb_csv(archive: Path, split: str, per_class: int = IMDB_PER_CLASS) -> bytes:
    """aclImdb_v1.tar.gz -> gzipped CSV (text,label,rating,orig_file) of one split.

    Drops every copy of a text that occurs twice among all labelled reviews, then samples
    `per_class` reviews per label from the pool sorted by id, and shuffles (SEED)."""
    member = re.compile(r"(?:\./)?aclImdb/(train|test)/(neg|pos)/((\d+)_(\d+)\.txt)")
    reviews = collections.defaultdict(list)
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            if info.isfile() and (m := member.fullmatch(info.name)):
                part, label, fname, rid, rating = m.groups()
                text = tar.extractfile(info).read().decode("utf-8")
                name = f"{part}/{label}/{fname}"
                reviews[part, label].append((int(rid), int(rating), text, name))
    copies = collections.Counter(r[2] for pool in reviews.values() for r in pool)
    rows = []
    for y, label in enumerate(("neg", "pos")):
        pool = sorted(r for r in reviews[split, label] if copies[r[2]] == 1)
        pick = random.Random(SEED).sample(pool, per_class)
        rows += [(text, y, rating, name) for _, rating, text, name in pick]
    random.Random(SEED).shuffle(rows)
    return gzip.compress(_csv(["text", "label", "rating", "orig_file"], rows), 9, mtime=0)


def rt_polarity_csv(archive: Path, split: str, test_per_class: int = RT_TEST_PER_CLASS) -> bytes:
    """rt-polaritydata.tar.gz -> CSV (text,label) of one split.

    The original files are Latin-1 (NLTK's UTF-8 copy, from which the course's prepared
    files were first made, keeps bytes 0x91-0x97 as U+0091-U+0097, so it was decoded as
    Latin-1, not cp1252)."""
    rows = {"train": [], "test": []}
    with tarfile.open(archive, "r:gz") as tar:
        members = {Path(info.name).name: info for info in tar if info.isfile()}
        for y, fname in enumerate(("rt-polarity.neg", "rt-polarity.pos")):
            lines = tar.extractfile(members[fname]).read().decode("latin-1").split("\n")
            snippets = [line.rstrip() for line in lines if line.strip()]
            order = list(range(len(snippets)))
            random.Random(SEED).shuffle(order)
            rows["test"] += [(snippets[i], y) for i in sorted(order[:test_per_class])]
            rows["train"] += [(snippets[i], y) for i in sorted(order[test_per_class:])]
    random.Random(SEED).shuffle(rows[split])
    return _csv(["text", "label"], rows[split])


def _bytes_step(step):
    """A `bytes -> bytes` step as a Dataset.prepare (which gets the source path and split)."""

    @functools.wraps(step)  # keeps the step's name for error messages
    def prepare(source, split):
        return step(Path(source).read_bytes())

    return prepare


def _step_name(prepare) -> str:
    while isinstance(prepare, functools.partial):
        prepare = prepare.func
    return getattr(prepare, "__name__", repr(prepare))


# ---------------------------------------------------------------------------
# the registry
# ---------------------------------------------------------------------------
_UD = "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/r2.16"
_UNER = ("https://raw.githubusercontent.com/UniversalNER/UNER_English-EWT/"
         "8ed072de2fd24022cc62458997fe96a8fe191ea4")
_IMDB = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz"
_RT = "https://www.cs.cornell.edu/people/pabo/movie-review-data/rt-polaritydata.tar.gz"
_EWT_CITATION = """\
@inproceedings{silveira14gold,
  year = {2014},
  author = {Natalia Silveira and Timothy Dozat and Marie-Catherine de Marneffe and Samuel Bowman and Miriam Connor and John Bauer and Christopher D. Manning},
  title = {A Gold Standard Dependency Corpus for {E}nglish},
  booktitle = {Proceedings of the Ninth International Conference on Language Resources and Evaluation (LREC-2014)}
}"""  # noqa: E501

DATASETS: dict[str, Dataset] = {ds.name: ds for ds in [
    Dataset(
        name="imdb",
        loader='`load_imdb(split)`, `"train"`/`"test"`',
        summary='5,000 IMDB reviews per split, 2,500 neg / 2,500 pos',
        files={"sentiment/imdb_train.csv.gz":
               "9463f307e3c23c006c35955b26d4d3370d3cd83fbf83e54d9a9df9c3215caab0",
               "sentiment/imdb_test.csv.gz":
               "51176b58cb142f3d1f91ab6398d5037909e6351d1412d65bf0ef0ce7feda08c4"},
        urls={"sentiment/imdb_train.csv.gz": _IMDB, "sentiment/imdb_test.csv.gz": _IMDB},
        prepare=imdb_csv,
        licence="none stated (the authors ask for the citation); not an open licence",
        citation="""\
@InProceedings{maas-EtAl:2011:ACL-HLT2011,
  author    = {Maas, Andrew L. and Daly, Raymond E. and Pham, Peter T. and Huang, Dan and Ng, Andrew Y. and Potts, Christopher},
  title     = {Learning Word Vectors for Sentiment Analysis},
  booktitle = {Proceedings of the 49th Annual Meeting of the Association for Computational Linguistics: Human Language Technologies},
  year      = {2011},
  pages     = {142--150},
  publisher = {Association for Computational Linguistics}
}""",  # noqa: E501
        description="IMDB movie reviews (Maas et al. 2011), 2,500 neg + 2,500 pos per split, "
                    "duplicates removed; label 0 = negative, 1 = positive.",
        note="The IMDB host (ai.stanford.edu) has had outages: if it does not answer, try "
             "again later, use a mirror, or use load_rt_polarity() instead."),
    Dataset(
        name="rt_polarity",
        loader='`load_rt_polarity(split)`, `"train"`/`"test"`',
        summary='8,662 / 2,000 Rotten Tomatoes snippets, balanced',
        files={"sentiment/rt_polarity_train.csv":
               "ebd322c49a64e8cdd197778eadc94696b3d9fb4d84ec640ba74c8d39db11add9",
               "sentiment/rt_polarity_test.csv":
               "6c00290d4c0ceed3c91a68bcc254d4a7b501a9e1bb66af34cdea91c9dab32291"},
        urls={"sentiment/rt_polarity_train.csv": _RT, "sentiment/rt_polarity_test.csv": _RT},
        prepare=rt_polarity_csv,
        licence="CC BY 4.0 (as published by NLTK)",
        citation="""\
sentence polarity dataset v1.0 by Bo Pang and Lillian Lee, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); modified: trailing spaces stripped, train/test split.
@InProceedings{Pang+Lee:05a,
  author    = {Bo Pang and Lillian Lee},
  title     = {Seeing stars: Exploiting class relationships for sentiment categorization with respect to rating scales},
  booktitle = {Proceedings of the ACL},
  year      = {2005}
}""",  # noqa: E501
        description="Rotten Tomatoes snippets (Pang & Lee 2005), 8,662 train / 2,000 test, "
                    "balanced; label 0 = negative, 1 = positive."),
    Dataset(
        name="ewt_pos",
        loader='`load_pos(split)`, `"train"`/`"dev"`/`"test"`',
        summary='UD English EWT: 12,544 / 2,001 / 2,077 sentences, 17 UPOS tags',
        files={"pos/en_ewt_train.tsv":
               "f66337dc7c394a1f497ddce9714c77f2bb296eb3721e01ed313d5a40eb5db6c9",
               "pos/en_ewt_dev.tsv":
               "ac7b79f3411079d8dca268d824ce4b36e25c9ba839ccd64067024d2ac18fba8d",
               "pos/en_ewt_test.tsv":
               "ead3f5bc8fe6026fa56cebf36b682bf79b165ff19762ad2bed0120039f6033ad"},
        urls={f"pos/en_ewt_{s}.tsv": f"{_UD}/en_ewt-ud-{s}.conllu"
              for s in ("train", "dev", "test")},
        prepare=_bytes_step(conllu_to_tsv),
        licence="CC BY-SA 4.0",
        citation=_EWT_CITATION,
        description="Universal Dependencies English EWT v2.16, full official split, "
                    "17 UPOS tags."),
    Dataset(
        name="uner",
        loader='`load_ner(split)`, `"dev"`/`"test"`',
        summary='Universal NER on EWT: 2,001 / 2,077 sentences, PER/ORG/LOC in IOB2',
        files={"ner/uner_en_ewt_dev.tsv":
               "4bc5515ab6d9b229047560840d95ccb825876a248a4c791c643f34b7b67648f1",
               "ner/uner_en_ewt_test.tsv":
               "832bed9c42b4b1c573713f5dc087b63f053e28e48226e4f0c3bd0b6b756930e8"},
        urls={f"ner/uner_en_ewt_{s}.tsv": f"{_UNER}/en_ewt-ud-{s}.iob2" for s in ("dev", "test")},
        prepare=_bytes_step(iob2_to_tsv),
        licence="CC BY-SA 4.0",
        citation="""\
@inproceedings{mayhew2024universal,
  title = {Universal NER: A Gold-Standard Multilingual Named Entity Recognition Benchmark},
  author = {Stephen Mayhew and Terra Blevins and Shuheng Liu and Marek Šuppa and Hila Gonen and Joseph Marvin Imperial and Börje F. Karlsson and Peiqin Lin and Nikola Ljubešić and LJ Miranda and Barbara Plank and Arij Riab and Yuval Pinter},
  booktitle = {Proceedings of the 2024 Conference of the North American Chapter of the Association for Computational Linguistics (NAACL)},
  year = {2024},
  url = {https://aclanthology.org/2024.naacl-long.243/}
}
""" + _EWT_CITATION,  # noqa: E501
        description="Universal NER over English EWT (PER/ORG/LOC, IOB2). There is no train "
                    "file: train on dev (hold out 10% for validation) and evaluate on test."),
    Dataset(
        name="tiny_shakespeare",
        loader='`load_text("tiny_shakespeare")`',
        summary='1,115,394 characters of Shakespeare',
        files={"lm/tiny_shakespeare.txt":
               "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"},
        urls={"lm/tiny_shakespeare.txt":
              "https://raw.githubusercontent.com/karpathy/char-rnn/"
              "6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e/data/tinyshakespeare/input.txt"},
        prepare=_bytes_step(bytes),
        licence="public domain text (char-rnn repository: MIT)",
        citation="Andrej Karpathy, char-rnn (2015), https://github.com/karpathy/char-rnn",
        description="Tiny Shakespeare, 1,115,394 ASCII characters (char-rnn's input.txt)."),
    Dataset(
        name="alice",
        loader='`load_text("alice")`',
        summary="*Alice's Adventures in Wonderland*, 144,558 characters",
        files={"lm/alice_in_wonderland.txt":
               "0c1a6758fccb6ed779bcb846cdc81079e44e72bfd82fc8690dc09751af41b6f0"},
        urls={"lm/alice_in_wonderland.txt":
              "https://raw.githubusercontent.com/gutenbergbooks/11/"
              "5e5120e12a58a10254e0e6a42661d887e61c2aac/11-0.txt"},
        prepare=_bytes_step(clean_alice),
        licence="public domain (USA)",
        citation="Lewis Carroll, Alice's Adventures in Wonderland, "
                 "Project Gutenberg eBook #11, https://www.gutenberg.org/ebooks/11",
        description="Alice's Adventures in Wonderland, 144,558 characters, "
                    "[Illustration] lines removed."),
]}
TEXTS = ("tiny_shakespeare", "alice")


# ---------------------------------------------------------------------------
# resolving files: cache, mirror, download
# ---------------------------------------------------------------------------
def cache_dir() -> Path:
    """$RNN_COURSE_CACHE, else the project's data/ folder, else ~/.cache/rnn-course/data."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    for root in (Path(__file__).resolve().parent.parent, Path.cwd(), Path.cwd().parent):
        if (root / "rnn_utils").is_dir() and (root / "data").is_dir():
            return root / "data"
    return Path.home() / ".cache" / "rnn-course" / "data"


_DIGESTS: dict[tuple[str, int, int], str] = {}  # (path, mtime_ns, size) -> content SHA-256


def _file_sha256(p: Path) -> str:
    st = p.stat()
    key = (str(p), st.st_mtime_ns, st.st_size)
    if key not in _DIGESTS:
        try:
            with (gzip.open if p.suffix == ".gz" else open)(p, "rb") as f:
                _DIGESTS[key] = hashlib.file_digest(f, "sha256").hexdigest()
        except (OSError, EOFError) as exc:
            return f"unreadable ({exc})"
    return _DIGESTS[key]


def _bytes_sha256(data: bytes, relname: str) -> str:
    return hashlib.sha256(gzip.decompress(data) if relname.endswith(".gz") else data).hexdigest()


def _mismatch(what: str, expected: str, actual: str, advice: str) -> DataError:
    return DataError(f"{what} does not match its checksum, so it was not used.\n"
                     f"  expected SHA-256 {expected}\n  actual   SHA-256 {actual}\n{advice}")


def _check(p: Path, expected: str, where: str) -> Path:
    actual = _file_sha256(p)
    if actual != expected:
        advice = (f"Delete {p} and load again to get a fresh copy." if where == "cache" else
                  "Copy it again from where the mirror came from (" + _MIRROR_HOWTO + "), "
                  f"or unset {MIRROR_ENV} to download it instead.")
        raise _mismatch(f"{p} (from the {where})", expected, actual, advice)
    return p


def _reason(exc: BaseException) -> str:
    """The innermost cause of an error, in one line (not requests' nested wrappers)."""
    while exc.__cause__ or exc.__context__:
        exc = exc.__cause__ or exc.__context__
    return f"{type(exc).__name__}: {exc}"


def _owner(relname: str) -> Dataset:
    for ds in DATASETS.values():
        if relname in ds.files:
            return ds
    raise ValueError(f"unknown data file {relname!r}; the files are: "
                     f"{', '.join(f for ds in DATASETS.values() for f in ds.files)}")


def _download(ds: Dataset, relname: str, target: Path, mirror_note: str) -> Path:
    url = ds.urls[relname]
    print(f"Downloading {url} (data set {ds.name!r})", file=sys.stderr)
    logger = pooch.get_logger()  # pooch would log the hash of the raw download: not useful here
    level = logger.level
    logger.setLevel("WARNING")
    try:
        source = Path(pooch.retrieve(url, known_hash=None, fname=f"{ds.name}-{Path(url).name}",
                                     path=cache_dir() / "downloads", progressbar=True))
    except Exception as exc:
        raise DataError(
            f"Could not get {relname!r} (data set {ds.name!r}).\n"
            f"- It is not in the cache: {target} does not exist.\n- {mirror_note}\n"
            f"- Downloading {url} failed: {_reason(exc)}\n" + (ds.note + "\n" if ds.note else "")
            + "To fix this, do one of these:\n"
            f"- If you have a copy of the course data (the mirror), point the course to it: "
            f"`export {MIRROR_ENV}=/path/to/mirror` in the shell before starting Jupyter, or "
            f"`os.environ[\"{MIRROR_ENV}\"] = \"/path/to/mirror\"` in the notebook before "
            "loading.\n- Connect to the internet and run `make data` in the course folder, "
            "or load again.") from None
    finally:
        logger.setLevel(level)
    try:
        content = ds.prepare(source, _split(relname))
        actual = _bytes_sha256(content, relname)
    except Exception as exc:
        # A bug in a step, or a download that is damaged in a way the step trips over: not
        # a checksum mismatch. Keep the download, so that a retry does not fetch it again.
        raise DataError(
            f"{relname} (data set {ds.name!r}) could not be prepared from its download: the "
            f"preparation step {_step_name(ds.prepare)} failed with {type(exc).__name__}: {exc}\n"
            f"Nothing was saved; the download was kept: {source}\n"
            "Loading again prepares it again without downloading. If the download is "
            "damaged, delete that file and load again; otherwise this is a bug in the "
            "course's preparation code: please report this message to the course.") from exc
    if actual != ds.files[relname]:
        source.unlink(missing_ok=True)
        raise _mismatch(f"{relname} as prepared from {url}", ds.files[relname], actual,
                        "The download may be damaged or the source may have changed. Nothing was "
                        f"saved and the download was deleted. Use a mirror instead ({_MIRROR_HOWTO}"
                        "), and please report this to the course.")
    _write_atomic(target, content)
    return target


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _where(relname: str) -> tuple[Path, str]:
    """(path, "cache" | "mirror" | "missing") without downloading or verifying."""
    cached = cache_dir() / relname
    if cached.exists():
        return cached, "cache"
    mirror = os.environ.get(MIRROR_ENV)
    if mirror and (Path(mirror).expanduser() / relname).is_file():
        return Path(mirror).expanduser() / relname, "mirror"
    return cached, "missing"


def _resolve(relname: str) -> tuple[Path, str]:
    """(verified path, where it came from: "cache", "mirror" or "download")."""
    ds = _owner(relname)
    p, where = _where(relname)
    if where != "missing":
        return _check(p, ds.files[relname], where), where
    mirror = os.environ.get(MIRROR_ENV)
    mirror_note = (f"It is not in the mirror: {Path(mirror).expanduser() / relname} "
                   f"({MIRROR_ENV}) does not exist." if mirror else
                   f"No mirror was tried: {MIRROR_ENV} is not set.")
    return _download(ds, relname, p, mirror_note), "download"


def path(relname: str) -> Path:
    """The verified local path of one data file, e.g. "pos/en_ewt_dev.tsv" (fetched if needed)."""
    return _resolve(str(relname))[0]


def _dataset(name: str) -> Dataset:
    if name not in DATASETS:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}")
    return DATASETS[name]


def fetch(name: str) -> list[Path]:
    """Make every file of one data set available; returns their paths."""
    return [path(f) for f in _dataset(name).files]


def fetch_all() -> list[Path]:
    """Make every file of every data set available (`make data`)."""
    return [p for name in DATASETS for p in fetch(name)]


def describe() -> pd.DataFrame:
    """One row per file: data set, file, licence, source URL and where it resolves now."""
    rows = []
    for ds in DATASETS.values():
        for relname in ds.files:
            p, where = _where(relname)
            rows.append({"dataset": ds.name, "file": relname, "licence": ds.licence,
                         "url": ds.urls[relname], "where": where,
                         "path": str(p) if where != "missing" else ""})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# loaders
# ---------------------------------------------------------------------------
def _split(relname: str) -> str:
    return Path(relname).name.split(".")[0].rsplit("_", 1)[-1]


def _split_path(name: str, split: str) -> Path:
    files = {_split(f): f for f in _dataset(name).files}
    if split not in files:
        raise ValueError(f"unknown split {split!r} for {name!r}; choose one of "
                         f"{', '.join(repr(s) for s in files)}")
    return path(files[split])


def _read_csv(p: Path) -> pd.DataFrame:
    return pd.read_csv(p, keep_default_na=False, dtype={"label": "int64"})


def _read_tagged(p: Path) -> list[list[tuple[str, str]]]:
    text = p.read_bytes().decode("utf-8")
    return _tagged(text, lambda c: (c[0], c[1]))


def load_imdb(split: str = "train") -> pd.DataFrame:
    """IMDB reviews ("train" or "test"): columns text, label (0/1), rating (1-10), orig_file.
    The texts keep IMDb's `<br />` tags: `text.str.replace("<br />", " ")`."""
    return _read_csv(_split_path("imdb", split))


def load_rt_polarity(split: str = "train") -> pd.DataFrame:
    """Rotten Tomatoes snippets ("train" or "test"): columns text, label (0/1)."""
    return _read_csv(_split_path("rt_polarity", split))


def load_pos(split: str = "train") -> list[list[tuple[str, str]]]:
    """UD English EWT ("train", "dev" or "test"): sentences of (word, UPOS tag)."""
    return _read_tagged(_split_path("ewt_pos", split))


def load_ner(split: str = "dev") -> list[list[tuple[str, str]]]:
    """UNER English EWT ("dev" or "test"): sentences of (token, IOB2 tag).

    There is no train file: train on "dev" (hold out 10% for validation), test on "test"."""
    return _read_tagged(_split_path("uner", split))


def load_text(name: str) -> str:
    """A language-modelling text: "tiny_shakespeare" or "alice"."""
    if name not in TEXTS:
        raise ValueError(f"unknown text {name!r}; choose one of {', '.join(TEXTS)}")
    return path(next(iter(DATASETS[name].files))).read_bytes().decode("utf-8")


def main() -> int:
    """Fetch every file and print where each came from; 1 if any failed."""
    errors = []
    print(f"{'file':34} {'size':>9}  from")
    for ds in DATASETS.values():
        for relname in ds.files:
            try:
                p, where = _resolve(relname)
                print(f"{relname:34} {p.stat().st_size / 1e6:7.2f}MB  {where} ({p})")
            except DataError as exc:
                print(f"{relname:34} {'-':>9}  FAILED")
                errors.append(str(exc))
    for message in errors:
        print(f"\n{message}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
