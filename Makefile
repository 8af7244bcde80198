# Patroli Dialogis: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The benchmark's size and database; see docs/PERFORMANCE.md. BENCH_ARGS passes more options to
# `python -m bench` (--workers, --requests, --seconds …).
VISITS ?= 30000
ASPIRATIONS ?= 100000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/patroli_bench
BENCH_ARGS ?=
BENCH_TIMEOUT ?= 3600

.PHONY: run test test-browser install migrate seed check bench backup restore messages clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite except the browser tests; DATABASE_URL picks the database.
test: install
	$(BIN)/pytest -m "not browser"

# End-to-end tests in Chromium (Debian's /usr/bin/chromium).
test-browser: install
	$(BIN)/pytest -m browser

# The database (pg_dump or a SQLite copy) and the photos, into BACKUP_DIR (var/backups).
backup: install
	$(PY) manage.py backup

# Into an empty database only: move var/db.sqlite3 aside, or createdb a new PostgreSQL database.
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/patroli-YYYYmmdd-HHMMSS.sqlite3"; exit 2; }
	@mkdir -p var
	$(PY) manage.py restore "$(FILE)"

# Seed PostgreSQL (reused when it has this size), serve with gunicorn on 127.0.0.1, measure,
# write docs/PERFORMANCE.md. Not part of `make test`.
bench: install
	timeout $(BENCH_TIMEOUT) $(PY) -m bench --visits $(VISITS) --aspirations $(ASPIRATIONS) \
		--database $(BENCH_DATABASE_URL) $(BENCH_ARGS)

# After editing locale/*/LC_MESSAGES/django.po (needs gettext's msgfmt); the .mo files are committed.
messages: install
	$(PY) manage.py compilemessages --locale id --locale en --ignore .venv

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles artifacts .pytest_cache
