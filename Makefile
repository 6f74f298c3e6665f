# Thin, self-bootstrapping targets. `make help` lists them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml 2>/dev/null | cut -d' ' -f1)
YEAR   ?=
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help system git-filter test test-fast report lab check-lab bench validate clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@$(MAKE) --no-print-directory git-filter
	@rm -f $(VENV)/.installed-* && touch $@

# nbstripout as a git filter: notebooks are committed without outputs whatever JupyterLab saved.
# Idempotent (the attributes lines are already in .gitattributes); --keep-id keeps the cell ids.
NBSTRIPOUT := "$(abspath $(BIN))/python" -m nbstripout --keep-id
git-filter: ## Strip notebook outputs on commit (nbstripout git filter; part of the set-up, idempotent)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  $(BIN)/nbstripout --install --attributes .gitattributes && \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)' && \
	  git config diff.ipynb.textconv '$(NBSTRIPOUT) -t'; \
	fi

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

LAB_ARGS := --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks
lab: $(STAMP) ## Open JupyterLab at the repository root on notebooks/ (scratch work: notebooks/scratch/, git-ignored)
	$(BIN)/jupyter lab $(LAB_ARGS) $(if $(filter 0,$(shell id -u)),--allow-root) $(ARGS)

check-lab: $(STAMP) system ## Run only the JupyterLab tests, browser included (Playwright + Debian chromium)
	$(BIN)/python -m pytest tests/test_lab.py tests/test_browser_lab.py $(ARGS)

bench: $(STAMP) system ## Print the benchmark tables (build times, comparison, extraction speed and accuracy)
	$(BIN)/python scripts/bench.py $(ARGS)
	$(BIN)/python scripts/bench_extract.py

clean: ## Remove generated reports and caches (not the virtualenv)
	rm -rf reports .pytest_cache .hypothesis
