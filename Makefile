# The two commands: `make serve` (set up, load, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
REFERENCE ?= ../shared/reference
SEEDS ?= ../shared/seeds

.PHONY: serve test lint data install clean pdf-libraries

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The npm runner of the W3C protocol suites (tests/test_w3c_protocol.py).
W3C_RUNNER := tests/w3c/node_modules/.package-lock.json

$(W3C_RUNNER): tests/w3c/package.json tests/w3c/package-lock.json
	npm ci --prefix tests/w3c --no-audit --no-fund --loglevel=error

# The UI's front-end packages (YASGUI, Chart.js, Cytoscape.js), copied next to the server's
# static files; axe-core (a dev dependency) stays in node_modules for the browser tests.
UI_ASSETS := server/ndsgraph_server/static/vendor/.installed
UI_MODULES := server/ui/node_modules
VENDOR_FILES := $(UI_MODULES)/@zazuko/yasgui/build/yasgui.min.js \
	$(UI_MODULES)/@zazuko/yasgui/build/yasgui.min.css \
	$(UI_MODULES)/chart.js/dist/chart.umd.min.js \
	$(UI_MODULES)/cytoscape/dist/cytoscape.min.js \
	$(UI_MODULES)/cytoscape-dagre/dist/cytoscape-dagre.min.js

$(UI_ASSETS): server/ui/package.json server/ui/package-lock.json
	npm ci --prefix server/ui --ignore-scripts --no-audit --no-fund --loglevel=error
	mkdir -p server/ndsgraph_server/static/vendor
	cp $(VENDOR_FILES) server/ndsgraph_server/static/vendor/
	touch $@

# Debian packages the tests run (needs root, as CI has): headless Chromium and its driver for
# the browser tests, and Virtuoso, the second SPARQL engine the remote store is tested on.
DEBIAN_TOOLS := /usr/bin/chromedriver /usr/bin/virtuoso-t

$(DEBIAN_TOOLS) &:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		chromium chromium-driver virtuoso-opensource-7-bin

# Debian's Pango and fonts, which WeasyPrint needs for the leg uit statement's PDF: for `make
# serve` and `make test` alike, installed only when missing (that needs root). Elsewhere than
# Debian it is left to you: the PDF then answers which libraries it misses.
PDF_LIBRARIES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core

pdf-libraries:
	@if ! command -v dpkg >/dev/null; then echo "note: not Debian; the PDF needs Pango and fonts"; \
	elif ! dpkg -s $(PDF_LIBRARIES) >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_LIBRARIES); \
	fi

serve: $(INSTALLED) $(UI_ASSETS) pdf-libraries
	$(BIN)/ndsgraph serve --host 127.0.0.1 --port 8000

test: $(INSTALLED) $(W3C_RUNNER) $(UI_ASSETS) $(DEBIAN_TOOLS) pdf-libraries
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
	rm -rf $(VENV) .ndsgraph tests/w3c/node_modules server/ui/node_modules server/ndsgraph_server/static/vendor
