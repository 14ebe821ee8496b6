# The two commands: `make serve` (set up, load, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
REFERENCE ?= ../shared/reference
SEEDS ?= ../shared/seeds

.PHONY: serve test lint data install clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

serve: $(INSTALLED)
	$(BIN)/ndsgraph serve --host 127.0.0.1 --port 8000

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-derive data/ from the public sources in ../shared and regenerate the example landscape.
data: $(INSTALLED)
	$(BIN)/ndsgraph import-reference --reference $(REFERENCE) --seeds $(SEEDS) --out data
	$(BIN)/ndsgraph generate --out data/example-landscape.ttl

clean:
	rm -rf $(VENV) .ndsgraph
