# Two commands for a fresh clone (see README):
#   make book   build the HTML book into _build/html (creates .venv on first use)
#   make test   run every test: mlp_core unit tests, the browser engine (node --test),
#               notebooks (nbval), repository checks,
#               JupyterLab, and the built site in headless Chromium (builds the book if needed)
# and one for readers:
#   make lab    open the chapters in JupyterLab (creates the lean .venv-reader on first use)
#
# PYTHON: the interpreter that creates the virtual environments. By default
# tools/find_python.sh picks python3 when it is 3.11 to 3.13, else the first
# python3.13, python3.12 or python3.11 found. Override: make book PYTHON=python3.12
PYTHON ?= $(shell tools/find_python.sh)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
READER ?= .venv-reader
ASSETS := build_assets/mathjax/tex-chtml.js
# The browser playground's presets (the article's data and weights), from mlp_core.
PRESETS := build_assets/playground/presets.js
# Conformance fixtures of the browser engine, written from mlp_core at test time.
FIXTURES := _build/engine-fixtures.json
# What the executed chapters depend on besides their own code cells (which
# jupyter-cache hashes itself): when any of this changes, the cached outputs
# and Sphinx's environment are dropped and every chapter runs again.
BOOK_INPUTS := $(sort $(wildcard mlp_core/*.py mlp_core/*/*.py book/_ext/*.py)) \
               pyproject.toml requirements.txt binder/requirements.txt _config.yml _toc.yml
BOOK_KEY    := _build/.inputs.sha256

.PHONY: book test lab figures bench clean env reader-env check-python

# Says which Python will be used, or what to do when there is none.
check-python:
	@if [ -z "$(PYTHON)" ]; then \
	    echo "make: no Python 3.11 or newer found (tried python3, python3.13, python3.12, python3.11)." >&2; \
	    echo "      Install Python 3.11, 3.12 or 3.13 (python.org, your package manager, pyenv)," >&2; \
	    echo "      or name one: make book PYTHON=/path/to/python3.12" >&2; \
	    exit 1; \
	fi
	@echo "Using $$($(PYTHON) -c 'import sys; print("Python", sys.version.split()[0])') ($(PYTHON))"

env: $(STAMP)

# Build and test environment: the reader's pins plus the book and test tools.
$(STAMP): requirements.txt binder/requirements.txt pyproject.toml mlp_core/__init__.py
	@test -x $(BIN)/python || $(MAKE) --no-print-directory check-python
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "$(VENV) uses $$($(BIN)/python --version)"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

reader-env: $(READER)/.installed

# The reader's environment (what Binder builds): no build or test tools.
# --no-compile: Python writes bytecode for the modules a chapter really imports.
$(READER)/.installed: binder/requirements.txt pyproject.toml mlp_core/__init__.py
	@test -x $(READER)/bin/python || $(MAKE) --no-print-directory check-python
	test -x $(READER)/bin/python || $(PYTHON) -m venv $(READER)
	@echo "$(READER) uses $$($(READER)/bin/python --version)"
	$(READER)/bin/python -m pip install --quiet --disable-pip-version-check --no-compile \
	    -r binder/requirements.txt
	$(READER)/bin/python -m pip install --quiet --disable-pip-version-check --no-compile \
	    --no-deps -e .
	touch $@

# LAB_ARGS: extra options for JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port 8890".
# As root (containers), JupyterLab refuses to start without --allow-root.
LAB_ARGS ?=
lab: $(READER)/.installed
	$(READER)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS) notebooks/

# MathJax is served by the site itself (offline): npm installs the pinned
# package, tools/vendor_assets.py copies what pages load into build_assets/.
$(ASSETS): package.json package-lock.json tools/vendor_assets.py | $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python tools/vendor_assets.py

$(PRESETS): tools/playground_presets.py $(wildcard mlp_core/*.py) | $(STAMP)
	$(BIN)/python tools/playground_presets.py $@

# Incremental: executed chapters are cached by jupyter-cache (keyed by their
# code cells) in _build/.jupyter_cache, Sphinx keeps its doctrees, and both
# are dropped when BOOK_INPUTS change. A fresh clone (CI) builds from clean.
book: $(STAMP) $(ASSETS) $(PRESETS)
	@key=$$(cat $(BOOK_INPUTS) | sha256sum | cut -d' ' -f1); \
	if [ "$$(cat $(BOOK_KEY) 2>/dev/null)" != "$$key" ]; then \
	    echo "mlp_core, the pins or the configuration changed: building from clean"; \
	    rm -rf _build/html _build/.doctrees _build/.jupyter_cache; \
	fi; \
	mkdir -p _build; echo "$$key" > $(BOOK_KEY)
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going \
	    || { rm -f $(BOOK_KEY); exit 1; }
	@echo "Book built: open _build/html/index.html"

test: $(STAMP) $(ASSETS) $(PRESETS)
	test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python tools/engine_fixtures.py $(FIXTURES)
	ENGINE_FIXTURES=$(FIXTURES) node --test tests/js/
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env tests notebooks

figures: $(STAMP)
	$(BIN)/python -m mlp_core.figures

bench: $(STAMP) $(ASSETS) $(PRESETS)
	$(BIN)/python bench/train_step.py
	test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python bench/playground.py

clean:
	rm -rf _build build_assets .cache
