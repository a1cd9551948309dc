# Haven: `make demo` serves the demo; `make test` runs lint and the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
DEMO_ENV := HAVEN_DEMO=on
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: demo serve install test lint pytest bench system-packages translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Debian packages the tests need: Chromium for browser tests, gettext for the catalogues,
# a font with Chinese glyphs for PDFs and screenshots.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-wqy-microhei"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Please install:$$missing (Debian: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

demo: install
	$(DEMO_ENV) $(BIN)/haven migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/haven collectstatic --noinput -v0
	$(DEMO_ENV) $(BIN)/haven demo
	@echo ""
	@echo "Haven is starting at http://127.0.0.1:8000  (stop it with Ctrl+C)"
	$(DEMO_ENV) $(BIN)/haven runserver 127.0.0.1:8000

lint: install system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=haven.test_settings $(BIN)/haven makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=haven.test_settings $(BIN)/haven translations check
	HAVEN_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))')" \
	HAVEN_FIELD_KEYS="k1:$$($(BIN)/python -c 'from haven.core.config import new_key; print(new_key())')" \
	HAVEN_INDEX_KEY="$$($(BIN)/python -c 'from haven.core.config import new_key; print(new_key())')" \
	HAVEN_ALLOWED_HOSTS=haven.example.org HAVEN_VAR_DIR="$$(mktemp -d)" \
	$(BIN)/haven check --deploy --fail-level WARNING

pytest: install system-packages
	$(BIN)/pytest -q $(PYTEST_ARGS)

test: lint pytest

translations: install
	DJANGO_SETTINGS_MODULE=haven.test_settings $(BIN)/haven translations update

bench: install
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
