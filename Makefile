# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Django 6.1 needs Python 3.12 or newer: use $(PYTHON) if given, else the first suitable
# interpreter on PATH or in pyenv.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

FIND_PYTHON = for p in python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	  if command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v "$$p"; break; fi; \
	done
PYTHON ?= $(shell $(FIND_PYTHON))

export DEBUG ?= 1

.PHONY: help install run test test-fast lint format check corpus superuser clean serve loadtest bench

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "No Python 3.12 or newer found. Install one (e.g. pyenv install 3.12) or run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,browser]'
	@touch $(STAMP)

install: $(STAMP)  ## Create the virtual environment and install dependencies

run: $(STAMP)  ## Migrate, load the shipped corpus into SQLite and serve on http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_corpus
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The browser tests (tests/browser) drive Debian's Chromium; without it pytest skips them.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

test: $(STAMP)  ## Run the whole test suite (on PostgreSQL when DATABASE_URL points there)
	@test -x "$(CHROMIUM)" || echo "make test: no Chromium at $(CHROMIUM): the browser tests (tests/browser) will be SKIPPED. Install it with: apt-get install chromium"
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)  ## The suite without the browser tests and the load test, for the edit-test loop
	$(BIN)/python -m pytest -m "not browser and not load" $(PYTEST_ARGS)

lint: $(STAMP)  ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)  ## Django's system checks, missing migrations and the corpus validator
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py validate_corpus --fixtures

corpus: $(STAMP)  ## Load (or reload) the shipped corpus
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_corpus

# Production configuration on this machine: DEBUG off, gunicorn with whitenoise. Without
# TLS in front, the redirect to HTTPS is off unless SECURE_SSL_REDIRECT=1 is given.
serve: $(STAMP)  ## Run the production configuration (gunicorn, whitenoise) on HOST:PORT
	@export DEBUG=0 HOST="$(HOST)" PORT="$(PORT)" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}"; \
	if [ -z "$$SECRET_KEY" ]; then \
	  echo "make serve: SECRET_KEY is not set; using a throwaway key for this run (sessions end with it). Set SECRET_KEY in production." >&2; \
	  export SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	fi; \
	set -e; \
	$(BIN)/python manage.py migrate --noinput; \
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0; \
	echo "Serving the production configuration on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"; \
	exec $(BIN)/gunicorn --config config/gunicorn.conf.py config.wsgi

LOADTEST_DURATION ?= 30
LOADTEST_CONCURRENCY ?= 8
loadtest: $(STAMP)  ## Load-test `make serve` on loopback for LOADTEST_DURATION seconds
	$(BIN)/python scripts/loadtest.py --duration $(LOADTEST_DURATION) --concurrency $(LOADTEST_CONCURRENCY) $(LOADTEST_ARGS)

# The benchmark (docs/benchmarks.md). Datasette, the tool it is compared with, and
# py-spy live in their own virtual environment so that they cannot change the application's;
# nginx is Debian's (apt-get install nginx), and is skipped with a warning when missing.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
$(BENCH_STAMP):
	@if [ -z "$(PYTHON)" ]; then echo "No Python 3.12 or newer found." >&2; exit 1; fi
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet 'datasette==0.65.*' 'py-spy>=0.4,<0.5'
	@touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)  ## Benchmark three scales on PostgreSQL against nginx and Datasette (docs/benchmarks.md)
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

superuser: $(STAMP)  ## Create an admin user interactively
	$(BIN)/python manage.py createsuperuser

clean:  ## Remove the virtual environment and the SQLite database
	rm -rf $(VENV) $(BENCH_VENV) db.sqlite3 staticfiles bench-data
