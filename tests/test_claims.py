"""The claims harness (tools/claims.py, `make claims`), on a tiny notebook whose metric
depends on the seed, so that one claim holds in every seed and another does not."""

import json

import nbformat
import pytest

from tools import catalogue, claims

SEEDED = [
    'import rnn_utils\nrnn_utils.setup("99_seeded", tensorflow=False)',
    "import numpy as np\n"
    "accuracy = rnn_utils.record('accuracy', float(np.random.default_rng(rnn_utils.SEED).uniform(0.6, 0.9)))",
    "rnn_utils.record('baseline_accuracy', 0.5)\nrnn_utils.record('seed_seen', rnn_utils.SEED)",
    "rnn_utils.finish()",
]
PROSE = "The model beats the *baseline* in every seed."


@pytest.fixture
def seeded_course(tmp_path, monkeypatch):
    for folder in ("solutions", "results", "benchmarks"):
        (tmp_path / folder).mkdir()
    cells = [nbformat.v4.new_markdown_cell(PROSE), *(nbformat.v4.new_code_cell(s) for s in SEEDED)]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "solutions" / "99_seeded.ipynb")
    for name, value in (("ROOT", tmp_path), ("SOLUTIONS", tmp_path / "solutions"),
                        ("RESULTS", tmp_path / "results"), ("BENCHMARKS", tmp_path / "benchmarks")):
        monkeypatch.setattr(catalogue, name, value)
    monkeypatch.setattr(claims, "CLAIMS_JSON", tmp_path / "benchmarks" / "claims.json")
    return tmp_path


BEATS = claims.Claim("99-beats", "99", "The model beats the baseline in every seed",
                     "accuracy > baseline_accuracy")
SEED_IS_42 = claims.Claim("99-own-seed", "99", "only true for the course's seed", "seed_seen == 42")


def test_each_seed_reaches_the_kernel_and_each_claim_is_judged_per_seed(seeded_course):
    path = seeded_course / "solutions" / "99_seeded.ipynb"
    entries = claims.measure([BEATS, SEED_IS_42], [path], seeds=(42, 1, 2))
    beats, own = entries
    assert beats["seeds"] == [42, 1, 2]
    assert {seed: values["accuracy"] > 0.5 for seed, values in beats["values"].items()} == \
        {"42": True, "1": True, "2": True}
    assert beats["held_in_every_seed"] is True
    assert own["values"] == {"42": {"seed_seen": 42}, "1": {"seed_seen": 1}, "2": {"seed_seen": 2}}
    assert own["held"] == {"42": True, "1": False, "2": False} and own["held_in_every_seed"] is False
    assert not (seeded_course / "results" / "99_seeded.json").exists(), "a claims run wrote results/"

    data = claims.write(entries)
    assert json.loads(claims.CLAIMS_JSON.read_text()) == data
    assert "NOT in 1, 2" in claims.table(data["claims"])
    lo, median, hi = claims.spread(beats)["accuracy"]
    assert 0.6 <= lo <= median <= hi <= 0.9


def test_a_notebook_run_again_replaces_only_its_own_entries(seeded_course):
    claims.CLAIMS_JSON.write_text(json.dumps({"claims": [
        {"id": "05-old", "notebook": "05_lstm_and_gru"}, {"id": "99-stale", "notebook": "99_seeded"}]}))
    fresh = {"id": "99-beats", "notebook": "99_seeded"}
    assert [e["id"] for e in claims.write([fresh])["claims"]] == ["05-old", "99-beats"]


def test_the_sentence_is_found_as_plain_text():
    prose = nbformat.v4.new_markdown_cell("Masking **raises**\nthe `accuracy`.")
    nb = nbformat.v4.new_notebook(cells=[prose])
    assert claims.sentence_in(nb, "Masking raises the accuracy")
    assert not claims.sentence_in(nb, "Masking lowers the accuracy")


def test_a_missing_metric_and_a_repeated_id_are_named(tmp_path):
    with pytest.raises(KeyError, match="recorded no accuracy"):
        BEATS.check({"baseline_accuracy": 0.5})
    toml = tmp_path / "claims.toml"
    toml.write_text('[[claim]]\nid = "a"\nnotebook = "05"\nsentence = "s"\nholds = "x > 1"\n' * 2)
    with pytest.raises(ValueError, match="appears twice"):
        claims.load(toml)


def test_every_claim_in_the_course_names_its_notebook_and_its_sentence():
    """benchmarks/claims.toml: each sentence is still in its notebook, each condition parses."""
    for claim in claims.load():
        [path] = catalogue.solution_paths([claim.notebook])
        assert claims.sentence_in(catalogue.read(path), claim.sentence), \
            f"claim {claim.id}: {path.name} no longer says {claim.sentence!r}"
        assert claim.names, f"claim {claim.id}: its condition reads no metric"


def test_seed_spread_reads_the_last_claims_run():
    from rnn_utils.results import seed_spread

    table = seed_spread("05", metrics=["val_accuracy_LSTM_T100", "val_accuracy_SimpleRNN_T100"])
    assert list(table.index) == ["val_accuracy_LSTM_T100", "val_accuracy_SimpleRNN_T100"]
    assert {"seed 42", "seed 1", "seed 2", "min", "median", "max"} <= set(table.columns)
    assert (table["min"] <= table["median"]).all() and (table["median"] <= table["max"]).all()
    with pytest.raises(LookupError, match="make claims"):
        seed_spread("99")
