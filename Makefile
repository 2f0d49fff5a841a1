# Vault Viewer: `make run` opens the app on the sample vault, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VAULT ?= resources/sample-vault
BENCH_NOTES ?= 21273

PACKAGE_STAMP := $(VENV)/.installed-package
BUNDLE := dist/vault-viewer

.PHONY: run test lint bench bytecode package icons install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP)

# Bytecode written once, as an installed package has it: an editable install never writes it
# when PYTHONDONTWRITEBYTECODE is set, and every launch would compile the whole app (0.25 s).
bytecode: $(STAMP)
	@$(PY) -m compileall -q viewer > /dev/null

run: bytecode
	$(PY) -m viewer $(VAULT)

lint: $(STAMP)
	$(VENV)/bin/ruff check viewer tests benchmarks
	$(VENV)/bin/ruff format --check viewer tests benchmarks
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest --durations=25

bench: bytecode
	$(PY) benchmarks/run.py --notes $(BENCH_NOTES)

# The desktop bundle (PyInstaller, one folder): dist/vault-viewer/, plus dist/Vault Viewer.app on
# macOS. Checked at once: --version, then a smoke test that renders a note offscreen.
$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,package]'
	@touch $@

package: $(PACKAGE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/pyinstaller/vault-viewer.spec
	$(BUNDLE)/vault-viewer --version
	QT_QPA_PLATFORM=offscreen $(BUNDLE)/vault-viewer --smoke-test $(VAULT)
	@du -sh $(BUNDLE)

# Re-render the committed PNG icons, .ico and .icns from resources/icons/*.svg.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/render_icons.py

clean:
	rm -rf build dist .pytest_cache .ruff_cache
