# Two commands matter: `make run` and `make test`. Both create .venv and install what they need.
SHELL := /bin/bash
# The first Python 3.11+ found (a name may exist yet not run, as pyenv shims do).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve demo test check lint format messages clean

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed; none was found on PATH."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian/Ubuntu, install the python3-venv package."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## Set up, load the Mexico City dataset, create a local administrator and serve http://$(HOST):$(PORT)
run: demo serve

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_dataset data/cdmx
	$(BIN)/python manage.py compute_indicators cdmx --years 2013-2018
	$(BIN)/python manage.py participation_demo cdmx
	$(BIN)/python manage.py ensure_admin --url http://$(HOST):$(PORT)/admin/
	$(BIN)/python manage.py demo_accounts --url http://$(HOST):$(PORT)/admin/
	@echo "Public portal: http://$(HOST):$(PORT)/"
	@echo "Workspace for liaisons and staff: http://$(HOST):$(PORT)/workspace/"

serve: install
	# The background worker (django-tasks) builds reports and runs imports while the site serves.
	$(BIN)/python manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Every gate: lint, format, migrations, translations, the whole suite
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: test

lint:
	$(BIN)/ruff check --fix .

format:
	$(BIN)/ruff format .

## Regenerate the translation catalogues after changing user-facing strings
messages: install
	$(BIN)/python manage.py makemessages --locale es --locale en --no-obsolete --no-location --ignore '.venv/*' --ignore 'tests/*' --ignore 'test-artifacts/*'
	$(BIN)/python scripts/complete_english_catalogue.py locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) .pytest_cache
