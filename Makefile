# Jejak Rupiah: the three commands a newcomer needs.
#   make run   set up, run the nightly job once on the bundled sample, print where things are
#   make ui    set up and open the Dagster UI on http://127.0.0.1:3000
#   make test  set up and run lint + the test suite (what CI runs)
#   make test-fast   lint + the tests not marked slow (under a minute): the loop while editing
#   make backfill SATKER=900104 BULAN=2026-02   re-examine one office-month and republish
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup run ui test test-fast lint sample clean backfill

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: setup
	bash scripts/run_nightly.sh

ui: setup
	bash scripts/ui.sh

backfill: setup
	bash scripts/backfill.sh $(SATKER) $(BULAN)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	bash scripts/ensure_chromium.sh
	$(BIN)/pytest -q --durations=15

# Everything but the tests marked `slow` (pyproject.toml: whole pipeline runs, PostgreSQL,
# Chromium, Spark, kills, parallel ingest); `make test` and CI run those too.
test-fast: lint
	$(BIN)/pytest -q -m "not slow" --durations=5

sample: setup
	$(BIN)/python sample_data/generate.py --out sample_data/landing --scale 1 --seed 2026

clean:
	rm -rf var dbt_project/target
