# Vault Viewer: `make run` opens the app on the sample vault, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VAULT ?= resources/sample-vault
BENCH_NOTES ?= 21000

.PHONY: run test lint bench package install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(PY) -m viewer $(VAULT)

lint: $(STAMP)
	$(VENV)/bin/ruff check viewer tests benchmarks
	$(VENV)/bin/ruff format --check viewer tests benchmarks
	$(VENV)/bin/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/run.py --notes $(BENCH_NOTES)

clean:
	rm -rf build dist .pytest_cache .ruff_cache
