# Every target sets up .venv first (created if missing, reinstalled when requirements change).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed

.PHONY: help install lab test test-full claims sync sync-check notebooks execute bench slides slides-test figures data lint clean

help:
	@echo "make lab        install, then open JupyterLab on notebooks/"
	@echo "make test       install, then run every test (unit tests, notebooks in FAST mode, lint)"
	@echo "make test-full  the same, with the solution notebooks run in full (as make execute does)"
	@echo "make sync       regenerate every derived file (learner notebooks, headers, README, plans)"
	@echo "make sync-check name every derived file that is stale (make test runs it)"
	@echo "make execute    re-execute solutions/ in place (stored outputs, results/), then sync"
	@echo "make bench      run every solution notebook, measure time and memory: benchmarks/ only"
	@echo "make claims     run the notebooks with claims over 3 seeds: benchmarks/claims.json (NB=05 for one)"
	@echo "make slides     build reveal.js slide decks into build/slides/"
	@echo "make slides-test  build the decks and check them in headless Chromium, and the slide budget"
	@echo "make figures    draw the diagrams in img/"
	@echo "make data       download and prepare every data set into data/"
	@echo "make lint       ruff, the notebook anatomy lint and the slide budget"

install: $(READY)

$(READY): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m tools.rise
	@touch $@

lab: $(READY)
	$(BIN)/python -m tools.rise
	$(BIN)/jupyter lab notebooks/

test: sync-check
	$(BIN)/python -m pytest

test-full: sync-check
	RNN_COURSE_TEST_FULL=1 $(BIN)/python -m pytest

sync: $(READY)
	$(BIN)/python -m tools sync

sync-check: $(READY)
	$(BIN)/python -m tools sync --check

notebooks: sync

execute: $(READY)
	$(BIN)/python -m tools execute $(NB)

claims: $(READY)
	$(BIN)/python -m tools claims $(NB)

# `make bench STORE=1` also stores outputs and results (one run serves both), then syncs.
bench: $(READY)
	$(BIN)/python -m tools bench $(if $(STORE),--store) $(NB)

slides: $(READY)
	$(BIN)/python -m tools.slides build

slides-test: $(READY)
	$(BIN)/python -m pytest tests/test_slides.py -q -m ""

figures: $(READY)
	$(BIN)/python -m tools figures

data: $(READY)
	$(BIN)/python -c "import sys, rnn_utils.data; sys.exit(rnn_utils.data.main())"

lint: $(READY)
	$(BIN)/ruff check rnn_utils tools tests conftest.py solutions
	$(BIN)/python -m tools lint
	$(BIN)/python -m tools.slides budget

clean:
	rm -rf build .pytest_cache

# A Colab-like environment (requirements-colab.txt, Python 3.13) in .venv-colab: the unit
# tests and every solution notebook, run against Colab's library versions.
PYTHON_COLAB ?= $(HOME)/.pyenv/versions/3.13.0/bin/python
VENV_COLAB   := .venv-colab

$(VENV_COLAB)/.installed: requirements-colab.txt pyproject.toml
	@test -x $(VENV_COLAB)/bin/python || $(PYTHON_COLAB) -m venv $(VENV_COLAB)
	$(VENV_COLAB)/bin/python -m pip install --quiet --upgrade pip
	$(VENV_COLAB)/bin/python -m pip install --quiet -r requirements-colab.txt
	@touch $@

.PHONY: test-colab-env
test-colab-env: $(VENV_COLAB)/.installed
	$(VENV_COLAB)/bin/python -m pytest tests solutions
