"""Tokens, vocabularies, padding: turning text into index arrays and back.

Tokenisation uses spaCy's rule-based English tokenizer (`spacy.blank("en")`), which
needs no model download. Index 0 is padding and index 1 stands for unknown words.
"""

import gzip
import hashlib
import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np

PAD, OOV = "<pad>", "<unk>"
PAD_ID, OOV_ID = 0, 1


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    return spacy.blank("en")


def tokenize(text, lower=False):
    """Split one string into a list of token strings (spaCy's English rules)."""
    if not isinstance(text, str):
        raise TypeError(f"tokenize expects a string, got {type(text).__name__}.")
    tokens = [t.text for t in _nlp()(text) if not t.is_space]
    return [t.lower() for t in tokens] if lower else tokens


def tokenize_many(texts, lower=False, batch_size=256):
    """Tokenise an iterable of strings with nlp.pipe (much faster than one by one)."""
    docs = _nlp().pipe(texts, batch_size=batch_size)
    out = []
    for doc in docs:
        tokens = [t.text for t in doc if not t.is_space]
        out.append([t.lower() for t in tokens] if lower else tokens)
    return out


def tokenize_cached(texts, lower=False, folder=None):
    """tokenize_many, kept on disk: the token lists of exactly these texts are saved on the
    first call (gzipped JSON in the data cache, `data.cache_dir()/tokens/`, or `folder`) and
    loaded on later calls, in a fraction of the time. The file is named by a digest of the
    texts, `lower` and spaCy's version, so other texts or settings never read it; a cache that
    cannot be written or read only costs the time of tokenising again."""
    import spacy

    from .data import _write_atomic, cache_dir

    texts = list(texts)
    digest = hashlib.sha256(json.dumps(["tokenize_many", spacy.__version__, bool(lower)]).encode())
    for text in texts:
        raw = text.encode("utf-8")
        digest.update(len(raw).to_bytes(8, "little") + raw)
    target = (Path(folder) if folder else cache_dir() / "tokens") / f"{digest.hexdigest()[:32]}.json.gz"
    try:
        tokens = json.loads(gzip.decompress(target.read_bytes()))
        if isinstance(tokens, list) and len(tokens) == len(texts):
            return tokens
    except (OSError, EOFError, ValueError):
        pass  # not cached yet, or a damaged file: tokenise again
    tokens = tokenize_many(texts, lower=lower)
    try:
        _write_atomic(target, gzip.compress(json.dumps(tokens, ensure_ascii=False).encode("utf-8"), 1))
    except OSError:
        pass  # a read-only cache: the tokens are still returned
    return tokens


class Vocabulary:
    """A token <-> index mapping. 0 is padding, 1 is the unknown token.

    Order is deterministic: by frequency (most frequent first), ties alphabetical.
    """

    def __init__(self, tokens):
        tokens = list(tokens)
        if tokens[:2] != [PAD, OOV]:
            tokens = [PAD, OOV] + [t for t in tokens if t not in (PAD, OOV)]
        if len(set(tokens)) != len(tokens):
            raise ValueError("a vocabulary cannot list the same token twice.")
        self.itos = tokens
        self.stoi = {t: i for i, t in enumerate(tokens)}
        self.counts = None  # token counts of the training data, set by build()

    @classmethod
    def build(cls, sequences, min_count=1, max_size=None):
        """Count tokens in `sequences` (lists of tokens); keep those seen min_count times.

        max_size counts the two special tokens, so len(vocab) <= max_size.
        """
        if isinstance(sequences, str):
            raise TypeError("build expects a list of token lists, not a string.")
        counts = Counter(tok for seq in sequences for tok in seq)
        kept = sorted((t for t, c in counts.items() if c >= min_count),
                      key=lambda t: (-counts[t], t))
        if max_size is not None:
            if max_size < 2:
                raise ValueError("max_size must be at least 2 (padding and unknown).")
            kept = kept[: max_size - 2]
        vocab = cls(kept)
        vocab.counts = counts
        return vocab

    def __len__(self):
        return len(self.itos)

    def __contains__(self, token):
        return token in self.stoi

    def __repr__(self):
        preview = ", ".join(self.itos[:6])
        return f"Vocabulary({len(self)} tokens: {preview}, ...)"

    def encode(self, tokens):
        """List of tokens -> list of indices (unknown tokens -> 1)."""
        if isinstance(tokens, str):
            raise TypeError("encode expects a list of tokens; tokenise the string first.")
        return [self.stoi.get(t, OOV_ID) for t in tokens]

    def decode(self, ids, skip_padding=True):
        """Indices -> list of tokens (padding dropped unless skip_padding=False)."""
        ids = np.asarray(ids).ravel().tolist()
        bad = [i for i in ids if not 0 <= i < len(self)]
        if bad:
            raise ValueError(f"index {bad[0]} is outside this vocabulary of size {len(self)}.")
        return [self.itos[i] for i in ids if not (skip_padding and i == PAD_ID)]

    def to_json(self):
        return json.dumps({"format": "rnn_utils.Vocabulary", "tokens": self.itos},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != "rnn_utils.Vocabulary":
            raise ValueError("this JSON is not a saved rnn_utils.Vocabulary.")
        return cls(data["tokens"])

    def save(self, path):
        Path(path).write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path):
        return cls.from_json(Path(path).read_text(encoding="utf-8"))


def pad(sequences, maxlen=None, value=PAD_ID, dtype="int32"):
    """Right-pad (and right-truncate) index lists into a (batch, maxlen) array.

    Same result as keras.utils.pad_sequences(..., padding="post", truncating="post").
    """
    sequences = [list(s) for s in sequences]
    if maxlen is None:
        maxlen = max((len(s) for s in sequences), default=0)
    out = np.full((len(sequences), maxlen), value, dtype=dtype)
    for row, seq in zip(out, sequences, strict=True):
        kept = seq[:maxlen]
        row[: len(kept)] = kept
    return out


def mask_of(padded, pad_id=PAD_ID):
    """Boolean (batch, T) array: True at real tokens, False at padding."""
    return np.asarray(padded) != pad_id
