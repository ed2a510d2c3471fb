# Two commands do everything on a fresh machine:
#   make run    set up the app, sync corpus/ into the index, serve the chat on http://127.0.0.1:7860
#   make test   also install the test tools, the local model (rag llm install: llama.cpp built for a
#               portable CPU baseline) and Debian's chromium, then lint and run the test suite
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test setup

setup: $(STAMP)

# The app alone: the chat appears without waiting for llama.cpp to compile (it is built when first
# needed: `rag llm serve`, or choosing "local" in the chat).
$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e .
	touch $(STAMP)

# The tests exercise the real local server, so they install it (a cached portable wheel is reused).
$(TEST_STAMP): $(STAMP)
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	$(VENV)/bin/rag llm install
	touch $(TEST_STAMP)

run: $(STAMP)
	$(VENV)/bin/rag serve --corpus corpus

# Browser tests drive Debian's Chromium (never a downloaded browser build).
/usr/bin/chromium:
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq
	$(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq chromium chromium-driver

test: $(TEST_STAMP) /usr/bin/chromium
	$(VENV)/bin/ruff check rag eval tests app.py
	$(VENV)/bin/ruff format --check rag eval tests app.py
	# Two workers, a test file each at a time (its module fixtures built once): most tests wait on
	# servers, browsers and subprocesses, so the suite takes ~2/3 of the time of one worker.
	$(VENV)/bin/pytest -n 2 --dist loadfile
