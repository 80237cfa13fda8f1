"""The claims harness (tools/claims.py, `make claims`), on a tiny notebook whose metric
depends on the seed, so that one claim holds in every seed and another does not."""

import json
import re

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


def test_recheck_judges_a_changed_claim_on_the_stored_values_without_running(seeded_course, monkeypatch):
    path = seeded_course / "solutions" / "99_seeded.ipynb"
    claims.write(claims.measure([BEATS], [path], seeds=(42, 1, 2)))
    monkeypatch.setattr(claims.runner, "run", lambda *a, **k: pytest.fail("recheck ran a notebook"))
    stricter = claims.Claim("99-beats", "99", "The model beats the baseline in every seed",
                            "accuracy > baseline_accuracy + 0.5")
    [entry] = claims.recheck([stricter], [path])
    assert entry["seeds"] == [42, 1, 2] and entry["holds"] == stricter.holds
    assert entry["held"] == {"42": False, "1": False, "2": False} and not entry["held_in_every_seed"]
    with pytest.raises(KeyError, match="recorded no seed_seen"):
        claims.recheck([SEED_IS_42], [path])  # that run stored no seed_seen: it needs a real run


def _counting_runs(monkeypatch):
    """Let runner.run work, and note the seed of every notebook run it starts."""
    seeds, real_run = [], claims.runner.run

    def run(path, store=False, environment=None):
        seeds.append(int((environment or {}).get("RNN_COURSE_SEED", 42)))
        return real_run(path, store=store, environment=environment)

    monkeypatch.setattr(claims.runner, "run", run)
    return seeds


def test_a_seed_that_ran_the_same_code_is_not_run_again_but_changed_code_is(seeded_course, monkeypatch):
    path = seeded_course / "solutions" / "99_seeded.ipynb"
    first = claims.measure([BEATS], [path], seeds=(42, 1, 2))
    seeds = _counting_runs(monkeypatch)
    assert claims.measure([BEATS], [path], seeds=(42, 1, 2)) == first and seeds == [], "ran again"
    assert claims.measure([BEATS], [path], seeds=(42, 1, 2), fresh=True) == first and seeds == [42, 1, 2]

    nb = nbformat.read(path, 4)
    nb.cells[2].source = nb.cells[2].source.replace("uniform(0.6, 0.9)", "uniform(0.1, 0.2)")
    nbformat.write(nb, path)
    seeds.clear()
    [changed] = claims.measure([BEATS], [path], seeds=(42, 1, 2))
    assert seeds == [42, 1, 2], "a run of the old code stood in for the new code"
    assert changed["held_in_every_seed"] is False


def test_the_stored_run_of_make_execute_serves_as_seed_42(seeded_course, monkeypatch):
    path = seeded_course / "solutions" / "99_seeded.ipynb"
    claims.runner.run(path, store=True)  # what `make execute` does
    seeds = _counting_runs(monkeypatch)
    [entry] = claims.measure([BEATS], [path], seeds=(42, 1, 2))
    assert seeds == [1, 2]
    stored = json.loads((seeded_course / "results" / "99_seeded.json").read_text())
    assert entry["values"]["42"]["accuracy"] == stored["metrics"]["accuracy"]


MEETING = [  # each seed's run leaves a mark, then waits up to 20 s for the other seed's mark
    'import rnn_utils\nrnn_utils.setup("98_meeting", tensorflow=False)',
    "import pathlib, time\n"
    "marks = pathlib.Path('..') / 'marks'\n"
    "marks.mkdir(exist_ok=True)\n"
    "(marks / str(rnn_utils.SEED)).touch()\n"
    "deadline = time.time() + 20\n"
    "while len(list(marks.iterdir())) < 2 and time.time() < deadline:\n"
    "    time.sleep(0.1)\n"
    "rnn_utils.record('met', len(list(marks.iterdir())) == 2)",
    "rnn_utils.finish()",
]
MET = claims.Claim("98-met", "98", "the two runs met", "met")


def test_jobs_run_seeds_at_the_same_time_with_the_same_results(seeded_course):
    path = seeded_course / "solutions" / "98_meeting.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("the two runs met"),
                                         *(nbformat.v4.new_code_cell(s) for s in MEETING)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    [entry] = claims.measure([MET], [path], seeds=(1, 2), jobs=2)
    assert entry["held"] == {"1": True, "2": True}, "the two seeds did not run at the same time"

    seeded = seeded_course / "solutions" / "99_seeded.ipynb"
    at_once = claims.measure([BEATS, SEED_IS_42], [seeded], seeds=(42, 1, 2), jobs=2, fresh=True)
    assert at_once == claims.measure([BEATS, SEED_IS_42], [seeded], seeds=(42, 1, 2), fresh=True)
    assert at_once[0]["seeds"] == [42, 1, 2]


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


def test_seed_spread_names_a_metric_no_claims_run_recorded(capsys):
    from rnn_utils.results import seed_spread

    table = seed_spread("05", metrics=["val_accuracy_LSTM_T100", "not_recorded_yet"])
    assert table.loc["not_recorded_yet"].isna().all() and table.loc["val_accuracy_LSTM_T100"].notna().all()
    assert "No claims run has recorded not_recorded_yet yet: `make claims NB=05`." in capsys.readouterr().out


TRAINS = re.compile(r"\.fit\(|\btrain\(")   # Keras training, or notebook 04's NumPy training loop


def test_claims_cover_every_notebook_that_trains_and_held_in_every_seed():
    """The issue's bar for the course: each notebook with a training experiment has claims, the
    last `make claims` ran every claim as it is written now, with 3 seeds or more, and each held."""
    defined = {claim.id: claim for claim in claims.load()}
    training = [path for path in catalogue.solution_paths()
                if any(TRAINS.search(cell.source) for cell in catalogue.read(path).cells
                       if cell.cell_type == "code")]
    without = [path.name for path in training if not any(path.name.startswith(claim.notebook)
                                                           for claim in defined.values())]
    assert not without, f"{without} train models but have no claim in benchmarks/claims.toml"

    recorded = {entry["id"]: entry for entry in json.loads(claims.CLAIMS_JSON.read_text())["claims"]}
    never_run = sorted(set(defined) - set(recorded))
    assert not never_run, f"claims never run: {never_run} (`make claims NB=NN`)"
    assert not set(recorded) - set(defined), f"claims.json keeps claims that claims.toml no longer has: " \
                                             f"{sorted(set(recorded) - set(defined))}"
    for claim_id, entry in recorded.items():
        claim = defined[claim_id]
        assert (entry["sentence"], entry["holds"]) == (claim.sentence, claim.holds), \
            f"{claim_id} changed since its last run (`make claims NB={claim.notebook}`)"
        assert len(entry["seeds"]) >= 3, f"{claim_id} ran with seeds {entry['seeds']} only"
        assert entry["held_in_every_seed"], f"{claim_id} did not hold in every seed: {entry['held']}"
