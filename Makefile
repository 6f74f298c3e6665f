# Thin, self-bootstrapping targets. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
YEAR   ?=
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help system test test-fast report lab bench validate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

system: ## Install Chromium, a CJK font and poppler-utils if missing (root), else say what to install
	@scripts/ensure-system.sh

test: $(STAMP) system ## Run the whole test suite, integration tests (notebooks, PDF) included
	$(BIN)/python -m pytest -n auto $(ARGS)

test-fast: $(STAMP) ## Run the tests not marked integration
	$(BIN)/python -m pytest -m "not integration" $(ARGS)

validate: $(STAMP) ## Check the data in data/ against every rule of the data model
	$(BIN)/analysis validate

report: $(STAMP) system ## Build the report for YEAR (default: latest) into reports/YEAR/
	$(BIN)/analysis report $(if $(YEAR),--year $(YEAR)) $(ARGS)

lab: $(STAMP) ## Open JupyterLab on the notebooks (charts interactive through jupyterlab-plotly)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

bench: $(STAMP) system ## Print the benchmark tables (build times, comparison, extraction speed and accuracy)
	$(BIN)/python scripts/bench.py $(ARGS)
	$(BIN)/python scripts/bench_extract.py

clean: ## Remove generated reports and caches (not the virtualenv)
	rm -rf reports .pytest_cache .hypothesis
