# Every target sets up .venv first (created if missing, reinstalled when requirements change).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed

.PHONY: help install lab test notebooks check-notebooks execute bench slides figures data lint clean

help:
	@echo "make lab        install, then open JupyterLab on notebooks/"
	@echo "make test       install, then run every test (unit tests, notebooks, lint)"
	@echo "make notebooks  write learner notebooks (notebooks/) from solutions/"
	@echo "make execute    re-execute solutions/ in place (stored outputs, run times), then notebooks"
	@echo "make bench      run every solution notebook, measure time and memory: benchmarks/RESULTS.md"
	@echo "make slides     build reveal.js slide decks into build/slides/"
	@echo "make figures    draw the diagrams in img/"
	@echo "make data       download and prepare every data set into data/"
	@echo "make lint       ruff over the package, tools, tests and notebooks"

install: $(READY)

$(READY): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

lab: $(READY)
	$(BIN)/jupyter lab notebooks/

test: $(READY)
	$(BIN)/python -m pytest

notebooks: $(READY)
	$(BIN)/python tools/course.py generate

check-notebooks: $(READY)
	$(BIN)/python tools/course.py generate --check

execute: $(READY)
	$(BIN)/python tools/course.py execute $(NB)

bench: $(READY)
	$(BIN)/python tools/bench.py $(NB)

slides: $(READY)
	$(BIN)/jupyter nbconvert --to slides --output-dir build/slides solutions/*.ipynb

figures: $(READY)
	$(BIN)/python tools/figures.py img

data: $(READY)
	$(BIN)/python -c "import sys, rnn_utils.data; sys.exit(rnn_utils.data.main())"

lint: $(READY)
	$(BIN)/ruff check rnn_utils tools tests conftest.py solutions

clean:
	rm -rf build .pytest_cache
