# The two commands of contract.md: `make run` and `make test`, on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= auto

.PHONY: run test lint install browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	FRONTDOOR_SIMULATOR=1 $(BIN)/frontdoor db upgrade
	FRONTDOOR_SIMULATOR=1 $(BIN)/frontdoor demo --if-empty
	FRONTDOOR_SIMULATOR=1 $(BIN)/frontdoor serve --host 127.0.0.1 --port 8000

test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile

# The console's browser tests drive Debian's chromium (Playwright never downloads one).
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

lint: $(STAMP)
	$(BIN)/ruff check .
