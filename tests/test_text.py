import json

import numpy as np
import pytest

from rnn_utils import text
from rnn_utils.text import Vocabulary, mask_of, pad


def test_tokenize_uses_spacy_rules_offline():
    assert text.tokenize("Don't panic, it's 9.30!") == ["Do", "n't", "panic", ",", "it", "'s",
                                                       "9.30", "!"]
    assert text.tokenize("  ") == []
    assert text.tokenize_many(["A cat.", "Hi"], lower=True) == [["a", "cat", "."], ["hi"]]


def test_tokenize_rejects_non_strings():
    with pytest.raises(TypeError, match="expects a string"):
        text.tokenize(["already", "tokens"])


def test_vocabulary_order_is_deterministic_with_special_tokens_first():
    vocab = Vocabulary.build([["b", "a", "c"], ["a", "c"], ["c"]])
    assert vocab.itos == ["<pad>", "<unk>", "c", "a", "b"]
    assert Vocabulary.build([["c"], ["a", "c"], ["b", "a", "c"]]).itos == vocab.itos


def test_min_count_and_max_size():
    sequences = [["a", "a", "a", "b", "b", "c"]]
    assert Vocabulary.build(sequences, min_count=2).itos == ["<pad>", "<unk>", "a", "b"]
    assert len(Vocabulary.build(sequences, max_size=3)) == 3
    with pytest.raises(ValueError, match="at least 2"):
        Vocabulary.build(sequences, max_size=1)


def test_encode_decode_round_trip_and_unknowns():
    vocab = Vocabulary.build([["the", "cat", "sat"]])
    ids = vocab.encode(["the", "dog", "sat"])
    assert ids[1] == 1
    assert vocab.decode(ids) == ["the", "<unk>", "sat"]
    assert vocab.decode([vocab.stoi["cat"], 0, 0]) == ["cat"]
    with pytest.raises(TypeError, match="tokenise"):
        vocab.encode("the cat")
    with pytest.raises(ValueError, match="outside"):
        vocab.decode([99])


def test_vocabulary_json_round_trip(tmp_path):
    vocab = Vocabulary.build([["été", "naïve", "😀"]])
    path = tmp_path / "vocab.json"
    vocab.save(path)
    assert Vocabulary.load(path).itos == vocab.itos
    with pytest.raises(ValueError, match="not a saved"):
        Vocabulary.from_json(json.dumps(["a", "b"]))


def test_pad_right_pads_and_truncates_like_keras_post():
    padded = pad([[1, 2, 3], [4], []], maxlen=2)
    np.testing.assert_array_equal(padded, [[1, 2], [4, 0], [0, 0]])
    assert pad([[5, 6], [7]]).shape == (2, 2)
    np.testing.assert_array_equal(mask_of(pad([[5, 6], [7]])), [[True, True], [True, False]])


def test_tokenize_cached_saves_once_and_loads_the_same_tokens(tmp_path, monkeypatch):
    texts = ["Didn't like it... 3/10!", "A cat.", ""]
    first = text.tokenize_cached(texts, lower=True, folder=tmp_path)
    assert first == text.tokenize_many(texts, lower=True)
    [saved] = tmp_path.iterdir()
    monkeypatch.setattr(text, "tokenize_many", lambda *a, **k: pytest.fail("tokenised again"))
    assert text.tokenize_cached(iter(texts), lower=True, folder=tmp_path) == first
    monkeypatch.undo()
    # other texts or another `lower` get their own file; a damaged file is tokenised again
    assert text.tokenize_cached(texts, folder=tmp_path)[0][0] == "Did"
    assert text.tokenize_cached(texts[:2], lower=True, folder=tmp_path) == first[:2]
    assert len(list(tmp_path.iterdir())) == 3
    saved.write_bytes(b"not gzip")
    assert text.tokenize_cached(texts, lower=True, folder=tmp_path) == first


def test_tokenize_cached_uses_the_data_cache_and_survives_a_read_only_one(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_CACHE", str(tmp_path))
    assert text.tokenize_cached(["Hi there."]) == [["Hi", "there", "."]]
    assert [p.suffixes for p in (tmp_path / "tokens").iterdir()] == [[".json", ".gz"]]
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would go")
    assert text.tokenize_cached(["Hi."], folder=blocked / "tokens") == [["Hi", "."]]
