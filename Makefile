# Patroli Dialogis: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser install migrate seed check backup restore clean

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

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var staticfiles artifacts .pytest_cache
