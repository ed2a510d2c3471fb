# Two commands do everything on a fresh machine:
#   make run    set up, sync corpus/ into the index, serve the chat on http://127.0.0.1:7860
#   make test   set up (with Debian's chromium for the browser tests), then lint and run the test suite
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: run test setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test,local]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/rag serve --corpus corpus

# Browser tests drive Debian's Chromium (never a downloaded browser build).
/usr/bin/chromium:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium chromium-driver

test: $(STAMP) /usr/bin/chromium
	$(VENV)/bin/ruff check rag eval tests app.py
	$(VENV)/bin/ruff format --check rag eval tests app.py
	$(VENV)/bin/pytest
