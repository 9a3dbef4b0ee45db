# Coopilote — everything a developer or CI runs. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
APPS := $(patsubst %/apps.py,%,$(wildcard coopilote/*/apps.py))
DEMO_PASSWORD := coopilote-demo
DEMO_ENV := DEBUG=true
# Tests run as in production (DEBUG off) but over plain http on localhost.
TEST_ENV := DEBUG=false SECRET_KEY=tests-only-not-a-secret SECURE_SSL_REDIRECT=false SECURE_COOKIES=false \
  STATIC_MANIFEST=false

.PHONY: help install demo seed test test-fast check lint format messages bench clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP) ## Create .venv and install the locked dependencies
	@$(DEMO_ENV) $(MANAGE) compile_catalogues >/dev/null

# The demo runs two processes (the server and the imports' worker): their cache is shared, in
# a database table, so that an import the worker applies outdates the server's cached pages.
DEMO_RUN_ENV := $(DEMO_ENV) CACHE_URL=db://coopilote_cache

demo: install ## Run the demo on SQLite (region scale) at http://127.0.0.1:8000
	@mkdir -p var
	$(DEMO_RUN_ENV) $(MANAGE) migrate --noinput -v 0
	$(DEMO_RUN_ENV) $(MANAGE) createcachetable
	$(DEMO_RUN_ENV) $(MANAGE) load_reference
	$(DEMO_RUN_ENV) $(MANAGE) seed_demo --scale region --password $(DEMO_PASSWORD)
	@# The background worker runs the imports (django-tasks); it stops with the server.
	$(DEMO_RUN_ENV) $(MANAGE) db_worker -v 0 & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	  $(DEMO_RUN_ENV) $(MANAGE) runserver 127.0.0.1:8000

test: install ## Run the whole test suite (browser tests need /usr/bin/chromium)
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

test-fast: install ## The suite without the browser tests
	$(TEST_ENV) $(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

check: install ## Lint, format, types, import contracts, migrations, catalogue, deploy checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy coopilote tests bench
	$(TEST_ENV) $(BIN)/mypy --strict coopilote/algorithms
	$(BIN)/lint-imports
	$(DEMO_ENV) $(MANAGE) makemigrations --check --dry-run
	$(DEMO_ENV) $(MANAGE) check_catalogues
	SECRET_KEY=check-only-$$(date +%s%N)-not-a-real-secret-but-long-enough-for-the-check \
	  ALLOWED_HOSTS=coopilote.example DEBUG=false $(MANAGE) check --deploy --fail-level WARNING

messages: install ## Extract the msgids of every app into its French catalogue (needs gettext)
	@for app in $(APPS); do \
	  (cd $$app && DJANGO_SETTINGS_MODULE=coopilote.settings PYTHONPATH=$(CURDIR) DEBUG=true \
	    $(CURDIR)/$(BIN)/django-admin makemessages -l fr --no-obsolete --add-location file -v 0) || exit 1; \
	done
	@$(DEMO_ENV) $(MANAGE) compile_catalogues

format: install ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install ## Benchmarks (see bench/README.md)
	$(BIN)/python -m bench

clean: ## Remove the venv and local data
	rm -rf $(VENV) var/*.sqlite3*
