# ETP Express — every set-up step behind two commands: `make run` and `make test`.
# Needs only Python 3.11 with pip (and make). Services: see README ("Running against your own ...").

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
PYTEST_ARGS ?=
BENCH_ARGS ?=
DR_DRILL_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv install install-dev web run test migrate check lint bench dr-drill clean

help:
	@echo "make run      create the venv, install, migrate and start the API (Ctrl-C stops everything)"
	@echo "make test     create the venv, install test dependencies and run the whole test suite"
	@echo "make install  runtime dependencies only (requirements.txt)"
	@echo "make web      build the web app into frontend/dist when its sources changed (scripts/web.py)"
	@echo "make migrate  apply the database migrations (flask db upgrade)"
	@echo "make check    import contracts, ruff lint + format check, mypy, the web app's typecheck and lint"
	@echo "make lint     the import contracts only (import-linter)"
	@echo "make bench    run the API benchmark (bench/api.py)"
	@echo "make dr-drill disaster-recovery drill on private PostgreSQL/Redis: back up, destroy, restore, RTO (DR_DRILL_ARGS=--etps N)"

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

# The web app (frontend/): npm ci when package-lock.json changed, vite build + gzip/brotli when a
# source changed (stamps in node_modules/ and dist/). Node: the machine's (>= 20) or from PyPI.
web: install
	$(PY) scripts/web.py build

run: web
	$(PY) scripts/dev.py run

migrate: install
	$(PY) scripts/dev.py migrate

# In order: the web app's build (the end-to-end tests load it), Chromium and nginx (installed when
# missing; nginx for the frontend image's configuration tests), the web unit tests (Vitest), then
# the Python suite.
test: install-dev
	$(PY) scripts/web.py build
	$(PY) scripts/web.py browser
	$(PY) scripts/web.py nginx
	$(PY) scripts/web.py npm run test -- --run
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
	@if $(PY) scripts/web.py has-script typecheck; then $(PY) scripts/web.py npm run typecheck; fi
	@if $(PY) scripts/web.py has-script lint; then $(PY) scripts/web.py npm run lint; fi

bench: install-dev
	$(PY) bench/api.py $(BENCH_ARGS)

# Backs up, DROPs and restores a database of its own PostgreSQL (never the machine's): README,
# "Ensaio de recuperação de desastre".
dr-drill: install
	$(PY) scripts/dr_drill.py $(DR_DRILL_ARGS)

clean:
	rm -rf $(VENV) instance/test
