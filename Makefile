# ETP Express — every set-up step behind two commands: `make run` and `make test`.
# Needs only Python 3.11 with pip (and make). Services: see README ("Running against your own ...").

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
PYTEST_ARGS ?=
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv install install-dev run test migrate check lint bench clean

help:
	@echo "make run      create the venv, install, migrate and start the API (Ctrl-C stops everything)"
	@echo "make test     create the venv, install test dependencies and run the whole test suite"
	@echo "make install  runtime dependencies only (requirements.txt)"
	@echo "make migrate  apply the database migrations (flask db upgrade)"
	@echo "make check    import contracts, ruff lint + format check, mypy (what CI runs before the tests)"
	@echo "make lint     the import contracts only (import-linter)"
	@echo "make bench    run the API benchmark (bench/api.py)"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 is required (python3.11 not found)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

venv: $(PY)

# Stamp files: reinstall only when a requirements file changes.
$(VENV)/.installed-runtime: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	@touch $(VENV)/.installed-runtime $@

install: $(VENV)/.installed-runtime

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) scripts/dev.py run

migrate: install
	$(PY) scripts/dev.py migrate

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	PYTHONPATH=. $(BIN)/lint-imports

# The guard rails CI runs before the tests. `ruff format .` and `ruff check --fix .` repair most of
# what the two ruff steps report.
check: install-dev
	PYTHONPATH=. $(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install-dev
	$(PY) bench/api.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/test
