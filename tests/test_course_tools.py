"""The maintainer tools (tools/): the one-source scheme, the conductor (make sync), the runner."""

import ast
import dataclasses
import json
import re
import shutil
import tomllib

import nbformat
import pytest

from tools import bench, catalogue, learner, lint, runner, speed, sync


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _code(source, outputs=True):
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    if outputs:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="out\n")]
    return cell


# --------------------------------------------------------------------------- learner notebooks

def test_stub_keeps_indentation_and_code_around_regions():
    source = ("def f(x):\n    \"\"\"Doc.\"\"\"\n    ### BEGIN SOLUTION\n    return x + 1\n"
              "    ### END SOLUTION\n\ny = 2\n### BEGIN SOLUTION\nz = 3\n### END SOLUTION")
    stub = learner.stub_source(source)
    assert "return x + 1" not in stub and "z = 3" not in stub
    assert "    # YOUR CODE HERE\n    raise NotImplementedError(" in stub
    assert stub.count("raise NotImplementedError") == 1        # inside the function only
    assert stub.endswith("# YOUR CODE HERE: replace None by your answer\nz = None")
    assert "def f(x):" in stub and "y = 2" in stub
    compile(stub, "<stub>", "exec")


def test_a_top_level_stub_runs_and_names_every_answer():
    source = ("### BEGIN SOLUTION\nprediction = 0.9\nlow, high = 1, 2\ndef helper():\n"
              "    return 1\nprint(prediction)\n### END SOLUTION")
    stub = learner.stub_source(source)
    assert stub.splitlines()[1:] == ["prediction = None", "low = None", "high = None", "helper = None"]
    exec(compile(stub, "<stub>", "exec"), {})   # runs: Run All goes on


def test_unbalanced_markers_are_an_error():
    with pytest.raises(ValueError, match="unbalanced"):
        learner.stub_source("### BEGIN SOLUTION\nx = 1\n")


def test_learner_version_clears_exercise_and_check_keeps_lessons():
    badge = "[b](https://colab.research.google.com/github/o/r/blob/main/solutions/01_x.ipynb)"
    nb = _nb(nbformat.v4.new_markdown_cell(badge), _code("lesson = 1"),
             _code("### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION"),
             nbformat.v4.new_markdown_cell("between"), _code("answer = check.answer(answer)"),
             _code("after = 2"))
    version = learner.learner_version(nb, "01_x")
    lesson, exercise, check, after = (version.cells[i] for i in (1, 2, 4, 5))
    assert lesson.outputs and after.outputs
    assert exercise.source.splitlines()[1:] == ["answer = None"]
    for cell in (exercise, check):
        assert cell.outputs == [] and cell.execution_count is None
        assert "raises-exception" not in cell.metadata.get("tags", []), "nothing in a learner notebook raises"
    assert "/notebooks/01_x.ipynb" in version.cells[0].source
    assert "answer = 1" in nb.cells[2].source, "the solution notebook itself is unchanged"


def test_every_solution_has_a_learner_notebook():
    solutions = {p.name for p in catalogue.solution_paths()}
    assert solutions, "no solution notebooks found"
    assert solutions == {p.name for p in catalogue.NOTEBOOKS.glob("*.ipynb")}


# --------------------------------------------------------------------------- make sync

def test_derived_files_are_in_sync():
    stale = sync.sync(check=True, quiet=True)
    assert stale == [], "run `make sync`: " + ", ".join(str(p.relative_to(catalogue.ROOT)) for p in stale)


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """A copy of the course's sources and derived files, with the catalogue pointed at it."""
    for folder in ("solutions", "notebooks", "results", "benchmarks"):
        shutil.copytree(catalogue.ROOT / folder, tmp_path / folder)
    (tmp_path / "data").mkdir()
    for name in ("README.md", "INSTRUCTORS.md", "pyproject.toml", "data/README.md"):
        shutil.copy(catalogue.ROOT / name, tmp_path / name)
    for name, value in (("ROOT", tmp_path), ("SOLUTIONS", tmp_path / "solutions"),
                        ("NOTEBOOKS", tmp_path / "notebooks"), ("RESULTS", tmp_path / "results"),
                        ("BENCHMARKS", tmp_path / "benchmarks")):
        monkeypatch.setattr(catalogue, name, value)
    assert sync.sync(check=True, quiet=True) == []
    return tmp_path


def test_sync_check_names_every_file_a_new_run_time_makes_stale(course_copy, capsys):
    result = course_copy / "results" / "03_rnn_forward_numpy.json"
    data = json.loads(result.read_text())
    data.update(run_time_s=99.0, cpus=16)
    result.write_text(json.dumps(data))
    stale = {str(p.relative_to(course_copy)) for p in sync.sync(check=True)}
    assert stale == {"solutions/03_rnn_forward_numpy.ipynb", "notebooks/03_rnn_forward_numpy.ipynb",
                     "README.md", "INSTRUCTORS.md"}
    assert "stale: README.md (run `make sync`)" in capsys.readouterr().out
    sync.sync(quiet=True)
    assert sync.sync(check=True, quiet=True) == []
    title = catalogue.read(course_copy / "solutions" / "03_rnn_forward_numpy.ipynb").cells[0].source
    assert "**Run time:** 99 s on a 16-core CPU" in title


def test_the_data_table_follows_the_registry(course_copy, monkeypatch):
    from rnn_utils import data

    alice = data.DATASETS["alice"]
    monkeypatch.setitem(data.DATASETS, "alice", dataclasses.replace(alice, summary="a shorter Alice"))
    assert [p.relative_to(course_copy).as_posix() for p in sync.sync(check=True, quiet=True)] == \
        ["data/README.md"]
    sync.sync(quiet=True)
    table = (course_copy / "data" / "README.md").read_text()
    assert "| `lm/alice_in_wonderland.txt` | a shorter Alice |" in table


def test_the_course_home_is_changed_in_one_place(course_copy):
    pyproject = course_copy / "pyproject.toml"
    old = catalogue.home()
    pyproject.write_text(pyproject.read_text().replace(f"https://github.com/{old}",
                                                       "https://github.com/alice/rnn-lessons"))
    assert catalogue.home() == "alice/rnn-lessons"
    assert len(sync.sync(check=True, quiet=True)) >= 19   # 18 notebooks and the README
    sync.sync(quiet=True)
    texts = [p.read_text() for p in course_copy.rglob("*") if p.suffix in (".ipynb", ".md")
             and "benchmarks" not in p.parts]
    assert not any(old in text for text in texts), "the old home survives somewhere"
    readme = (course_copy / "README.md").read_text()
    assert "git clone https://github.com/alice/rnn-lessons && cd rnn-lessons" in readme
    assert "colab.research.google.com/github/alice/rnn-lessons/blob/main/notebooks/01_" in readme
    nb = catalogue.read(course_copy / "notebooks" / "05_lstm_and_gru.ipynb")
    assert "github/alice/rnn-lessons/blob/main/notebooks/05_lstm_and_gru.ipynb" in nb.cells[0].source
    setup = next(c.source for c in nb.cells if "rnn_utils.setup(" in c.source)
    assert '"https://github.com/alice/rnn-lessons"' in setup
    assert lint.lint(course_copy / "solutions" / "05_lstm_and_gru.ipynb") == []


def test_a_home_that_is_not_a_github_address_is_refused(course_copy):
    pyproject = course_copy / "pyproject.toml"
    pyproject.write_text(re.sub(r'Repository = "[^"]*"', 'Repository = "rnn-course"', pyproject.read_text()))
    with pytest.raises(ValueError, match="GitHub address"):
        catalogue.home()


def test_stamp_without_a_measurement():
    record = catalogue.Notebook(stem="99_x")
    assert "not measured yet" in sync.run_time_stamp(record)
    record.run_time_s, record.cpus = 93.4, 2
    assert sync.run_time_stamp(record) == "**Run time:** 93 s on a 2-core CPU (measured by `make execute`)"


# --------------------------------------------------------------------------- the runner

TINY = [
    'import rnn_utils\nrnn_utils.setup("99_tiny", tensorflow=False)',
    'import time\n\ntime.sleep(2)\nrnn_utils.record("accuracy", 0.5)\nprint("trained")',
    "rnn_utils.finish()",
]


@pytest.fixture
def tiny_course(tmp_path, monkeypatch):
    """A course of one tiny notebook, with a results file left by an older version of it."""
    for folder in ("solutions", "results", "benchmarks"):
        (tmp_path / folder).mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in TINY])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "solutions" / "99_tiny.ipynb")
    (tmp_path / "results" / "99_tiny.json").write_text(json.dumps(
        {"metrics": {"accuracy": 0.1, "a_metric_the_notebook_no_longer_records": 1}, "run_time_s": 1.0}))
    for name, value in (("ROOT", tmp_path), ("SOLUTIONS", tmp_path / "solutions"),
                        ("RESULTS", tmp_path / "results"), ("BENCHMARKS", tmp_path / "benchmarks")):
        monkeypatch.setattr(catalogue, name, value)
    return tmp_path


def test_a_stored_run_replaces_the_results_file_whole(tiny_course):
    row = runner.run(tiny_course / "solutions" / "99_tiny.ipynb", store=True)
    assert row["metrics"] == {"accuracy": 0.5} and row["cpus"] and row["kernel_run_time_s"] is not None
    result = json.loads((tiny_course / "results" / "99_tiny.json").read_text())
    assert result["metrics"] == {"accuracy": 0.5}, "a metric of the older run survived"
    assert result["cpus"] == row["cpus"]
    stored = catalogue.read(tiny_course / "solutions" / "99_tiny.ipynb")
    assert stored.cells[1].outputs[0]["text"] == "trained\n"


def test_a_stored_run_keeps_what_a_reader_sees_in_one_stream(tiny_course):
    """Output flushed in pieces is stored as one stream, with carriage returns applied: the slide
    budget counts the lines of each output, and a print split in two counted one line too many."""
    path = tiny_course / "solutions" / "98_streams.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'import time\nprint("first", end="", flush=True)\ntime.sleep(0.5)\nprint("\\nsecond")\n'
        'print("10%\\r100%")')])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    runner.run(path, store=True)
    outputs = catalogue.read(path).cells[0].outputs
    assert [(o.output_type, o.text) for o in outputs] == [("stream", "first\nsecond\n100%\n")]


def test_a_run_names_its_slowest_cells_and_stores_no_timing(tiny_course):
    row = runner.run(tiny_course / "solutions" / "99_tiny.ipynb", store=True)
    slowest = row["slowest_cells"][0]
    assert slowest["code"] == "import time" and slowest["s"] >= 2, row["slowest_cells"]
    stored = catalogue.read(tiny_course / "solutions" / "99_tiny.ipynb")
    assert not [cell for cell in stored.cells if "execution" in cell.metadata], "the clock got stored"


def test_bench_without_store_writes_only_benchmarks(tiny_course, capsys, monkeypatch):
    monkeypatch.setattr(bench.speed, "ms_per_step", lambda: 123.0)
    before = {p: p.read_bytes() for p in tiny_course.rglob("*") if p.is_file()}
    assert bench.main(["99"]) == 0
    after = {p: p.read_bytes() for p in tiny_course.rglob("*") if p.is_file()}
    changed = {str(p.relative_to(tiny_course)) for p in after if before.get(p) != after[p]}
    assert changed == {"benchmarks/results.json", "benchmarks/RESULTS.md"}
    row = json.loads((tiny_course / "benchmarks" / "results.json").read_text())["notebooks"]["99_tiny"]
    assert row["metrics"] == {"accuracy": 0.5} and row["wall_s"] > 0
    assert row["reference_ms_per_step"] == [123, 123]
    page = (tiny_course / "benchmarks" / "RESULTS.md").read_text()
    assert "| 123 / 123 ms (" in page and "its slowest cell" in page


def test_the_machine_speed_reference_runs_in_a_fresh_process():
    assert speed.ms_per_step(steps=1) > 0


# --------------------------------------------------------------------------- the package itself

def _tools_imports():
    """{module: {tools modules it imports}} from the sources of tools/."""
    graph = {}
    for path in (catalogue.ROOT / "tools").glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module} if node.module else {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tools"):
                found |= {node.module.split(".")[1]} if "." in node.module else {a.name for a in node.names}
        graph[path.stem] = found
    return graph


def test_tools_import_graph_has_no_circle_and_no_path_edits():
    graph = _tools_imports()
    assert graph["sync"] >= {"catalogue", "learner", "slides"}, graph   # the parser sees imports

    def visit(module, path):
        assert module not in path, "import circle: " + " -> ".join([*path, module])
        for imported in graph.get(module, ()):
            visit(imported, [*path, module])

    for module in graph:
        visit(module, [])
    for path in (catalogue.ROOT / "tools").glob("*.py"):
        assert "sys.path" not in path.read_text(), f"{path.name} edits sys.path"


def test_one_cell_timeout_for_tests_and_runs():
    options = tomllib.loads((catalogue.ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert f"--nbval-cell-timeout={catalogue.CELL_TIMEOUT_S}" in options["addopts"]
    assert f"--nbval-kernel-startup-timeout={catalogue.KERNEL_STARTUP_S}" in options["addopts"]


# --------------------------------------------------------------------------- lint

NOTEBOOK_PATHS = lint.notebook_paths()


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_lint(path):
    problems = lint.lint(path)
    assert not problems, "\n".join(problems)


def test_lint_catches_missing_notes_and_slide_types(tmp_path):
    nb = _nb(nbformat.v4.new_markdown_cell("# 01 · T"), _code("x = 1"))
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    path = tmp_path / "solutions" / "01_t.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    problems = "\n".join(lint.lint(path))
    for expected in ("speaker-notes", "set a slide type", "Colab badge", "learning objectives",
                     "rnn_utils.setup", "2 to 6 exercises", "Recap", "rnn_utils.finish"):
        assert expected in problems


def test_every_metric_the_benchmark_page_names_is_recorded():
    """benchmarks/references.json names metrics for RESULTS.md; sync skips a name that no run
    recorded, so a renamed metric would vanish from the page without this test."""
    references = json.loads((catalogue.BENCHMARKS / "references.json").read_text())
    missing = []
    for notebook in catalogue.notebooks():
        recorded = catalogue.RESULTS / f"{notebook.stem}.json"
        metrics = json.loads(recorded.read_text())["metrics"] if recorded.exists() else {}
        for field in ("key_metrics", "baseline_metrics"):
            missing += [f"{notebook.stem}: {field} names {name}, which results/ does not hold"
                        for name in references.get(notebook.stem, {}).get(field, []) if name not in metrics]
    assert not missing, "\n".join(missing)
