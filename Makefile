# Områdemonitor. `make run` sets up and starts the app; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Official boundary files, in the shared data layout: `make run BOUNDARIES=../shared/data`
BOUNDARIES ?=
# Norway's counties and municipalities with real population (SSB 07459), loaded when the folder is there
# (the Tromsø and Stjørdal programmes wait for it); `make run NATIONAL=` leaves it out
NATIONAL ?= $(if $(wildcard ../shared/data/norway-kommuner-2024),../shared/data)
# `make backup` puts a dated copy of the database here; `make restore FROM=backups/<file>.duckdb` puts one back
BACKUPS ?= backups
FROM ?=

.PHONY: run init boundaries test lint format bench chromium clean backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || (apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV))
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

init: $(VENV)/.runtime
	$(BIN)/python -m omrademonitor init
ifneq ($(BOUNDARIES),)
	$(BIN)/python -m omrademonitor load-boundaries $(BOUNDARIES)
endif
ifneq ($(NATIONAL),)
	$(BIN)/python -m omrademonitor load-national $(NATIONAL)
endif

run: init chromium
	$(BIN)/python -m ui.serve app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

# Both hold the write lock while they copy: safe while the app runs (writes wait a moment).
backup: $(VENV)/.runtime
	$(BIN)/python -m omrademonitor backup $(BACKUPS)

restore: $(VENV)/.runtime
	@test -n "$(FROM)" || { echo "usage: make restore FROM=$(BACKUPS)/omrademonitor-YYYYMMDD-HHMMSS.duckdb" >&2; exit 2; }
	$(BIN)/python -m omrademonitor restore $(FROM)
	$(BIN)/python -m omrademonitor init --no-demo

boundaries: $(VENV)/.runtime
	$(BIN)/python -m omrademonitor load-boundaries $(or $(BOUNDARIES),../shared/data)

# Chromium prints the reports and draws their charts (kaleido); poppler's pdftotext compares remade reports.
chromium:
	@{ command -v chromium && command -v pdftotext && fc-list | grep -q DejaVuSans; } >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && \
		$$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core poppler-utils; }

test: $(VENV)/.dev chromium
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.dev
	$(BIN)/python -m benchmarks.bench_store
	$(BIN)/python -m benchmarks.bench_import
	$(BIN)/python -m benchmarks.bench_analysis
	$(BIN)/python -m benchmarks.bench_console
	$(BIN)/python -m benchmarks.bench_publish
	$(BIN)/python -m benchmarks.bench_scale
	$(BIN)/python -m benchmarks.bench_map
	$(BIN)/python -m benchmarks.bench_pages

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal data/*.session-secret data/*.sessions.sqlite
