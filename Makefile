# Two commands for a fresh clone (see README):
#   make book   build the HTML book into _build/html (creates .venv on first use)
#   make test   run every test: mlp_core unit tests, notebooks (nbval), repository checks,
#               and the built site in headless Chromium (builds the book first if needed)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ASSETS := build_assets/mathjax/tex-chtml.js

.PHONY: book test figures bench clean env

env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

# MathJax is served by the site itself (offline): npm installs the pinned
# package, tools/vendor_assets.py copies what pages load into build_assets/.
$(ASSETS): package.json package-lock.json tools/vendor_assets.py | $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python tools/vendor_assets.py

book: $(STAMP) $(ASSETS)
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "Book built: open _build/html/index.html"

test: $(STAMP) $(ASSETS)
	test -f _build/html/index.html || $(MAKE) book
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env tests notebooks

figures: $(STAMP)
	$(BIN)/python -m mlp_core.figures

bench: $(STAMP)
	$(BIN)/python bench/train_step.py

clean:
	rm -rf _build build_assets .cache
